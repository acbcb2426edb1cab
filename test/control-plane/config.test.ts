import { describe, expect, it } from 'vitest';
import { loadServeConfig } from '../../control-plane/config.ts';

describe('serve configuration', () => {
  it('defaults to loopback port 8080 with data in ./data and the local agent on', () => {
    expect(loadServeConfig({ env: {}, flags: {} })).toMatchObject({ host: '127.0.0.1', port: 8080, dataDir: './data', localAgent: true, logLevel: 'info' });
  });

  it('lets flags override the environment', () => {
    const config = loadServeConfig({ env: { TIDEWAY_PORT: '9000', TIDEWAY_DATA: '/srv/env' }, flags: { port: '9100' } });
    expect(config).toMatchObject({ port: 9100, dataDir: '/srv/env' });
  });

  it.each([
    ['a port out of range', { port: '70000' }, 'port must be a whole number from 0 to 65535'],
    ['a non-numeric port', { port: 'http' }, 'port must be a whole number'],
    ['plain HTTP on a public address', { host: '0.0.0.0' }, 'refusing plain HTTP on 0.0.0.0'],
    ['a certificate without a key', { 'tls-cert': '/etc/tideway/cert.pem' }, 'give both --tls-cert and --tls-key'],
    ['an unknown log level', { 'log-level': 'loud' }, 'log level must be one of'],
  ])('refuses %s with a message that says how to fix it', (_name, flags, message) => {
    expect(() => loadServeConfig({ env: {}, flags })).toThrow(message);
  });

  it('serves plain HTTP on a public address only when told a TLS proxy is in front', () => {
    expect(loadServeConfig({ env: {}, flags: { host: '0.0.0.0', 'allow-plain-http': true } }).host).toBe('0.0.0.0');
  });

  it('turns the local agent off by flag or environment', () => {
    expect(loadServeConfig({ env: {}, flags: { 'no-local-agent': true } }).localAgent).toBe(false);
    expect(loadServeConfig({ env: { TIDEWAY_LOCAL_AGENT: '0' }, flags: {} }).localAgent).toBe(false);
  });
});
