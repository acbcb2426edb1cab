/** Real processes for end-to-end suites: the control plane, the CLI and the agent bundle. */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { promisify } from 'node:util';
import { SERVER_NODE_FLAGS } from '../../control-plane/node-flags.ts';

const execFileAsync = promisify(execFile);
const repo = new URL('../../', import.meta.url).pathname;
export const AGENT_BUNDLE = `${repo}dist/tideway-agent.mjs`;

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 60_000, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await Promise.resolve(probe()).catch(() => undefined);
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Keeps a child's output for the failure message, and logs nothing while it passes. */
function capture(child: ChildProcess): { output: () => string } {
  let text = '';
  const keep = (chunk: Buffer) => {
    text = (text + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { output: () => text };
}

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function startServe(dataDir: string, port: number, extra: string[] = []): Promise<ServerProcess> {
  // TIDEWAY_PROFILE_DIR: benches write a CPU profile of the control plane there.
  const profile = process.env.TIDEWAY_PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', process.env.TIDEWAY_PROFILE_DIR] : [];
  // As it is deployed: with the server's node flags.
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, ...profile, `${repo}bin/tideway.mjs`, 'serve', '--data', dataDir, '--port', String(port), ...extra], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TIDEWAY_LOG_LEVEL: 'warn' },
  });
  const { output } = capture(child);
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`control plane on ${url}\n${output()}`, async () => (await fetch(`${url}/healthz`)).ok || undefined, 60_000);
  return { child, url, output, stop: (signal = 'SIGTERM') => stopChild(child, signal) };
}

export function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill(signal);
  });
}

export async function tideway(...args: string[]): Promise<string> {
  const { stdout } = await execFileAsync(process.execPath, [`${repo}bin/tideway.mjs`, ...args]);
  return stdout;
}

export async function agentCli(...args: string[]): Promise<{ code: number; output: string }> {
  if (!existsSync(AGENT_BUNDLE)) throw new Error('dist/tideway-agent.mjs is missing; run `npm run build`');
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [AGENT_BUNDLE, ...args]);
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: e.stdout + e.stderr };
  }
}

/** Runs the agent bundle on an enrolled state dir, with `configFile` when given. */
export function startAgent(stateDir: string, intervalSeconds: number, configFile?: string): { child: ChildProcess; output(): string } {
  const config = configFile ? ['--config', configFile] : [];
  const child = spawn(process.execPath, [AGENT_BUNDLE, 'run', '--state', stateDir, ...config, '--interval', String(intervalSeconds)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { child, ...capture(child) };
}
