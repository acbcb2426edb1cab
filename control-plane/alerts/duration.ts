/** Durations as written in rule files: a whole number and one unit, `30s`, `10m`, `4h`, `7d`. */

/** The pattern a rule-file duration must match (also used by the rules schema). */
export const DURATION_PATTERN = '^\\d+(s|m|h|d)$';

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Milliseconds of `30s`, `10m`, `4h` or `7d`; `undefined` when the text is not such a duration. */
export function parseDurationMs(text: string): number | undefined {
  const match = /^(\d+)(s|m|h|d)$/.exec(text);
  return match ? Number(match[1]) * UNIT_MS[match[2]] : undefined;
}

