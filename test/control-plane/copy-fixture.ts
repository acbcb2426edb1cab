/**
 * A populated SQLite deployment for the copy-to-postgres tests, written through the real
 * services and store modules (the way a running control plane writes them), plus the reads
 * that must answer the same on any store the deployment is copied into.
 */
import { buildApp } from '../../control-plane/app.ts';
import { createContact } from '../../control-plane/notices/contacts.ts';
import { sqliteNotificationStore } from '../../control-plane/notify/store.ts';
import { newBooking } from '../../control-plane/scheduling/booking-machine.ts';
import { createApiToken, createUser } from '../../control-plane/services/accounts.ts';
import { createEnrollmentToken, enrollAgent } from '../../control-plane/services/enrollment.ts';
import { loadOrCreateSigningKey } from '../../control-plane/services/signing-key.ts';
import { createTenant } from '../../control-plane/services/tenants.ts';
import type { SqlStore } from '../../control-plane/store/sql/store.ts';
import { createSqliteStore, databasePath } from '../../control-plane/store/sqlite/index.ts';
import type { Store } from '../../control-plane/store/types.ts';
import { hostFacts, sampleRecord } from '../helpers/records.ts';
import { saveRelease, saveWindow } from '../helpers/rollouts.ts';

const HOUR = 3_600_000;
const SHA = 'ab'.repeat(32);
const isoDate = (at: number) => new Date(at).toISOString().slice(0, 10);

/** Ids of what the fixture wrote, for the reads that compare stores. */
export interface Deployment {
  tenantIds: string[];
  hostIds: string[];
  contactId: string;
  releaseId: string;
  rolloutId: string;
  reportId: string;
  windowId: string;
  fromAt: number;
  toAt: number;
}

function ingestSamples(store: Store, host: { agentId: string; hostId: string }, fromAt: number, toAt: number): void {
  const samples = [];
  for (let at = fromAt, seq = 1; at < toAt; at += 60_000, seq++) samples.push(sampleRecord(seq, at, 10 + (seq % 50)));
  const lastSeq = samples.length;
  store.ingest.commit([{ ...host, streamId: 'main', receivedAt: toAt, intervalSeconds: 60, samples, facts: [{ seq: lastSeq, at: toAt - 1, facts: hostFacts(host.hostId) }], checkChanges: [], gaps: [], planStatuses: [], lastSeq }]);
}

function alerting(store: Store, tenantId: string, hostId: string, now: number): void {
  const labels = { alertname: 'cpu-high', severity: 'warning', tenant_id: tenantId, host_id: hostId };
  const alert = {
    fingerprint: `fp-${hostId}`, ruleId: 'cpu-high', tenantId, hostId, labels, annotations: { summary: 'CPU high' }, severity: 'warning' as const,
    state: 'firing' as const, value: 95, activeAt: now - HOUR, firedAt: now - HOUR / 2, resolvedAt: null, lastTrueAt: now, lastEvaluatedAt: now,
    flapHistory: [], flapping: false, acknowledgedAt: null, acknowledgedBy: null, acknowledgeComment: null, suppressed: false,
  };
  const event = { fingerprint: alert.fingerprint, ruleId: 'cpu-high', tenantId, hostId, severity: 'warning' as const, value: 95, suppressed: false };
  store.alerts.save([alert], [{ ...event, at: now - HOUR, from: 'inactive', to: 'pending' }, { ...event, at: now - HOUR / 2, from: 'pending', to: 'firing' }]);
  store.incidents.create({
    id: `inc_${hostId}`, tenantId, fingerprint: alert.fingerprint, ruleId: 'cpu-high', hostId, severity: 'warning', title: 'CPU high', titleZh: null, plan: 'standard', calendar: '5x8',
    openedAt: now - HOUR / 2, responseDueAt: now + HOUR, deadlineProblem: null, acknowledgedAt: null, acknowledgedBy: null, resolvedAt: null,
    ackBusinessSeconds: null, ackWallSeconds: null, resolveBusinessSeconds: null, resolveWallSeconds: null, responseBreached: false,
  });
}

function scheduling(store: Store, tenantId: string, now: number): void {
  store.tenantSchedules.replaceSubscriptions(tenantId, [{ tenantId, trackId: 'xingkong/st-standard', deploymentKind: 'public-single-tenant', hostIds: null, createdAt: now, updatedAt: now }]);
  for (const id of ['frz_1', 'frz_2', 'frz_3']) {
    // Equal created_at: only insertion order tells these apart, which the copy must keep.
    store.tenantSchedules.createFreeze({ id: `${id}_${tenantId}`, tenantId, kind: 'custom', label: id, params: { from: '2026-12-30', to: '2026-12-31' }, createdAt: now, createdBy: 'ops', updatedAt: now });
  }
  for (const [i, id] of ['bkg_b', 'bkg_a', 'bkg_c'].entries()) {
    const startAt = now + (10 + i) * 86_400_000;
    const slot = { slotDate: new Date(startAt).toISOString().slice(0, 10), slotStartAt: startAt, slotEndAt: startAt + 4 * HOUR, cutoffAt: startAt + 3 * HOUR };
    const input = { ...slot, id: `${id}_${tenantId}`, tenantId, trackId: 'xingkong/st-standard', trackKey: 'xingkong/st-standard', approval: 'required' as const, releaseId: null, insteadOfWindowId: null, note: id, by: 'ops' };
    store.bookings.create(newBooking(input, 'not-required', now));
  }
}

