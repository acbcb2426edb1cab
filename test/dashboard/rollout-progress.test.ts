import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SEGMENT_KINDS, progressOf } from '../../dashboard/src/rollout-progress.ts';
import { HOST_STATES, type HostCounts } from '../../dashboard/src/rollout-types.ts';

const counts = (given: Partial<HostCounts>): HostCounts => ({ pending: 0, notified: 0, running: 0, succeeded: 0, failed: 0, 'rolled-back': 0, skipped: 0, ...given });
const widths = (given: Partial<HostCounts>) => Object.fromEntries(progressOf(counts(given)).segments.map((s) => [s.kind, s.percent]));

describe('progressOf', () => {
  it.each<[string, Partial<HostCounts>, { done: number; total: number; errors: number; pending: number }]>([
    ['nothing yet', {}, { done: 0, total: 0, errors: 0, pending: 0 }],
    ['all pending', { pending: 10 }, { done: 0, total: 10, errors: 0, pending: 10 }],
    ['a canary going', { pending: 9, notified: 1 }, { done: 0, total: 10, errors: 0, pending: 9 }],
    ['outcomes count as done, plans out do not', { succeeded: 5, failed: 1, 'rolled-back': 1, skipped: 2, running: 3, notified: 2, pending: 6 }, { done: 9, total: 20, errors: 2, pending: 6 }],
    ['all succeeded', { succeeded: 4 }, { done: 4, total: 4, errors: 0, pending: 0 }],
  ])('counts %s', (_name, given, expected) => {
    expect(progressOf(counts(given))).toMatchObject(expected);
  });

  it.each<[string, Partial<HostCounts>, Record<string, number>]>([
    ['splits evenly when it can', { succeeded: 1, failed: 1, pending: 2 }, { succeeded: 25, failed: 25, 'rolled-back': 0, skipped: 0, 'in-flight': 0 }],
    ['gives the rounding remainder to the largest fractions first', { succeeded: 1, failed: 1, skipped: 1 }, { succeeded: 33.4, failed: 33.3, 'rolled-back': 0, skipped: 33.3, 'in-flight': 0 }],
    ['draws notified and running hosts as one in-flight part', { notified: 1, running: 1, pending: 2 }, { succeeded: 0, failed: 0, 'rolled-back': 0, skipped: 0, 'in-flight': 50 }],
    ['widens one failure among thousands to 1%, taken from the widest part', { succeeded: 4999, failed: 1 }, { succeeded: 99, failed: 1, 'rolled-back': 0, skipped: 0, 'in-flight': 0 }],
    ['takes the width of small parts from pending hosts when they are the most', { failed: 1, skipped: 1, pending: 9998 }, { succeeded: 0, failed: 1, 'rolled-back': 0, skipped: 1, 'in-flight': 0 }],
    ['fills the whole bar when every host is done', { succeeded: 7, failed: 2, 'rolled-back': 1 }, { succeeded: 70, failed: 20, 'rolled-back': 10, skipped: 0, 'in-flight': 0 }],
  ])('%s', (_name, given, expected) => {
    expect(widths(given)).toEqual(expected);
  });

  it('lists the parts in drawing order: outcomes first, then hosts with a plan out', () => {
    expect(progressOf(counts({ pending: 1 })).segments.map((s) => s.kind)).toEqual(['succeeded', 'failed', 'rolled-back', 'skipped', 'in-flight']);
    expect(SEGMENT_KINDS).toHaveLength(5);
  });

  it('never overfills the bar, fills it when no host is pending, keeps every non-empty part at least 1% wide and empty ones at zero, with one decimal at most, whatever the counts', () => {
    const anyCounts = fc.record(Object.fromEntries(HOST_STATES.map((s) => [s, fc.nat({ max: 20_000 })])) as Record<keyof HostCounts, fc.Arbitrary<number>>);
    fc.assert(
      fc.property(anyCounts, (given) => {
        const progress = progressOf(given);
        const drawn = progress.segments.reduce((sum, s) => sum + s.percent * 10, 0);
        expect(Math.round(drawn)).toBeLessThanOrEqual(1000);
        if (progress.pending === 0 && progress.total > 0) expect(Math.round(drawn)).toBe(1000);
        for (const segment of progress.segments) {
          if (segment.count === 0) expect(segment.percent).toBe(0);
          else expect(segment.percent).toBeGreaterThanOrEqual(1);
          expect(Math.abs(segment.percent * 10 - Math.round(segment.percent * 10))).toBeLessThan(1e-9);
        }
        expect(progress.done + progress.pending + given.notified + given.running).toBe(progress.total);
      }),
      { numRuns: 2000 },
    );
  });
});
