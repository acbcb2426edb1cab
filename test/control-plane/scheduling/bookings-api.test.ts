import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DAY, pathOf, schedulingPlane, type SchedulingPlane } from './helpers.ts';

let cp: SchedulingPlane;
let ops: string;
/** A follows st-standard directly; B follows the batch track whose alternative it is; C follows neither. */
let a: { tenantId: string; admin: string };
let b: { tenantId: string; admin: string };
let c: { tenantId: string; admin: string };

const SHA = 'ab'.repeat(32);

beforeEach(async () => {
  cp = await schedulingPlane();
  ops = cp.ops('ops-operator');
  a = cp.tenantWithAdmin('Tenant A');
  b = cp.tenantWithAdmin('Tenant B');
  c = cp.tenantWithAdmin('Tenant C');
  for (const [who, trackId, deploymentKind] of [[a, 'xingkong/st-standard', 'public-single-tenant'], [b, 'xingkong/mt-standard', 'public-multi-tenant']] as const) {
    expect((await cp.call('PUT', `/api/v1/tenants/${who.tenantId}/subscriptions`, who.admin, { items: [{ trackId, deploymentKind }] })).statusCode).toBe(200);
  }
  await cp.app.scheduling.flush();
});
afterEach(async () => cp.close());

const book = (who: { tenantId: string; admin: string }, slotDate: string, extra: object = {}) => cp.call('POST', '/api/v1/bookings', who.admin, { trackId: 'xingkong/st-standard', slotDate, ...extra });
const act = (token: string, id: string, action: string, body: object = {}) => cp.call('POST', `/api/v1/bookings/${id}/${action}`, token, body);
const auditOf = (id: string) => cp.store.audit.list(null, 500).filter((e) => e.target === id).reverse();

