/** Badges of the scheduling views: colour plus a word, never colour alone. */
import { t } from '../i18n/index.ts';
import type { ItemStatus } from '../calendar-items.ts';
import type { BookingState } from '../schedule-types.ts';

/** A booking's state. */
export function BookingBadge({ state }: { state: BookingState }) {
  return (
    <span class={`badge booking-${state}`} data-state={state}>
      {t(`bookingState.${state}`)}
    </span>
  );
}

/** A calendar item's status: a window's for the viewer, or a booking's state. */
export function ItemBadge({ status }: { status: ItemStatus }) {
  return (
    <span class={`badge item-badge-${status}`} data-status={status}>
      {t(`itemStatus.${status}`)}
    </span>
  );
}

/** Audit states a release can be in for booking. */
export const AUDIT_STATES = ['not-required', 'missing', 'submitted', 'approved', 'rejected'] as const;
export type AuditState = (typeof AUDIT_STATES)[number];

/** Where a release's security audit stands; an unknown state shows as it is. */
export function AuditBadge({ state }: { state: string }) {
  const known = (AUDIT_STATES as readonly string[]).includes(state);
  return (
    <span class={`badge audit-${known ? state : 'other'}`} data-audit={state}>
      {known ? t(`auditState.${state as AuditState}`) : state}
    </span>
  );
}
