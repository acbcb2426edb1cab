import { describe, expect, it } from 'vitest';
import { CRITICAL_PERIOD_KINDS, CRITICAL_PERIOD_STATES } from '../../control-plane/critical/model.ts';
import { ApiError } from '../../dashboard/src/api.ts';
import { applyHostPush, coverageOf, declareRequest, periodClock, productsOf, refusalProblem, sortPeriods, type DeclareForm } from '../../dashboard/src/critical-period.ts';
import { criticalBoardHref, criticalPeriodsHref, parseCriticalRoute } from '../../dashboard/src/critical-routes.ts';
import { CRITICAL_KINDS, CRITICAL_STATES, type CriticalBoard, type CriticalPeriod } from '../../dashboard/src/critical-types.ts';
import { enCritical } from '../../dashboard/src/i18n/en-critical.ts';
import { placeholders } from '../../dashboard/src/i18n/index.ts';
import { zhCNCritical } from '../../dashboard/src/i18n/zh-CN-critical.ts';
import { parseLiveMessage } from '../../dashboard/src/live.ts';
import { parseRoute, routeHash } from '../../dashboard/src/router.ts';

const form = (patch: Partial<DeclareForm> = {}): DeclareForm => ({
  tenantId: 'ten_1',
  kind: 'closing',
  title: 'Year-end closing',
  start: '2026-12-28T00:00',
  end: '2027-01-04T00:00',
  hostIds: [],
  products: [],
  contactIds: [],
  notes: '',
  ...patch,
});

const period = (patch: Partial<CriticalPeriod> = {}): CriticalPeriod => ({
  id: 'crp_1',
  tenantId: 'ten_1',
  kind: 'closing',
  title: 'Closing',
  startLocal: '2026-12-28T00:00',
  endLocal: '2027-01-04T00:00',
  startsAt: '2026-12-27T16:00:00.000Z',
  endsAt: '2027-01-03T16:00:00.000Z',
  zone: 'Asia/Shanghai',
  state: 'scheduled',
  hostIds: [],
  products: [],
  contactIds: [],
  notes: null,
  createdAt: '2026-12-01T00:00:00.000Z',
  createdBy: 'user:admin',
  cancelledAt: null,
  cancelledBy: null,
  reportId: null,
  ...patch,
});

describe('critical-period routes', () => {
  it.each([
    ['#/critical', { page: 'critical-periods', query: {} }],
    ['#/critical?tenant=ten_1', { page: 'critical-periods', query: { tenantId: 'ten_1' } }],
    ['#/critical/crp_a%2Fb', { page: 'critical-board', periodId: 'crp_a/b' }],
  ])('parses %s and writes it back unchanged', (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
    expect(routeHash(parseRoute(hash))).toBe(hash);
  });

  it('leaves deeper paths to the not-found page and builds links to the list and a board', () => {
    expect(parseCriticalRoute('/critical/a/b', new URLSearchParams())).toBeNull();
    expect(parseRoute('#/critical/a/b').page).toBe('not-found');
    expect(criticalPeriodsHref()).toBe('#/critical');
    expect(criticalPeriodsHref('ten_1')).toBe('#/critical?tenant=ten_1');
    expect(criticalBoardHref('crp_1')).toBe('#/critical/crp_1');
  });
});

