import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF, backoffDelayMs } from '../../agent/link/backoff.ts';

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
});
