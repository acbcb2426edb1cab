/**
 * A host that reports like a real agent, over the real agent protocol: enrolled through
 * the service, optional back-filled history, then one sample per `everyMs` until stopped.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROTOCOL_VERSION, type CheckResult, type ReportRecord, type SampleRecord } from '../../protocol/index.ts';
import type { TestControlPlane } from '../helpers/control-plane.ts';
import { connectAgent, isType, type ProtocolClient } from '../helpers/protocol-client.ts';
import { sampleRecord } from '../helpers/records.ts';

/** A critical alert once a host's CPU passes 90 %: what `setCpuPercent(97)` trips. */
const CPU_SPIKE_RULES = `rules:
  - id: cpu-spike
    kind: metric-threshold
    severity: critical
    metric: cpu_percent
    op: ">"
    threshold: 90
    summary: CPU spike on {{host}}
    summary_zh: 主机 {{host}} CPU 突增
`;

/** A fresh rules directory holding only the cpu-spike rule; the caller removes it. */
export function cpuSpikeRulesDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tideway-rules-'));
  writeFileSync(join(dir, 'cpu-spike.yaml'), CPU_SPIKE_RULES);
  return dir;
}

export interface ReportingHostOptions {
  /** Interval announced in hello; drives the host's up/stale/down status. */
  intervalSeconds: number;
  /** How often a live sample is sent. */
  everyMs: number;
  agentVersion?: string;
  /** Minutes of past samples sent at start, one per `historyStepSeconds`. */
  historyMinutes?: number;
  historyStepSeconds?: number;
  /** Replaces the sample's checks, e.g. to show a failing one. */
  checks?: CheckResult[];
}

export interface ReportingHost {
  hostId: string;
  client: ProtocolClient;
  /** Makes every following sample report this CPU usage (sent at once), or the moving value again with null. */
  setCpuPercent(percent: number | null): void;
  /** Stops sending samples; the socket stays open (a hung agent). */
  stop(): void;
  close(): Promise<void>;
}

const STREAM = 'browser-stream-01';

/** A sample whose numbers move smoothly over time, so charts show a shape. */
function movingSample(seq: number, at: number, checks?: CheckResult[], cpuPercent?: number | null): SampleRecord {
  const phase = at / 600_000;
  const record = sampleRecord(seq, at, cpuPercent ?? Math.round((35 + 25 * Math.sin(phase)) * 10) / 10);
  record.metrics.memory.usedPercent = Math.round((55 + 10 * Math.cos(phase / 2)) * 10) / 10;
  record.metrics.disks[0].usedPercent = 40 + ((at / 3_600_000) % 10);
  record.metrics.network[0].rxBytesPerSecond = Math.round(125_000 * (1.5 + Math.sin(phase * 3)));
  record.metrics.network[0].txBytesPerSecond = Math.round(64_000 * (1.5 + Math.cos(phase * 2)));
  if (checks) record.checks = checks;
  return record;
}

export async function startReportingHost(cp: TestControlPlane, tenantId: string, hostname: string, options: ReportingHostOptions): Promise<ReportingHost> {
  const { agentId, agentSecret, hostId } = cp.enroll(tenantId, hostname);
  const client = await connectAgent(cp.url, agentId, agentSecret);
  client.send({ type: 'hello', protocol: PROTOCOL_VERSION, streamId: STREAM, agentVersion: options.agentVersion ?? '0.1.0', intervalSeconds: options.intervalSeconds });
  await client.next(isType('welcome'));
  let seq = 0;
  const stepMs = (options.historyStepSeconds ?? 60) * 1000;
  const history: ReportRecord[] = [];
  for (let at = Date.now() - (options.historyMinutes ?? 0) * 60_000; at < Date.now() - stepMs; at += stepMs) history.push(movingSample(++seq, at, options.checks));
  for (let i = 0; i < history.length; i += 500) await client.report(STREAM, history.slice(i, i + 500));
  let cpuPercent: number | null = null;
  const send = () => {
    client.send({ type: 'reports', streamId: STREAM, records: [movingSample(++seq, Date.now(), options.checks, cpuPercent)] });
    client.messages.splice(0);
  };
  send();
  let timer = setInterval(send, options.everyMs);
  return {
    hostId,
    client,
    setCpuPercent(percent) {
      cpuPercent = percent;
      clearInterval(timer);
      send();
      timer = setInterval(send, options.everyMs);
    },
    stop: () => clearInterval(timer),
    async close() {
      clearInterval(timer);
      client.socket.close();
      await client.closed;
    },
  };
}
