/// <reference types="vite/client" />
/**
 * Holiday calendar years for the month view, straight from `schedules/holidays/cn/*.json`:
 * Vite bundles each year as its own small chunk, fetched when a month of that year is shown.
 * A year the server learned after this build (a file dropped in, an API import) is missing
 * here and shows as "no holiday data", never as ordinary days.
 */
import type { HolidayYear } from './calendar-days.ts';

const FILES = import.meta.glob<HolidayYear>('../../schedules/holidays/cn/*.json', { import: 'default' });

const byYear = new Map(Object.entries(FILES).map(([path, load]) => [Number(/(\d{4})\.json$/.exec(path)?.[1]), load]));

/** Years this build carries data for. */
export const HOLIDAY_YEARS: readonly number[] = [...byYear.keys()].sort();

/** The holiday years among `years` that this build carries (the others are unknown). */
export async function loadHolidayYears(years: readonly number[]): Promise<HolidayYear[]> {
  const loaders = years.flatMap((year) => byYear.get(year) ?? []);
  return (await Promise.all(loaders.map((load) => load()))).map(({ year, days }) => ({ year, days }));
}