describe('booking a slot', () => {
  it('lists slots with remaining places and books one, requested until ops approve', async () => {
    const slots = await cp.call('GET', `/api/v1/tracks/${pathOf('xingkong/st-standard')}/slots?from=2026-03-03&to=2026-03-05`, a.admin);
    expect(slots.statusCode).toBe(200);
    expect(slots.json()).toMatchObject({ trackId: 'xingkong/st-standard', tenantId: a.tenantId, fromDate: '2026-03-03', toDate: '2026-03-05' });
    expect(slots.json().items.map((s: { slotDate: string; bookable: boolean; reason: { code: string } | null }) => [s.slotDate, s.bookable, s.reason?.code ?? null])).toEqual([
      ['2026-03-03', false, 'TOO_SOON'],
      ['2026-03-04', true, null],
      ['2026-03-05', true, null],
    ]);
    const booked = await book(a, '2026-03-05', { note: 'patch 8.1' });
    expect(booked.statusCode, booked.body).toBe(201);
    expect(booked.json()).toMatchObject({ tenantId: a.tenantId, state: 'requested', approval: 'required', slotDate: '2026-03-05', slotStartAt: '2026-03-05T14:00:00.000Z', note: 'patch 8.1', insteadOfWindowId: null });
    const after = (await cp.call('GET', `/api/v1/tracks/${pathOf('xingkong/st-standard')}/slots?from=2026-03-05&to=2026-03-05`, a.admin)).json().items[0];
    expect(after).toMatchObject({ booked: 1, remaining: 9, yourBookingId: booked.json().id });
  });

  it.each([
    ['a tenant following neither the track nor a batch track it replaces', () => book(c, '2026-03-10'), 409, 'NOT_SUBSCRIBED'],
    ['a holiday', () => book(a, '2026-04-04'), 409, 'HOLIDAY'],
    ['a slot inside the lead time', () => book(a, '2026-03-03'), 409, 'TOO_SOON'],
    ['a date beyond the horizon', () => book(a, '2026-12-01'), 400, 'VALIDATION_FAILED'],
    ['a track with fixed windows', () => cp.call('POST', '/api/v1/bookings', b.admin, { trackId: 'xingkong/mt-standard', slotDate: '2026-03-14' }), 400, 'TRACK_NOT_BOOKABLE'],
    ['an unknown track', () => cp.call('POST', '/api/v1/bookings', a.admin, { trackId: 'xingkong/nope', slotDate: '2026-03-14' }), 404, 'NOT_FOUND'],
    ['ops without a tenant', () => cp.call('POST', '/api/v1/bookings', ops, { trackId: 'xingkong/st-standard', slotDate: '2026-03-10' }), 400, 'VALIDATION_FAILED'],
    ['a tenant viewer', () => cp.call('POST', '/api/v1/bookings', cp.token('tenant-viewer', a.tenantId), { trackId: 'xingkong/st-standard', slotDate: '2026-03-10' }), 403, 'FORBIDDEN'],
  ])('refuses %s', async (_name, attempt, status, code) => {
    const response = await attempt();
    expect(response.statusCode, response.body).toBe(status);
    expect(response.json().error.code).toBe(code);
    expect(cp.store.bookings.list({ limit: 10 })).toEqual([]);
  });

  it('refuses a second place for the same tenant in one slot', async () => {
    expect((await book(a, '2026-03-10')).statusCode).toBe(201);
    const again = await book(a, '2026-03-10');
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('ALREADY_BOOKED');
  });

  it('books for a tenant when ops name it', async () => {
    const response = await cp.call('POST', '/api/v1/bookings', ops, { trackId: 'xingkong/st-standard', slotDate: '2026-03-10', tenantId: a.tenantId });
    expect(response.json()).toMatchObject({ tenantId: a.tenantId, requestedBy: expect.stringMatching(/^token:ops-operator/) });
  });

  it('lets a batch tenant book another slot instead of its next batch window, which then leaves it out once confirmed', async () => {
    const response = await book(b, '2026-03-10');
    expect(response.statusCode, response.body).toBe(201);
    const march = cp.store.windows.list({ trackId: 'xingkong/mt-standard', fromAt: 0, toAt: Date.parse('2026-04-01T00:00:00Z'), limit: 5 })[0];
    expect(response.json()).toMatchObject({ approval: 'required', insteadOfWindowId: march.id });
    expect((await act(ops, response.json().id, 'approve', { reason: 'ok' })).json().state).toBe('confirmed');
    await cp.app.scheduling.flush();
    expect(cp.store.windows.get(march.id)!.coverage).toMatchObject([{ tenantId: b.tenantId, status: 'skipped', reason: { code: 'BOOKED_ELSEWHERE' } }]);
    const slotWindow = cp.store.windows.list({ trackId: 'xingkong/st-standard', fromAt: 0, toAt: Date.parse('2026-04-01T00:00:00Z'), limit: 5 });
    expect(slotWindow.map((w) => [w.localDate, w.coverage.map((x) => `${x.tenantId}:${x.status}:${x.via}`)])).toEqual([['2026-03-10', [`${b.tenantId}:covered:booking`]]]);
  });

  it('refuses to replace a window the tenant is not in', async () => {
    const agile = cp.store.windows.list({ trackId: 'cangqiong/agile', fromAt: 0, toAt: Date.parse('2026-04-01T00:00:00Z'), limit: 5 })[0];
    const response = await book(b, '2026-03-10', { insteadOfWindowId: agile.id });
    expect(response.statusCode).toBe(404);
  });
});

