/** Data hooks of the scheduling pages: tracks, and everything one calendar month shows. */
import { useMemo } from 'preact/hooks';
import { yearsBetween, type HolidayYear } from './calendar-days.ts';
import { loadHolidayYears } from './holidays.ts';
import { useResource } from './hooks.ts';
import { scheduleApi } from './schedule-api.ts';
import type { Booking, Freeze, PatchWindow, Track } from './schedule-types.ts';
import { tenantApi } from './tenant-api.ts';
import { wallTimeToInstant } from './zoned-time.ts';

/** Tracks the tenant may see (every catalog track for ops without a tenant), and their names by id. */
export function useTracks(tenantId: string | undefined) {
  const resource = useResource((signal) => scheduleApi.tracks(tenantId, signal).then((page) => page.items), [tenantId]);
  const names = useMemo(() => new Map((resource.data ?? []).map((track) => [track.id, track.name])), [resource.data]);
  return { ...resource, tracks: resource.data ?? ([] as Track[]), names };
}

/** What one calendar view needs. */
export interface CalendarData {
  windows: PatchWindow[];
  bookings: Booking[];
  freezes: Freeze[];
  holidays: HolidayYear[];
}

/** The scope of a calendar view: whose, which track, which local dates, in which zone. */
export interface CalendarScope {
  tenantId?: string;
  trackId?: string;
  zone: string;
  fromDate: string;
  toDate: string;
}

const DAY_MS = 86_400_000;

/** Windows, open bookings, the tenant's freezes and the holiday years of a calendar view. */
export function useCalendarData(scope: CalendarScope) {
  const { tenantId, trackId, zone, fromDate, toDate } = scope;
  return useResource<CalendarData>(
    async (signal) => {
      // A day either side: windows are placed by their start in the zone, whatever the server's day is.
      const fromAt = (wallTimeToInstant(`${fromDate}T00:00`, zone) ?? Date.parse(fromDate)) - DAY_MS;
      const toAt = (wallTimeToInstant(`${toDate}T00:00`, zone) ?? Date.parse(toDate)) + 2 * DAY_MS;
      const [windows, bookings, freezes, holidays] = await Promise.all([
        scheduleApi.windows({ tenantId, trackId, fromAt, toAt }, signal),
        scheduleApi.bookings({ tenantId, trackId, states: ['requested', 'confirmed'] }, signal),
        tenantId ? tenantApi.freezes(tenantId, signal) : Promise.resolve({ items: [] as Freeze[] }),
        loadHolidayYears(yearsBetween(fromDate, toDate)),
      ]);
      return { windows: windows.items, bookings: bookings.items, freezes: freezes.items, holidays };
    },
    [tenantId, trackId, zone, fromDate, toDate],
  );
}
