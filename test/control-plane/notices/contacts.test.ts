import { statSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contactProblems } from '../../../control-plane/notices/contacts.ts';
import { loadOrCreateSecretKey, secretBox, secretKeyPath } from '../../../control-plane/notices/secret-box.ts';
import { noticesForWindowsChanged } from '../../../control-plane/plugins/notices.ts';
import { sqliteNotificationStore } from '../../../control-plane/notify/store.ts';
import { startControlPlane, type TestControlPlane } from '../../helpers/control-plane.ts';
import { databaseText } from '../../helpers/db-snapshot.ts';
import { startReceiver, type TestReceiver } from '../notify/helpers.ts';
import { arraySource, batchWindow, captureLines, DAY, T0 } from './helpers.ts';

const ACCESS_TOKEN = 'dt0ken5ecretValue123456';
const SIGNING_SECRET = 'SECsigning-secret-987654';

let cp: TestControlPlane;
let receiver: TestReceiver;
let log: ReturnType<typeof captureLines>;
let tenantId: string;
let admin: string;
let now: number;

beforeEach(async () => {
  log = captureLines();
  receiver = await startReceiver();
  now = T0 - 7 * DAY;
  const windows = [batchWindow()];
  const source = arraySource(windows);
  // The receiver is on loopback: allow it, as an operator of a closed network would.
  cp = await startControlPlane({ clock: () => now, logger: { level: 'debug', stream: log.stream }, notices: { source }, allowPrivateContactAddresses: true });
  tenantId = cp.tenant('Acme');
  windows[0] = batchWindow({ tenantId });
  admin = cp.token('tenant-admin', tenantId);
});
afterEach(async () => {
  await cp.close();
  await receiver.close();
});

const call = (method: string, url: string, payload?: object, token = admin) =>
  cp.app.inject({ method: method as 'GET', url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });
const robotUrl = () => `${receiver.url}/robot/send?access_token=${ACCESS_TOKEN}`;
const create = (payload: object) => call('POST', `/api/v1/tenants/${tenantId}/contacts`, payload);