describe('changing a booking', () => {
  it('reschedules, approves, moves with a reason and cancels, auditing who, what and why', async () => {
    const { id } = (await book(a, '2026-03-10')).json();
    expect((await act(a.admin, id, 'reschedule', { slotDate: '2026-03-11', reason: 'DBA free then' })).json()).toMatchObject({ slotDate: '2026-03-11', state: 'requested', version: 2 });
    expect((await act(a.admin, id, 'approve')).statusCode).toBe(403);
    expect((await act(ops, id, 'approve')).json()).toMatchObject({ state: 'confirmed', confirmedBy: expect.stringMatching(/^token:ops-operator/) });
    expect((await act(ops, id, 'move', { slotDate: '2026-03-04' })).statusCode).toBe(400);
    expect((await act(ops, id, 'move', { slotDate: '2026-03-03', reason: 'slot of 11th closed for a network change' })).json()).toMatchObject({ slotDate: '2026-03-03', state: 'confirmed' });
    expect((await act(a.admin, id, 'cancel', { reason: 'merged into next month' })).json()).toMatchObject({ state: 'cancelled', reason: 'merged into next month' });
    const again = await act(a.admin, id, 'cancel', {});
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('INVALID_TRANSITION');
    expect(auditOf(id).map((e) => [e.action, e.details.why, e.details.slotDate])).toEqual([
      ['booking.requested', null, '2026-03-10'],
      ['booking.rescheduled', 'DBA free then', '2026-03-11'],
      ['booking.approved', null, '2026-03-11'],
      ['booking.moved', 'slot of 11th closed for a network change', '2026-03-03'],
      ['booking.cancelled', 'merged into next month', '2026-03-03'],
    ]);
    expect(auditOf(id).every((e) => e.tenantId === a.tenantId && e.actor.startsWith('token:'))).toBe(true);
  });

  it('keeps the tenant to the lead time when it reschedules, and closes changes at the cutoff', async () => {
    const { id } = (await book(a, '2026-03-05')).json();
    const soon = await act(a.admin, id, 'reschedule', { slotDate: '2026-03-03' });
    expect(soon.json().error.code).toBe('TOO_SOON');
    cp.clock.now = Date.parse('2026-03-06T01:30:00+08:00');
    const late = await act(a.admin, id, 'cancel', {});
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('BOOKING_CLOSED');
    cp.clock.now -= 1;
    expect((await act(a.admin, id, 'cancel', {})).json().state).toBe('cancelled');
  });

  it('rejects with a reason, after which nothing changes it', async () => {
    const { id } = (await book(a, '2026-03-10')).json();
    expect((await act(ops, id, 'reject', {})).statusCode).toBe(400);
    expect((await act(ops, id, 'reject', { reason: 'window reserved for a migration' })).json()).toMatchObject({ state: 'rejected', rejectedBy: expect.any(String) });
    expect((await act(a.admin, id, 'reschedule', { slotDate: '2026-03-12' })).json().error.code).toBe('INVALID_TRANSITION');
  });

  it('keeps each tenant to its own bookings: another tenant gets 404 and changes nothing', async () => {
    const { id } = (await book(a, '2026-03-10')).json();
    for (const [action, body] of [['cancel', {}], ['reschedule', { slotDate: '2026-03-12' }]] as const) {
      expect((await act(b.admin, id, action, body)).statusCode).toBe(404);
    }
    expect((await cp.call('POST', '/api/v1/bookings', b.admin, { trackId: 'xingkong/st-standard', slotDate: '2026-03-12', tenantId: a.tenantId })).statusCode).toBe(404);
    expect((await cp.call('GET', '/api/v1/bookings', b.admin)).json().items).toEqual([]);
    expect((await cp.call('GET', `/api/v1/bookings?tenantId=${a.tenantId}`, b.admin)).statusCode).toBe(404);
    expect((await cp.call('GET', '/api/v1/bookings?state=requested', a.admin)).json().items.map((x: { id: string }) => x.id)).toEqual([id]);
    expect(cp.store.bookings.get(id)).toMatchObject({ state: 'requested', slotDate: '2026-03-10', version: 1 });
  });
});

