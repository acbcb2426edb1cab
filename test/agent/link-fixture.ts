/** Shared set-up for the link suites: stand-in servers, links and outboxes, closed after each test. */
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { AgentLink, type AgentLinkOptions } from '../../agent/link/agent-link.ts';
import { firstServerIndex } from '../../agent/link/backoff.ts';
import { createLogger } from '../../agent/log.ts';
import { Outbox } from '../../agent/outbox/outbox.ts';
import { changeRecord, sampleRecord, tempDir } from './helpers.ts';
import { startTestServer, type TestServer } from './test-server.ts';

/** A fixed instant for record timestamps. */
export const T0 = Date.UTC(2026, 0, 10, 14, 0, 0);
/** The credential every stand-in accepts. */
export const credential = { agentId: 'agent-0001', agentSecret: 'secret-secret-secret-01' };
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A stand-in control plane, closed after the test. */
export async function server(options: Parameters<typeof startTestServer>[1] = {}): Promise<TestServer> {
  const started = await startTestServer(credential, options);
  cleanups.push(() => started.close());
  return started;
}

/** A link (not started) to one URL or a list, with fast backoff; stopped after the test. */
export function link(outbox: Outbox, servers: string | string[], extra: Partial<AgentLinkOptions> = {}, lines: string[] = []): AgentLink {
  const created = new AgentLink({
    servers: typeof servers === 'string' ? [servers] : servers, ...credential, outbox, agentVersion: '9.9.9', intervalSeconds: 15,
    log: createLogger({ level: 'debug', write: (line) => lines.push(line) }),
    backoff: { baseMs: 20, capMs: 100, minMs: 5 }, ...extra,
  });
  cleanups.push(() => created.stop());
  return created;
}

/** An outbox holding `count` records (every fifth a check change). */
export function filled(count: number, dir = tempDir()): Outbox {
  const outbox = Outbox.open(join(dir, 'outbox'));
  for (let i = 0; i < count; i += 1) outbox.append(i % 5 === 4 ? changeRecord(T0 + i) : sampleRecord(T0 + i));
  return outbox;
}

/** The seqs a stand-in stored, ascending. */
export const received = (s: TestServer): number[] => [...s.records.keys()].sort((a, b) => a - b);

/** The smallest seed whose fresh start picks URL `index` of `count`. */
export function seedStartingAt(index: number, count: number): number {
  let seed = 0;
  while (firstServerIndex(count, seed) !== index) seed += 1;
  return seed;
}
