/** Live dashboard pushes over a real WebSocket: alert changes, mutes and incidents, per tenant. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSilence } from '../../control-plane/alerts/engine-admin.ts';
import { startControlPlane, type TestControlPlane } from '../helpers/control-plane.ts';
import { sampleRecord } from '../helpers/records.ts';

let cp: TestControlPlane;
let rulesDir: string;
let host: { hostId: string; agentId: string };
let otherTenantViewer: string;
const messages: Array<{ socket: string; message: { type: string; items?: Array<Record<string, unknown>> } }> = [];

function watch(name: string, token: string): Promise<WebSocket> {
  const socket = new WebSocket(`${cp.url.replace('http', 'ws')}/api/v1/live`, { headers: { authorization: `Bearer ${token}` } });
  socket.on('message', (data) => messages.push({ socket: name, message: JSON.parse(String(data)) }));
  return new Promise((resolve) => socket.once('open', () => resolve(socket)));
}

/** The cpu-spike alert in an `alerts` push to this socket (the calendar alert may come too). */
const spikeIn = (socket: string) =>
  messages.filter((m) => m.socket === socket && m.message.type === 'alerts').flatMap((m) => m.message.items ?? []).find((a) => a.ruleId === 'cpu-spike');

async function until<T>(find: () => T | undefined): Promise<T> {
  for (let i = 0; i < 100; i += 1) {
    const found = find();
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('no such live message');
}

beforeAll(async () => {
  rulesDir = mkdtempSync(join(tmpdir(), 'tideway-rules-'));
  writeFileSync(join(rulesDir, 'spike.yaml'), 'rules:\n  - id: cpu-spike\n    kind: metric-threshold\n    severity: critical\n    metric: cpu_percent\n    op: ">"\n    threshold: 90\n    summary: CPU spike on {{host}}\n');
  cp = await startControlPlane({ listen: true, rulesDir });
  host = cp.enroll(cp.tenant('Acme'), 'erp-app-01');
  otherTenantViewer = cp.token('tenant-viewer', cp.tenant('Globex'));
});
afterAll(async () => {
  await cp.close();
  rmSync(rulesDir, { recursive: true, force: true });
});

describe('live pushes', () => {
  it('pushes a firing alert and its incident to ops, and nothing of it to another tenant', async () => {
    const ops = await watch('ops', cp.token('ops-viewer'));
    const other = await watch('other', otherTenantViewer);
    cp.app.fleet.connected(host.hostId, '0.1.0', 15, Date.now());
    await cp.app.ingest.submit({ ...host, streamId: 'stream-01', intervalSeconds: 15, receivedAt: Date.now(), records: [sampleRecord(1, Date.now(), 99)] });
    const spike = await until(() => spikeIn('ops'));
    expect(spike).toMatchObject({ state: 'firing', silenced: false });
    await until(() => messages.find((m) => m.socket === 'ops' && m.message.type === 'incidents'));
    expect(messages.filter((m) => m.socket === 'other' && (m.message.type === 'alerts' || m.message.type === 'incidents'))).toEqual([]);
    ops.close();
    other.close();
  });

  it('pushes the silenced state as soon as a silence matches', async () => {
    const ops = await watch('ops-2', cp.token('ops-viewer'));
    createSilence(cp.app.alertEngine, cp.store, { matchers: [{ name: 'alertname', op: '=', value: 'cpu-spike' }], endsAt: new Date(Date.now() + 3_600_000).toISOString(), comment: 'known', createdBy: 'user:ops' }, Date.now());
    const spike = await until(() => spikeIn('ops-2'));
    expect(spike).toMatchObject({ state: 'firing', silenced: true });
    ops.close();
  });
});
