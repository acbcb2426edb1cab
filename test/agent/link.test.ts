import { describe, expect, it } from 'vitest';
import { MAX_FRAME_BYTES, MAX_RECORDS_PER_FRAME, type ReportRecord } from '../../protocol/index.ts';
import { DEFAULT_PING_INTERVAL_MS } from '../../agent/link/agent-link.ts';
import { changeRecord, sampleRecord, tempDir } from './helpers.ts';
import { T0, credential, filled, link, received, server } from './link-fixture.ts';
import { hasOpenssl, selfSignedCert } from './tls-fixture.ts';

describe('agent link', () => {
  it('says hello with its stream, version and interval, then streams pending records oldest first', async () => {
    const outbox = filled(10);
    const srv = await server();
    link(outbox, srv.url).start();
    await srv.waitFor(() => srv.records.size === 10);
    expect(srv.frames[0]).toEqual({ type: 'hello', protocol: 1, streamId: outbox.streamId, agentVersion: '9.9.9', intervalSeconds: 15 });
    const seqs = srv.frames.flatMap((f) => (f.type === 'reports' ? f.records.map((r: ReportRecord) => r.seq) : []));
    expect(seqs).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(srv.invalidFrames).toEqual([]);
  });

  it('resumes after the server\'s ackedSeq and drops what the server already has', async () => {
    const outbox = filled(10);
    const srv = await server({ behaviour: { ackedSeq: 6 } });
    link(outbox, srv.url).start();
    await srv.waitFor(() => srv.records.size === 4);
    expect(received(srv)).toEqual([7, 8, 9, 10]);
    await srv.waitFor(() => outbox.pendingCount === 0);
    expect(outbox.ackedSeq).toBe(10);
  });

  it('keeps records until a cumulative ack, with a bounded number of frames in flight', async () => {
    const outbox = filled(MAX_RECORDS_PER_FRAME * 3 + 7);
    const srv = await server({ behaviour: { autoAck: false } });
    link(outbox, srv.url, { maxFramesInFlight: 2 }).start();
    const reports = () => srv.frames.filter((f) => f.type === 'reports');
    await srv.waitFor(() => reports().length === 2);
    expect(reports().map((f) => (f.type === 'reports' ? f.records.length : 0))).toEqual([MAX_RECORDS_PER_FRAME, MAX_RECORDS_PER_FRAME]);
    expect(outbox.pendingCount).toBe(MAX_RECORDS_PER_FRAME * 3 + 7);
    srv.ack(MAX_RECORDS_PER_FRAME);
    await srv.waitFor(() => reports().length === 3);
    expect(outbox.ackedSeq).toBe(MAX_RECORDS_PER_FRAME);
    expect(outbox.pendingCount).toBe(MAX_RECORDS_PER_FRAME * 2 + 7);
    srv.ack(MAX_RECORDS_PER_FRAME * 3);
    await srv.waitFor(() => reports().length === 4);
    srv.ack(MAX_RECORDS_PER_FRAME * 3 + 7);
    await srv.waitFor(() => outbox.pendingCount === 0);
    expect(srv.largestFrameBytes).toBeLessThan(MAX_FRAME_BYTES / 2);
    expect(srv.invalidFrames).toEqual([]);
  });

  it('reconnects after the server closes the connection and sends what was written meanwhile', async () => {
    const outbox = filled(3);
    const srv = await server();
    const agent = link(outbox, srv.url);
    agent.start();
    await srv.waitFor(() => srv.records.size === 3 && outbox.pendingCount === 0);
    for (const ws of srv.sockets) ws.close(1001, 'restarting');
    await new Promise((resolve) => agent.once('closed', resolve));
    outbox.append(sampleRecord(T0 + 100));
    outbox.append(changeRecord(T0 + 101));
    agent.notify();
    await srv.waitFor(() => srv.records.size === 5);
    expect(srv.connections).toBe(2);
    expect(srv.frames.filter((f) => f.type === 'hello')).toHaveLength(2);
    expect(received(srv)).toEqual([1, 2, 3, 4, 5]);
  });

  it('detects a half-open link when the server stops answering, and reconnects', async () => {
    const outbox = filled(1);
    const srv = await server();
    const pingMs = 200;
    const agent = link(outbox, srv.url, { pingIntervalMs: pingMs });
    agent.start();
    await srv.waitFor(() => outbox.pendingCount === 0);
    srv.behaviour.silent = true;
    const silentAt = Date.now();
    await srv.waitFor(() => srv.connections === 2, 5000);
    // Two silent periods, noticed on the next tick (three periods), plus the reconnect delay
    // (capped at 100 ms here) and scheduling slack. The defaults give 45 s, under a minute.
    expect(Date.now() - silentAt).toBeLessThan(3 * pingMs + 100 + 400);
    expect(3 * DEFAULT_PING_INTERVAL_MS).toBeLessThan(60_000);
    expect(srv.frames.filter((f) => f.type === 'ping').length).toBeGreaterThan(0);
  });

  it('reconnects at the first backoff step after dropping a half-open link, however many attempts failed before', async () => {
    const lines: string[] = [];
    const srv = await server({ behaviour: { rejectStatus: 503 } });
    const agent = link(filled(1), srv.url, { pingIntervalMs: 50, backoff: { baseMs: 20, capMs: 60_000, minMs: 5 }, random: () => 0.999 }, lines);
    let attempts = 0;
    agent.on('connecting', () => (attempts += 1));
    agent.start();
    // Six refused upgrades: the next delay would be 20 ms x 2^6 without a reset.
    await new Promise<void>((resolve) => agent.on('connecting', () => attempts >= 6 && resolve()));
    srv.behaviour.rejectStatus = undefined;
    await srv.waitFor(() => srv.records.size === 1);
    srv.behaviour.silent = true;
    await srv.waitFor(() => lines.some((line) => line.includes('dropping the half-open link')), 5000);
    const reconnectAfterDrop = () => lines.slice(lines.findIndex((line) => line.includes('dropping the half-open link'))).find((line) => line.includes('reconnecting'));
    await srv.waitFor(() => reconnectAfterDrop() !== undefined, 5000);
    const reconnecting = reconnectAfterDrop();
    expect(Number(/"delayMs":(\d+)/.exec(reconnecting!)?.[1])).toBe(19);
  });

  it('keeps the link up while the server answers pings', async () => {
    const outbox = filled(1);
    const srv = await server();
    link(outbox, srv.url, { pingIntervalMs: 50 }).start();
    await srv.waitFor(() => srv.frames.filter((f) => f.type === 'ping').length >= 8);
    expect(srv.connections).toBe(1);
  });

  it('stops for good when the server closes with the revoked code', async () => {
    const srv = await server();
    const agent = link(filled(1), srv.url);
    agent.start();
    await srv.waitFor(() => srv.frames.some((f) => f.type === 'hello'));
    for (const ws of srv.sockets) ws.close(4401, 'revoked');
    await expect(agent.done).resolves.toMatchObject({ kind: 'revoked' });
    expect(srv.connections).toBe(1);
  });

  it.each([401, 403])('stops for good when the upgrade is refused with HTTP %i', async (status) => {
    const srv = await server({ behaviour: { rejectStatus: status } });
    const agent = link(filled(1), srv.url);
    agent.start();
    await expect(agent.done).resolves.toEqual({ kind: 'revoked', detail: `server refused the agent credential (HTTP ${status})` });
  });

  it('retries, rather than stopping, when the upgrade fails with a server error', async () => {
    const srv = await server({ behaviour: { rejectStatus: 503 } });
    const agent = link(filled(1), srv.url);
    let attempts = 0;
    agent.on('connecting', () => (attempts += 1));
    agent.start();
    await new Promise<void>((resolve) => agent.on('connecting', () => attempts >= 3 && resolve()));
    srv.behaviour.rejectStatus = undefined;
    await srv.waitFor(() => srv.records.size === 1);
  });

  it('logs error frames with their code and never logs the agent secret', async () => {
    const lines: string[] = [];
    const srv = await server();
    link(filled(1), srv.url, {}, lines).start();
    await srv.waitFor(() => srv.sockets.size === 1 && srv.records.size === 1);
    for (const ws of srv.sockets) ws.send(JSON.stringify({ type: 'error', code: 'RATE_LIMITED', message: 'slow down' }));
    await expect.poll(() => lines.some((l) => l.includes('"code":"RATE_LIMITED"'))).toBe(true);
    expect(lines.join('\n')).not.toContain(credential.agentSecret);
  });

  it('refuses plain ws:// to a host that is not loopback', () => {
    expect(() => link(filled(0), 'http://tideway.example.com')).toThrow(/refusing plain http/);
  });

  it.runIf(hasOpenssl())('connects over wss when the server certificate is trusted through a CA file', async () => {
    const dir = tempDir();
    const tls = selfSignedCert(dir, 30);
    const srv = await server({ tls });
    const { trustedCas } = await import('../../agent/net/urls.ts');
    link(filled(2), srv.url, { ca: trustedCas(tls.certFile) }).start();
    await srv.waitFor(() => srv.records.size === 2);
  });

  it.runIf(hasOpenssl())('does not send anything to a wss server whose certificate it cannot verify', async () => {
    const tls = selfSignedCert(tempDir(), 30);
    const srv = await server({ tls });
    const agent = link(filled(2), srv.url);
    const closes: number[] = [];
    agent.on('closed', (code: number) => closes.push(code));
    agent.start();
    await expect.poll(() => closes.length).toBeGreaterThanOrEqual(2);
    expect(srv.connections).toBe(0);
  });
});
