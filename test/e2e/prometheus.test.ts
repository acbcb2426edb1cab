/**
 * A real Prometheus (Debian package) scrapes a running control plane with an ops API
 * token, and its query API returns the fleet's `tideway_` series. promtool checks the
 * exposition format.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startControlPlane, type TestControlPlane } from '../helpers/control-plane.ts';
import { connectAgent, type ProtocolClient } from '../helpers/protocol-client.ts';
import { sampleRecord } from '../helpers/records.ts';

let cp: TestControlPlane;
let prometheus: ChildProcess;
let promUrl: string;
let dir: string;
let client: ProtocolClient;
let token: string;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  cp = await startControlPlane({ listen: true, timers: true });
  const tenantId = cp.tenant('Acme Manufacturing');
  const host = cp.enroll(tenantId, 'erp-app-01');
  client = await connectAgent(cp.url, host.agentId, host.agentSecret);
  await client.hello('stream-01', 1);
  await client.report('stream-01', [sampleRecord(1, Date.now(), 42)]);
  token = cp.token('ops-viewer');

  dir = mkdtempSync(join(tmpdir(), 'tideway-prom-'));
  const port = await freePort();
  promUrl = `http://127.0.0.1:${port}`;
  const target = new URL(cp.url).host;
  writeFileSync(
    join(dir, 'prometheus.yml'),
    `global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: tideway\n    authorization:\n      credentials: ${token}\n    static_configs:\n      - targets: ['${target}']\n`,
  );
  prometheus = spawn('/usr/bin/prometheus', [
    `--config.file=${join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
  ], { stdio: 'ignore' });
});

afterAll(async () => {
  prometheus?.kill('SIGTERM');
  client?.socket.close();
  await cp?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function query(expr: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>> {
  const response = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(expr)}`);
  const body = await response.json();
  return body.data.result;
}

describe('Prometheus integration', () => {
  it('scrapes per-host series labelled with host and tenant', async () => {
    let result: Awaited<ReturnType<typeof query>> = [];
    for (let attempt = 0; attempt < 60 && result.length === 0; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      result = await query('tideway_host_cpu_usage_ratio').catch(() => []);
    }
    expect(result).toHaveLength(1);
    expect(result[0].metric).toMatchObject({ host: 'erp-app-01', tenant: 'Acme Manufacturing', job: 'tideway' });
    expect(Number(result[0].value[1])).toBeCloseTo(0.42, 5);
    const up = await query('up{job="tideway"}');
    expect(up[0].value[1]).toBe('1');
  });

  it('exposes metrics that promtool reports no problem with', async () => {
    const text = await (await fetch(`${cp.url}/metrics`, { headers: { authorization: `Bearer ${token}` } })).text();
    expect(text).toContain('tideway_ingest_records_total{kind="sample"} 1');
    const check = spawnSync('/usr/bin/promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    const problems = `${check.stdout}${check.stderr}`.split('\n').filter((line) => line.includes('tideway_'));
    expect(problems).toEqual([]);
  });

  it('refuses a scrape without an ops credential', async () => {
    expect((await fetch(`${cp.url}/metrics`)).status).toBe(401);
  });
});
