/**
 * The dashboard's scheduling and tenant-settings clients against the real routes: every
 * call goes through `app.inject` of a control plane on a fixed clock, so a path, query
 * field or body the routes' schemas refuse fails here, not in a user's browser.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../dashboard/src/api.ts';
import { toNewRelease } from '../../dashboard/src/release-drafts.ts';
import { scheduleApi } from '../../dashboard/src/schedule-api.ts';
import { tenantApi } from '../../dashboard/src/tenant-api.ts';
import { schedulingPlane, type SchedulingPlane } from '../control-plane/scheduling/helpers.ts';

const TRACK = 'xingkong/st-standard';
const SHA = 'a'.repeat(64);

let cp: SchedulingPlane;
let tenantId: string;
let token: string;

/** Sends the clients' fetches to the app as `token`'s caller. */
function routeFetchTo(app: SchedulingPlane['app']) {
  vi.stubGlobal('fetch', async (path: string, init: RequestInit) => {
    const headers = { ...(init.headers as Record<string, string>), authorization: `Bearer ${token}` };
    const reply = await app.inject({ method: init.method as 'GET', url: path, headers, ...(init.body ? { payload: init.body as string } : {}) });
    return new Response(reply.statusCode === 204 ? null : reply.body, { status: reply.statusCode, headers: { 'content-type': String(reply.headers['content-type'] ?? '') } });
  });
}

beforeAll(async () => {
  cp = await schedulingPlane();
  tenantId = cp.tenant('Acme');
});

afterAll(async () => {
  await cp?.close();
});

afterEach(() => vi.unstubAllGlobals());

describe('tenant settings client', () => {
  it('replaces and reads subscriptions, and the tracks list shows the subscription', async () => {
    token = cp.ops();
    routeFetchTo(cp.app);
    const saved = await tenantApi.replaceSubscriptions(tenantId, [{ trackId: TRACK, deploymentKind: 'public-single-tenant', hostIds: null }]);
    expect(saved.items.map((s) => s.trackId)).toEqual([TRACK]);
    expect((await tenantApi.subscriptions(tenantId)).items).toHaveLength(1);
    const tracks = (await scheduleApi.tracks(tenantId)).items;
    expect(tracks.find((t) => t.id === TRACK)?.subscription?.deploymentKind).toBe('public-single-tenant');
  });

  it('adds every kind of freeze, edits a tax-filing month and deletes a freeze', async () => {
    token = cp.ops();
    routeFetchTo(cp.app);
    await tenantApi.createFreeze(tenantId, { kind: 'month-end', lastDays: 1, firstDays: 2 });
    await tenantApi.createFreeze(tenantId, { kind: 'year-end', label: 'Year end', from: '12-20', to: '01-03' });
    const custom = await tenantApi.createFreeze(tenantId, { kind: 'custom', label: 'Audit week', from: '2026-06-01', to: '2026-06-05' });
    const tax = await tenantApi.createFreeze(tenantId, { kind: 'tax-filing', fromDay: 1, toDay: 10 });
    expect((await tenantApi.editFreezeMonth(tenantId, tax.id, '2026-04', { fromDay: 1, toDay: 20 })).params.months).toEqual({ '2026-04': { fromDay: 1, toDay: 20 } });
    expect((await tenantApi.editFreezeMonth(tenantId, tax.id, '2026-05', { off: true })).params.months?.['2026-05']).toBeNull();
    expect((await tenantApi.editFreezeMonth(tenantId, tax.id, '2026-04', { reset: true })).params.months).toEqual({ '2026-05': null });
    await tenantApi.deleteFreeze(tenantId, custom.id);
    await tenantApi.deleteFreeze(tenantId, tax.id);
    expect((await tenantApi.freezes(tenantId)).items.map((f) => f.kind).sort()).toEqual(['month-end', 'year-end']);
  });

  it('creates, edits and deletes a contact, and never reads its secret back', async () => {
    token = cp.ops();
    routeFetchTo(cp.app);
    const contact = await tenantApi.createContact(tenantId, { name: 'Ops group', kind: 'dingtalk', url: 'https://oapi.dingtalk.com/robot/send?access_token=abc', secret: 'SEC1', language: 'en' });
    expect(contact).toMatchObject({ hasSecret: true, language: 'en' });
    expect(contact.url).not.toContain('abc');
    expect(await tenantApi.updateContact(tenantId, contact.id, { name: 'Night shift' })).toMatchObject({ name: 'Night shift', hasSecret: true });
    await tenantApi.deleteContact(tenantId, contact.id);
    expect((await tenantApi.contacts(tenantId)).items).toEqual([]);
  });

  it('creates a calendar feed with or without a name and revokes it', async () => {
    token = cp.ops();
    routeFetchTo(cp.app);
    const named = await tenantApi.createFeed(tenantId, 'Team');
    const unnamed = await tenantApi.createFeed(tenantId);
    expect(named.path).toMatch(/^\/ics\/.+\.ics$/);
    expect(unnamed.name).toBe('calendar');
    expect((await tenantApi.revokeFeed(named.id)).revokedAt).not.toBeNull();
    expect((await tenantApi.feeds(tenantId)).items.filter((f) => f.revokedAt === null).map((f) => f.id)).toEqual([unnamed.id]);
    expect((await tenantApi.audit({ tenantId })).items.map((e) => e.action)).toContain('ics-feed.revoked');
  });
});

