import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF, backoffDelayMs, failoverDelayMs } from '../../agent/link/backoff.ts';

describe('reconnect backoff', () => {
  it.each([
    [0, 0.999, 999], [1, 0.999, 1998], [3, 0.5, 4000], [5, 0.999, 31_968], [6, 0.999, 59_940], [40, 0.999, 59_940], [0, 0, 100], [10, 0.5, 30_000],
  ])('attempt %i with draw %d waits %i ms', (attempt, draw, expected) => {
    expect(backoffDelayMs(attempt, draw)).toBe(expected);
  });

  it('stays within [minMs, capMs] and under the exponential ceiling for every attempt and draw', () => {
    for (let attempt = 0; attempt < 50; attempt += 1) {
      for (const draw of [0, 0.25, 0.5, 0.75, 0.999999]) {
        const delay = backoffDelayMs(attempt, draw);
        expect(delay).toBeGreaterThanOrEqual(DEFAULT_BACKOFF.minMs);
        expect(delay).toBeLessThanOrEqual(Math.min(DEFAULT_BACKOFF.capMs, DEFAULT_BACKOFF.baseMs * 2 ** attempt));
      }
    }
  });

  it.each([
    [1, 1, 999], [2, 1, 1998], [6, 1, 31_968],
    [1, 2, 999], [2, 2, 999], [3, 2, 999], [4, 2, 1998], [5, 2, 999], [6, 2, 3996],
    [2, 3, 999], [3, 3, 999], [6, 3, 1998], [8, 3, 999], [9, 3, 3996],
  ])('after %i failures in a row over %i URLs waits %i ms (draw 0.999)', (failures, count, expected) => {
    expect(failoverDelayMs(failures, count, 0.999)).toBe(expected);
  });

  it('never waits more than the first step before trying a URL not yet tried in the round', () => {
    for (let count = 2; count <= 16; count += 1) {
      for (let failures = 1; failures < 200; failures += 1) {
        if (failures % count !== 0) expect(failoverDelayMs(failures, count, 0.999999)).toBeLessThanOrEqual(DEFAULT_BACKOFF.baseMs);
      }
    }
  });
});
