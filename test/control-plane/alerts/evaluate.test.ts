import { describe, expect, it } from 'vitest';
import { DiskHistory } from '../../../control-plane/alerts/disk-history.ts';
import { evaluateHost, thresholdBreach } from '../../../control-plane/alerts/evaluate.ts';
import type { HostContext } from '../../../control-plane/alerts/host-context.ts';
import type { Observation } from '../../../control-plane/alerts/model.ts';
import { loadRules } from '../../../control-plane/alerts/rules/load.ts';
import type { AlertRule } from '../../../control-plane/alerts/rules/rule.ts';
import { sampleRecord } from '../../helpers/records.ts';
import { HOUR, host, MINUTE, ruleFrom, T0 } from './helpers.ts';

const defaults = loadRules();
const byId = (id: string) => defaults.find((rule) => rule.id === id) as AlertRule;

/** `{ subject: breach value }` of one rule's observations. */
function seen(rule: AlertRule, context: HostContext, now = T0): Record<string, [Observation['breach'], number | null]> {
  return Object.fromEntries(
    evaluateHost([rule], context, now).map((o) => [o.labels.mount ?? o.labels.check ?? o.labels.alertname, [o.breach, o.value === null ? null : Math.round(o.value * 1000) / 1000]]),
  );
}

/** A host whose latest sample is changed by `change`. */
function withSample(change: (sample: ReturnType<typeof sampleRecord>) => void, overrides: Partial<HostContext> = {}): HostContext {
  const sample = sampleRecord(1, T0);
  change(sample);
  return host({ latest: sample, ...overrides });
}

describe('thresholdBreach', () => {
  it.each<[number, '>' | '<', number, number | null, Observation['breach']]>([
    [95, '>', 90, 80, 'above'],
    [90, '>', 90, 80, 'between'],
    [85, '>', 90, 80, 'between'],
    [80, '>', 90, 80, 'below'],
    [85, '>', 90, null, 'below'],
    [10, '<', 14, 21, 'above'],
    [20, '<', 14, 21, 'between'],
    [21, '<', 14, 21, 'below'],
  ])('%f %s %f (clear %s) is %s', (value, op, threshold, clear, breach) => {
    expect(thresholdBreach(value, op, threshold, clear)).toBe(breach);
  });
});

