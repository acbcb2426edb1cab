/** Builders for report tests: a tenant's hosts, hourly rollups, windows and plan events written through the store. */
import type { SqlStore } from '../../../control-plane/store/sql/store.ts';
import type { Incident, Host } from '../../../control-plane/store/types.ts';
import type { PatchWindow } from '../../../control-plane/scheduling/model.ts';
import type { PlanStatusRecord } from '../../../protocol/index.ts';
import { hostFacts } from '../../helpers/records.ts';

export const HOUR = 3_600_000;
/** An instant from Shanghai wall-clock time, e.g. `sh('2026-03-13T16:00')`. */
export const sh = (local: string): number => Date.parse(`${local}:00+08:00`);

export function addHost(store: SqlStore, tenantId: string, id: string, createdAt: number, revokedAt: number | null = null): void {
  const host: Host = { id, tenantId, name: id, product: 'xingkong', agentId: `agt_${id}`, facts: hostFacts(id), createdAt, lastSeenAt: null, status: 'up' };
  store.hosts.create(host);
  store.agents.create({ id: `agt_${id}`, tenantId, hostId: id, secretHash: 'x', createdAt, revokedAt: null, agentVersion: '0.1.0', intervalSeconds: 10 });
  if (revokedAt !== null) store.agents.revoke(`agt_${id}`, revokedAt);
}

/** Writes one metric's hourly rows for every hour in [fromAt, toAt) except `skip`; `value(hourAt)` gives the row's mean. */
export function addHourly(store: SqlStore, hostId: string, metric: string, fromAt: number, toAt: number, value: (hourAt: number) => number | null): number {
  const insert = store.db.prepare('INSERT INTO rollups_hourly (host_id, hour_at, metric, min, max, mean, count) VALUES (?, ?, ?, ?, ?, ?, ?)');
  let rows = 0;
  store.transaction(() => {
    for (let hourAt = fromAt; hourAt < toAt; hourAt += HOUR) {
      const mean = value(hourAt);
      if (mean === null) continue;
      insert.run(hostId, hourAt, metric, mean, mean, mean, 360);
      rows++;
    }
  });
  return rows;
}

export function planStatus(seq: number, at: number, planId: string, state: PlanStatusRecord['state'], versions: { before?: string; after?: string } = {}): PlanStatusRecord {
  return { seq, at, kind: 'plan-status', planId, rolloutId: `rollout-${planId}`, version: 1, state, ...(versions.before ? { versionBefore: versions.before } : {}), ...(versions.after ? { versionAfter: versions.after } : {}) };
}

/** Plan statuses of one host, committed through the ingest store as an agent's report would be. */
export function addPlanStatuses(store: SqlStore, hostId: string, statuses: PlanStatusRecord[]): void {
  store.ingest.commit([
    { agentId: `agt_${hostId}`, hostId, streamId: 'main', receivedAt: statuses[statuses.length - 1].at, intervalSeconds: 10, samples: [], facts: [], checkChanges: [], gaps: [], planStatuses: statuses, lastSeq: statuses[statuses.length - 1].seq },
  ]);
}

export function window(id: string, tenantId: string, startAt: number, hours: number, coverage: Partial<PatchWindow['coverage'][number]> & { hostIds: string[] }, status: PatchWindow['status'] = 'scheduled'): PatchWindow {
  return {
    id, trackId: 'xingkong/mt-standard', trackKey: 'xingkong/mt-standard', ownerTenantId: null, occurrenceKey: id, localDate: '2026-01-01', zone: 'Asia/Shanghai',
    startAt, endAt: startAt + hours * HOUR, previousStartAt: null, previousEndAt: null, cutoffAt: startAt, noticeBy: null, status, reason: null, version: 1, createdAt: 0, updatedAt: 0,
    coverage: [{ tenantId, status: 'covered', reason: null, via: 'subscription', bookingIds: [], revision: 1, ...coverage }],
  };
}

export function incident(id: string, tenantId: string, fields: Partial<Incident> & Pick<Incident, 'ruleId' | 'openedAt'>): Incident {
  return {
    id, tenantId, fingerprint: `fp-${id}`, hostId: 'web-1', severity: 'warning', title: fields.ruleId, titleZh: null, plan: 'standard', calendar: '5x8',
    responseDueAt: null, deadlineProblem: null, acknowledgedAt: null, acknowledgedBy: null, resolvedAt: null, ackBusinessSeconds: null, ackWallSeconds: null,
    resolveBusinessSeconds: null, resolveWallSeconds: null, responseBreached: false, ...fields,
  };
}
