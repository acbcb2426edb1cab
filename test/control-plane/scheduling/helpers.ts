/** Fixed instants, the shipped catalog and a control plane on a settable clock for scheduling tests. */
import { findTrack, loadHolidayCalendars, loadTracks, type FreezePeriod } from '../../../schedules/index.ts';
import { catalogEntry, privateEntry, parsePrivateTrack } from '../../../control-plane/scheduling/tracks.ts';
import type { ResolvedTrack } from '../../../control-plane/scheduling/model.ts';
import type { Role } from '../../../control-plane/store/types.ts';
import { startControlPlane, type TestControlPlane } from '../../helpers/control-plane.ts';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** Monday 2026-03-02 10:00 in Shanghai. */
export const NOW = Date.parse('2026-03-02T10:00:00+08:00');

export const catalog = loadTracks();
export const calendars = loadHolidayCalendars();
export const track = (id: string): ResolvedTrack => catalogEntry(findTrack(catalog, id));

/** A private weekly track of `tenantId` (Saturdays 22:00, 4h) as the API would store it. */
export const privateSpec = (name = 'erp') => ({
  id: `private/${name}`,
  name: `ERP ${name}`,
  zone: 'Asia/Shanghai',
  cadence: { kind: 'weekly' as const, weekdays: ['sat' as const] },
  start: '22:00',
  duration: '4h',
  avoid: ['holiday' as const],
  noticeDays: 3,
});
export const privateTrack = (tenantId: string, name = 'erp'): ResolvedTrack => privateEntry(parsePrivateTrack(privateSpec(name)), tenantId);

/** A tenant freeze rule covering `from`..`to` (YYYY-MM-DD). */
export const dates = (id: string, from: string, to: string): FreezePeriod => ({ kind: 'dates', id, label: id, from, to });

export interface SchedulingPlane extends TestControlPlane {
  clock: { now: number };
  /** A tenant with an admin token. */
  tenantWithAdmin(name: string): { tenantId: string; admin: string };
  call(method: string, url: string, token: string, payload?: object): Promise<{ statusCode: number; json: () => any; body: string }>;
  ops(role?: Role): string;
}

/** A control plane whose clock tests move by hand. */
export async function schedulingPlane(options: { listen?: boolean } = {}): Promise<SchedulingPlane> {
  const clock = { now: NOW };
  const cp = await startControlPlane({ clock: () => clock.now, listen: options.listen, scheduling: { debounceMs: 60_000 } });
  const call = (method: string, url: string, token: string, payload?: object) =>
    cp.app.inject({ method: method as 'GET', url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });
  return {
    ...cp,
    clock,
    call,
    ops: (role: Role = 'ops-admin') => cp.token(role),
    tenantWithAdmin(name) {
      const tenantId = cp.tenant(name);
      return { tenantId, admin: cp.token('tenant-admin', tenantId) };
    },
  };
}

/** The slash of a track id encoded for a path segment. */
export const pathOf = (trackId: string) => encodeURIComponent(trackId);