describe('contacts API', () => {
  it('creates, lists, reads, changes and deletes a contact, never showing its URL or secret', async () => {
    const created = await create({ name: '运维值班群', kind: 'dingtalk', url: robotUrl(), secret: SIGNING_SECRET, language: 'en' });
    expect(created.statusCode).toBe(201);
    const contact = created.json();
    expect(contact).toMatchObject({ tenantId, name: '运维值班群', kind: 'dingtalk', hasSecret: true, language: 'en', url: `${receiver.url}/robot/send?access_token=***` });
    const base = `/api/v1/tenants/${tenantId}/contacts`;
    expect((await call('GET', base)).json().items).toEqual([contact]);
    const renamed = (await call('PATCH', `${base}/${contact.id}`, { name: 'ops' })).json();
    expect(renamed).toMatchObject({ name: 'ops', hasSecret: true, url: contact.url });
    expect(cp.store.contacts.get(contact.id)).toMatchObject({ url: robotUrl(), secret: SIGNING_SECRET });
    // WeCom robots do not sign: switching kind drops the secret.
    expect((await call('PATCH', `${base}/${contact.id}`, { kind: 'wecom' })).json()).toMatchObject({ kind: 'wecom', hasSecret: false });
    const bodies = (await Promise.all([call('GET', base), call('GET', `${base}/${contact.id}`)])).map((r) => r.body).join('\n');
    expect(bodies).not.toContain(ACCESS_TOKEN);
    expect(bodies).not.toContain(SIGNING_SECRET);
    expect((await call('DELETE', `${base}/${contact.id}`)).statusCode).toBe(204);
    expect((await call('GET', `${base}/${contact.id}`)).statusCode).toBe(404);
    expect(cp.store.audit.list(tenantId, 10).map((entry) => entry.action)).toEqual(['contact.deleted', 'contact.updated', 'contact.updated', 'contact.created']);
  });

  it.each([
    ['a URL that is not one', { name: 'x', kind: 'webhook', url: `not a url ${ACCESS_TOKEN}` }, 'url: is not a URL'],
    ['a URL that is not http(s)', { name: 'x', kind: 'webhook', url: `ftp://example.com/${ACCESS_TOKEN}` }, 'url: must start with http:// or https://'],
    ['a secret for a robot that does not sign', { name: 'x', kind: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k', secret: SIGNING_SECRET }, 'secret: only DingTalk and Feishu'],
    ['a blank name', { name: '   ', kind: 'webhook', url: 'https://example.com/hook' }, 'name: must not be blank'],
  ])('refuses %s with a message that quotes no credential', async (_name, payload, message) => {
    const response = await create(payload);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toContain(message);
    expect(response.body).not.toContain(ACCESS_TOKEN);
    expect(response.body).not.toContain(SIGNING_SECRET);
  });

  it('refuses unknown fields, empty changes and kinds the contacts do not take', async () => {
    expect((await create({ name: 'x', kind: 'webhook', url: 'https://example.com', headers: {} })).statusCode).toBe(400);
    expect((await create({ name: 'x', kind: 'alertmanager', url: 'https://example.com' })).statusCode).toBe(400);
    const contact = (await create({ name: 'x', kind: 'webhook', url: 'https://example.com/hook' })).json();
    const url = `/api/v1/tenants/${tenantId}/contacts/${contact.id}`;
    expect((await call('PATCH', url, { headers: {} })).statusCode).toBe(400);
    expect((await call('PATCH', url, {})).statusCode).toBe(400);
    expect((await call('PATCH', url, { url: 'mailto:ops@example.com' })).json().error.message).toContain('url: must start with http:// or https://');
  });

  it('lets tenant viewers neither read nor change contacts', async () => {
    const viewer = cp.token('tenant-viewer', tenantId);
    expect((await call('GET', `/api/v1/tenants/${tenantId}/contacts`, undefined, viewer)).statusCode).toBe(403);
    expect((await call('POST', `/api/v1/tenants/${tenantId}/contacts`, { name: 'x', kind: 'webhook', url: 'https://example.com' }, viewer)).statusCode).toBe(403);
  });

  it('checks contacts with the notifications file\'s URL rule', () => {
    expect(contactProblems({ name: 'ok', kind: 'feishu', url: 'https://open.feishu.cn/open-apis/bot/v2/hook/x', secret: 's' })).toEqual([]);
  });
});

describe('contact credentials at rest and in logs', () => {
  it('seals the URL and secret with the data directory key (mode 0600) and opens them only in their own row and field', async () => {
    const contact = (await create({ name: 'ops', kind: 'feishu', url: robotUrl(), secret: SIGNING_SECRET })).json();
    const keyFile = secretKeyPath(cp.dir);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const row = cp.store.db.prepare('SELECT url_sealed, secret_sealed FROM tenant_contacts WHERE id = ?').get(contact.id) as { url_sealed: string; secret_sealed: string };
    const box = secretBox(loadOrCreateSecretKey(cp.dir));
    expect(box.open(row.url_sealed, `contact:${contact.id}:url`)).toBe(robotUrl());
    expect(() => box.open(row.url_sealed, `contact:${contact.id}:secret`)).toThrow();
    expect(() => box.open(row.url_sealed, 'contact:con_other:url')).toThrow();
    expect(box.seal('same', 'c')).not.toBe(box.seal('same', 'c'));
  });

  it('never writes the raw URL or secret to the database files or the log, through creation, a failed send and a retry', async () => {
    await create({ name: 'ops', kind: 'dingtalk', url: robotUrl(), secret: SIGNING_SECRET });
    // The robot answers with an error that echoes the address it was called on.
    receiver.reply((request) => ({ status: 500, body: `upstream failed for ${request.url}` }));
    expect(noticesForWindowsChanged(cp.app, ['win_mt_2026_03'])).toMatchObject({ queued: 1, rows: 1 });
    expect(await cp.app.notices.deliverDue(now)).toBe(1);
    const [retrying] = sqliteNotificationStore(cp.store.db, 'contact').list(null, 10);
    expect(retrying.lastError).toContain('access_token=***');
    now += DAY;
    expect(await cp.app.notices.deliverDue(now)).toBe(1);
    expect(receiver.requests).toHaveLength(2);
    const [sent] = sqliteNotificationStore(cp.store.db, 'contact').list(null, 10);
    expect(sent).toMatchObject({ state: 'sent', url: `${receiver.url}/robot/send?access_token=***` });
    expect(log.lines.some((line) => line.includes('notification failed; will retry'))).toBe(true);
    const files = databaseText(cp.store.db, cp.dir);
    expect(files.length).toBeGreaterThan(0);
    for (const text of [...files, log.lines.join('\n')]) {
      expect(text).not.toContain(ACCESS_TOKEN);
      expect(text).not.toContain(SIGNING_SECRET);
    }
  });
});