describe('declareRequest', () => {
  it('sends the local range as typed and leaves empty lists and notes out (every host of the tenant)', () => {
    expect(declareRequest(form({ title: '  Year-end closing ' }), 'Asia/Shanghai')).toEqual({
      body: { tenantId: 'ten_1', kind: 'closing', title: 'Year-end closing', start: '2026-12-28T00:00', end: '2027-01-04T00:00' },
    });
  });

  it('sends the chosen hosts, products, contacts and trimmed notes', () => {
    const checked = declareRequest(form({ hostIds: ['hst_1'], products: ['xingkong'], contactIds: ['ctc_1'], notes: ' call the CFO ' }), 'Asia/Shanghai');
    expect(checked).toEqual({ body: expect.objectContaining({ hostIds: ['hst_1'], products: ['xingkong'], contactIds: ['ctc_1'], notes: 'call the CFO' }) });
  });

  it.each([
    ['an empty title', form({ title: '  ' }), 'declare.badTitle'],
    ['an end equal to the start', form({ end: '2026-12-28T00:00' }), 'declare.badRange'],
    ['an end before the start', form({ end: '2026-12-27T23:59' }), 'declare.badRange'],
    ['a missing start', form({ start: '' }), 'declare.badRange'],
    ['an impossible date', form({ start: '2026-02-30T00:00' }), 'declare.badRange'],
    ['a range over 62 days', form({ end: '2027-02-28T00:01' }), 'declare.tooLong'],
  ])('refuses %s', (_, input, key) => {
    const checked = declareRequest(input, 'Asia/Shanghai');
    expect('problem' in checked && checked.problem.key).toBe(key);
  });

  it('accepts exactly 62 days in the tenant zone, across a daylight-saving change', () => {
    expect('body' in declareRequest(form({ start: '2026-03-01T00:00', end: '2026-05-02T00:00' }), 'Asia/Shanghai')).toBe(true);
    // New York springs forward on 2026-03-08: the same wall-clock span is an hour shorter, still allowed.
    expect('body' in declareRequest(form({ start: '2026-03-01T00:00', end: '2026-05-02T00:00' }), 'America/New_York')).toBe(true);
    expect('problem' in declareRequest(form({ start: '2026-03-01T00:00', end: '2026-05-02T00:01' }), 'Asia/Shanghai')).toBe(true);
  });
});

describe('refusalProblem', () => {
  it.each([
    ['END_NOT_AFTER_START', 'declare.badRange'],
    ['TOO_LONG', 'declare.tooLong'],
    ['ALREADY_OVER', 'declare.alreadyOver'],
    ['NOT_OF_TENANT', 'declare.notOfTenant'],
  ])('names the form problem of the server rule %s', (rule, key) => {
    expect(refusalProblem(new ApiError('VALIDATION_FAILED', 'end: …', 400, 'req', { field: 'end', rule }))?.key).toBe(key);
  });

  it('leaves other errors to be shown by their code', () => {
    expect(refusalProblem(new ApiError('VALIDATION_FAILED', 'bad', 400, 'req', { in: 'body' }))).toBeNull();
    expect(refusalProblem(new ApiError('PERIOD_CLOSED', 'closed', 409))).toBeNull();
    expect(refusalProblem(new Error('boom'))).toBeNull();
  });
});

describe('periodClock', () => {
  const p = period();
  it.each([
    ['2026-12-27T15:00:00Z', { kind: 'starts', seconds: 3600 }],
    ['2026-12-27T16:00:00Z', { kind: 'ends', seconds: 7 * 86_400 }],
    ['2027-01-03T15:59:59.500Z', { kind: 'ends', seconds: 1 }],
    ['2027-01-03T16:00:00Z', { kind: 'ended' }],
  ])('at %s reads %j', (at, clock) => {
    expect(periodClock(p, Date.parse(at))).toEqual(clock);
  });

  it('reads cancelled once cancelled, whatever the time', () => {
    expect(periodClock(period({ cancelledAt: '2026-12-28T01:00:00Z', state: 'cancelled' }), Date.parse('2026-12-29T00:00:00Z'))).toEqual({ kind: 'cancelled' });
  });

  it('reads ended once the server says so, even while the browser clock is behind', () => {
    expect(periodClock(period({ state: 'ended' }), Date.parse('2026-12-28T00:00:00Z'))).toEqual({ kind: 'ended' });
  });
});

