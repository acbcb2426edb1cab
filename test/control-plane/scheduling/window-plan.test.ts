import { describe, expect, it } from 'vitest';
import type { FreezePeriod } from '../../../schedules/index.ts';
import { maintenancePeriodsOf } from '../../../control-plane/scheduling/maintenance.ts';
import type { PatchWindow, ResolvedTrack, WindowReason } from '../../../control-plane/scheduling/model.ts';
import { diffWindows, stableJson } from '../../../control-plane/scheduling/window-diff.ts';
import { planTrackWindows, windowId, type PlanBooking, type PlanTenant, type TrackPlanInput } from '../../../control-plane/scheduling/window-plan.ts';
import { DAY, NOW, calendars, dates, privateTrack, track } from './helpers.ts';

const DROPPED: WindowReason = { code: 'NOT_PLANNED', message: 'gone' };
const tenant = (tenantId: string, freezes: FreezePeriod[] = [], hostIds = [`${tenantId}-h1`]): PlanTenant => ({ tenantId, hostIds, freezes });

function input(resolved: ResolvedTrack, overrides: Partial<TrackPlanInput> = {}): TrackPlanInput {
  return {
    resolved,
    fromDate: '2026-03-02',
    toDate: '2026-08-29',
    calendars,
    globalFreezes: [],
    ownerFreezes: [],
    subscribers: [],
    bookings: [],
    bookers: new Map(),
    replacedBy: new Map(),
    ...overrides,
  };
}

/** One materialisation pass over `stored`: the diff, and the stored windows after writing it. */
function pass(stored: PatchWindow[], plan: TrackPlanInput, now = NOW, dropReason = DROPPED) {
  const diff = diffWindows(stored, planTrackWindows(plan, now), dropReason, now);
  const byId = new Map(stored.map((w) => [w.id, w]));
  for (const change of diff.changes) byId.set(change.after.id, change.after);
  return { diff, stored: [...byId.values()].sort((a, b) => a.startAt - b.startAt) };
}

const on = (stored: PatchWindow[], localDate: string) => stored.find((w) => w.localDate === localDate || w.occurrenceKey === localDate)!;
const part = (window: PatchWindow, tenantId: string) => window.coverage.find((c) => c.tenantId === tenantId);

