/** Critical periods as pure values: state from `now`, which hosts they cover, and the checks of a declared range. */
import { describe, expect, it } from 'vitest';
import { criticalOverlap } from '../../../control-plane/critical/freeze.ts';
import { coversHost, coveringPeriod, periodState } from '../../../control-plane/critical/model.ts';
import { MAX_PERIOD_DAYS, resolveRange } from '../../../control-plane/critical/validation.ts';
import { AppError } from '../../../control-plane/errors.ts';
import { DAY, SAT, period } from './fixtures.ts';

const host = (id: string, product: string | null, tenantId = 't1') => ({ id, tenantId, product });

describe('state of a critical period', () => {
  it.each([
    ['scheduled', SAT - 1, null],
    ['active', SAT, null],
    ['active', SAT + 2 * DAY - 1, null],
    ['ended', SAT + 2 * DAY, null],
    ['cancelled', SAT + DAY, SAT - DAY],
  ] as const)('is %s at %i (cancelled at %s)', (state, now, cancelledAt) => {
    expect(periodState(period('t1', { cancelledAt }), now)).toBe(state);
  });
});

describe('hosts a critical period covers', () => {
  it.each([
    ['every host of the tenant when it lists none', {}, host('h1', 'xingkong'), true],
    ['no host of another tenant', {}, host('h1', 'xingkong', 't2'), false],
    ['a host listed by id', { hostIds: ['h1'] }, host('h1', null), true],
    ['not a host left out of the list', { hostIds: ['h2'] }, host('h1', 'xingkong'), false],
    ['a host of a listed product', { products: ['xingkong'] }, host('h1', 'xingkong'), true],
    ['not a host without a product when products are listed', { products: ['xingkong'] }, host('h1', null), false],
    ['a host listed by id or product', { hostIds: ['h9'], products: ['cangqiong'] }, host('h1', 'cangqiong'), true],
  ])('covers %s', (_name, lists, candidate, expected) => {
    expect(coversHost(period('t1', lists), candidate)).toBe(expected);
  });

  it('finds the active period covering a host, and none once it ends or is cancelled', () => {
    const periods = [period('t1', { id: 'crp_x', hostIds: ['h2'] }), period('t1', { id: 'crp_y', products: ['xingkong'] })];
    expect(coveringPeriod(periods, host('h1', 'xingkong'), SAT + DAY)?.id).toBe('crp_y');
    expect(coveringPeriod(periods, host('h1', 'xingkong'), SAT + 2 * DAY)).toBeUndefined();
    expect(coveringPeriod([{ ...periods[1], cancelledAt: SAT }], host('h1', 'xingkong'), SAT + DAY)).toBeUndefined();
  });

  it('freezes windows overlapping the range on instants, not ones that end as it starts', () => {
    const span = period('t1');
    expect(criticalOverlap([span], SAT - 4 * 3_600_000, SAT)).toBeUndefined();
    expect(criticalOverlap([span], SAT - 4 * 3_600_000, SAT + 1)?.id).toBe(span.id);
    expect(criticalOverlap([span], span.endsAt, span.endsAt + 1)).toBeUndefined();
  });
});

/** The rule of the VALIDATION_FAILED error `run` throws. */
function ruleOf(run: () => unknown): { code: string; field: unknown; rule: unknown } {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, field: error.details?.field, rule: error.details?.rule };
    throw error;
  }
  throw new Error('expected a validation error');
}

describe('resolving a declared local range', () => {
  const now = SAT - 7 * DAY;

  it('resolves local wall-clock times in the tenant zone, whatever the process zone', () => {
    expect(resolveRange('2026-03-14T00:00', '2026-03-16T00:00', 'Asia/Shanghai', now)).toEqual({ startsAt: Date.parse('2026-03-13T16:00:00Z'), endsAt: Date.parse('2026-03-15T16:00:00Z') });
    // New York springs forward on 8 March 2026: the range is 47 hours long.
    const ny = resolveRange('2026-03-07T00:00', '2026-03-09T00:00', 'America/New_York', Date.parse('2026-03-01T00:00:00Z'));
    expect(ny).toEqual({ startsAt: Date.parse('2026-03-07T05:00:00Z'), endsAt: Date.parse('2026-03-09T04:00:00Z') });
  });

  it(`accepts exactly ${MAX_PERIOD_DAYS} days`, () => {
    const { startsAt, endsAt } = resolveRange('2026-03-01T00:00', '2026-05-02T00:00', 'Asia/Shanghai', Date.parse('2026-02-01T00:00:00Z'));
    expect((endsAt - startsAt) / DAY).toBe(MAX_PERIOD_DAYS);
  });

  it.each([
    ['a start that is not a local date-time', '2026-03-14 00:00', '2026-03-16T00:00', 'Asia/Shanghai', 'start', 'LOCAL_TIME_INVALID'],
    ['an end on a date that does not exist', '2026-02-14T00:00', '2026-02-30T00:00', 'Asia/Shanghai', 'end', 'LOCAL_TIME_INVALID'],
    ['an hour past 23', '2026-03-14T24:00', '2026-03-16T00:00', 'Asia/Shanghai', 'start', 'LOCAL_TIME_INVALID'],
    ['a zone that is not IANA', '2026-03-14T00:00', '2026-03-16T00:00', 'Mars/Olympus', 'zone', 'ZONE_INVALID'],
    ['an end equal to the start', '2026-03-14T00:00', '2026-03-14T00:00', 'Asia/Shanghai', 'end', 'END_NOT_AFTER_START'],
    ['an end before the start', '2026-03-14T00:00', '2026-03-13T23:59', 'Asia/Shanghai', 'end', 'END_NOT_AFTER_START'],
    ['a range one minute over 62 days', '2026-03-14T00:00', '2026-05-15T00:01', 'Asia/Shanghai', 'end', 'TOO_LONG'],
    ['a range already over', '2026-02-01T00:00', '2026-02-02T00:00', 'Asia/Shanghai', 'end', 'ALREADY_OVER'],
  ])('refuses %s', (_name, start, end, zone, field, rule) => {
    expect(ruleOf(() => resolveRange(start, end, zone, now))).toEqual({ code: 'VALIDATION_FAILED', field, rule });
  });
});
