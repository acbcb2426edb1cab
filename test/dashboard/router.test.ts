import { describe, expect, it } from 'vitest';
import { alertsHref, hostHref, parseRoute, routeHash, tenantHref, type Route } from '../../dashboard/src/router.ts';

describe('parseRoute', () => {
  it.each<[string, Route]>([
    ['', { page: 'fleet', query: { page: 1 } }],
    ['#/', { page: 'fleet', query: { page: 1 } }],
    ['#/?status=down&page=3', { page: 'fleet', query: { status: 'down', page: 3 } }],
    ['#/?tenant=ten_1&q=%20erp%20', { page: 'fleet', query: { tenantId: 'ten_1', q: 'erp', page: 1 } }],
    ['#/?status=sleeping&page=-2', { page: 'fleet', query: { page: 1 } }],
    ['#/?page=abc', { page: 'fleet', query: { page: 1 } }],
    ['#/hosts/hst_42', { page: 'host', hostId: 'hst_42', range: '1h' }],
    ['#/hosts/hst_42?range=24h', { page: 'host', hostId: 'hst_42', range: '24h' }],
    ['#/hosts/hst_42?range=7d', { page: 'host', hostId: 'hst_42', range: '1h' }],
    ['#/alerts', { page: 'alerts', query: { state: 'firing' } }],
    ['#/alerts?state=resolved&tenant=ten_1&host=hst_2', { page: 'alerts', query: { state: 'resolved', tenantId: 'ten_1', hostId: 'hst_2' } }],
    ['#/alerts?state=inactive', { page: 'alerts', query: { state: 'firing' } }],
    ['#/incidents', { page: 'incidents', query: { open: true } }],
    ['#/incidents?show=closed&tenant=ten_1', { page: 'incidents', query: { open: false, tenantId: 'ten_1' } }],
    ['#/incidents?show=everything', { page: 'incidents', query: { open: true } }],
    ['#/nowhere', { page: 'not-found', path: '/nowhere' }],
  ])('reads %j', (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
  });
});

describe('routeHash', () => {
  it.each<Route>([
    { page: 'fleet', query: { page: 1 } },
    { page: 'fleet', query: { tenantId: 'ten_1', status: 'stale', q: 'db 01', page: 4 } },
    { page: 'host', hostId: 'hst_42', range: '6h' },
    { page: 'host', hostId: 'a b/c', range: '1h' },
    { page: 'alerts', query: { state: 'pending', tenantId: 'ten 1', hostId: 'hst_2' } },
    { page: 'incidents', query: { open: false, tenantId: 'ten_1' } },
  ])('round-trips %j through the hash', (route) => {
    expect(parseRoute(routeHash(route))).toEqual(route);
  });

  it('leaves defaults out of links', () => {
    expect(routeHash({ page: 'fleet', query: { page: 1 } })).toBe('#/');
    expect(hostHref('hst_1')).toBe('#/hosts/hst_1');
    expect(hostHref('hst_1', '24h')).toBe('#/hosts/hst_1?range=24h');
    expect(alertsHref()).toBe('#/alerts');
    expect(alertsHref({ hostId: 'hst_1' })).toBe('#/alerts?host=hst_1');
    expect(routeHash({ page: 'incidents', query: { open: true } })).toBe('#/incidents');
    expect(tenantHref('ten_1')).toBe('#/?tenant=ten_1');
  });
});
