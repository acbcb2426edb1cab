import { describe, expect, it } from 'vitest';
import { parseDurationMs } from '../../../control-plane/alerts/duration.ts';

describe('parseDurationMs', () => {
  it.each<[string, number | undefined]>([
    ['30s', 30_000],
    ['10m', 600_000],
    ['4h', 14_400_000],
    ['7d', 604_800_000],
    ['0s', 0],
    ['10 m', undefined],
    ['1.5h', undefined],
    ['10', undefined],
    ['1h30m', undefined],
    ['-5m', undefined],
    ['5w', undefined],
  ])('%s -> %s ms', (text, ms) => {
    expect(parseDurationMs(text)).toBe(ms);
  });
});
