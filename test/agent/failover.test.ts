import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Failover } from '../../agent/link/agent-link.ts';
import { firstServerIndex } from '../../agent/link/backoff.ts';
import { sampleRecord } from './helpers.ts';
import { T0, credential, filled, link, received, seedStartingAt, server } from './link-fixture.ts';

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const logged = (lines: string[], msg: string) => lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((entry) => entry.msg === msg);

describe('link fail-over along a list of control-plane URLs', () => {
  it('connects to the second URL when the first is down, after one short hop, and delivers its reports there', async () => {
    const down = await server();
    const up = await server();
    const downUrl = down.url;
    await down.close();
    const lines: string[] = [];
    const agent = link(filled(5), [downUrl, up.url], { seed: seedStartingAt(0, 2), backoff: { baseMs: 20, capMs: 60_000, minMs: 5 } }, lines);
    const failovers: Failover[] = [];
    agent.on('failover', (f: Failover) => failovers.push(f));
    agent.start();
    await up.waitFor(() => up.records.size === 5);
    expect(received(up)).toEqual([1, 2, 3, 4, 5]);
    expect(failovers).toEqual([{ from: downUrl, to: up.url }]);
    const [entry] = logged(lines, 'link.failover');
    expect(entry).toMatchObject({ from: downUrl, to: up.url });
    expect(entry.delayMs).toBeLessThanOrEqual(20);
    expect(agent.server).toBe(up.url);
    expect(lines.join('\n')).not.toContain(credential.agentSecret);
  });

  it('stays on the URL that welcomed it while that link is up', async () => {
    const first = await server();
    const second = await server();
    const outbox = filled(3);
    const agent = link(outbox, [first.url, second.url], { seed: seedStartingAt(1, 2), pingIntervalMs: 30 });
    agent.start();
    await second.waitFor(() => second.records.size === 3 && second.frames.filter((f) => f.type === 'ping').length >= 5);
    outbox.append(sampleRecord(T0 + 50));
    agent.notify();
    await second.waitFor(() => second.records.size === 4);
    expect([first.connections, second.connections]).toEqual([0, 1]);
  });

  it('fails over when the connected server dies; the records it did not ack arrive on the other with no seq missing', async () => {
    const first = await server({ behaviour: { autoAck: false } });
    const second = await server();
    const outbox = filled(10);
    const agent = link(outbox, [first.url, second.url], { seed: seedStartingAt(0, 2) });
    const failovers: Failover[] = [];
    agent.on('failover', (f: Failover) => failovers.push(f));
    agent.start();
    await first.waitFor(() => first.records.size === 10);
    first.ack(6);
    await first.waitFor(() => outbox.ackedSeq === 6);
    // The replicas share one database, so the second one resumes where the first committed.
    second.behaviour.ackedSeq = first.behaviour.ackedSeq;
    await first.close();
    outbox.append(sampleRecord(T0 + 100));
    agent.notify();
    await second.waitFor(() => outbox.pendingCount === 0 && second.records.size === 5);
    expect(received(second)).toEqual([7, 8, 9, 10, 11]);
    const committed = new Set([...range(1, first.behaviour.ackedSeq), ...received(second)]);
    expect([...committed].sort((a, b) => a - b)).toEqual(range(1, 11));
    expect(second.conflicts).toEqual([]);
    expect(failovers).toEqual([{ from: first.url, to: second.url }]);
  });

  it('resends everything unacked when the other replica has committed less; duplicates carry the same content', async () => {
    const first = await server({ behaviour: { autoAck: false } });
    const second = await server();
    const outbox = filled(4);
    link(outbox, [first.url, second.url], { seed: seedStartingAt(0, 2) }).start();
    await first.waitFor(() => first.records.size === 4);
    await first.close();
    await second.waitFor(() => outbox.pendingCount === 0);
    expect(received(second)).toEqual([1, 2, 3, 4]);
    expect([...second.records.values()]).toEqual([...first.records.values()]);
  });

  it('waits the first backoff step between URLs and grows the backoff once per full round when all are down', async () => {
    const a = await server();
    const b = await server();
    const urls = [a.url, b.url];
    await Promise.all([a.close(), b.close()]);
    const lines: string[] = [];
    const agent = link(filled(1), urls, { seed: seedStartingAt(0, 2), random: () => 0.999, backoff: { baseMs: 20, capMs: 60_000, minMs: 5 } }, lines);
    agent.start();
    await expect.poll(() => logged(lines, 'link.failover').length, { timeout: 5000 }).toBeGreaterThanOrEqual(6);
    const hops = logged(lines, 'link.failover').slice(0, 6);
    expect(hops.map((h) => h.delayMs)).toEqual([19, 19, 19, 39, 19, 79]);
    expect(hops.map((h) => h.to)).toEqual([b.url, a.url, b.url, a.url, b.url, a.url]);
  });
});

describe('start position of a fresh start', () => {
  it.each([2, 3, 16])('spreads over all %i URLs across seeds 0-63', (count) => {
    expect(new Set(range(0, 63).map((seed) => firstServerIndex(count, seed))).size).toBe(count);
  });

  it('always lies inside the list', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 16 }), fc.integer(), (count, seed) => {
      const index = firstServerIndex(count, seed);
      return Number.isInteger(index) && index >= 0 && index < count;
    }));
  });

  it('picks the same URL for the same seed, and links given different seeds connect to different replicas first', async () => {
    const first = await server();
    const second = await server();
    const urls = [first.url, second.url];
    const seeds = [seedStartingAt(0, 2), seedStartingAt(1, 2)];
    expect(seeds.map((seed) => link(filled(0), urls, { seed }).server)).toEqual(urls);
    expect(seeds.map((seed) => link(filled(0), urls, { seed }).server)).toEqual(urls);
    link(filled(1), urls, { seed: seeds[1] }).start();
    await second.waitFor(() => second.records.size === 1);
    expect(first.connections).toBe(0);
  });

  it('starts at a random URL when no seed is given, so a fleet does not all hit the first replica', () => {
    const urls = ['http://127.0.0.1:1', 'http://127.0.0.1:2'];
    const outbox = filled(0);
    const firsts = new Set(range(1, 64).map(() => link(outbox, urls).server));
    expect(firsts).toEqual(new Set(urls));
  });

  it('refuses an empty list of URLs', () => {
    expect(() => link(filled(0), [])).toThrow(/no control-plane URL/);
  });
});
