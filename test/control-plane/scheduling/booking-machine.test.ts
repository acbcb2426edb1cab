import { describe, expect, it } from 'vitest';
import { ALLOWED_FROM, newBooking, nextBooking, touchesCoverage, type BookingAction, type NewBooking, type SlotPlacement } from '../../../control-plane/scheduling/booking-machine.ts';
import type { Booking, BookingState, Release } from '../../../control-plane/scheduling/model.ts';
import { APPROVAL_POLICY, approvalFor, auditStatus, bookingRoute, deploymentKindProblem } from '../../../control-plane/scheduling/policy.ts';
import { HOUR, NOW, privateTrack, track } from './helpers.ts';

const slot = (slotDate: string, startAt: number): SlotPlacement => ({ slotDate, slotStartAt: startAt, slotEndAt: startAt + 4 * HOUR, cutoffAt: startAt + 3.5 * HOUR });
const MARCH_10 = slot('2026-03-10', Date.parse('2026-03-10T22:00:00+08:00'));
const MARCH_12 = slot('2026-03-12', Date.parse('2026-03-12T22:00:00+08:00'));

const request = (approval: 'required' | 'none' = 'required'): NewBooking => ({
  ...MARCH_10,
  id: 'bkg_1',
  tenantId: 'ten_a',
  trackId: 'xingkong/st-standard',
  trackKey: 'xingkong/st-standard',
  approval,
  releaseId: null,
  insteadOfWindowId: null,
  note: '',
  by: 'user:alice',
});

const inState = (state: BookingState, approval: 'required' | 'none' = 'required'): Booking => ({ ...newBooking(request(approval), 'not-required', NOW), state });

const actions: Record<BookingAction['kind'], BookingAction> = {
  approve: { kind: 'approve', by: 'user:ops', reason: null, audit: 'not-required' },
  reject: { kind: 'reject', by: 'user:ops', reason: 'no capacity that night' },
  cancel: { kind: 'cancel', by: 'user:alice', reason: 'plans changed' },
  reschedule: { kind: 'reschedule', by: 'user:alice', reason: null, slot: MARCH_12 },
  move: { kind: 'move', by: 'user:ops', reason: 'DBA on leave', slot: MARCH_12 },
};

describe('new bookings', () => {
  it('start requested where the route asks for approval, and confirmed where it does not', () => {
    expect(newBooking(request('required'), 'not-required', NOW)).toMatchObject({ state: 'requested', requestedAt: NOW, requestedBy: 'user:alice', confirmedAt: null, version: 1 });
    expect(newBooking(request('none'), 'not-required', NOW)).toMatchObject({ state: 'confirmed', confirmedAt: NOW, confirmedBy: 'user:alice' });
  });

  it.each<[string, 'missing' | 'submitted' | 'rejected', string]>([
    ['no audit', 'missing', 'AUDIT_PENDING'],
    ['an audit under way', 'submitted', 'AUDIT_PENDING'],
    ['a rejected audit', 'rejected', 'AUDIT_REJECTED'],
  ])('are refused for a release with %s', (_name, audit, code) => {
    expect(() => newBooking(request(), audit, NOW)).toThrow(expect.objectContaining({ code }));
  });
});

