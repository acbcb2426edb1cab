import { describe, expect, it } from 'vitest';
import { createLogger, redact } from '../../agent/log.ts';
import { agentWsUrl, isLoopbackHost, normalizeServerUrl, parseServerUrl } from '../../agent/net/urls.ts';

describe('logger', () => {
  it('writes one JSON object per line with level, time and message, above the threshold only', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'info', write: (l) => lines.push(l), now: () => 1_700_000_000_000 });
    log.debug('hidden');
    log.info('link up', { ackedSeq: 4 });
    expect(lines).toEqual(['{"level":"info","time":1700000000000,"msg":"link up","ackedSeq":4}\n']);
  });

  it('masks secrets, tokens and authorization values at any depth', () => {
    expect(redact({ agentSecret: 's', nested: { token: 't', headers: { Authorization: 'Bearer x' } }, list: [{ password: 'p' }], ok: 1 })).toEqual({
      agentSecret: '[redacted]', nested: { token: '[redacted]', headers: { Authorization: '[redacted]' } }, list: [{ password: '[redacted]' }], ok: 1,
    });
  });
});

describe('server URLs', () => {
  it.each([
    ['localhost', true], ['127.0.0.1', true], ['127.8.9.10', true], ['[::1]', true], ['::1', true], ['agent.localhost', true],
    ['10.0.0.1', false], ['tideway.example.com', false], ['127.0.0.1.nip.io', false],
  ])('%s is loopback: %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });

  it.each([
    ['https://tideway.example.com', 'wss://tideway.example.com/api/v1/agent/ws'],
    ['https://tideway.example.com/prefix/', 'wss://tideway.example.com/prefix/api/v1/agent/ws'],
    ['http://127.0.0.1:8080', 'ws://127.0.0.1:8080/api/v1/agent/ws'],
  ])('%s connects agents to %s', (server, url) => {
    expect(agentWsUrl(server)).toBe(url);
  });

  it.each([
    ['http://tideway.example.com', 'SERVER_URL_INSECURE'],
    ['ftp://tideway.example.com', 'SERVER_URL_INVALID'],
    ['tideway.example.com', 'SERVER_URL_INVALID'],
  ])('refuses %s with %s', (server, code) => {
    expect(() => parseServerUrl(server)).toThrow(expect.objectContaining({ code }));
  });

  it('saves the server URL without a trailing slash, query or fragment', () => {
    expect(normalizeServerUrl('https://tideway.example.com/base/?x=1#y')).toBe('https://tideway.example.com/base');
  });
});
