/**
 * No secret at rest or in the logs: one control plane, logging at trace level to a buffer,
 * goes through sign-in, API tokens, enrolment tokens, agent enrolment and a live agent,
 * contacts with robot URLs and signing secrets, calendar feeds and sessions. Then every text
 * and blob column of every table, the raw database and WAL files and every log line are
 * searched for each plaintext secret.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENROLL_PATH } from '../../protocol/index.ts';
import { startControlPlane, type TestControlPlane } from '../helpers/control-plane.ts';
import { connectAgent } from '../helpers/protocol-client.ts';
import { hostFacts, sampleRecord } from '../helpers/records.ts';
import { columnsOf, tableNames } from '../helpers/db-snapshot.ts';
import { testStoreKind } from '../helpers/test-store.ts';

const logLines: string[] = [];
const logStream = new Writable({
  write(chunk, _encoding, done) {
    logLines.push(...String(chunk).split('\n').filter(Boolean));
    done();
  },
});

let cp: TestControlPlane;
/** Every plaintext secret the run handled, by what it is. */
const secrets: Record<string, string> = {};
/** Database files as they were on disk while the server ran (WAL not yet checkpointed). */
let rawFiles: Record<string, Buffer> = {};

async function api(method: 'GET' | 'POST', url: string, token: string | null, payload?: object, cookie?: string) {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (cookie) headers.cookie = cookie;
  const response = await cp.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(300);
  return response;
}

/** Sign-in, tokens, an enrolled and reporting agent, contacts and a feed, all through the API. */
async function fullRun() {
  const tenantId = cp.tenant('Acme');
  secrets.opsToken = cp.token('ops-admin');
  secrets.password = 'correct-horse-battery-staple-9';
  await api('POST', '/api/v1/users', secrets.opsToken, { username: 'alice', password: secrets.password, role: 'tenant-admin', tenantId });
  const wrong = await cp.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'alice', password: 'wrong-password-guess-77' } });
  expect(wrong.statusCode).toBe(401);
  secrets.wrongPassword = 'wrong-password-guess-77';
  const login = await api('POST', '/api/v1/auth/login', null, { username: 'alice', password: secrets.password });
  const cookie = String(login.headers['set-cookie']).split(';')[0];
  secrets.session = cookie.slice(cookie.indexOf('=') + 1);
  await api('GET', '/api/v1/auth/me', null, undefined, cookie);
  secrets.apiToken = (await api('POST', '/api/v1/api-tokens', secrets.opsToken, { name: 'ci', role: 'tenant-viewer', tenantId })).json().token;
  await api('GET', '/api/v1/hosts', secrets.apiToken);
  secrets.enrollmentToken = (await api('POST', `/api/v1/tenants/${tenantId}/enrollment-tokens`, null, {}, cookie)).json().token;
  const enrolled = (await api('POST', ENROLL_PATH, null, { token: secrets.enrollmentToken, facts: hostFacts('erp-01') })).json();
  secrets.agentSecret = enrolled.agentSecret;
  const agent = await connectAgent(cp.url, enrolled.agentId, enrolled.agentSecret);
  await agent.hello('stream-0001');
  await agent.report('stream-0001', [sampleRecord(1, Date.now())]);
  agent.socket.close();
  await agent.closed;
  secrets.robotToken = 'robot0access0token0d41d8cd98f00b204e9800998ecf8427e';
  secrets.signingSecret = 'SECsigning-secret-0123456789abcdef';
  const contact = { name: 'ops-robot', kind: 'dingtalk', url: `https://oapi.dingtalk.com/robot/send?access_token=${secrets.robotToken}`, secret: secrets.signingSecret };
  const created = (await api('POST', `/api/v1/tenants/${tenantId}/contacts`, null, contact, cookie)).json();
  secrets.patchedSecret = 'SECpatched-secret-fedcba9876543210';
  await cp.app.inject({ method: 'PATCH', url: `/api/v1/tenants/${tenantId}/contacts/${created.id}`, headers: { cookie }, payload: { secret: secrets.patchedSecret } });
  secrets.feedToken = (await api('POST', `/api/v1/tenants/${tenantId}/ics-feeds`, null, { name: 'outlook' }, cookie)).json().token;
  await api('GET', `/ics/${secrets.feedToken}.ics`, null);
  // A stolen-looking bearer that matches nothing must not be echoed either.
  secrets.unknownBearer = 'twa_not-a-real-token-but-looks-like-one-0000';
  expect((await cp.app.inject({ method: 'GET', url: '/api/v1/hosts', headers: { authorization: `Bearer ${secrets.unknownBearer}` } })).statusCode).toBe(401);
  await api('POST', '/api/v1/auth/logout', null, undefined, cookie);
}

