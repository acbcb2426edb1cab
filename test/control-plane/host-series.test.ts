import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { escapeLabelValue, hostSeriesText, type HostSeriesInput } from '../../control-plane/domain/host-series.ts';
import { startControlPlane } from '../helpers/control-plane.ts';
import { sampleRecord } from '../helpers/records.ts';

const host = (over: Partial<HostSeriesInput> = {}): HostSeriesInput => ({
  name: 'erp-01', id: 'hst_1', tenant: 'Acme', product: 'xingkong', up: true, lastSeenAt: 1_700_000_000_000,
  cpuPercent: 12.5, memoryPercent: 50, diskMaxPercent: 80, failingChecks: 1, agentOutdated: false, ...over,
});

describe('per-host Prometheus series', () => {
  it('writes one line per host and family with the ratio of each percentage', () => {
    const text = hostSeriesText([host()]);
    expect(text).toContain('tideway_host_cpu_usage_ratio{host="erp-01",host_id="hst_1",tenant="Acme",product="xingkong"} 0.125\n');
    expect(text).toContain('tideway_host_last_seen_timestamp_seconds{host="erp-01",host_id="hst_1",tenant="Acme",product="xingkong"} 1700000000\n');
    expect(text).toContain('tideway_host_up{host="erp-01",host_id="hst_1",tenant="Acme",product="xingkong"} 1\n');
    expect(text.match(/^# TYPE tideway_host_\w+ gauge$/gm)).toHaveLength(7);
  });

  it('leaves out a series the host has no value for yet', () => {
    const text = hostSeriesText([host({ cpuPercent: null, lastSeenAt: null })]);
    expect(text).not.toMatch(/^tideway_host_cpu_usage_ratio\{/m);
    expect(text).not.toMatch(/^tideway_host_last_seen_timestamp_seconds\{/m);
    expect(text).toMatch(/^tideway_host_memory_used_ratio\{.*\} 0.5$/m);
  });

  it('escapes backslashes, double quotes and newlines in label values', () => {
    expect(escapeLabelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
  });

  it('passes promtool check metrics with hostile host names', () => {
    const text = hostSeriesText([host(), host({ id: 'hst_2', name: 'evil"} 1\nfake_metric 2', tenant: 'T\\x' })]);
    const checked = spawnSync('/usr/bin/promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    expect(checked.error).toBeUndefined();
    expect(`${checked.stdout}${checked.stderr}`).not.toMatch(/error|fake_metric/i);
    expect(checked.status).toBe(0);
  });

  it('serves the series on /metrics after the registry metrics, from the live fleet', async () => {
    const cp = await startControlPlane();
    try {
      const { hostId } = cp.enroll(cp.tenant('Acme'), 'erp-01');
      cp.app.fleet.applySample(hostId, sampleRecord(1, 1_000));
      const token = cp.token('ops-viewer');
      const response = await cp.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${token}` } });
      expect(response.statusCode).toBe(200);
      expect(response.body).toMatch(/^process_cpu_user_seconds_total /m);
      expect(response.body).toMatch(new RegExp(`^tideway_host_cpu_usage_ratio\\{host="erp-01",host_id="${hostId}",tenant="Acme",product=""\\} [0-9.]+$`, 'm'));
      expect(response.body).toMatch(/^tideway_hosts\{status="down"\} 1$/m);
    } finally {
      await cp.close();
    }
  });
});
