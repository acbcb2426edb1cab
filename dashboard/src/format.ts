/**
 * Pure formatting of numbers, sizes and instants for display. Everything goes through Intl
 * with an explicit locale and, for instants, an explicit or browser time zone: no offset
 * is ever computed by hand.
 */

const IEC_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;
const PLACEHOLDER = '–';

const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (!format) numberFormats.set(key, (format = new Intl.NumberFormat(locale, options)));
  return format;
}

/** A byte count in binary units, e.g. `32 GiB`, `1.5 MiB`; `–` when unknown. */
export function formatBytes(bytes: number | null, locale: string): string {
  if (bytes === null || !Number.isFinite(bytes)) return PLACEHOLDER;
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < IEC_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${numberFormat(locale, { maximumFractionDigits: digits }).format(value)} ${IEC_UNITS[unit]}`;
}

/** A transfer rate, e.g. `122 KiB/s`. */
export function formatRate(bytesPerSecond: number | null, locale: string): string {
  return bytesPerSecond === null ? PLACEHOLDER : `${formatBytes(bytesPerSecond, locale)}/s`;
}

/** A 0-100 percentage with at most one decimal, e.g. `12.5%`; `–` when unknown. */
export function formatPercent(percent: number | null, locale: string): string {
  if (percent === null || !Number.isFinite(percent)) return PLACEHOLDER;
  return numberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(percent / 100);
}

/** A latency in milliseconds, e.g. `38 ms` / `38毫秒`; `–` when the check has none. */
export function formatLatency(ms: number | undefined, locale: string): string {
  if (ms === undefined || !Number.isFinite(ms)) return PLACEHOLDER;
  const digits = ms < 10 ? 1 : 0;
  return numberFormat(locale, { style: 'unit', unit: 'millisecond', unitDisplay: 'short', maximumFractionDigits: digits }).format(ms);
}

/** A plain count with the locale's grouping, e.g. `10,000`. */
export function formatCount(count: number, locale: string): string {
  return numberFormat(locale, { maximumFractionDigits: 0 }).format(count);
}

/** A duration as its two largest units, e.g. `10d 3h`, `5m 2s`, `10天3小时`. */
export function formatDuration(seconds: number, locale: string): string {
  const units = [
    ['day', 86_400],
    ['hour', 3_600],
    ['minute', 60],
    ['second', 1],
  ] as const;
  let rest = Math.max(0, Math.floor(seconds));
  const parts: string[] = [];
  for (const [unit, size] of units) {
    const amount = Math.floor(rest / size);
    rest -= amount * size;
    if (amount > 0 || (parts.length === 0 && unit === 'second')) {
      parts.push(numberFormat(locale, { style: 'unit', unit, unitDisplay: 'narrow' }).format(amount));
    }
    if (parts.length === 2 || (parts.length === 1 && amount === 0 && unit !== 'second')) break;
  }
  return parts.join(locale.startsWith('zh') ? '' : ' ');
}

const RELATIVE_STEPS = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', Infinity],
] as const;

/** How long ago (or until) an instant is, e.g. `5 seconds ago`, `3分钟前`, `now`. */
export function formatRelative(at: number, now: number, locale: string): string {
  let amount = Math.round((at - now) / 1000);
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  for (const [unit, size] of RELATIVE_STEPS) {
    if (Math.abs(amount) < size) return format.format(amount, unit);
    amount = Math.trunc(amount / size);
  }
  return format.format(amount, 'day');
}

/** Date and time of an instant in 24-hour form, in `timeZone` (the browser's if undefined). */
export function formatDateTime(at: number, locale: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZone,
  }).format(at);
}

/** Time of day of an instant (`22:05:09`), in `timeZone` (the browser's if undefined). */
export function formatTime(at: number, locale: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZone }).format(at);
}

/**
 * A duration in hours, e.g. `1.5 hr`, `0.25 hr`, `1.5小时`: one decimal from an hour up, two
 * below, and `<0.01 hr` for a few seconds so a quick answer does not read as none; `–` when unknown.
 */
export function formatHours(seconds: number | null, locale: string): string {
  if (seconds === null || !Number.isFinite(seconds)) return PLACEHOLDER;
  const hours = Math.max(0, seconds) / 3600;
  const format = numberFormat(locale, { style: 'unit', unit: 'hour', unitDisplay: 'short', maximumFractionDigits: hours >= 1 ? 1 : 2 });
  return hours > 0 && hours < 0.005 ? `<${format.format(0.01)}` : format.format(hours);
}

/** A measured value as the alert reports it, e.g. `99.2`; ungrouped, since some are years (`2027`); `–` when none. */
export function formatValue(value: number | null, locale: string): string {
  if (value === null || !Number.isFinite(value)) return PLACEHOLDER;
  return numberFormat(locale, { maximumFractionDigits: 2, useGrouping: false }).format(value);
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = dateFormats.get(key);
  if (!format) dateFormats.set(key, (format = new Intl.DateTimeFormat(locale, options)));
  return format;
}

/** A local date `YYYY-MM-DD` with its weekday, e.g. `Sun, Nov 29, 2026` / `2026年11月29日周日`; no zone is involved. */
export function formatLocalDay(date: string, locale: string): string {
  const at = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  return dateFormat(locale, { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }).format(at);
}

/** A month `YYYY-MM`, e.g. `November 2026` / `2026年11月`. */
export function formatMonth(month: string, locale: string): string {
  const at = Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1, 1);
  return dateFormat(locale, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(at);
}

/** Short weekday names Monday to Sunday, e.g. `Mon` / `周一`. */
export function weekdayNames(locale: string): string[] {
  // 2024-01-01 was a Monday.
  return Array.from({ length: 7 }, (_, i) => dateFormat(locale, { weekday: 'short', timeZone: 'UTC' }).format(Date.UTC(2024, 0, 1 + i)));
}

/** Hours and minutes of an instant (`22:00`), in `timeZone` (the browser's if undefined). */
export function formatClock(at: number, locale: string, timeZone?: string): string {
  return dateFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(at);
}

/** Start and end of a slot or window, e.g. `22:00–02:00`; the end carries `(+1)` when it falls on a later day. */
export function formatTimeRange(startAt: number, endAt: number, locale: string, timeZone: string): string {
  const dayOf = (at: number) => dateFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone }).format(at);
  const later = dayOf(endAt) !== dayOf(startAt) ? ' (+1)' : '';
  return `${formatClock(startAt, locale, timeZone)}–${formatClock(endAt, locale, timeZone)}${later}`;
}

/** The day of an instant in `timeZone` with its weekday, e.g. `Sun, Nov 29, 2026`. */
export function formatDayOf(at: number, locale: string, timeZone: string): string {
  return dateFormat(locale, { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric', timeZone }).format(at);
}

/** When a slot, window or booking runs in `timeZone`, e.g. `Sun, Nov 29, 2026, 22:00–02:00 (+1)`. */
export function formatWhen(startAt: number, endAt: number, locale: string, timeZone: string): string {
  return `${formatDayOf(startAt, locale, timeZone)}, ${formatTimeRange(startAt, endAt, locale, timeZone)}`;
}