async function people(store: Store, tenantIds: string[], now: number): Promise<void> {
  await createUser(store, { username: 'ops.admin', password: 'correct horse battery', role: 'ops-admin' }, now);
  await createUser(store, { username: 'tenant.viewer', password: 'correct horse battery', role: 'tenant-viewer', tenantId: tenantIds[0] }, now);
  createApiToken(store, { name: 'ci', role: 'ops-operator' }, now);
  for (const [i, tenantId] of tenantIds.entries()) store.audit.append({ at: now + i, actor: 'user:ops', action: 'tenant.create', tenantId, target: tenantId, details: { i } });
  store.audit.append({ at: now + 10, actor: 'user:ops', action: 'settings.change', tenantId: null, target: null, details: { key: 'x' } });
}

function outbox(store: SqlStore, now: number): void {
  const notifications = sqliteNotificationStore(store.db);
  for (const key of ['n1', 'n2', 'n3']) {
    notifications.enqueue({ idempotencyKey: key, receiver: 'ops-webhook', kind: 'webhook', url: 'https://example.com/***', groupKey: 'g1', status: 'firing', alertCount: 1, body: `{"key":"${key}"}`, createdAt: now });
  }
}

/** Writes a deployment into `dataDir` (tideway.db and keys/) and closes it. */
export async function populateDeployment(dataDir: string, now = Date.now()): Promise<Deployment> {
  const store = createSqliteStore(databasePath(dataDir));
  const signingKey = loadOrCreateSigningKey(dataDir);
  const app = await buildApp({ store, signingKey, timers: false, clock: () => now });
  try {
    const tenantIds = ['Acme', 'Globex'].map((name) => createTenant(store, { name }, now).id);
    const hosts = tenantIds.map((tenantId, i) => {
      const { token } = createEnrollmentToken(store, { tenantId }, now);
      return enrollAgent(store, { token, facts: hostFacts(`host-${i}`) }, signingKey.publicKeyPem, now);
    });
    const fromAt = Math.floor(now / HOUR) * HOUR - 3 * HOUR;
    for (const host of hosts) ingestSamples(store, host, fromAt, fromAt + 3 * HOUR);
    for (let hourAt = fromAt; hourAt < fromAt + 3 * HOUR; hourAt += HOUR) store.rollups.rollUpHour(hourAt);
    hosts.forEach((host, i) => alerting(store, tenantIds[i]!, host.hostId, now));
    tenantIds.forEach((tenantId) => scheduling(store, tenantId, now));
    await people(store, tenantIds, now);
    outbox(store, now);
    const contactId = createContact(store.contacts, tenantIds[0]!, { name: 'robot', kind: 'webhook', url: 'https://example.com/hook' }, now).id;
    const windowId = saveWindow(store, { id: 'win_1', now, coverage: { [tenantIds[0]!]: [hosts[0]!.hostId] } }).id;
    const release = saveRelease(store, { id: 'rel_1', tenantId: tenantIds[0]!, createdAt: now - 86_400_000, artifacts: [{ name: 'patch.zip', sha256: SHA, url: 'https://example.com/p' }, { name: 'notes.txt', sha256: SHA, url: 'https://example.com/n' }] });
    const rolloutId = app.rollouts.create({ windowId, releaseId: release.id }, 'user:ops', now).id;
    const job = app.reports.request({ tenantId: tenantIds[0]!, period: { kind: 'range', from: isoDate(now - 86_400_000), to: isoDate(now) }, locale: 'en' }, 'user:ops');
    await app.reports.idle();
    const reportId = store.reports.getJob(job.id)!.reportId!;
    return { tenantIds, hostIds: hosts.map((h) => h.hostId), contactId, releaseId: release.id, rolloutId, reportId, windowId, fromAt, toAt: now };
  } finally {
    await app.close();
    store.close();
  }
}

/** What the control plane reads of a deployment, through the store interfaces only. */
export function readDeployment(store: SqlStore, d: Deployment) {
  const horizon = { fromAt: d.fromAt - 30 * 86_400_000, toAt: d.toAt + 30 * 86_400_000 };
  return {
    tenants: store.tenants.list(),
    users: store.users.list(),
    apiTokens: store.apiTokens.list(),
    hosts: store.hosts.list(),
    agents: store.agents.list(),
    samples: d.hostIds.map((id) => store.samples.range(id, d.fromAt, d.toAt, 10_000)),
    latest: d.hostIds.map((id) => store.samples.latest(id)),
    rollups: d.hostIds.map((id) => store.rollups.range(id, d.fromAt, d.toAt)),
    audit: store.audit.list(null, 100),
    alerts: store.alerts.all(),
    alertEvents: store.alerts.events(null, horizon.fromAt, horizon.toAt),
    incidents: store.incidents.list({}, 100),
    freezes: d.tenantIds.map((id) => store.tenantSchedules.freezes(id)),
    bookings: store.bookings.list({ limit: 100 }),
    window: store.windows.get(d.windowId),
    release: store.releases.get(d.releaseId),
    rollout: store.rollouts.get(d.rolloutId),
    rolloutHosts: store.rollouts.hosts(d.rolloutId),
    report: store.reports.get(d.reportId),
    reports: store.reports.list(null, 10),
    contact: store.contacts.get(d.contactId),
    outbox: sqliteNotificationStore(store.db).list(null, 100),
  };
}