describe('batch track windows', () => {
  const batch = input(track('xingkong/mt-standard'), { subscribers: [tenant('ten_a'), tenant('ten_b')] });

  it('has one window per occurrence over the horizon, each covering every subscribed tenant and its hosts', () => {
    const { diff, stored } = pass([], batch);
    expect(stored.map((w) => w.localDate)).toEqual(['2026-03-14', '2026-04-18', '2026-05-16', '2026-06-13', '2026-07-18', '2026-08-15']);
    expect(diff.changes.every((c) => c.kinds.join() === 'created' && c.after.version === 1)).toBe(true);
    expect(on(stored, '2026-04-18').coverage).toEqual([
      { tenantId: 'ten_a', status: 'covered', reason: null, hostIds: ['ten_a-h1'], via: 'subscription', bookingIds: [], revision: 1 },
      { tenantId: 'ten_b', status: 'covered', reason: null, hostIds: ['ten_b-h1'], via: 'subscription', bookingIds: [], revision: 1 },
    ]);
  });

  it('changes nothing when run again on the same inputs', () => {
    const first = pass([], batch);
    const second = pass(first.stored, batch);
    expect(second.diff.changes).toEqual([]);
    expect(second.diff.unchanged).toBe(6);
    expect(second.stored).toEqual(first.stored);
  });

  it('also finds nothing changed in windows read back from JSON (the store\'s round trip)', () => {
    const { stored } = pass([], batch);
    const readBack = JSON.parse(JSON.stringify(stored)) as PatchWindow[];
    expect(pass(readBack, batch).diff.changes).toEqual([]);
  });

  it('skips a tenant whose freeze touches a window, with the freeze as reason, and keeps the batch for the others', () => {
    const { stored } = pass([], batch);
    const frozen = input(track('xingkong/mt-standard'), { subscribers: [tenant('ten_a', [dates('frz_close', '2026-04-19', '2026-04-19')]), tenant('ten_b')] });
    const { diff, stored: after } = pass(stored, frozen);
    expect(diff.changes).toHaveLength(1);
    expect(diff.changes[0]).toMatchObject({ kinds: ['coverage'], coverage: { added: [], removed: [], changed: ['ten_a'] } });
    const window = on(after, '2026-04-18');
    expect(window).toMatchObject({ status: 'scheduled', version: 2 });
    expect(part(window, 'ten_a')).toMatchObject({ status: 'skipped', hostIds: [], reason: { code: 'IN_FREEZE', detail: { scope: 'tenant', freezeId: 'frz_close', date: '2026-04-19' } } });
    expect(part(window, 'ten_b')!.status).toBe('covered');
    // Only the frozen tenant's view changed: its revision rises, the other tenant's does not.
    expect([part(window, 'ten_a')!.revision, part(window, 'ten_b')!.revision]).toEqual([2, 1]);
  });

  it('leaves a batch tenant out of the window it booked another slot instead of', () => {
    const { stored } = pass([], batch);
    const april = on(stored, '2026-04-18');
    const replacedBy = new Map<string, PlanBooking[]>([[april.id, [{ id: 'bkg_alt', tenantId: 'ten_a', slotDate: '2026-04-14' }]]]);
    const { diff, stored: after } = pass(stored, { ...batch, replacedBy });
    expect(diff.changes.map((c) => c.after.localDate)).toEqual(['2026-04-18']);
    expect(part(on(after, '2026-04-18'), 'ten_a')).toMatchObject({ status: 'skipped', bookingIds: ['bkg_alt'], reason: { code: 'BOOKED_ELSEWHERE' } });
    expect(part(on(after, '2026-05-16'), 'ten_a')!.status).toBe('covered');
  });

  it('moves a mid-month weekend window a global freeze blocks, keeping its id', () => {
    const { stored } = pass([], batch);
    const april = on(stored, '2026-04-18');
    const { diff, stored: after } = pass(stored, { ...batch, globalFreezes: [dates('dc-move', '2026-04-18', '2026-04-19')] });
    expect(diff.changes).toHaveLength(1);
    expect(diff.changes[0].kinds).toEqual(['moved']);
    expect(diff.changes[0].after).toMatchObject({ id: april.id, occurrenceKey: '2026-04-18', localDate: '2026-04-25', version: 2 });
    expect(on(after, '2026-04-25').startAt - april.startAt).toBe(7 * DAY);
    expect(on(after, '2026-04-25')).toMatchObject({ previousStartAt: april.startAt, previousEndAt: april.endAt, coverage: [{ revision: 2 }, { revision: 2 }] });
    expect(on(after, '2026-05-16')).toMatchObject({ previousStartAt: null, coverage: [{ revision: 1 }, { revision: 1 }] });
  });

  it('keeps the previous times of a moved window through later changes that do not move it', () => {
    const moved = pass(pass([], batch).stored, { ...batch, globalFreezes: [dates('dc-move', '2026-04-18', '2026-04-19')] }).stored;
    const april = on(moved, '2026-04-25');
    const { stored } = pass(moved, { ...batch, globalFreezes: [dates('dc-move', '2026-04-18', '2026-04-19')], subscribers: [tenant('ten_a')] });
    expect(on(stored, '2026-04-25')).toMatchObject({ previousStartAt: april.previousStartAt, version: april.version + 1, coverage: [{ tenantId: 'ten_a', revision: 2 }] });
  });

  it('skips a weekly window a global freeze blocks, with the freeze as reason for every tenant', () => {
    const agile = input(track('cangqiong/agile'), { subscribers: [tenant('ten_a')] });
    const { stored } = pass([], agile);
    const { diff, stored: after } = pass(stored, { ...agile, globalFreezes: [dates('dc-move', '2026-03-21', '2026-03-21')] });
    expect(diff.changes.map((c) => c.kinds)).toEqual([['skipped', 'coverage']]);
    expect(on(after, '2026-03-21')).toMatchObject({ status: 'skipped', reason: { code: 'IN_FREEZE', detail: { scope: 'global' } } });
    expect(part(on(after, '2026-03-21'), 'ten_a')).toMatchObject({ status: 'skipped', reason: { code: 'IN_FREEZE' } });
    const restored = pass(after, agile);
    expect(restored.diff.changes.map((c) => c.kinds)).toEqual([['restored', 'coverage']]);
  });

  it('keeps holiday-skipped occurrences as skipped windows with the holiday as reason', () => {
    const { stored } = pass([], input(track('cangqiong/agile'), { subscribers: [tenant('ten_a')] }));
    expect(on(stored, '2026-04-04')).toMatchObject({ status: 'skipped', reason: { code: 'HOLIDAY', detail: { dayKind: 'holiday', name: '清明节' } } });
  });

  it('tells coverage added and removed apart when tenants subscribe and leave', () => {
    const { stored } = pass([], batch);
    const { diff } = pass(stored, { ...batch, subscribers: [tenant('ten_b'), tenant('ten_c')] });
    expect(diff.changes).toHaveLength(6);
    expect(diff.changes[0].coverage).toEqual({ added: ['ten_c'], removed: ['ten_a'], changed: [] });
  });

  it('cancels future windows the plan no longer has, and leaves windows that have begun alone', () => {
    const { stored } = pass([], batch);
    const during = on(stored, '2026-03-14').startAt + 1;
    const juneOnly = { ...batch, resolved: { ...batch.resolved, track: { ...batch.resolved.track, cadence: { kind: 'monthly-mid-weekend' as const, months: [6] } } } };
    const { diff, stored: after } = pass(stored, juneOnly, during);
    expect(diff.changes.map((c) => [c.after.localDate, c.kinds.join()])).toEqual([
      ['2026-04-18', 'cancelled,coverage'],
      ['2026-05-16', 'cancelled,coverage'],
      ['2026-07-18', 'cancelled,coverage'],
      ['2026-08-15', 'cancelled,coverage'],
    ]);
    expect(on(after, '2026-03-14').status).toBe('scheduled');
    expect(on(after, '2026-04-18')).toMatchObject({ status: 'cancelled', reason: DROPPED, coverage: [] });
    expect(pass(after, juneOnly, during).diff.changes).toEqual([]);
  });
});