describe('metric-threshold rules on a realistic sample', () => {
  it.each<[string, string, HostContext, Record<string, [Observation['breach'], number | null]>]>([
    ['cpu-high: 95% is above 90', 'cpu-high', withSample((s) => (s.metrics.cpu.usagePercent = 95)), { 'cpu-high': ['above', 95] }],
    ['cpu-high: 85% is between 90 and the clear 80', 'cpu-high', withSample((s) => (s.metrics.cpu.usagePercent = 85)), { 'cpu-high': ['between', 85] }],
    ['cpu-high: 12.5% is below', 'cpu-high', host(), { 'cpu-high': ['below', 12.5] }],
    ['memory-high reads the used percent', 'memory-high', withSample((s) => (s.metrics.memory.usedPercent = 93)), { 'memory-high': ['above', 93] }],
    ['disk-usage-warning has one series per mount', 'disk-usage-warning', withSample((s) => (s.metrics.disks[1].usedPercent = 88)), { '/': ['below', 40], '/var': ['above', 88] }],
    ['disk-usage-critical at 94% is between 95 and 93', 'disk-usage-critical', withSample((s) => (s.metrics.disks[0].usedPercent = 94)), { '/': ['between', 94], '/var': ['below', 50] }],
    ['inode-usage-high skips a file system without inodes', 'inode-usage-high', withSample((s) => (s.metrics.disks[1].inodesTotal = 0)), { '/': ['below', 6.29] }],
    ['tls-expiring watches only checks that report a certificate', 'tls-expiring', withSample((s) => (s.checks[0].tlsDaysLeft = 9)), { 'erp-web': ['above', 9] }],
    ['clock-skew compares the absolute skew', 'clock-skew', host({ clockSkewSeconds: -42 }), { 'clock-skew': ['above', 42] }],
    ['clock-skew has nothing to say before the link measured it', 'clock-skew', host({ clockSkewSeconds: null }), {}],
  ])('%s', (_name, id, context, expected) => {
    expect(seen(byId(id), context)).toEqual(expected);
  });

  it.each<[string, object, HostContext, Record<string, [Observation['breach'], number | null]>]>([
    ['swap_used_percent from swap bytes', { metric: 'swap_used_percent', op: '>', threshold: 40 }, withSample((s) => (s.metrics.memory.swapUsedBytes = s.metrics.memory.swapTotalBytes / 2)), { r: ['above', 50] }],
    ['swap_used_percent says nothing without swap', { metric: 'swap_used_percent', op: '>', threshold: 40 }, withSample((s) => (s.metrics.memory.swapTotalBytes = 0)), {}],
    ['load1_per_core divides by cores', { metric: 'load1_per_core', op: '>', threshold: 0.05 }, host(), { r: ['above', 0.053] }],
    ['process_count', { metric: 'process_count', op: '>=', threshold: 212 }, host(), { r: ['above', 212] }],
    ['check_latency_ms per check that reports latency', { metric: 'check_latency_ms', op: '>', threshold: 20 }, host(), { 'erp-web': ['above', 38], 'db-port': ['below', 1.2] }],
    ['mounts include and exclude', { metric: 'disk_used_percent', op: '>', threshold: 45, mounts: { include: ['/.*'], exclude: ['/'] } }, host(), { '/var': ['above', 50] }],
    ['checks include', { metric: 'tls_days_left', op: '<', threshold: 100, checks: { include: ['erp-.*'] } }, host(), { 'erp-web': ['above', 80] }],
    ['checks exclude', { metric: 'tls_days_left', op: '<', threshold: 100, checks: { exclude: ['erp-.*'] } }, host(), {}],
  ])('%s', (_name, fields, context, expected) => {
    const rule = ruleFrom({ id: 'r', kind: 'metric-threshold', severity: 'warning', summary: 'x', ...fields });
    expect(seen(rule, context)).toEqual(expected);
  });

  it('observes nothing from a host that has not sent a sample yet', () => {
    expect(evaluateHost(defaults.filter((r) => r.kind === 'metric-threshold' || r.kind === 'check-state'), host({ latest: null }), T0)).toEqual([]);
  });

  it('observes a down host’s stale sample as between: active alerts stay, none start', () => {
    const down = withSample((s) => (s.metrics.disks[1].usedPercent = 97), { status: 'down' });
    expect(seen(byId('disk-usage-critical'), down)).toEqual({ '/': ['between', 40], '/var': ['between', 97] });
    expect(seen(byId('check-failing'), down)['erp-web']).toEqual(['between', null]);
  });

  it('labels and annotates an observation with host, tenant, product, subject and rule labels', () => {
    const rule = ruleFrom({
      id: 'disk-erp',
      kind: 'metric-threshold',
      severity: 'critical',
      metric: 'disk_used_percent',
      op: '>',
      threshold: 45,
      labels: { team: 'erp-{{tenant}}', page: 'yes' },
      summary: '{{mount}} on {{host}} is {{value}}% (over {{threshold}}%)',
      summary_zh: '{{host}} 磁盘 {{mount}} 已用 {{value}}%',
    });
    const [, varDisk] = evaluateHost([rule], withSample((s) => (s.metrics.disks[1].usedPercent = 91.2345)), T0);
    expect(varDisk.labels).toEqual({
      alertname: 'disk-erp',
      severity: 'critical',
      host: 'erp-app-01',
      host_id: 'h-erp-01',
      tenant: 'Acme 制造',
      tenant_id: 't-acme',
      product: 'cangqiong',
      mount: '/var',
      team: 'erp-Acme 制造',
      page: 'yes',
    });
    expect(varDisk.annotations).toEqual({ summary: '/var on erp-app-01 is 91.23% (over 45%)', summary_zh: 'erp-app-01 磁盘 /var 已用 91.23%' });
    expect(varDisk).toMatchObject({ ruleId: 'disk-erp', tenantId: 't-acme', hostId: 'h-erp-01', severity: 'critical', value: 91.2345, breach: 'above' });
    expect(varDisk.fingerprint).toMatch(/^[0-9a-f]{16}$/);
  });

  it('keeps a series’ fingerprint when its value, host name or tenant name changes', () => {
    const rule = byId('disk-usage-warning');
    const before = evaluateHost([rule], host(), T0);
    const after = evaluateHost([rule], withSample((s) => (s.metrics.disks[0].usedPercent = 99), { hostName: 'erp-app-01.acme', tenantName: 'Acme' }), T0 + MINUTE);
    expect(after.map((o) => o.fingerprint)).toEqual(before.map((o) => o.fingerprint));
    expect(new Set(before.map((o) => o.fingerprint)).size).toBe(2);
  });
});

