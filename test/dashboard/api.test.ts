import { afterEach, describe, expect, it, vi } from 'vitest';
import { alertsApi, ApiError, queryString, request, setSignedOutHandler } from '../../dashboard/src/api.ts';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const errorBody = (code: string, message = 'nope') => ({ error: { code, message, requestId: 'req-1' } });

afterEach(() => {
  vi.unstubAllGlobals();
  setSignedOutHandler(null);
});

describe('request', () => {
  it('returns the parsed body of a success and nothing for 204', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => json(200, { items: [1] })));
    expect(await request('GET', '/api/v1/tenants')).toEqual({ items: [1] });
    vi.stubGlobal('fetch', vi.fn(async () => new Response(null, { status: 204 })));
    expect(await request('POST', '/api/v1/auth/logout')).toBeUndefined();
  });

  it('sends a JSON body with its content type on the same origin', async () => {
    const fetch = vi.fn(async () => json(200, {}));
    vi.stubGlobal('fetch', fetch);
    await request('POST', '/api/v1/auth/login', { username: 'ops', password: 'x' });
    expect(fetch).toHaveBeenCalledWith('/api/v1/auth/login', expect.objectContaining({ method: 'POST', credentials: 'same-origin', body: '{"username":"ops","password":"x"}' }));
    expect((fetch.mock.calls[0] as unknown as [string, RequestInit])[1].headers).toMatchObject({ 'content-type': 'application/json' });
  });

  it.each([
    [404, errorBody('NOT_FOUND'), 'NOT_FOUND'],
    [429, errorBody('RATE_LIMITED'), 'RATE_LIMITED'],
    [500, { error: { code: 'INTERNAL', message: 'internal error' } }, 'INTERNAL'],
    [502, '<html>bad gateway</html>', 'INTERNAL'],
    [400, 'not json', 'BAD_RESPONSE'],
  ])('turns HTTP %i with %j into an ApiError coded %s', async (status, body, code) => {
    vi.stubGlobal('fetch', vi.fn(async () => (typeof body === 'string' ? new Response(body, { status }) : json(status, body))));
    const error = await request('GET', '/api/v1/hosts').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code, status });
  });

  it('reports a failed connection as NETWORK', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    await expect(request('GET', '/api/v1/hosts')).rejects.toMatchObject({ code: 'NETWORK', status: 0 });
  });

  it('signs the page out when a call finds the session gone', async () => {
    const signedOut = vi.fn();
    setSignedOutHandler(signedOut);
    vi.stubGlobal('fetch', vi.fn(async () => json(401, errorBody('UNAUTHENTICATED'))));
    await expect(request('GET', '/api/v1/hosts')).rejects.toMatchObject({ code: 'UNAUTHENTICATED', requestId: 'req-1' });
    expect(signedOut).toHaveBeenCalledOnce();
  });

  it('does not sign the page out for a wrong password or a forbidden action', async () => {
    const signedOut = vi.fn();
    setSignedOutHandler(signedOut);
    vi.stubGlobal('fetch', vi.fn(async () => json(401, errorBody('INVALID_CREDENTIALS'))));
    await expect(request('POST', '/api/v1/auth/login', {}, { auth: false })).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    vi.stubGlobal('fetch', vi.fn(async () => json(403, errorBody('FORBIDDEN'))));
    await expect(request('POST', '/api/v1/tenants', {})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(signedOut).not.toHaveBeenCalled();
  });
});

describe('queryString', () => {
  it.each([
    [{}, ''],
    [{ tenantId: undefined, q: '', limit: 50 }, '?limit=50'],
    [{ q: 'erp app', status: 'up', offset: 0 }, '?q=erp+app&status=up&offset=0'],
    [{ state: ['pending', 'firing'], limit: 10 }, '?state=pending&state=firing&limit=10'],
    [{ state: [], open: false }, '?open=false'],
  ])('builds %j as %s', (values, expected) => {
    expect(queryString(values)).toBe(expected);
  });
});

describe('alertsApi', () => {
  it('asks for several alert states by repeating the key, and for open or closed incidents', async () => {
    const fetch = vi.fn(async () => json(200, { items: [] }));
    vi.stubGlobal('fetch', fetch);
    await alertsApi.alerts({ states: ['firing', 'resolved'], tenantId: 'ten_1' });
    await alertsApi.incidents({ open: false });
    const urls = (fetch.mock.calls as unknown as Array<[string]>).map(([url]) => url);
    expect(urls).toEqual(['/api/v1/alerts?state=firing&state=resolved&tenantId=ten_1&limit=1000', '/api/v1/incidents?open=false&limit=1000']);
  });

  it('puts ids into action paths escaped, with the comment as the body', async () => {
    const fetch = vi.fn(async () => json(200, {}));
    vi.stubGlobal('fetch', fetch);
    await alertsApi.acknowledgeAlert('a/b c', 'on it');
    await alertsApi.expireSilence('sil_1');
    const calls = fetch.mock.calls as unknown as Array<[string, RequestInit]>;
    expect(calls[0][0]).toBe('/api/v1/alerts/a%2Fb%20c/acknowledge');
    expect(calls[0][1]).toMatchObject({ method: 'POST', body: '{"comment":"on it"}' });
    expect(calls[1][0]).toBe('/api/v1/silences/sil_1/expire');
  });
});
