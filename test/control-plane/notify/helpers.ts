/** Shared pieces of the notification tests: a real loopback receiver, alerts, a captured log. */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import type { NotifiableAlert } from '../../../control-plane/alerts/model.ts';
import { checkNotificationsConfig, type NotificationsConfig } from '../../../control-plane/notify/config.ts';
import type { NotifyLogger } from '../../../control-plane/notify/delivery.ts';
import type { SqlDatabase } from '../../../control-plane/store/sql/database.ts';
import type { SqlStore } from '../../../control-plane/store/sql/store.ts';
import { openTestStore, reopenTestStore } from '../../helpers/test-store.ts';

/** One request the receiver got. */
export interface ReceivedRequest {
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** How the receiver answers one request. */
export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/** A loopback HTTP server that records requests and answers from a queue (then 200). */
export interface TestReceiver {
  url: string;
  requests: ReceivedRequest[];
  reply(...replies: Array<Reply | ((request: ReceivedRequest) => Reply)>): void;
  /** Resolves once `count` requests have arrived (an event, not a timer). */
  received(count: number): Promise<void>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<TestReceiver> {
  const requests: ReceivedRequest[] = [];
  const queue: Array<Reply | ((request: ReceivedRequest) => Reply)> = [];
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = { url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(request);
      const next = queue.shift() ?? { status: 200, body: '{"errcode":0,"errmsg":"ok"}' };
      const reply = typeof next === 'function' ? next(request) : next;
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      res.end(reply.body ?? '', () => {
        for (const waiter of waiters.filter((w) => requests.length >= w.count)) waiter.resolve();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    reply: (...replies) => void queue.push(...replies),
    received: (count) => (requests.length >= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve }))),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** 2026-03-14 14:00:00 UTC, 22:00 in Shanghai: a Saturday patch window's start. */
export const T0 = Date.UTC(2026, 2, 14, 14, 0, 0);
export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;

const DEFAULT_LABELS = { alertname: 'DiskFull', severity: 'critical', host: 'erp-app-01', host_id: 'host_1', tenant: 'Acme', tenant_id: 'ten_acme' };

/** A firing alert with the engine's usual labels; `labels` are merged over them, other fields replace. */
export function alert(fingerprint: string, overrides: Partial<NotifiableAlert> = {}): NotifiableAlert {
  const { labels, ...rest } = overrides;
  return {
    fingerprint,
    labels: { ...DEFAULT_LABELS, ...labels },
    annotations: { summary: 'Disk / is 95% full' },
    status: 'firing',
    startsAt: T0,
    endsAt: null,
    value: 95,
    tenantId: 'ten_acme',
    acknowledged: false,
    mutedBy: [],
    ...rest,
  };
}

/** The same alert, resolved at `at`. */
export const resolved = (firing: NotifiableAlert, at: number): NotifiableAlert => ({ ...firing, status: 'resolved', endsAt: at, mutedBy: [] });

/** A config with one receiver of `kind` at `url` and the given root timings. */
export function oneReceiverConfig(kind: string, url: string, extra: Record<string, unknown> = {}, route: Record<string, unknown> = {}): NotificationsConfig {
  return checkNotificationsConfig({ receivers: [{ name: 'ops', kind, url, ...extra }], route: { receiver: 'ops', ...route } });
}

/** A logger that keeps every line as JSON text, to search for leaked secrets. */
export function captureLog(): NotifyLogger & { lines: string[] } {
  const lines: string[] = [];
  const write = (level: string) => (fields: object, message: string) => void lines.push(JSON.stringify({ level, message, ...fields }));
  return { lines, debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

/** A migrated test database (SQLite in a temp dir, or a PostgreSQL schema) and a loopback receiver, fresh for each test. */
export interface NotifyFixture {
  db: SqlDatabase;
  receiver: TestReceiver;
  /** Closes the database without stopping anything, as a crash would, and opens it again. */
  crashAndReopen(): SqlDatabase;
}

/** Registers the hooks that build and tear down a `NotifyFixture` around each test. */
export function useNotifyFixture(): NotifyFixture {
  let dir = '';
  let store: SqlStore;
  const fixture = {
    crashAndReopen() {
      store = reopenTestStore(store);
      fixture.db = store.db;
      return fixture.db;
    },
  } as NotifyFixture;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tideway-notify-'));
    store = await openTestStore(dir);
    fixture.db = store.db;
    fixture.receiver = await startReceiver();
  });
  afterEach(async () => {
    store.close();
    await fixture.receiver.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return fixture;
}