beforeAll(async () => {
  cp = await startControlPlane({ listen: true, logger: { level: 'trace', stream: logStream }, allowPrivateContactAddresses: true });
  await fullRun();
  cp.app.ingest.flush();
  const db = join(cp.dir, 'tideway.db');
  rawFiles = Object.fromEntries([db, `${db}-wal`].filter((file) => existsSync(file)).map((file) => [file.slice(cp.dir.length + 1), readFileSync(file)]));
}, 60_000);
afterAll(async () => cp.close());

/** Every value of every column of every table, as text (blobs decoded as UTF-8 and kept as base64 too). */
function everyStoredValue(): Array<{ where: string; text: string }> {
  const values: Array<{ where: string; text: string }> = [];
  for (const table of tableNames(cp.store.db)) {
    for (const column of columnsOf(cp.store.db, table)) {
      for (const value of cp.store.db.prepare(`SELECT "${column}" FROM "${table}"`).pluck().all()) {
        if (Buffer.isBuffer(value)) values.push({ where: `${table}.${column}`, text: `${value.toString('utf8')} ${value.toString('base64')}` });
        else if (value !== null) values.push({ where: `${table}.${column}`, text: String(value) });
      }
    }
  }
  return values;
}

describe('secrets scan after a full run', () => {
  it('handled every kind of secret and logged the run', () => {
    expect(Object.keys(secrets).sort()).toEqual(
      ['agentSecret', 'apiToken', 'enrollmentToken', 'feedToken', 'opsToken', 'password', 'patchedSecret', 'robotToken', 'session', 'signingSecret', 'unknownBearer', 'wrongPassword'].sort(),
    );
    for (const value of Object.values(secrets)) expect(value.length).toBeGreaterThanOrEqual(16);
    expect(logLines.length).toBeGreaterThan(20);
    expect(logLines.some((line) => line.includes('/api/v1/auth/me'))).toBe(true);
  });

  it('stores no plaintext secret in any column of any table', () => {
    const values = everyStoredValue();
    expect(values.length).toBeGreaterThan(100);
    const found = Object.entries(secrets).flatMap(([name, secret]) => values.filter((v) => v.text.includes(secret)).map((v) => `${name} in ${v.where}`));
    expect(found).toEqual([]);
  });

  // PostgreSQL's files are the server's, not this process's: the column scan above covers its rows.
  it.skipIf(testStoreKind === 'postgres')('leaves no plaintext secret in the raw SQLite database or WAL file (SQLite only: PostgreSQL keeps its files on the server)', () => {
    expect(Object.keys(rawFiles)).toContain('tideway.db');
    const found = Object.entries(rawFiles).flatMap(([file, bytes]) => Object.entries(secrets).filter(([, secret]) => bytes.includes(Buffer.from(secret, 'utf8'))).map(([name]) => `${name} in ${file}`));
    expect(found).toEqual([]);
  });

  it('writes no secret in any log line', () => {
    const found = Object.entries(secrets).flatMap(([name, secret]) => logLines.filter((line) => line.includes(secret)).map((line) => `${name}: ${line.slice(0, 200)}`));
    expect(found).toEqual([]);
  });

  it('censors authorization and cookie headers and credential fields when a line carries them', () => {
    const before = logLines.length;
    cp.app.log.info(
      { req: { headers: { authorization: `Bearer ${secrets.apiToken}`, cookie: `tideway_session=${secrets.session}` } }, res: { headers: { 'set-cookie': `tideway_session=${secrets.session}` } } },
      'header probe',
    );
    cp.app.log.info({ body: { password: secrets.password, token: secrets.enrollmentToken, agentSecret: secrets.agentSecret } }, 'field probe');
    const probes = logLines.slice(before);
    expect(probes).toHaveLength(2);
    expect(probes.join('\n')).toContain('[Redacted]');
    for (const secret of Object.values(secrets)) expect(probes.join('\n')).not.toContain(secret);
  });
});
