/** A tenant's scheduling settings (subscriptions, freezes), contacts, calendar feeds and the audit log. */
import { queryString, request } from './api.ts';
import type { ContactInput, ContactPatch } from '../../control-plane/notices/contacts.ts';
import type { AuditEntry, Contact, CreatedIcsFeed, DeploymentKind, Freeze, IcsFeed, Subscription } from './schedule-types.ts';

const enc = encodeURIComponent;
const tenantPath = (tenantId: string, rest: string) => `/api/v1/tenants/${enc(tenantId)}/${rest}`;
const get = <T>(path: string, signal?: AbortSignal) => request<T>('GET', path, undefined, { signal });

/** Most audit lines the page asks for at once. */
export const AUDIT_LIMIT = 500;

/** One subscription as `PUT .../subscriptions` takes it; `hostIds` null means the default hosts. */
export interface SubscriptionInput {
  trackId: string;
  deploymentKind: DeploymentKind;
  hostIds?: string[] | null;
}

/** A new freeze: only a custom one needs dates, the others fall back to their defaults. */
export type NewFreeze =
  | { kind: 'month-end'; label?: string; lastDays?: number; firstDays?: number }
  | { kind: 'tax-filing'; label?: string; fromDay?: number; toDay?: number }
  | { kind: 'year-end'; label?: string; from?: string; to?: string }
  | { kind: 'custom'; label: string; from: string; to: string };

/** One month of a tax-filing freeze: other days, none, or back to the default. */
export type FreezeMonthEdit = { fromDay: number; toDay: number } | { off: true } | { reset: true };

/** A contact as written (the route's body); the secret is sent, never read back. */
export type { ContactInput, ContactPatch };

/** A tenant's subscriptions, freezes, contacts and calendar feeds, and the audit log. */
export const tenantApi = {
  subscriptions: (tenantId: string, signal?: AbortSignal) => get<{ items: Subscription[] }>(tenantPath(tenantId, 'subscriptions'), signal),
  replaceSubscriptions: (tenantId: string, items: SubscriptionInput[]) => request<{ items: Subscription[] }>('PUT', tenantPath(tenantId, 'subscriptions'), { items }),
  freezes: (tenantId: string, signal?: AbortSignal) => get<{ items: Freeze[] }>(tenantPath(tenantId, 'freezes'), signal),
  createFreeze: (tenantId: string, freeze: NewFreeze) => request<Freeze>('POST', tenantPath(tenantId, 'freezes'), freeze),
  deleteFreeze: (tenantId: string, freezeId: string) => request<Freeze>('DELETE', tenantPath(tenantId, `freezes/${enc(freezeId)}`)),
  editFreezeMonth: (tenantId: string, freezeId: string, month: string, edit: FreezeMonthEdit) =>
    request<Freeze>('PUT', tenantPath(tenantId, `freezes/${enc(freezeId)}/months/${enc(month)}`), edit),
  contacts: (tenantId: string, signal?: AbortSignal) => get<{ items: Contact[] }>(tenantPath(tenantId, 'contacts'), signal),
  createContact: (tenantId: string, contact: ContactInput) => request<Contact>('POST', tenantPath(tenantId, 'contacts'), contact),
  updateContact: (tenantId: string, contactId: string, patch: ContactPatch) => request<Contact>('PATCH', tenantPath(tenantId, `contacts/${enc(contactId)}`), patch),
  deleteContact: (tenantId: string, contactId: string) => request<void>('DELETE', tenantPath(tenantId, `contacts/${enc(contactId)}`)),
  feeds: (tenantId: string, signal?: AbortSignal) => get<{ items: IcsFeed[] }>(tenantPath(tenantId, 'ics-feeds'), signal),
  /** No name leaves the server's default ("calendar"). */
  createFeed: (tenantId: string, name?: string) => request<CreatedIcsFeed>('POST', tenantPath(tenantId, 'ics-feeds'), name ? { name } : {}),
  revokeFeed: (feedId: string) => request<IcsFeed>('POST', `/api/v1/ics-feeds/${enc(feedId)}/revoke`, {}),
  audit: (query: { tenantId?: string }, signal?: AbortSignal) => get<{ items: AuditEntry[] }>(`/api/v1/audit${queryString({ tenantId: query.tenantId, limit: AUDIT_LIMIT })}`, signal),
};