describe('private track windows', () => {
  it('resolve the owner\'s freezes into the windows themselves: skipped with the freeze as reason', () => {
    const plan = input(privateTrack('ten_a'), { subscribers: [tenant('ten_a')], fromDate: '2026-03-02', toDate: '2026-04-30' });
    const { stored } = pass([], plan);
    const freezes = [dates('frz_me', '2026-03-28', '2026-03-29')];
    const { diff, stored: after } = pass(stored, { ...plan, ownerFreezes: freezes, subscribers: [tenant('ten_a', freezes)] });
    expect(diff.changes.map((c) => [c.after.localDate, c.kinds.join()])).toEqual([['2026-03-28', 'skipped,coverage']]);
    expect(on(after, '2026-03-28')).toMatchObject({ ownerTenantId: 'ten_a', trackKey: 'private/erp@ten_a', status: 'skipped', reason: { code: 'IN_FREEZE', detail: { scope: 'tenant', freezeId: 'frz_me' } } });
  });
});

describe('on-request track windows', () => {
  const bookings: PlanBooking[] = [
    { id: 'bkg_1', tenantId: 'ten_a', slotDate: '2026-03-10' },
    { id: 'bkg_2', tenantId: 'ten_b', slotDate: '2026-03-10' },
    { id: 'bkg_3', tenantId: 'ten_a', slotDate: '2026-03-12' },
  ];
  const bookers = new Map([['ten_a', tenant('ten_a')], ['ten_b', tenant('ten_b', [dates('frz_b', '2026-03-11', '2026-03-11')])]]);
  const slots = input(track('xingkong/st-standard'), { subscribers: [tenant('ten_c')], bookings, bookers });

  it('exist only for slots with confirmed bookings, covering exactly the booking tenants', () => {
    const { stored } = pass([], slots);
    expect(stored.map((w) => [w.localDate, w.coverage.map((c) => `${c.tenantId}:${c.status}:${c.via}`)])).toEqual([
      ['2026-03-10', ['ten_a:covered:booking', 'ten_b:skipped:booking']],
      ['2026-03-12', ['ten_a:covered:booking']],
    ]);
    expect(part(on(stored, '2026-03-10'), 'ten_b')!.reason).toMatchObject({ code: 'IN_FREEZE', detail: { freezeId: 'frz_b', date: '2026-03-11' } });
    expect(on(stored, '2026-03-10').id).toBe(windowId('xingkong/st-standard', '2026-03-10'));
  });

  it('cancel when their last booking goes', () => {
    const { stored } = pass([], slots);
    const { diff } = pass(stored, { ...slots, bookings: bookings.slice(0, 2) }, NOW, { code: 'NO_BOOKINGS', message: 'none left' });
    expect(diff.changes.map((c) => [c.after.localDate, c.after.status, c.after.reason?.code])).toEqual([['2026-03-12', 'cancelled', 'NO_BOOKINGS']]);
  });
});

describe('maintenance periods of a window', () => {
  const { stored } = pass([], input(track('xingkong/mt-standard'), { subscribers: [tenant('ten_a'), tenant('ten_b', [], []), tenant('ten_c', [dates('f', '2026-04-18', '2026-04-18')])] }));
  const april = on(stored, '2026-04-18');

  it('cover each covered tenant with hosts over the window, sourced from the window', () => {
    expect(maintenancePeriodsOf(april)).toEqual([
      { id: expect.stringMatching(/^mnt_/), tenantId: 'ten_a', hostIds: ['ten_a-h1'], startsAt: april.startAt, endsAt: april.endAt, reason: 'patch window xingkong/mt-standard on 2026-04-18', source: `window:${april.id}` },
    ]);
  });

  it('are none for a window that is not going ahead', () => {
    expect(maintenancePeriodsOf({ ...april, status: 'skipped' })).toEqual([]);
    expect(maintenancePeriodsOf({ ...april, status: 'cancelled', coverage: [] })).toEqual([]);
  });

  it('keep the same ids from run to run', () => {
    expect(maintenancePeriodsOf(april).map((p) => p.id)).toEqual(maintenancePeriodsOf(structuredClone(april)).map((p) => p.id));
  });
});

describe('stable JSON', () => {
  it('ignores the order of object keys', () => {
    expect(stableJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } })).toBe(stableJson({ a: { c: null, d: [2, { e: 0, f: 1 }] }, b: 1 }));
  });
});