describe('customisation releases', () => {
  const customSlots = (releaseId?: string) =>
    cp.call('GET', `/api/v1/tracks/${pathOf('xingkong/st-custom')}/slots?from=2026-03-10&to=2026-03-10${releaseId ? `&releaseId=${releaseId}` : ''}`, a.admin);
  const bookCustom = (releaseId?: string, slotDate = '2026-03-10') => book(a, slotDate, { trackId: 'xingkong/st-custom', ...(releaseId ? { releaseId } : {}) });

  beforeEach(async () => {
    await cp.call('PUT', `/api/v1/tenants/${a.tenantId}/subscriptions`, a.admin, { items: [{ trackId: 'xingkong/st-custom', deploymentKind: 'public-single-tenant' }] });
  });

  it('need an approved security audit before a slot for them can be booked or confirmed', async () => {
    expect((await bookCustom()).json().error.code).toBe('RELEASE_REQUIRED');
    const created = await cp.call('POST', '/api/v1/releases', ops, {
      trackId: 'xingkong/st-custom', tenantId: a.tenantId, version: '8.1.0-c1', kind: 'customisation', notes: 'invoice layout', artifacts: [{ name: 'patch.tar.gz', sha256: SHA.toUpperCase() }],
    });
    expect(created.statusCode, created.body).toBe(201);
    const release = created.json();
    expect(release).toMatchObject({ auditState: 'missing', artifacts: [{ name: 'patch.tar.gz', sha256: SHA, url: null }] });
    expect((await customSlots(release.id)).json().items[0].reason.code).toBe('AUDIT_PENDING');
    expect((await bookCustom(release.id)).json().error.code).toBe('AUDIT_PENDING');

    const submitted = await cp.call('POST', `/api/v1/releases/${release.id}/audits`, a.admin, { notes: 'please review' });
    expect(submitted.json()).toMatchObject({ auditState: 'submitted', audits: [{ state: 'submitted', submittedBy: expect.stringMatching(/^token:tenant-admin/) }] });
    const auditId = submitted.json().audits[0].id;
    expect((await cp.call('POST', `/api/v1/releases/${release.id}/audits`, a.admin, {})).statusCode).toBe(409);
    expect((await cp.call('POST', `/api/v1/releases/${release.id}/audits/${auditId}/approve`, a.admin, { findings: 'x' })).statusCode).toBe(403);
    expect((await bookCustom(release.id)).json().error.code).toBe('AUDIT_PENDING');
    const approved = await cp.call('POST', `/api/v1/releases/${release.id}/audits/${auditId}/approve`, ops, { findings: 'no findings' });
    expect(approved.json()).toMatchObject({ auditState: 'approved', audits: [{ state: 'approved', findings: 'no findings', decidedBy: expect.stringMatching(/^token:ops/) }] });
    expect((await customSlots()).json().items[0].bookable).toBe(true);

    const booked = await bookCustom(release.id);
    expect(booked.json()).toMatchObject({ state: 'requested', releaseId: release.id });
    // A new audit under way (say, after a changed artifact) holds the confirmation back again.
    const reaudit = (await cp.call('POST', `/api/v1/releases/${release.id}/audits`, ops, { notes: 're-check' })).json().audits[1].id;
    expect((await act(ops, booked.json().id, 'approve')).json().error.code).toBe('AUDIT_PENDING');
    await cp.call('POST', `/api/v1/releases/${release.id}/audits/${reaudit}/reject`, ops, { findings: 'hard-coded credentials in invoice.js' });
    expect((await act(ops, booked.json().id, 'approve')).json().error.code).toBe('AUDIT_REJECTED');
    const third = (await cp.call('POST', `/api/v1/releases/${release.id}/audits`, ops, {})).json().audits[2].id;
    await cp.call('POST', `/api/v1/releases/${release.id}/audits/${third}/approve`, ops, { findings: 'fixed' });
    const finalApprove = await act(ops, booked.json().id, 'approve');
    expect(finalApprove.json().state, finalApprove.body).toBe('confirmed');
    expect(cp.store.audit.list(a.tenantId, 100).filter((e) => e.target === release.id).map((e) => e.action).reverse()).toEqual([
      'release.created', 'release.audit-submitted', 'release.audit-approved', 'release.audit-submitted', 'release.audit-rejected', 'release.audit-submitted', 'release.audit-approved',
    ]);
  });

  it.each([
    ['an artifact without a real sha256', { artifacts: [{ name: 'x', sha256: 'abc' }] }, 400],
    ['a customisation release for no tenant', { tenantId: undefined }, 400],
    ['an unknown track', { trackId: 'xingkong/nope' }, 404],
  ])('refuses %s', async (_name, change, status) => {
    const body = { trackId: 'xingkong/st-custom', tenantId: a.tenantId, version: '1', kind: 'customisation', artifacts: [{ name: 'p', sha256: SHA }], ...change };
    expect((await cp.call('POST', '/api/v1/releases', ops, body)).statusCode).toBe(status);
  });

  it('keeps release versions unique per track and tenant, and tenant releases to their tenant', async () => {
    const body = { trackId: 'xingkong/st-custom', tenantId: a.tenantId, version: '1', kind: 'customisation' };
    const release = (await cp.call('POST', '/api/v1/releases', ops, body)).json();
    expect((await cp.call('POST', '/api/v1/releases', ops, body)).statusCode).toBe(409);
    expect((await cp.call('POST', '/api/v1/releases', ops, { ...body, tenantId: b.tenantId })).statusCode).toBe(201);
    expect((await cp.call('POST', '/api/v1/releases', ops, { trackId: 'xingkong/st-standard', version: '8.1', kind: 'standard' })).json().auditState).toBe('not-required');
    const seen = (await cp.call('GET', '/api/v1/releases', b.admin)).json().items.map((r: { id: string }) => r.id);
    expect(seen).not.toContain(release.id);
    expect(seen).toHaveLength(2);
    expect((await cp.call('POST', `/api/v1/releases/${release.id}/audits`, b.admin, {})).statusCode).toBe(404);
    expect((await book(b, '2026-03-10', { releaseId: release.id })).statusCode).toBe(404);
  });
});

