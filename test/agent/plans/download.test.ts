import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanArtifact, PlanStep } from '../../../protocol/index.ts';
import { downloadArtifact } from '../../../agent/plans/download.ts';
import { tempDir } from '../helpers.ts';
import { planBody } from './fixtures.ts';
import { harness, lastStatus, runOnce } from './harness.ts';

const CONTENT = Buffer.from('patch 1.1.0 payload\n'.repeat(1000));
const SHA = createHash('sha256').update(CONTENT).digest('hex');
let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/artifact.bin') res.end(CONTENT);
    else if (req.url === '/moved') res.writeHead(302, { location: '/artifact.bin' }).end();
    else if (req.url === '/hang') res.writeHead(200).write('x');
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const artifact = (path: string, sha256 = SHA): PlanArtifact => ({ name: 'artifact.bin', url: `${base}${path}`, sha256 });
const options = { timeoutMs: 5000, maxBytes: 1024 * 1024 };

describe('downloading an artifact', () => {
  it('stores the file under its name when the sha256 matches, following a redirect', async () => {
    const dir = tempDir();
    await downloadArtifact(artifact('/moved'), dir, options);
    expect(readFileSync(`${dir}/artifact.bin`).equals(CONTENT)).toBe(true);
    expect(readdirSync(dir)).toEqual(['artifact.bin']);
  });

  it.each<[string, PlanArtifact | (() => PlanArtifact), Partial<typeof options>, string]>([
    ['a sha256 mismatch', () => artifact('/artifact.bin', 'f'.repeat(64)), {}, 'SHA256_MISMATCH'],
    ['an HTTP error', () => artifact('/missing'), {}, 'DOWNLOAD_FAILED'],
    ['a file over the size limit', () => artifact('/artifact.bin'), { maxBytes: 1000 }, 'DOWNLOAD_FAILED'],
    ['a server that stops sending', () => artifact('/hang'), { timeoutMs: 100 }, 'DOWNLOAD_FAILED'],
  ])('fails on %s and leaves no file behind', async (_name, make, extra, code) => {
    const dir = tempDir();
    const target = typeof make === 'function' ? make() : make;
    await expect(downloadArtifact(target, dir, { ...options, ...extra })).rejects.toMatchObject({ code });
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('a plan with a download step', () => {
  const steps = (sha256: string): PlanStep[] => [
    { name: 'fetch', phase: 'download', args: [], timeoutMs: 10_000, artifact: artifact('/artifact.bin', sha256) },
    { ...planBody().steps[1], args: ['has', 'artifact.bin'] },
    planBody().steps[3],
  ];

  it('hands the verified artifact to the apply step in its working directory', async () => {
    const h = harness();
    await runOnce(h, { steps: steps(SHA) });
    expect(h.states()).toContain('running:download:fetch');
    expect(lastStatus(h).state).toBe('succeeded');
    expect(h.stepLog()).toEqual(['apply:install:has artifact.bin']);
  });

  it('fails without applying anything when the sha256 does not match', async () => {
    const h = harness();
    await runOnce(h, { steps: steps('0'.repeat(64)) });
    expect(lastStatus(h)).toMatchObject({ state: 'failed', step: 'fetch', phase: 'download' });
    expect(lastStatus(h).reason).toMatch(/^SHA256_MISMATCH: /);
    expect(h.stepLog()).toEqual([]);
  });
});