describe('booking transitions', () => {
  const table: Array<[BookingState, BookingAction['kind'], BookingState | string]> = [
    ['requested', 'approve', 'confirmed'],
    ['requested', 'reject', 'rejected'],
    ['requested', 'cancel', 'cancelled'],
    ['requested', 'reschedule', 'requested'],
    ['requested', 'move', 'requested'],
    ['confirmed', 'approve', 'INVALID_TRANSITION'],
    ['confirmed', 'reject', 'INVALID_TRANSITION'],
    ['confirmed', 'cancel', 'cancelled'],
    ['confirmed', 'reschedule', 'requested'],
    ['confirmed', 'move', 'confirmed'],
    ...(['approve', 'reject', 'cancel', 'reschedule', 'move'] as const).flatMap((kind) => [
      ['rejected', kind, 'INVALID_TRANSITION'] as [BookingState, BookingAction['kind'], string],
      ['cancelled', kind, 'INVALID_TRANSITION'] as [BookingState, BookingAction['kind'], string],
    ]),
  ];

  it.each(table)('%s --%s--> %s', (from, kind, expected) => {
    const booking = inState(from);
    if (expected === expected.toUpperCase()) {
      expect(() => nextBooking(booking, actions[kind], NOW)).toThrow(expect.objectContaining({ code: expected }));
      return;
    }
    const after = nextBooking(booking, actions[kind], NOW + HOUR);
    expect(after.state).toBe(expected);
    expect(after.version).toBe(booking.version + 1);
    expect(after.updatedAt).toBe(NOW + HOUR);
    expect(after.reason).toBe(actions[kind].reason);
  });

  it('covers every action in its table of allowed states', () => {
    expect(Object.keys(ALLOWED_FROM).sort()).toEqual(Object.keys(actions).sort());
  });

  it('records who decided and when', () => {
    expect(nextBooking(inState('requested'), actions.approve, NOW)).toMatchObject({ confirmedAt: NOW, confirmedBy: 'user:ops' });
    expect(nextBooking(inState('requested'), actions.reject, NOW)).toMatchObject({ rejectedAt: NOW, rejectedBy: 'user:ops', reason: 'no capacity that night' });
    expect(nextBooking(inState('confirmed'), actions.cancel, NOW)).toMatchObject({ cancelledAt: NOW, cancelledBy: 'user:alice' });
  });

  it('puts a rescheduled or moved booking in its new slot', () => {
    expect(nextBooking(inState('confirmed'), actions.move, NOW)).toMatchObject({ ...MARCH_12, state: 'confirmed' });
    expect(nextBooking(inState('confirmed'), actions.reschedule, NOW)).toMatchObject({ ...MARCH_12, state: 'requested', confirmedAt: null, confirmedBy: null });
  });

  it('keeps a booking that needs no approval confirmed when the tenant reschedules it', () => {
    expect(nextBooking(inState('confirmed', 'none'), actions.reschedule, NOW).state).toBe('confirmed');
  });

  it('refuses a move to the slot the booking is already in', () => {
    expect(() => nextBooking(inState('confirmed'), { ...actions.move, slot: MARCH_10 } as BookingAction, NOW)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });

  it('closes every change at the cutoff of the slot, and not a millisecond earlier', () => {
    const booking = inState('confirmed');
    expect(nextBooking(booking, actions.cancel, booking.cutoffAt - 1).state).toBe('cancelled');
    for (const kind of ['cancel', 'reschedule', 'move'] as const) {
      expect(() => nextBooking(booking, actions[kind], booking.cutoffAt)).toThrow(expect.objectContaining({ code: 'BOOKING_CLOSED' }));
    }
    expect(() => nextBooking(inState('requested'), actions.approve, booking.cutoffAt)).toThrow(expect.objectContaining({ code: 'BOOKING_CLOSED' }));
  });

  it.each<['missing' | 'submitted' | 'rejected' | 'approved', string]>([
    ['missing', 'AUDIT_PENDING'],
    ['submitted', 'AUDIT_PENDING'],
    ['rejected', 'AUDIT_REJECTED'],
    ['approved', 'confirmed'],
  ])('approves a customisation booking whose audit is %s: %s', (audit, expected) => {
    const approve = { ...actions.approve, audit } as BookingAction;
    if (expected === 'confirmed') expect(nextBooking(inState('requested'), approve, NOW).state).toBe('confirmed');
    else expect(() => nextBooking(inState('requested'), approve, NOW)).toThrow(expect.objectContaining({ code: expected }));
  });

  it('says a change matters to window coverage only when a confirmed booking is involved', () => {
    const requested = inState('requested');
    expect(touchesCoverage(null, requested)).toBe(false);
    expect(touchesCoverage(requested, nextBooking(requested, actions.reschedule, NOW))).toBe(false);
    expect(touchesCoverage(requested, nextBooking(requested, actions.approve, NOW))).toBe(true);
    expect(touchesCoverage(inState('confirmed'), nextBooking(inState('confirmed'), actions.cancel, NOW))).toBe(true);
  });
});

describe('scheduling policy', () => {
  it.each([
    ['a private track', privateTrack('ten_a'), false, 'private', 'none'],
    ['the customisation track', track('xingkong/st-custom'), false, 'audited', 'required'],
    ['an alternative to a batch window', track('xingkong/st-standard'), true, 'alternative', 'required'],
    ['a single-tenant slot', track('xingkong/st-standard'), false, 'direct', 'required'],
  ] as const)('routes a booking on %s as %s needing approval %s', (_name, resolved, viaAlternative, route, approval) => {
    expect(bookingRoute(resolved, viaAlternative)).toBe(route);
    expect(approvalFor(route)).toBe(approval);
    expect(APPROVAL_POLICY[route].why).not.toBe('');
  });

  it('lets private tracks be followed only as private deployments, and catalog tracks only as public ones', () => {
    expect(deploymentKindProblem(privateTrack('ten_a'), 'private')).toBeUndefined();
    expect(deploymentKindProblem(privateTrack('ten_a'), 'public-single-tenant')).toMatch(/must be private/);
    expect(deploymentKindProblem(track('xingkong/mt-standard'), 'public-multi-tenant')).toBeUndefined();
    expect(deploymentKindProblem(track('xingkong/st-standard'), 'public-single-tenant')).toBeUndefined();
    expect(deploymentKindProblem(track('cangqiong/agile'), 'private')).toMatch(/catalog track/);
  });

  it('asks for an audit on the customisation track and on customisation releases, and takes the latest one', () => {
    const release = (kind: Release['kind'], states: Array<'submitted' | 'approved' | 'rejected'>): Release => ({
      id: 'rel_1', trackId: 'xingkong/st-standard', tenantId: 'ten_a', version: '1', kind, notes: '', artifacts: [], createdAt: 0, createdBy: 'x',
      audits: states.map((state, i) => ({ id: `aud_${i}`, releaseId: 'rel_1', state, notes: '', findings: '', submittedAt: i, submittedBy: 'x', decidedAt: null, decidedBy: null })),
    });
    expect(auditStatus(release('standard', []), track('xingkong/st-standard'))).toBe('not-required');
    expect(auditStatus(release('customisation', []), track('xingkong/st-standard'))).toBe('missing');
    expect(auditStatus(null, track('xingkong/st-custom'))).toBe('missing');
    expect(auditStatus(release('customisation', ['rejected', 'approved']), track('xingkong/st-custom'))).toBe('approved');
    expect(auditStatus(release('standard', ['approved', 'submitted']), track('xingkong/st-custom'))).toBe('submitted');
  });
});
