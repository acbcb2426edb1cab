/**
 * Tenant contacts: where window notices go. Checked like receivers of the notifications file
 * (the same URL rule, messages that never quote the URL or secret), and resolved into a
 * receiver when a notice row is sent, as `contact:<id>`.
 */
import { AppError } from '../errors.ts';
import { newId } from '../auth/secrets.ts';
import { receiverUrlProblem, type ReceiverConfig } from '../notify/config.ts';
import type { ReceiverDirectory } from '../notify/delivery.ts';
import type { Contact, ContactKind, ContactLanguage, ContactStore } from '../store/notice-types.ts';

/** Outbox rows of contacts have receivers named `contact:<id>`: the delivery namespace. */
export const CONTACT_NAMESPACE = 'contact';

/** The receiver name of a contact in the outbox. */
export const contactReceiverName = (contactId: string) => `${CONTACT_NAMESPACE}:${contactId}`;

/** A tenant has at most this many contacts: each notice is sent to all of them. */
export const MAX_CONTACTS_PER_TENANT = 20;

/** How long a send to a contact may take. */
export const CONTACT_TIMEOUT_MS = 10_000;

/** The fields a contact is created with. */
export interface ContactInput {
  name: string;
  kind: ContactKind;
  url: string;
  secret?: string | null;
  language?: ContactLanguage;
}

/** A change: fields left out keep their value; `secret: null` removes the secret. */
export type ContactPatch = Partial<ContactInput>;

const SIGNING_KINDS: readonly ContactKind[] = ['dingtalk', 'feishu'];

/** What is wrong with a contact, as "field: what to do" lines; empty when it is fine. */
export function contactProblems(contact: Pick<Contact, 'name' | 'kind' | 'url' | 'secret'>): string[] {
  const problems: string[] = [];
  if (contact.name.trim() === '') problems.push('name: must not be blank, e.g. 运维值班群');
  const urlProblem = receiverUrlProblem(contact.url);
  if (urlProblem) problems.push(`url: ${urlProblem}`);
  if (contact.secret !== null && !SIGNING_KINDS.includes(contact.kind)) {
    problems.push(`secret: only DingTalk and Feishu robots sign messages; leave it out for ${contact.kind}`);
  }
  return problems;
}

function checked(contact: Contact): Contact {
  const problems = contactProblems(contact);
  if (problems.length > 0) throw new AppError('VALIDATION_FAILED', `contact is invalid: ${problems.join('; ')}`, { problems });
  return contact;
}

/** Creates a contact of `tenantId` (the caller has checked the tenant is visible). */
export function createContact(store: ContactStore, tenantId: string, input: ContactInput, now: number): Contact {
  if (store.list(tenantId).length >= MAX_CONTACTS_PER_TENANT) {
    throw new AppError('CONFLICT', `a tenant may have at most ${MAX_CONTACTS_PER_TENANT} contacts; delete one first`);
  }
  const contact = checked({
    id: newId('con'),
    tenantId,
    name: input.name.trim(),
    kind: input.kind,
    url: input.url,
    secret: input.secret ?? null,
    language: input.language ?? 'zh-CN',
    createdAt: now,
    updatedAt: now,
  });
  store.create(contact);
  return contact;
}

/** Applies `patch` to `contact`; switching to a kind that does not sign drops the secret unless one is given. */
export function updateContact(store: ContactStore, contact: Contact, patch: ContactPatch, now: number): Contact {
  const kind = patch.kind ?? contact.kind;
  const keptSecret = SIGNING_KINDS.includes(kind) ? contact.secret : null;
  const next = checked({
    ...contact,
    name: patch.name?.trim() ?? contact.name,
    kind,
    url: patch.url ?? contact.url,
    secret: patch.secret === undefined ? keptSecret : patch.secret,
    language: patch.language ?? contact.language,
    updatedAt: now,
  });
  if (!store.update(next)) throw new AppError('NOT_FOUND', 'contact not found');
  return next;
}

/** A contact as a receiver the outbox's senders understand. */
export function contactReceiver(contact: Contact): ReceiverConfig {
  return {
    name: contactReceiverName(contact.id),
    kind: contact.kind,
    url: contact.url,
    ...(contact.secret ? { secret: contact.secret } : {}),
    timeoutMs: CONTACT_TIMEOUT_MS,
    headers: {},
    maxAlerts: 0,
    resendIntervalMs: 60_000,
    language: contact.language,
  };
}

/** Contacts as the delivery worker's receivers, read (and unsealed) when each row is sent. */
export function contactReceivers(store: ContactStore): ReceiverDirectory {
  const prefix = `${CONTACT_NAMESPACE}:`;
  return {
    get(name) {
      const contact = name.startsWith(prefix) ? store.get(name.slice(prefix.length)) : undefined;
      return contact && contactReceiver(contact);
    },
    longestTimeoutMs: CONTACT_TIMEOUT_MS,
    missing: 'is a tenant contact that was deleted or changed kind',
  };
}
