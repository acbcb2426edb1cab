/**
 * Store interfaces of tenant contacts, window notices and calendar feeds (migration
 * 005-notices.sql). Instants are epoch milliseconds (UTC).
 */

/** How a contact is reached: a generic JSON webhook or a group robot. */
export type ContactKind = 'webhook' | 'dingtalk' | 'wecom' | 'feishu';
export const CONTACT_KINDS: readonly ContactKind[] = ['webhook', 'dingtalk', 'wecom', 'feishu'];

/** Languages notices are written in. */
export type ContactLanguage = 'zh-CN' | 'en';

/** A tenant contact as the services see it: `url` and `secret` in the clear (sealed at rest). */
export interface Contact {
  id: string;
  tenantId: string;
  name: string;
  kind: ContactKind;
  url: string;
  secret: string | null;
  language: ContactLanguage;
  createdAt: number;
  updatedAt: number;
}

/** Contacts; the implementation seals `url` and `secret` before they reach the disk. */
export interface ContactStore {
  create(contact: Contact): void;
  get(id: string): Contact | undefined;
  list(tenantId: string): Contact[];
  /** Replaces every field but `id`, `tenantId` and `createdAt`; false if there is no such contact. */
  update(contact: Contact): boolean;
  delete(id: string): boolean;
}

/** Notice kinds, in the order a window's life brings them. */
export type NoticeKind = 'advance' | 'day-before' | 'start' | 'end' | 'moved' | 'cancelled';

/** What became of a notice: queued to the tenant's contacts, or covered by another notice. */
export type NoticeOutcome = 'queued' | 'covered';

/** One notice a tenant was given. */
export interface SentNotice {
  key: string;
  tenantId: string;
  windowId: string;
  kind: NoticeKind;
  outcome: NoticeOutcome;
  /** How many contacts it was queued to. */
  contacts: number;
  createdAt: number;
}

/** The record of notices given; a key is recorded once. */
export interface NoticeStore {
  /** Records `notice`; false when its key is already recorded (call inside the outbox transaction). */
  record(notice: SentNotice): boolean;
  /** Keys recorded for any of `windowIds`. */
  keysFor(windowIds: readonly string[]): Set<string>;
  list(tenantId: string, limit: number): SentNotice[];
}

/** A calendar feed: its token is shown once and kept as a hash. */
export interface IcsFeed {
  id: string;
  tenantId: string;
  name: string;
  tokenHash: string;
  createdAt: number;
  revokedAt: number | null;
}

export interface IcsFeedStore {
  create(feed: IcsFeed): void;
  get(id: string): IcsFeed | undefined;
  findByHash(tokenHash: string): IcsFeed | undefined;
  list(tenantId: string): IcsFeed[];
  revoke(id: string, now: number): boolean;
}
