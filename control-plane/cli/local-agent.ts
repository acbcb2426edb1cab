/**
 * The agent for the machine the control plane runs on, started by `tideway serve` so a
 * fresh install shows a live host at once. It is a real agent process with its own state
 * directory, enrolled through the same token exchange as any other host.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyBaseLogger } from 'fastify';
import { createEnrollmentToken } from '../services/enrollment.ts';
import { createTenant } from '../services/tenants.ts';
import type { Store } from '../store/types.ts';
import { AGENT_NODE_FLAGS } from '../../agent/systemd/unit.ts';

export const LOCAL_TENANT_NAME = 'Local';
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The bundled agent when built, else the source entry point. */
export function agentEntryPoint(): string {
  const bundled = join(repoRoot, 'dist/tideway-agent.mjs');
  return existsSync(bundled) ? bundled : join(repoRoot, 'bin/tideway-agent.mjs');
}

function runAgent(args: string[], log: FastifyBaseLogger): ChildProcess {
  const child = spawn(process.execPath, [...AGENT_NODE_FLAGS, agentEntryPoint(), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const forward = (stream: NodeJS.ReadableStream | null, level: 'info' | 'warn') =>
    stream?.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) if (line.trim()) log[level]({ localAgent: true }, line.slice(0, 2000));
    });
  forward(child.stdout, 'info');
  forward(child.stderr, 'warn');
  return child;
}

const exitOf = (child: ChildProcess) => new Promise<number>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1))));

export interface LocalAgentOptions {
  store: Store;
  dataDir: string;
  serverUrl: string;
  intervalSeconds: number;
  log: FastifyBaseLogger;
  now: () => number;
}

async function enrollIfNeeded(options: LocalAgentOptions, stateDir: string): Promise<void> {
  if (existsSync(join(stateDir, 'credentials.json'))) return;
  const { store } = options;
  const tenant = store.tenants.findByName(LOCAL_TENANT_NAME) ?? createTenant(store, { name: LOCAL_TENANT_NAME }, options.now());
  const { token } = createEnrollmentToken(store, { tenantId: tenant.id, maxUses: 1, expiresInMs: 10 * 60_000 }, options.now());
  const code = await exitOf(runAgent(['enroll', '--server', options.serverUrl, '--token', token, '--state', stateDir], options.log));
  if (code !== 0) throw new Error(`local agent enrolment failed (exit ${code}); see the log lines above`);
}

/** Enrols (first time) and runs the local agent, restarting it if it dies. */
export async function startLocalAgent(options: LocalAgentOptions): Promise<{ stop(): Promise<void> }> {
  const stateDir = join(options.dataDir, 'local-agent');
  await enrollIfNeeded(options, stateDir);
  let stopping = false;
  let child: ChildProcess;
  let restartDelayMs = 1000;
  const launch = () => {
    const startedAt = Date.now();
    child = runAgent(['run', '--state', stateDir, '--interval', String(options.intervalSeconds)], options.log);
    void exitOf(child).then((code) => {
      if (stopping) return;
      restartDelayMs = Date.now() - startedAt > 60_000 ? 1000 : Math.min(restartDelayMs * 2, 60_000);
      options.log.warn({ code, restartInMs: restartDelayMs }, 'local agent exited; restarting');
      setTimeout(() => !stopping && launch(), restartDelayMs).unref();
    });
  };
  launch();
  return {
    async stop() {
      stopping = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = exitOf(child);
      child.kill('SIGTERM');
      await exited;
    },
  };
}
