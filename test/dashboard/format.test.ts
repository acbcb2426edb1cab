import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatCount,
  formatDateTime,
  formatDuration,
  formatHours,
  formatLatency,
  formatPercent,
  formatRate,
  formatRelative,
  formatTime,
  formatValue,
} from '../../dashboard/src/format.ts';

// 2026-03-14 14:05:09 UTC: 22:05:09 in Shanghai, 10:05:09 in New York (daylight time).
const AT = Date.UTC(2026, 2, 14, 14, 5, 9);

describe('formatBytes', () => {
  it.each([
    [0, 'en', '0 B'],
    [512, 'en', '512 B'],
    [1536, 'en', '1.5 KiB'],
    [1024 ** 2 * 1.5, 'en', '1.5 MiB'],
    [34_359_738_368, 'en', '32 GiB'],
    [1024 ** 3 * 150, 'en', '150 GiB'],
    [1024 ** 6 * 3, 'en', '3,072 PiB'],
    [1024 ** 2 * 1.25, 'zh-CN', '1.3 MiB'],
    [null, 'en', '–'],
    [Number.NaN, 'en', '–'],
  ])('formats %s bytes in %s as %s', (bytes, locale, expected) => {
    expect(formatBytes(bytes, locale)).toBe(expected);
  });

  it('formats a rate with a per-second suffix', () => {
    expect(formatRate(125_000, 'en')).toBe('122 KiB/s');
    expect(formatRate(null, 'en')).toBe('–');
  });
});

describe('formatPercent', () => {
  it.each([
    [12.5, 'en', '12.5%'],
    [12.54, 'en', '12.5%'],
    [100, 'en', '100%'],
    [0, 'zh-CN', '0%'],
    [null, 'en', '–'],
  ])('formats %s in %s as %s', (percent, locale, expected) => {
    expect(formatPercent(percent, locale)).toBe(expected);
  });
});

describe('formatLatency and formatCount', () => {
  it.each([
    [38, 'en', '38 ms'],
    [1.24, 'en', '1.2 ms'],
    [1203, 'en', '1,203 ms'],
    [38, 'zh-CN', '38毫秒'],
    [undefined, 'en', '–'],
  ])('formats a latency of %s ms in %s as %s', (ms, locale, expected) => {
    expect(formatLatency(ms, locale)).toBe(expected);
  });

  it('groups thousands in a count', () => {
    expect(formatCount(10_000, 'en')).toBe('10,000');
  });
});

describe('formatDuration', () => {
  it.each([
    [0, 'en', '0s'],
    [62, 'en', '1m 2s'],
    [5 * 3600 + 30, 'en', '5h'],
    [90_061, 'en', '1d 1h'],
    [864_000, 'en', '10d'],
    [90_061, 'zh-CN', '1天1小时'],
    [15, 'zh-CN', '15秒'],
  ])('shows %s seconds in %s as %s (at most two units)', (seconds, locale, expected) => {
    expect(formatDuration(seconds, locale)).toBe(expected);
  });
});

describe('formatRelative', () => {
  it.each([
    [AT, 'en', 'now'],
    [AT - 5_000, 'en', '5 seconds ago'],
    [AT - 59_000, 'en', '59 seconds ago'],
    [AT - 180_000, 'en', '3 minutes ago'],
    [AT - 2 * 3_600_000, 'en', '2 hours ago'],
    [AT - 3 * 86_400_000, 'en', '3 days ago'],
    [AT - 5_000, 'zh-CN', '5秒钟前'],
    [AT - 180_000, 'zh-CN', '3分钟前'],
  ])('describes %s relative to a fixed now in %s as %s', (at, locale, expected) => {
    expect(formatRelative(at, AT, locale)).toBe(expected);
  });
});

describe('formatDateTime and formatTime', () => {
  it.each([
    ['en', 'Asia/Shanghai', '03/14/2026, 22:05:09'],
    ['en', 'America/New_York', '03/14/2026, 10:05:09'],
    ['en', 'UTC', '03/14/2026, 14:05:09'],
    ['zh-CN', 'Asia/Shanghai', '2026/03/14 22:05:09'],
  ])('shows the instant in %s for zone %s as %s, whatever the process zone', (locale, zone, expected) => {
    expect(formatDateTime(AT, locale, zone)).toBe(expected);
  });

  it('crosses the date line with the zone, not with the process', () => {
    const lateUtc = Date.UTC(2026, 2, 14, 23, 30, 0);
    expect(formatDateTime(lateUtc, 'zh-CN', 'Asia/Shanghai')).toBe('2026/03/15 07:30:00');
    expect(formatTime(lateUtc, 'en', 'America/New_York')).toBe('19:30:00');
  });
});

describe('formatHours', () => {
  it.each([
    [5400, 'en', '1.5 hr'],
    [36_000, 'en', '10 hr'],
    [900, 'en', '0.25 hr'],
    [3, 'en', '<0.01 hr'],
    [0, 'en', '0 hr'],
    [5400, 'zh-CN', '1.5小时'],
    [null, 'en', '–'],
  ])('shows %s seconds in %s as %s', (seconds, locale, expected) => {
    expect(formatHours(seconds, locale)).toBe(expected);
  });
});

describe('formatValue', () => {
  it.each([
    [99, '99'],
    [97.456, '97.46'],
    [2027, '2027'],
    [12_345.5, '12345.5'],
    [null, '–'],
  ])('shows the alert value %s as %s', (value, expected) => {
    expect(formatValue(value, 'en')).toBe(expected);
  });
});
