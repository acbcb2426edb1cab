import { describe, expect, it } from 'vitest';
import { hostStatus } from '../../control-plane/domain/host-status.ts';
import { compareVersions } from '../../control-plane/domain/versions.ts';
import { hoursDue } from '../../control-plane/domain/rollup-hours.ts';

const t0 = Date.parse('2026-11-27T00:00:00Z');

describe('host status from heartbeats', () => {
  it.each([
    ['never seen', null, 15, 0, 'down'],
    ['just reported', t0, 15, 0, 'up'],
    ['one interval plus the 5 s grace', t0, 15, 20_000, 'stale'],
    ['within the grace after one interval', t0, 15, 19_999, 'up'],
    ['two missed reports', t0, 15, 35_000, 'stale'],
    ['three missed reports', t0, 15, 50_000, 'down'],
    ['a 1 s agent after 3.5 s', t0, 1, 3_500, 'down'],
    ['a 1 s agent after 1.5 s', t0, 1, 1_500, 'stale'],
  ] as const)('%s is %s', (_name, lastSeenAt, interval, after, expected) => {
    expect(hostStatus(lastSeenAt, interval, t0 + after)).toBe(expected);
  });
});

describe('agent versions', () => {
  it.each([
    ['0.1.0', '0.1.0', 0],
    ['0.1.0', '0.2.0', -1],
    ['1.10.0', '1.9.9', 1],
    ['1.0.0-rc.1', '1.0.0', -1],
    ['2', '1.99.99', 1],
  ])('%s compared with %s has sign %i', (a, b, sign) => expect(Math.sign(compareVersions(a, b))).toBe(sign));
});

describe('rollup hours due', () => {
  const hour = 3_600_000;
  it('starts at the first sample hour and stops before the hour still in its grace period', () => {
    expect(hoursDue(null, t0 + 10 * 60_000, t0 + 2 * hour + 5 * 60_000, 10)).toEqual([t0]);
    expect(hoursDue(null, t0 + 10 * 60_000, t0 + 2 * hour + 10 * 60_000, 10)).toEqual([t0, t0 + hour]);
  });
  it('continues after the watermark and respects the limit', () => {
    expect(hoursDue(t0, null, t0 + 10 * hour, 3)).toEqual([t0 + hour, t0 + 2 * hour, t0 + 3 * hour]);
  });
  it('has nothing to do without samples or watermark', () => expect(hoursDue(null, null, t0, 5)).toEqual([]));
});
