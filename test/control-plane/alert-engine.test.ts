/**
 * The alert engine over a real store and ingest pipeline, at fixed instants: rules fire
 * after their `for`, incidents open with plan deadlines, maintenance suppresses, silences
 * and flapping mute, and a restart resumes pending alerts without notifying twice. With
 * several replicas, a host's series leave the replica giving it up and resume from the store
 * on the one taking it over.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NotifiableAlert } from '../../control-plane/alerts/model.ts';
import { createMaintenance, createSilence } from '../../control-plane/alerts/engine-admin.ts';
import { buildApp } from '../../control-plane/app.ts';
import { generateSigningKey } from '../../control-plane/services/signing-key.ts';
import { startControlPlane, type TestControlPlane } from '../helpers/control-plane.ts';
import { sampleRecord } from '../helpers/records.ts';

// Monday 2026-11-30 09:00 in Asia/Shanghai: inside 5x8 and 7x8 service hours.
const T0 = Date.parse('2026-11-30T01:00:00Z');
const MIN = 60_000;
let now = T0;
let cp: TestControlPlane;
let notified: NotifiableAlert[];
let host: { hostId: string; agentId: string };
let seq = 0;

beforeEach(async () => {
  now = T0;
  seq = 0;
  notified = [];
  cp = await startControlPlane({ clock: () => now, alertSink: { update: (alerts) => void notified.push(...alerts) } });
  const tenantId = cp.store.transaction(() => cp.tenant('Acme'));
  host = cp.enroll(tenantId, 'erp-app-01');
});
afterEach(async () => cp.close());

/** Sends one sample with this CPU at `now` through the real pipeline and lets evaluation run. */
async function report(cpuPercent: number) {
  cp.app.fleet.connected(host.hostId, '0.1.0', 15, now);
  const ack = cp.app.ingest.submit({ ...host, streamId: 'stream-01', intervalSeconds: 15, receivedAt: now, records: [sampleRecord(++seq, now, cpuPercent)] });
  cp.app.ingest.flush();
  await ack;
  await new Promise((resolve) => setImmediate(resolve));
}

async function reportFor(minutes: number, cpuPercent: number) {
  for (let i = 0; i < minutes * 4; i += 1) {
    await report(cpuPercent);
    now += 15_000;
  }
}

const cpuAlert = () => cp.store.alerts.list({ states: ['pending', 'firing', 'resolved'] }, 10).find((a) => a.ruleId === 'cpu-high');