describe('booking client', () => {
  it('lists slots, books for a tenant, approves, reschedules, moves and cancels with reasons', async () => {
    token = cp.ops();
    routeFetchTo(cp.app);
    const listing = await scheduleApi.slots(TRACK, { tenantId });
    const open = listing.items.filter((slot) => slot.bookable).map((slot) => slot.slotDate);
    expect(open.length).toBeGreaterThan(3);
    const later = await scheduleApi.slots(TRACK, { tenantId, from: listing.toDate, to: listing.toDate });
    expect(later.items.map((slot) => slot.slotDate)).toEqual([listing.toDate]);

    const booked = await scheduleApi.book({ trackId: TRACK, slotDate: open[0], tenantId, note: 'first' });
    expect(booked).toMatchObject({ state: 'requested', approval: 'required', note: 'first' });
    expect((await scheduleApi.bookings({ tenantId, states: ['requested'] })).items.map((b) => b.id)).toEqual([booked.id]);
    expect(await scheduleApi.changeBooking(booked.id, { action: 'approve' })).toMatchObject({ state: 'confirmed' });
    expect(await scheduleApi.changeBooking(booked.id, { action: 'reschedule', slotDate: open[1] })).toMatchObject({ slotDate: open[1] });
    expect(await scheduleApi.changeBooking(booked.id, { action: 'move', slotDate: open[2], reason: 'capacity' })).toMatchObject({ slotDate: open[2], reason: 'capacity' });
    expect(await scheduleApi.changeBooking(booked.id, { action: 'cancel', reason: 'not needed' })).toMatchObject({ state: 'cancelled' });

    const second = await scheduleApi.book({ trackId: TRACK, slotDate: open[3], tenantId });
    expect(await scheduleApi.changeBooking(second.id, { action: 'reject', reason: 'freeze at the bank' })).toMatchObject({ state: 'rejected', reason: 'freeze at the bank' });
    const windows = await scheduleApi.windows({ tenantId, fromAt: cp.clock.now, toAt: cp.clock.now + 30 * 86_400_000 });
    expect(Array.isArray(windows.items)).toBe(true);
  });

  it('turns a refused booking into an ApiError with the stable code', async () => {
    token = cp.ops();
    routeFetchTo(cp.app);
    const tooSoon = (await scheduleApi.slots(TRACK, { tenantId })).items.find((slot) => slot.reason?.code === 'TOO_SOON')!;
    const error = await scheduleApi.book({ trackId: TRACK, slotDate: tooSoon.slotDate, tenantId }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'TOO_SOON', status: 409 });
  });
});

describe('release client', () => {
  it('registers a customisation release, submits its audit as the tenant admin and lets ops reject then approve it', async () => {
    token = cp.ops();
    routeFetchTo(cp.app);
    const release = await scheduleApi.createRelease(
      toNewRelease({ trackId: 'xingkong/st-custom', tenantId, version: '2026.3.1', kind: 'customisation', notes: ' custom reports ', artifacts: [{ name: 'patch.tar.gz', sha256: SHA.toUpperCase(), url: '' }] }),
    );
    expect(release).toMatchObject({ auditState: 'missing', notes: 'custom reports', artifacts: [{ name: 'patch.tar.gz', sha256: SHA, url: null }] });
    expect((await scheduleApi.releases({ trackId: 'xingkong/st-custom' })).items.map((r) => r.id)).toEqual([release.id]);

    token = cp.token('tenant-admin', tenantId);
    const submitted = await scheduleApi.submitAudit(release.id, 'please review');
    expect(submitted.auditState).toBe('submitted');
    token = cp.ops('ops-operator');
    const rejected = await scheduleApi.decideAudit(release.id, submitted.audits[0].id, 'reject', 'SQL built from strings');
    expect(rejected.audits[0]).toMatchObject({ state: 'rejected', findings: 'SQL built from strings' });
    token = cp.token('tenant-admin', tenantId);
    const again = await scheduleApi.submitAudit(release.id, '');
    token = cp.ops('ops-operator');
    expect((await scheduleApi.decideAudit(release.id, again.audits[1].id, 'approve', 'fixed')).auditState).toBe('approved');
  });
});