describe('metric-forecast rules', () => {
  const forecast = byId('disk-full-forecast');

  /** A host whose `/` was filled `perHour` percent an hour up to `endPercent` at `T0`, over `spanMs`. */
  function filling(endPercent: number, perHour: number, spanMs = 6 * HOUR): HostContext {
    const history = new DiskHistory();
    for (let at = T0 - spanMs; at <= T0; at += 15 * MINUTE) history.recordPoint('/', at, endPercent - ((T0 - at) / HOUR) * perHour);
    return withSample((s) => (s.metrics.disks[0].usedPercent = endPercent), { diskHistory: history });
  }

  it.each<[string, HostContext, Record<string, [Observation['breach'], number | null]>]>([
    ['a disk filling 1% an hour from 60% is full in 1.67 days: within 7 days', filling(60, 1), { '/': ['above', 1.667] }],
    ['a disk filling 0.2% an hour from 60% is full in 8.3 days: not within 7', filling(60, 0.2), { '/': ['below', 8.333] }],
    ['a flat disk never fills', filling(60, 0), { '/': ['below', null] }],
    ['a mount with under 3 hours of history is not forecast', filling(60, 1, 2 * HOUR), {}],
    ['a host without disk history is not forecast', host(), {}],
  ])('%s', (_name, context, expected) => {
    expect(seen(forecast, context)).toEqual(expected);
  });

  it('renders the horizon as {{threshold}} days', () => {
    const [root] = evaluateHost([forecast], filling(60, 1), T0);
    expect(root.annotations.summary).toBe('Disk / on erp-app-01 will be full in 1.67 days');
    expect(root.annotations.description).toContain('within 7 days');
  });
});

describe('check-state rules', () => {
  const failing = withSample((s) => {
    s.checks[0].status = 'critical';
    s.checks[1].status = 'warning';
    s.checks[4].status = 'unknown';
  });

  it('check-failing (critical only) has one series per check', () => {
    expect(seen(byId('check-failing'), failing)).toEqual({
      'erp-web': ['above', null],
      'db-port': ['below', null],
      java: ['below', null],
      nginx: ['below', null],
      'backup-age': ['below', null],
    });
  });

  it.each<[string, object, string[]]>([
    ['defaults to warning and critical', {}, ['erp-web', 'db-port']],
    ['can watch unknown too', { statuses: ['critical', 'unknown'] }, ['erp-web', 'backup-age']],
    ['filters by check kind', { checkKinds: ['tcp'] }, ['db-port']],
    ['filters by name', { checks: { include: ['erp-.*', 'backup-.*'] } }, ['erp-web']],
  ])('%s', (_name, fields, firing) => {
    const rule = ruleFrom({ id: 'checks', kind: 'check-state', severity: 'warning', summary: '{{check}} on {{host}}', ...fields });
    expect(evaluateHost([rule], failing, T0).filter((o) => o.breach === 'above').map((o) => o.labels.check)).toEqual(firing);
  });
});

describe('heartbeat-lost and outbox-gap rules', () => {
  it.each<[string, object, HostContext['status'], Observation['breach']]>([
    ['host-down: a down host', {}, 'down', 'above'],
    ['host-down: a stale host is not down yet', {}, 'stale', 'below'],
    ['host-down: an up host', {}, 'up', 'below'],
    ['statuses [stale, down]: a stale host', { statuses: ['stale', 'down'] }, 'stale', 'above'],
  ])('%s', (_name, fields, status, breach) => {
    const rule = ruleFrom({ id: 'host-down', kind: 'heartbeat-lost', severity: 'critical', summary: '{{host}} is down', ...fields });
    expect(evaluateHost([rule], host({ status, latest: null }), T0).map((o) => [o.labels.alertname, o.breach])).toEqual([['host-down', breach]]);
  });

  it.each<[string, number | null, Observation['breach']]>([
    ['a gap reported 10 minutes ago fires', T0 - 10 * MINUTE, 'above'],
    ['a gap reported 59 minutes ago still fires', T0 - 59 * MINUTE, 'above'],
    ['a gap reported an hour ago no longer does', T0 - HOUR, 'below'],
    ['no gap ever reported', null, 'below'],
  ])('outbox-gap: %s', (_name, lastGapAt, breach) => {
    const [gap] = evaluateHost([byId('outbox-gap')], host({ lastGapAt, lastGapDropped: lastGapAt === null ? null : 1200 }), T0);
    expect(gap.breach).toBe(breach);
    if (lastGapAt !== null) expect(gap.annotations.summary).toBe('Agent on erp-app-01 dropped 1200 samples');
  });
});

describe('evaluateHost over the default rules', () => {
  it('skips global and event rules, and observes every host rule of a healthy host as below', () => {
    const observations = evaluateHost(defaults, host({ clockSkewSeconds: 1.5 }), T0);
    expect(new Set(observations.map((o) => o.ruleId))).toEqual(
      new Set(['host-down', 'cpu-high', 'memory-high', 'disk-usage-warning', 'disk-usage-critical', 'inode-usage-high', 'tls-expiring', 'check-failing', 'clock-skew', 'outbox-gap']),
    );
    expect(observations.filter((o) => o.breach !== 'below')).toEqual([]);
    expect(new Set(observations.map((o) => o.fingerprint)).size).toBe(observations.length);
  });
});