describe('alert engine', () => {
  it('keeps CPU above 90% pending for 10 minutes, then fires and opens an incident with the plan deadline', async () => {
    await reportFor(9, 95);
    expect(cpuAlert()?.state).toBe('pending');
    expect(notified).toEqual([]);
    await reportFor(1.25, 95);
    const alert = cpuAlert()!;
    expect(alert.state).toBe('firing');
    expect(alert.firedAt! - alert.activeAt!).toBeGreaterThanOrEqual(10 * MIN);
    expect(notified.map((n) => [n.status, n.labels.alertname, n.mutedBy])).toEqual([['firing', 'cpu-high', []]]);
    const [incident] = cp.store.incidents.list({}, 10);
    // Standard plan: 1 working day on 5x8 from 09:10 Monday is 09:10 Tuesday.
    expect(incident).toMatchObject({ severity: 'warning', plan: 'standard', calendar: '5x8' });
    expect(new Date(incident.responseDueAt!).toISOString()).toBe(new Date(alert.firedAt! + 86_400_000).toISOString());
  });

  it('keeps a firing alert while the value sits between the clear and firing thresholds (hysteresis)', async () => {
    await reportFor(11, 95);
    await reportFor(5, 85);
    expect(cpuAlert()?.state).toBe('firing');
    await report(70);
    expect(cpuAlert()?.state).toBe('resolved');
    expect(notified.map((n) => n.status)).toEqual(['firing', 'resolved']);
    expect(cp.store.incidents.list({}, 10)[0].resolvedAt).toBe(now);
  });

  it('records an alert inside a maintenance period as suppressed, without an incident, and opens one when the period ends', async () => {
    createMaintenance(cp.app.alertEngine, cp.store, { tenantId: cp.store.hosts.get(host.hostId)!.tenantId, hostIds: [host.hostId], startsAt: new Date(now).toISOString(), endsAt: new Date(now + 30 * MIN).toISOString(), reason: 'patch window', source: 'test' }, now);
    await reportFor(12, 95);
    expect(cpuAlert()).toMatchObject({ state: 'firing', suppressed: true });
    expect(notified.at(-1)?.mutedBy).toEqual(['suppressed']);
    expect(cp.store.incidents.list({}, 10)).toEqual([]);
    now = T0 + 31 * MIN;
    cp.app.alertEngine.reloadMutes(now);
    cp.app.alertEngine.tick(now, { global: false });
    expect(notified.at(-1)?.mutedBy).toEqual([]);
    expect(cp.store.incidents.list({}, 10)).toHaveLength(1);
  });

  it('mutes a firing alert matched by a silence, and unmutes it when the silence expires', async () => {
    createSilence(cp.app.alertEngine, cp.store, { matchers: [{ name: 'alertname', op: '=', value: 'cpu-high' }], endsAt: new Date(now + 20 * MIN).toISOString(), comment: 'load test', createdBy: 'user:li.wei' }, now);
    await reportFor(11, 95);
    expect(notified.at(-1)).toMatchObject({ status: 'firing', mutedBy: ['silenced'] });
    now = T0 + 21 * MIN;
    cp.app.alertEngine.reloadMutes(now);
    cp.app.alertEngine.tick(now, { global: false });
    expect(notified.at(-1)).toMatchObject({ status: 'firing', mutedBy: [] });
  });

  it('stores acknowledgement times in business and wall-clock seconds on the incident', async () => {
    await reportFor(11, 95);
    now += 30 * MIN;
    cp.app.alertEngine.acknowledge(cpuAlert()!.fingerprint, 'user:li.wei', 'looking', now);
    const [incident] = cp.store.incidents.list({}, 10);
    expect(incident.acknowledgedBy).toBe('user:li.wei');
    expect(incident.ackWallSeconds).toBe((now - incident.openedAt) / 1000);
    expect(incident.ackBusinessSeconds).toBe((now - incident.openedAt) / 1000);
    expect(notified.at(-1)).toMatchObject({ acknowledged: true });
  });

  it('flags an incident that nobody acknowledged by its deadline as breached', async () => {
    await reportFor(11, 95);
    const [open] = cp.store.incidents.list({}, 10);
    now = open.responseDueAt! + 1000;
    cp.app.alertEngine.tick(now, { global: false });
    expect(cp.store.incidents.get(open.id)?.responseBreached).toBe(true);
    const metrics = await cp.app.metrics.getSingleMetricAsString('tideway_incident_response_breaches_total');
    expect(metrics).toContain('tideway_incident_response_breaches_total{plan="standard"} 1');
  });

  it('fires host-down when the host stops reporting, from the heartbeat timer alone', async () => {
    await report(10);
    now += 60_000;
    cp.app.fleet.tick(now);
    await new Promise((resolve) => setImmediate(resolve));
    const down = cp.store.alerts.list({ states: ['firing'] }, 10).find((a) => a.ruleId === 'host-down');
    expect(down).toMatchObject({ severity: 'critical', hostId: host.hostId });
  });

  it('resumes a pending alert after a restart and fires it when its time comes, without new data', async () => {
    await reportFor(6, 95);
    expect(cpuAlert()?.state).toBe('pending');
    const restarted = await buildApp({ store: cp.store, signingKey: generateSigningKey(), timers: false, clock: () => now, alertSink: { update: (alerts) => void notified.push(...alerts) } });
    await restarted.ready();
    restarted.fleet.connected(host.hostId, '0.1.0', 15, now);
    now += 4 * MIN + 1000;
    restarted.fleet.seen(host.hostId, now);
    restarted.alertEngine.tick(now, { global: false });
    expect(cp.store.alerts.get(cpuAlert()!.fingerprint)?.state).toBe('firing');
    expect(notified.filter((n) => n.status === 'firing')).toHaveLength(1);
    await restarted.close();
  });

  it('holds notifications while an alert flaps, and releases them when it settles', async () => {
    await cp.close();
    const rulesDir = mkdtempSync(join(tmpdir(), 'tideway-rules-'));
    writeFileSync(join(rulesDir, 'spike.yaml'), 'rules:\n  - id: cpu-spike\n    kind: metric-threshold\n    severity: warning\n    metric: cpu_percent\n    op: ">"\n    threshold: 90\n    summary: CPU spike on {{host}}\n');
    cp = await startControlPlane({ clock: () => now, rulesDir, alertSink: { update: (alerts) => void notified.push(...alerts) } });
    host = cp.enroll(cp.tenant('Acme'), 'erp-app-01');
    const spike = () => notified.filter((n) => n.labels.alertname === 'cpu-spike');
    for (let i = 0; i < 12; i += 1) {
      await report(i % 2 === 0 ? 95 : 50);
      now += 15_000;
    }
    expect(spike().at(-1)?.mutedBy).toContain('flapping');
    const heldFrom = spike().length;
    for (let i = 0; i < 30; i += 1) {
      await report(95);
      now += 15_000;
    }
    expect(spike().slice(heldFrom).at(-1)).toMatchObject({ status: 'firing', mutedBy: [] });
    rmSync(rulesDir, { recursive: true, force: true });
  });
});

describe('alert hand-over between replicas', () => {
  const series = () => [...cp.app.alertEngine.activeSeries].filter((a) => a.hostId === host.hostId && a.ruleId === 'cpu-high');

  it('forgets a released host: its pending deadline no longer fires it here', async () => {
    await reportFor(5, 95);
    expect(series().map((a) => a.state)).toEqual(['pending']);
    cp.app.alertEngine.releaseHost(host.hostId);
    expect(series()).toEqual([]);
    now += 20 * MIN;
    cp.app.alertEngine.tick(now, { global: false, absent: false });
    expect(cpuAlert()?.state).toBe('pending');
    expect(notified).toEqual([]);
  });

  it('adopts a host from the store: a firing alert stays firing and is not announced again', async () => {
    await reportFor(11, 95);
    expect(series().map((a) => a.state)).toEqual(['firing']);
    const announced = notified.length;
    cp.app.alertEngine.releaseHost(host.hostId);
    cp.app.alertEngine.adoptHost(host.hostId, now);
    expect(series().map((a) => a.state)).toEqual(['firing']);
    await reportFor(1, 95);
    expect(notified.length).toBe(announced);
    expect(cpuAlert()?.state).toBe('firing');
  });
});
