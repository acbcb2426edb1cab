import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { privateAddressProblem } from '../../control-plane/notices/private-address.ts';
import { startControlPlane, type TestControlPlane } from '../helpers/control-plane.ts';

describe('private addresses for tenant contacts', () => {
  it.each([
    ['http://127.0.0.1:8080/hook', true],
    ['http://localhost/hook', true],
    ['http://api.localhost/hook', true],
    ['http://10.1.2.3/hook', true],
    ['http://172.20.0.1/hook', true],
    ['http://172.32.0.1/hook', false],
    ['http://192.168.1.10/hook', true],
    ['http://169.254.169.254/latest/meta-data', true],
    ['http://100.64.0.1/hook', true],
    ['http://[::1]/hook', true],
    ['http://[fd00::1]/hook', true],
    ['http://[fe80::1]/hook', true],
    ['http://[::ffff:10.0.0.1]/hook', true],
    ['https://oapi.dingtalk.com/robot/send?access_token=x', false],
    ['https://8.8.8.8/hook', false],
  ])('%s is refused: %s', (url, refused) => {
    expect(privateAddressProblem(url) !== null).toBe(refused);
  });
});

describe('contact routes', () => {
  let cp: TestControlPlane;
  let tenantId: string;
  beforeAll(async () => {
    cp = await startControlPlane();
    tenantId = cp.tenant('Acme');
  });
  afterAll(async () => cp.close());

  const create = (token: string, url: string) =>
    cp.app.inject({ method: 'POST', url: `/api/v1/tenants/${tenantId}/contacts`, headers: { authorization: `Bearer ${token}` }, payload: { name: 'hook', kind: 'webhook', url } });

  it('refuse a tenant admin a contact on a private address, and store nothing', async () => {
    const response = await create(cp.token('tenant-admin', tenantId), 'http://10.0.0.5/hook');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toContain('must be a public address');
    expect(cp.store.contacts.list(tenantId)).toEqual([]);
  });

  it('let ops staff set an internal address', async () => {
    expect((await create(cp.token('ops-admin'), 'http://10.0.0.5/hook')).statusCode).toBe(201);
  });
});
