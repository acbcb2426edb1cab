/**
 * The alerting pipeline end to end on loopback: a host reports over the agent protocol, a
 * rule fires, and a real HTTP receiver gets Alertmanager webhook (v4) JSON for the firing
 * alert and then for its resolution, each with an idempotency key.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseNotificationsConfig } from '../../control-plane/notify/config.ts';
import { startControlPlane, type TestControlPlane } from '../helpers/control-plane.ts';
import { connectAgent, type ProtocolClient } from '../helpers/protocol-client.ts';
import { sampleRecord } from '../helpers/records.ts';
import { freePort, waitFor } from './processes.ts';

interface Received {
  headers: IncomingHttpHeaders;
  body: { version: string; status: string; alerts: Array<{ status: string; labels: Record<string, string>; startsAt: string; endsAt: string }> };
}

let cp: TestControlPlane;
let client: ProtocolClient;
let rulesDir: string;
const received: Received[] = [];
const receiver = createServer((request, response) => {
  let body = '';
  request.on('data', (chunk) => (body += chunk));
  request.on('end', () => {
    received.push({ headers: request.headers, body: JSON.parse(body) });
    response.writeHead(200).end();
  });
});
let seq = 0;
const report = (cpu: number) => client.report('stream-01', [sampleRecord(++seq, Date.now(), cpu)]);

beforeAll(async () => {
  const port = await freePort();
  await new Promise<void>((resolve) => receiver.listen(port, '127.0.0.1', resolve));
  rulesDir = mkdtempSync(join(tmpdir(), 'tideway-rules-'));
  writeFileSync(join(rulesDir, 'spike.yaml'), 'rules:\n  - id: cpu-spike\n    kind: metric-threshold\n    severity: critical\n    metric: cpu_percent\n    op: ">"\n    threshold: 90\n    summary: CPU spike on {{host}}\n');
  const notifications = parseNotificationsConfig(
    `receivers:\n  - name: ops\n    kind: webhook\n    url: http://127.0.0.1:${port}/hook\nroute:\n  receiver: ops\n  group_wait: 0s\n  group_interval: 1s\n  repeat_interval: 4h\n`,
    'test',
  );
  cp = await startControlPlane({ listen: true, timers: true, rulesDir, notifications });
  const host = cp.enroll(cp.tenant('Acme'), 'erp-app-01');
  client = await connectAgent(cp.url, host.agentId, host.agentSecret);
  await client.hello('stream-01', 1);
});

afterAll(async () => {
  client?.socket.close();
  await cp?.close();
  receiver.close();
  rmSync(rulesDir, { recursive: true, force: true });
});

describe('alert notifications', () => {
  it('posts the firing alert and then its resolution to a webhook receiver', async () => {
    await report(20);
    await report(99);
    const firing = await waitFor('the firing notification', () => received.find((r) => r.body.status === 'firing'), 15_000);
    expect(firing.body.version).toBe('4');
    expect(firing.body.alerts[0].labels).toMatchObject({ alertname: 'cpu-spike', host: 'erp-app-01', tenant: 'Acme', severity: 'critical' });
    expect(firing.headers['idempotency-key']).toMatch(/\S{16,}/);

    await report(20);
    const resolved = await waitFor('the resolved notification', () => received.find((r) => r.body.status === 'resolved'), 15_000);
    expect(resolved.body.alerts[0].status).toBe('resolved');
    expect(Date.parse(resolved.body.alerts[0].endsAt)).toBeGreaterThanOrEqual(Date.parse(resolved.body.alerts[0].startsAt));
    expect(resolved.headers['idempotency-key']).not.toBe(firing.headers['idempotency-key']);
  });

  it('records the incident the critical alert opened, with its plan deadline', async () => {
    const incidents = cp.store.incidents.list({}, 10);
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({ severity: 'critical', plan: 'standard' });
    expect(incidents[0].resolvedAt).not.toBeNull();
  });
});