describe('coverage, products and order', () => {
  it('covers every host when neither hosts nor products are named', () => {
    expect(coverageOf(period(), new Map())).toEqual({ kind: 'all' });
  });

  it('names the covered hosts (their id when unknown) and products', () => {
    expect(coverageOf(period({ hostIds: ['hst_1', 'hst_gone'], products: ['xingkong'] }), new Map([['hst_1', 'erp-db-01']]))).toEqual({
      kind: 'some',
      hostNames: ['erp-db-01', 'hst_gone'],
      products: ['xingkong'],
    });
  });

  it('lists each product the hosts run once, sorted, without hosts that have none', () => {
    expect(productsOf([{ product: 'xinghan' }, { product: null }, { product: 'cangqiong' }, { product: 'xinghan' }, { product: '' }])).toEqual(['cangqiong', 'xinghan']);
  });

  it('puts active periods first, then scheduled, then the rest, latest start first within each', () => {
    const periods = [
      period({ id: 'old-ended', state: 'ended', startsAt: '2026-01-01T00:00:00Z' }),
      period({ id: 'soon', state: 'scheduled', startsAt: '2026-12-01T00:00:00Z' }),
      period({ id: 'later', state: 'scheduled', startsAt: '2026-12-20T00:00:00Z' }),
      period({ id: 'now', state: 'active', startsAt: '2026-11-01T00:00:00Z' }),
      period({ id: 'cancelled', state: 'cancelled', startsAt: '2026-11-15T00:00:00Z' }),
    ];
    expect(sortPeriods(periods).map((p) => p.id)).toEqual(['now', 'later', 'soon', 'cancelled', 'old-ended']);
  });

  it('offers exactly the server kinds and states', () => {
    expect(CRITICAL_KINDS).toEqual(CRITICAL_PERIOD_KINDS);
    expect(CRITICAL_STATES).toEqual(CRITICAL_PERIOD_STATES);
  });
});

describe('applyHostPush', () => {
  const host = (id: string, status: 'up' | 'stale' | 'down') => ({ id, name: id, product: null, status, lastSeenAt: null, firingAlerts: 0 });
  const board: CriticalBoard = {
    period: period({ state: 'active' }),
    hosts: [host('hst_1', 'up'), host('hst_2', 'up')],
    incidents: [],
    counts: { hosts: 2, up: 2, stale: 0, down: 0, openIncidents: 1, breached: 0 },
  };

  it('takes the pushed status of a covered host and counts again', () => {
    const next = applyHostPush(board, [{ id: 'hst_2', status: 'down', lastSeenAt: '2026-12-28T01:00:00.000Z' }]);
    expect(next.hosts[1]).toEqual({ ...host('hst_2', 'down'), lastSeenAt: '2026-12-28T01:00:00.000Z' });
    expect(next.counts).toEqual({ hosts: 2, up: 1, stale: 0, down: 1, openIncidents: 1, breached: 0 });
  });

  it('leaves the board as it is when no covered host was pushed', () => {
    expect(applyHostPush(board, [{ id: 'hst_other', status: 'down', lastSeenAt: null }])).toBe(board);
  });
});

describe('live pushes of incidents and critical periods', () => {
  it('reads the incident ids of an incidents push', () => {
    expect(parseLiveMessage(JSON.stringify({ type: 'incidents', items: [{ id: 'inc_1', tenantId: 'ten_1' }] }))).toEqual({ type: 'incidents', ids: ['inc_1'] });
    expect(parseLiveMessage(JSON.stringify({ type: 'incidents', items: [{ tenantId: 'ten_1' }] }))).toBeNull();
  });

  it.each([
    [{ type: 'critical-period', periodId: 'crp_1' }, 'crp_1'],
    [{ type: 'critical-period', period: { id: 'crp_2' } }, 'crp_2'],
    [{ type: 'critical-period', item: { id: 'crp_3' } }, 'crp_3'],
    [{ type: 'critical-period', items: [{ id: 'crp_4' }] }, 'crp_4'],
    [{ type: 'critical-period' }, null],
  ])('reads the period of %j as %s', (message, periodId) => {
    expect(parseLiveMessage(JSON.stringify(message))).toEqual({ type: 'critical-period', periodId });
  });
});

describe('critical-period dictionaries', () => {
  it('have the same keys and placeholders in English and Chinese', () => {
    expect(Object.keys(zhCNCritical).sort()).toEqual(Object.keys(enCritical).sort());
    const keys = Object.keys(enCritical) as Array<keyof typeof enCritical>;
    expect(keys.filter((key) => placeholders(enCritical[key]).join() !== placeholders(zhCNCritical[key]).join())).toEqual([]);
  });

  it('name every kind and state in Chinese', () => {
    for (const kind of CRITICAL_KINDS) expect(zhCNCritical[`criticalKind.${kind}`]).toMatch(/\p{Script=Han}/u);
    for (const state of CRITICAL_STATES) expect(zhCNCritical[`criticalState.${state}`]).toMatch(/\p{Script=Han}/u);
  });
});
