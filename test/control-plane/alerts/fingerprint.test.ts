import { describe, expect, it } from 'vitest';
import { fingerprintOf, fnv1a64 } from '../../../control-plane/alerts/fingerprint.ts';

describe('fnv1a64', () => {
  it.each([
    ['', 'cbf29ce484222325'],
    ['a', 'af63dc4c8601ec8c'],
    ['foobar', '85944171f73967e8'],
  ])('matches the published FNV-1a 64 vector for %j', (text, hash) => {
    expect(fnv1a64(text)).toBe(hash);
  });

  it('hashes the UTF-8 bytes of non-ASCII text', () => {
    expect(fnv1a64('é')).toBe(fnv1a64('\u00e9'));
    expect(fnv1a64('租户')).not.toBe(fnv1a64('租戶'));
    expect(fnv1a64('租户')).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('fingerprintOf', () => {
  const labels = { alertname: 'disk-usage-warning', severity: 'warning', host: 'erp-app-01', host_id: 'h1', tenant: 'Acme', tenant_id: 't1', product: 'cangqiong', mount: '/var' };

  it('is 16 hex digits and the same for the same rule and labels in any order', () => {
    const reversed = Object.fromEntries(Object.entries(labels).reverse());
    expect(fingerprintOf('disk-usage-warning', labels)).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprintOf('disk-usage-warning', reversed)).toBe(fingerprintOf('disk-usage-warning', labels));
  });

  it('stays the same when the host, tenant or product is renamed', () => {
    expect(fingerprintOf('disk-usage-warning', { ...labels, host: 'erp-app-01.acme.local', tenant: 'Acme Ltd', product: 'xinghan' })).toBe(fingerprintOf('disk-usage-warning', labels));
  });

  it.each([
    ['another mount', { ...labels, mount: '/' }],
    ['another host id', { ...labels, host_id: 'h2' }],
    ['another tenant id', { ...labels, tenant_id: 't2' }],
    ['a rule label more', { ...labels, team: 'erp' }],
  ])('differs for %s', (_name, other) => {
    expect(fingerprintOf('disk-usage-warning', other)).not.toBe(fingerprintOf('disk-usage-warning', labels));
  });

  it('differs for another rule with the same labels', () => {
    expect(fingerprintOf('disk-usage-critical', labels)).not.toBe(fingerprintOf('disk-usage-warning', labels));
  });

  it('cannot be confused by a value that contains what looks like another label', () => {
    expect(fingerprintOf('r', { a: 'x', b: 'y' })).not.toBe(fingerprintOf('r', { a: 'x\u0000b\u0000y' }));
  });
});
