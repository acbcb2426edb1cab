/**
 * Tenant contacts: tenant admins manage their own tenant's, ops any tenant's. Robot URLs and
 * secrets go in and never come out: answers show the URL redacted and whether a secret is set.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { privateAddressProblem } from '../notices/private-address.ts';
import { Type } from '@sinclair/typebox';
import { OPS_ROLES } from '../auth/principal.ts';
import { AppError } from '../errors.ts';
import { createContact, updateContact } from '../notices/contacts.ts';
import { redactUrl } from '../notify/redact.ts';
import { principalOf } from '../plugins/auth.ts';
import type { Contact } from '../store/types.ts';
import { Id, IsoInstant, ItemsOf, errorResponses, iso } from './schemas.ts';
import { visibleTenant } from './scope.ts';

const Kind = Type.Union([Type.Literal('webhook'), Type.Literal('dingtalk'), Type.Literal('wecom'), Type.Literal('feishu')]);
const Language = Type.Union([Type.Literal('zh-CN'), Type.Literal('en')]);
const fields = {
  name: Type.String({ minLength: 1, maxLength: 128 }),
  kind: Kind,
  url: Type.String({ minLength: 1, maxLength: 2048, description: "the webhook's or robot's URL; stored encrypted, shown redacted" }),
  secret: Type.Union([Type.String({ minLength: 1, maxLength: 256, description: 'DingTalk or Feishu signing secret; stored encrypted, never shown' }), Type.Null()]),
  language: Language,
};

const ContactBodySchema = Type.Object(
  { name: fields.name, kind: fields.kind, url: fields.url, secret: Type.Optional(fields.secret), language: Type.Optional(fields.language) },
  { additionalProperties: false },
);
const ContactPatchSchema = Type.Partial(Type.Object(fields, { additionalProperties: false }), { additionalProperties: false, minProperties: 1 });

const ContactSchema = Type.Object({
  id: Type.String(),
  tenantId: Type.String(),
  name: Type.String(),
  kind: Kind,
  url: Type.String({ description: 'redacted: query values and token-like path segments are ***' }),
  hasSecret: Type.Boolean(),
  language: Language,
  createdAt: IsoInstant,
  updatedAt: IsoInstant,
});

const toJson = (c: Contact) => ({
  id: c.id,
  tenantId: c.tenantId,
  name: c.name,
  kind: c.kind,
  url: redactUrl(c.url),
  hasSecret: c.secret !== null,
  language: c.language,
  createdAt: iso(c.createdAt),
  updatedAt: iso(c.updatedAt),
});

const TenantParams = Type.Object({ tenantId: Id });
const ContactParams = Type.Object({ tenantId: Id, contactId: Id });

const routes: FastifyPluginAsyncTypebox<{ allowPrivateAddresses: boolean }> = async (app, options) => {
  /** Tenant admins may not point notices into the vendor's network; ops may. */
  const checkAddress = (request: FastifyRequest, url: string) => {
    if (options.allowPrivateAddresses || principalOf(request).tenantId === null) return;
    const problem = privateAddressProblem(url);
    if (problem) throw new AppError('VALIDATION_FAILED', problem);
  };
  const managers = { access: 'roles' as const, roles: ['ops-admin', 'ops-operator', 'tenant-admin'] as const };
  const viewers = { access: 'roles' as const, roles: [...OPS_ROLES, 'tenant-admin'] as const };

  /** The contact of a visible tenant, or 404 (also for another tenant's contact). */
  function visibleContact(request: Parameters<typeof principalOf>[0], tenantId: string, contactId: string): Contact {
    const tenant = visibleTenant(app, principalOf(request), tenantId);
    const contact = app.store.contacts.get(contactId);
    if (!contact || contact.tenantId !== tenant.id) throw new AppError('NOT_FOUND', 'contact not found');
    return contact;
  }

  function audit(request: Parameters<typeof principalOf>[0], action: string, contact: Contact, now: number) {
    // Names and kinds only: the URL and secret are credentials.
    const details = { name: contact.name, kind: contact.kind };
    app.store.audit.append({ at: now, actor: principalOf(request).actor, action, tenantId: contact.tenantId, target: contact.id, details });
  }

  app.get(
    '/api/v1/tenants/:tenantId/contacts',
    { config: { policy: viewers }, schema: { tags: ['notices'], params: TenantParams, response: { 200: ItemsOf(ContactSchema), ...errorResponses } } },
    async (request) => {
      const tenant = visibleTenant(app, principalOf(request), request.params.tenantId);
      return { items: app.store.contacts.list(tenant.id).map(toJson) };
    },
  );

  app.post(
    '/api/v1/tenants/:tenantId/contacts',
    {
      config: { policy: managers, rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: { tags: ['notices'], params: TenantParams, body: ContactBodySchema, response: { 201: ContactSchema, ...errorResponses } },
    },
    async (request, reply) => {
      const tenant = visibleTenant(app, principalOf(request), request.params.tenantId);
      checkAddress(request, request.body.url);
      const now = app.clock();
      const contact = createContact(app.store.contacts, tenant.id, request.body, now);
      audit(request, 'contact.created', contact, now);
      return reply.status(201).send(toJson(contact));
    },
  );

  app.get(
    '/api/v1/tenants/:tenantId/contacts/:contactId',
    { config: { policy: viewers }, schema: { tags: ['notices'], params: ContactParams, response: { 200: ContactSchema, ...errorResponses } } },
    async (request) => toJson(visibleContact(request, request.params.tenantId, request.params.contactId)),
  );

  app.patch(
    '/api/v1/tenants/:tenantId/contacts/:contactId',
    {
      config: { policy: managers, rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: { tags: ['notices'], params: ContactParams, body: ContactPatchSchema, response: { 200: ContactSchema, ...errorResponses } },
    },
    async (request) => {
      const contact = visibleContact(request, request.params.tenantId, request.params.contactId);
      if (request.body.url !== undefined) checkAddress(request, request.body.url);
      const now = app.clock();
      const updated = updateContact(app.store.contacts, contact, request.body, now);
      audit(request, 'contact.updated', updated, now);
      return toJson(updated);
    },
  );

  app.delete(
    '/api/v1/tenants/:tenantId/contacts/:contactId',
    { config: { policy: managers }, schema: { tags: ['notices'], params: ContactParams, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      const contact = visibleContact(request, request.params.tenantId, request.params.contactId);
      const now = app.clock();
      if (app.store.contacts.delete(contact.id)) audit(request, 'contact.deleted', contact, now);
      return reply.status(204).send(null);
    },
  );
};

export default routes;
