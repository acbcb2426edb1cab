import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUser } from '../../control-plane/services/accounts.ts';
import { startControlPlane, type TestControlPlane } from '../helpers/control-plane.ts';

let cp: TestControlPlane;
let now = Date.parse('2026-11-27T08:00:00Z');
const PASSWORD = 'correct horse battery';

beforeEach(async () => {
  now = Date.parse('2026-11-27T08:00:00Z');
  cp = await startControlPlane({ clock: () => now });
  await createUser(cp.store, { username: 'li.wei', password: PASSWORD, role: 'ops-operator' }, now);
});
afterEach(async () => cp.close());

const login = (username: string, password: string) => cp.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
const cookieOf = (response: Awaited<ReturnType<typeof login>>) => response.cookies.find((c) => c.name === 'tideway_session');

describe('dashboard sessions', () => {
  it('signs in with a password and sets an HttpOnly, SameSite=Strict cookie', async () => {
    const response = await login('li.wei', PASSWORD);
    expect(response.statusCode).toBe(200);
    expect(response.json().user).toMatchObject({ name: 'li.wei', role: 'ops-operator', tenantId: null });
    expect(cookieOf(response)).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
  });

  it('uses the cookie for API calls until the session expires after 12 hours', async () => {
    const cookie = cookieOf(await login('li.wei', PASSWORD))!.value;
    const me = () => cp.app.inject({ method: 'GET', url: '/api/v1/auth/me', cookies: { tideway_session: cookie } });
    expect((await me()).statusCode).toBe(200);
    now += 12 * 3_600_000;
    expect((await me()).statusCode).toBe(401);
  });

  it('ends the session on logout', async () => {
    const cookie = cookieOf(await login('li.wei', PASSWORD))!.value;
    await cp.app.inject({ method: 'POST', url: '/api/v1/auth/logout', cookies: { tideway_session: cookie } });
    expect((await cp.app.inject({ method: 'GET', url: '/api/v1/auth/me', cookies: { tideway_session: cookie } })).statusCode).toBe(401);
  });

  it.each([
    ['a wrong password', 'li.wei', 'wrong password!'],
    ['an unknown user', 'nobody', PASSWORD],
  ])('refuses %s with the same INVALID_CREDENTIALS answer', async (_name, username, password) => {
    const response = await login(username, password);
    expect(response.statusCode).toBe(401);
    expect(response.json().error).toMatchObject({ code: 'INVALID_CREDENTIALS', message: 'wrong username or password' });
    expect(cookieOf(response)).toBeUndefined();
  });

  it('stores the password and the session only as hashes', async () => {
    const cookie = cookieOf(await login('li.wei', PASSWORD))!.value;
    const dump = JSON.stringify([cp.store.db.prepare('SELECT * FROM users').all(), cp.store.db.prepare('SELECT * FROM sessions').all()]);
    expect(dump).not.toContain(PASSWORD);
    expect(dump).not.toContain(cookie);
    expect(dump).toContain('scrypt$');
  });

  it('rate-limits repeated sign-in attempts with 429 RATE_LIMITED', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i += 1) statuses.push((await login('li.wei', 'wrong password!')).statusCode);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    const last = await login('li.wei', PASSWORD);
    expect(last.statusCode).toBe(429);
    expect(last.json().error.code).toBe('RATE_LIMITED');
  });
});
