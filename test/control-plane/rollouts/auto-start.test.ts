import { describe, expect, it } from 'vitest';
import { dueRollouts, type DueInput } from '../../../control-plane/rollouts/auto-start.ts';
import type { Booking, PatchWindow, Release } from '../../../control-plane/scheduling/model.ts';
import { START_AT } from './domain-fixtures.ts';

const release = (id: string, createdAt: number, tenantId: string | null = null): Release => ({
  id, trackId: 'cangqiong/agile', tenantId, version: id, kind: 'standard', notes: '', artifacts: [], createdAt, createdBy: 'ops', audits: [],
});
const window = (coverage: PatchWindow['coverage']): PatchWindow => ({
  id: 'win_1', trackId: 'cangqiong/agile', trackKey: 'cangqiong/agile', ownerTenantId: null, occurrenceKey: '2026-11-28', localDate: '2026-11-28', zone: 'Asia/Shanghai',
  startAt: START_AT, endAt: START_AT + 6 * 3_600_000, previousStartAt: null, previousEndAt: null, cutoffAt: START_AT + 5 * 3_600_000, noticeBy: null,
  status: 'scheduled', reason: null, version: 1, createdAt: 0, updatedAt: 0, coverage,
});
const covered = (tenantId: string, hostIds: string[], bookingIds: string[] = []) =>
  ({ tenantId, status: 'covered' as const, reason: null, hostIds, via: bookingIds.length ? ('booking' as const) : ('subscription' as const), bookingIds, revision: 1 });
const input = (over: Partial<DueInput>): DueInput => ({
  window: window([covered('ten_a', ['h1', 'h2']), covered('ten_b', ['h3'])]),
  releases: [release('r-old', START_AT - 9e6), release('r-new', START_AT - 1e6), release('r-late', START_AT + 1)],
  bookings: new Map(),
  succeeded: () => new Set(),
  cleared: () => true,
  ...over,
});

describe('rollouts a window starts', () => {
  it('rolls out the newest release registered before the window opened to every covered host', () => {
    expect(dueRollouts(input({}))).toEqual([{ releaseId: 'r-new', hostIds: ['h1', 'h2', 'h3'] }]);
  });

  it('leaves out hosts where that release already succeeded, and releases not cleared', () => {
    expect(dueRollouts(input({ succeeded: (id) => new Set(id === 'r-new' ? ['h1'] : []) }))).toEqual([{ releaseId: 'r-new', hostIds: ['h2', 'h3'] }]);
    expect(dueRollouts(input({ cleared: (r) => r.id !== 'r-new' }))).toEqual([{ releaseId: 'r-old', hostIds: ['h1', 'h2', 'h3'] }]);
  });

  it('gives a tenant its own customisation release, and booked coverage the release its booking names', () => {
    const bookings = new Map([['bkg_1', { id: 'bkg_1', releaseId: 'r-old' } as Booking]]);
    const due = dueRollouts(input({ window: window([covered('ten_a', ['h1']), covered('ten_b', ['h3'], ['bkg_1']), covered('ten_c', ['h4'])]), releases: [release('r-old', START_AT - 9e6), release('r-c', START_AT - 1, 'ten_c'), release('r-new', START_AT - 5e6)], bookings }));
    expect(due).toEqual([
      { releaseId: 'r-new', hostIds: ['h1'] },
      { releaseId: 'r-old', hostIds: ['h3'] },
      { releaseId: 'r-c', hostIds: ['h4'] },
    ]);
  });

  it('starts nothing for a skipped coverage or a window not going ahead', () => {
    expect(dueRollouts(input({ window: window([{ ...covered('ten_a', ['h1']), status: 'skipped' }]) }))).toEqual([]);
    expect(dueRollouts(input({ window: { ...window([covered('ten_a', ['h1'])]), status: 'cancelled' } }))).toEqual([]);
  });
});