describe('slot listings', () => {
  it('need a tenant for a private track, and keep tenants to their own', async () => {
    await cp.call('POST', `/api/v1/tenants/${a.tenantId}/private-tracks`, a.admin, {
      id: 'private/ondemand', name: 'on demand', cadence: { kind: 'on-request', weekdays: ['sat', 'sun'], minLead: '1d' }, start: '20:00', duration: '3h', capacity: 1,
    });
    const url = `/api/v1/tracks/${pathOf('private/ondemand')}/slots?from=2026-03-07&to=2026-03-08`;
    expect((await cp.call('GET', url, a.admin)).json().items.map((s: { slotDate: string }) => s.slotDate)).toEqual(['2026-03-07', '2026-03-08']);
    expect((await cp.call('GET', url, b.admin)).statusCode).toBe(404);
    expect((await cp.call('GET', url, ops)).statusCode).toBe(404);
    expect((await cp.call('GET', `${url}&tenantId=${a.tenantId}`, ops)).statusCode).toBe(200);
    const booked = await cp.call('POST', '/api/v1/bookings', a.admin, { trackId: 'private/ondemand', slotDate: '2026-03-07' });
    expect(booked.json()).toMatchObject({ state: 'confirmed', approval: 'none' });
  });

  it('refuse a range longer than the horizon or the wrong way round', async () => {
    const base = `/api/v1/tracks/${pathOf('xingkong/st-standard')}/slots`;
    expect((await cp.call('GET', `${base}?from=2026-03-10&to=2026-03-01`, a.admin)).statusCode).toBe(400);
    expect((await cp.call('GET', `${base}?from=2026-03-10&to=2027-03-01`, a.admin)).statusCode).toBe(400);
    const defaults = (await cp.call('GET', base, a.admin)).json();
    expect([defaults.fromDate, defaults.toDate, defaults.items.length]).toEqual(['2026-03-02', '2026-03-29', 28]);
    expect(Date.parse(defaults.items[27].startAt) - Date.parse(defaults.items[0].startAt)).toBe(27 * DAY);
  });
});
