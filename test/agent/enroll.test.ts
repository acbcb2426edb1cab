import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Value } from '@sinclair/typebox/value';
import { ENROLL_PATH, EnrollRequestSchema } from '../../protocol/index.ts';
import { main } from '../../agent/cli/main.ts';
import { loadCredentials, revokedMarkerPath } from '../../agent/state/credentials.ts';
import { tempDir } from './helpers.ts';

const TOKEN = 'enrol-token-0123456789';
const closers: (() => void)[] = [];
afterEach(() => closers.splice(0).forEach((close) => close()));

interface Seen {
  path?: string;
  body?: unknown;
}

async function enrolServer(answer: (req: IncomingMessage, body: unknown) => { status: number; body: unknown }): Promise<{ url: string; seen: Seen }> {
  const seen: Seen = {};
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.path = req.url;
      seen.body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const reply = answer(req, seen.body);
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => server.close());
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, out, err };
}

const granted = { agentId: 'agent-abcdef01', hostId: 'host-1', tenantId: 'tenant-1', agentSecret: 'very-secret-agent-secret', serverPublicKey: '-----BEGIN PUBLIC KEY-----\nx\n-----END PUBLIC KEY-----\n' };

describe('enroll', () => {
  it('posts the token and valid host facts, then saves the credentials with mode 0600', async () => {
    const srv = await enrolServer(() => ({ status: 201, body: granted }));
    const state = join(tempDir(), 'state');
    const cli = io();
    expect(await main(['enroll', '--server', `${srv.url}/`, '--token', TOKEN, '--state', state], cli.io)).toBe(0);
    expect(srv.seen.path).toBe(ENROLL_PATH);
    expect(Value.Check(EnrollRequestSchema, srv.seen.body)).toBe(true);
    expect((srv.seen.body as { token: string }).token).toBe(TOKEN);
    const credentials = loadCredentials(state);
    expect(credentials).toMatchObject({ ...granted, server: srv.url });
    expect(statSync(join(state, 'credentials.json')).mode & 0o777).toBe(0o600);
    expect(readdirSync(state)).toEqual(['credentials.json']);
    expect(cli.out.join('\n')).toContain('enrolled as agent agent-abcdef01');
    expect(cli.out.join('\n')).not.toContain(granted.agentSecret);
  });

  it.each([
    [401, 'TOKEN_INVALID', 'enrolment token not recognised'],
    [401, 'TOKEN_EXPIRED', 'enrolment token expired at 2026-01-01T00:00:00Z'],
    [409, 'TOKEN_EXHAUSTED', 'enrolment token has no uses left'],
    [401, 'TOKEN_REVOKED', 'enrolment token was revoked'],
  ])('prints the server error %i %s with its message and exits 1', async (status, code, message) => {
    const srv = await enrolServer(() => ({ status, body: { error: { code, message } } }));
    const state = join(tempDir(), 'state');
    const cli = io();
    expect(await main(['enroll', '--server', srv.url, '--token', TOKEN, '--state', state], cli.io)).toBe(1);
    expect(cli.err.join('\n')).toBe(`enrolment failed: ${code}: ${message}`);
    expect(existsSync(join(state, 'credentials.json'))).toBe(false);
  });

  it('refuses a 201 whose body is not an enrolment response', async () => {
    const srv = await enrolServer(() => ({ status: 201, body: { agentId: 'x' } }));
    const cli = io();
    expect(await main(['enroll', '--server', srv.url, '--token', TOKEN, '--state', tempDir()], cli.io)).toBe(1);
    expect(cli.err.join('\n')).toMatch(/ENROLL_RESPONSE_INVALID/);
  });

  it('reports an unreachable server', async () => {
    const srv = await enrolServer(() => ({ status: 201, body: granted }));
    closers.pop()!();
    const cli = io();
    expect(await main(['enroll', '--server', srv.url, '--token', TOKEN, '--state', tempDir()], cli.io)).toBe(1);
    expect(cli.err.join('\n')).toMatch(/SERVER_UNREACHABLE/);
  });

  it('refuses plain http to a host that is not loopback before sending the token', async () => {
    const cli = io();
    expect(await main(['enroll', '--server', 'http://tideway.example.com', '--token', TOKEN, '--state', tempDir()], cli.io)).toBe(1);
    expect(cli.err.join('\n')).toMatch(/SERVER_URL_INSECURE/);
  });

  it('needs --server and --token', async () => {
    const cli = io();
    expect(await main(['enroll', '--token', TOKEN, '--state', tempDir()], cli.io)).toBe(2);
    expect(await main(['enroll', '--server', 'http://127.0.0.1:1', '--state', tempDir()], cli.io)).toBe(2);
    expect(cli.err.join('\n')).toMatch(/--server is required[\s\S]*--token is required/);
  });

  it('clears an earlier revocation marker when it enrols again', async () => {
    const srv = await enrolServer(() => ({ status: 201, body: granted }));
    const state = tempDir();
    writeFileSync(revokedMarkerPath(state), 'then\n');
    expect(await main(['enroll', '--server', srv.url, '--token', TOKEN, '--state', state], io().io)).toBe(0);
    expect(existsSync(revokedMarkerPath(state))).toBe(false);
    expect(JSON.parse(readFileSync(join(state, 'credentials.json'), 'utf8')).agentSecret).toBe(granted.agentSecret);
  });
  it('tries the URLs in order and enrols through the first that answers, saving the whole list', async () => {
    const down = await enrolServer(() => ({ status: 201, body: granted }));
    closers.pop()!();
    const busy = await enrolServer(() => ({ status: 503, body: { error: { code: 'UNAVAILABLE', message: 'draining' } } }));
    const up = await enrolServer(() => ({ status: 201, body: granted }));
    const state = tempDir();
    const cli = io();
    expect(await main(['enroll', '--server', down.url, '--server', busy.url, '--server', up.url, '--token', TOKEN, '--state', state], cli.io)).toBe(0);
    expect((busy.seen.body as { token: string }).token).toBe(TOKEN);
    expect(loadCredentials(state)).toMatchObject({ server: up.url, servers: [down.url, busy.url, up.url] });
    expect(cli.err).toHaveLength(2);
    expect(cli.err[0]).toMatch(/SERVER_UNREACHABLE.*trying the next URL/);
    expect(cli.err[1]).toMatch(/UNAVAILABLE: draining.*trying the next URL/);
  });

  it('stops at a token error, which every replica would give, without asking the next URL', async () => {
    const first = await enrolServer(() => ({ status: 401, body: { error: { code: 'TOKEN_INVALID', message: 'enrolment token not recognised' } } }));
    const second = await enrolServer(() => ({ status: 201, body: granted }));
    const cli = io();
    expect(await main(['enroll', '--server', first.url, '--server', second.url, '--token', TOKEN, '--state', tempDir()], cli.io)).toBe(1);
    expect(cli.err.join('\n')).toBe('enrolment failed: TOKEN_INVALID: enrolment token not recognised');
    expect(second.seen.path).toBeUndefined();
  });

  it('refuses a plain-http URL anywhere in the list before sending the token to any', async () => {
    const first = await enrolServer(() => ({ status: 201, body: granted }));
    const cli = io();
    expect(await main(['enroll', '--server', first.url, '--server', 'http://tideway.example.com', '--token', TOKEN, '--state', tempDir()], cli.io)).toBe(1);
    expect(cli.err.join('\n')).toMatch(/SERVER_URL_INSECURE/);
    expect(first.seen.path).toBeUndefined();
  });

  it('uses servers from the config file when no --server is given, and reports the last failure when none answers', async () => {
    const first = await enrolServer(() => ({ status: 502, body: undefined }));
    const second = await enrolServer(() => ({ status: 201, body: granted }));
    closers.pop()!();
    const dir = tempDir();
    writeFileSync(join(dir, 'agent.yaml'), `servers: [${first.url}, ${second.url}]\n`);
    const cli = io();
    expect(await main(['enroll', '--config', join(dir, 'agent.yaml'), '--token', TOKEN, '--state', join(dir, 'state')], cli.io)).toBe(1);
    expect(first.seen.path).toBe(ENROLL_PATH);
    expect(cli.err.at(-1)).toMatch(/^enrolment failed: SERVER_UNREACHABLE: /);
  });
});
