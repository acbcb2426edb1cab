/** The running agent: outbox, collection loop and link, until a signal or a revocation. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { closeSystemdConnections, type SystemdPaths } from '../checks/dbus/systemd-bus.ts';
import { gatherFacts } from '../collectors/facts.ts';
import type { AgentConfig } from '../config/schema.ts';
import { AgentLink } from '../link/agent-link.ts';
import { DEFAULT_BACKOFF } from '../link/backoff.ts';
import type { Logger } from '../log.ts';
import { displayServerUrl, trustedCas } from '../net/urls.ts';
import { Outbox } from '../outbox/outbox.ts';
import { writeFileAtomic } from '../state/atomic-file.ts';
import { loadCredentials, revokedMarkerPath, type Credentials } from '../state/credentials.ts';
import { lockStateDir } from '../state/lock.ts';
import { agentVersion } from '../version.ts';
import { CheckResultsFeed } from '../plans/health-gate.ts';
import { PlanRunner } from '../plans/runner.ts';
import { CollectionLoop } from './collection-loop.ts';

/** Everything `run` decided from flags and config. */
export interface RunAgentOptions {
  stateDir: string;
  config: AgentConfig;
  intervalSeconds: number;
  log: Logger;
  /** Aborting stops the agent cleanly. */
  signal: AbortSignal;
  pingIntervalMs?: number;
  /** systemd's marker and sockets for the systemd check; tests point them elsewhere. */
  systemd?: SystemdPaths;
}

/** How the agent ended. */
export type RunOutcome = 'stopped' | 'revoked';

function revokedEarlier(stateDir: string, log: Logger): boolean {
  const path = revokedMarkerPath(stateDir);
  if (!existsSync(path)) return false;
  log.warn('this agent was revoked earlier; waiting before trying again. Enrol again to replace the credential', {
    since: readFileSync(path, 'utf8').trim(),
  });
  return true;
}

/** Runs the agent until `signal` aborts ('stopped') or the server revokes it ('revoked'). */
export async function runAgent(options: RunAgentOptions): Promise<RunOutcome> {
  const { stateDir, config } = options;
  const credentials = loadCredentials(stateDir);
  // The config's list wins (replicas added after enrolment); else the URLs given at enrolment.
  const servers = config.servers.length > 0 ? config.servers : (credentials.servers ?? [credentials.server]);
  const ca = trustedCas(config.caFile);
  const unlock = lockStateDir(stateDir);
  try {
    return await runLocked(options, credentials, servers, ca);
  } finally {
    unlock();
  }
}

async function runLocked(options: RunAgentOptions, credentials: Credentials, servers: string[], ca: string[] | undefined): Promise<RunOutcome> {
  const { stateDir, config, log } = options;
  const outbox = Outbox.open(join(stateDir, 'outbox'), { maxBytes: config.outbox.maxBytes, log });
  const health = new CheckResultsFeed();
  const link = new AgentLink({
    servers, agentId: credentials.agentId, agentSecret: credentials.agentSecret, outbox, agentVersion,
    intervalSeconds: options.intervalSeconds, log, ca, pingIntervalMs: options.pingIntervalMs,
    // After a revocation, systemd may start the agent again and again: wait the backoff cap
    // first, so each restart costs one quiet attempt a minute.
    initialDelayMs: revokedEarlier(stateDir, log) ? DEFAULT_BACKOFF.capMs : 0,
    onPlan: (plan) => plans.submit(plan),
  });
  const plans = PlanRunner.open({
    stateDir, hostId: credentials.hostId, tenantId: credentials.tenantId, serverPublicKey: credentials.serverPublicKey,
    commands: config.commands, versionCommand: config.plans.versionCommand, maxArtifactBytes: config.plans.maxArtifactBytes, ca, health, log,
    append: (record) => {
      outbox.append(record);
      link.notify();
    },
  });
  const loop = new CollectionLoop({
    outbox, checks: config.checks, intervalSeconds: options.intervalSeconds, factsRefreshSeconds: config.facts.refreshSeconds,
    checkContext: { commands: config.commands, now: Date.now, systemd: options.systemd },
    gatherFacts: () => gatherFacts(agentVersion), onAppended: () => link.notify(), log,
    onChecks: (checks, at) => health.publish(checks, at),
  });
  log.info('agent starting', { agentVersion, stateDir, servers: servers.map(displayServerUrl), streamId: outbox.streamId, intervalSeconds: options.intervalSeconds, checks: config.checks.length });
  link.start();
  loop.start();
  const aborted = new Promise<'stopped'>((resolve) => {
    if (options.signal.aborted) resolve('stopped');
    options.signal.addEventListener('abort', () => resolve('stopped'), { once: true });
  });
  const end = await Promise.race([aborted, link.done.then((e) => e.kind)]);
  await loop.stop();
  closeSystemdConnections();
  await plans.stop();
  await link.stop();
  outbox.close();
  if (end === 'revoked') {
    const detail = await link.done;
    log.error('agent credential revoked; stopping. Enrol again to resume monitoring', { detail: detail.kind === 'revoked' ? detail.detail : '' });
    writeFileAtomic(revokedMarkerPath(stateDir), `${new Date().toISOString()}\n`);
    return 'revoked';
  }
  log.info('agent stopped', { pending: outbox.pendingCount });
  return 'stopped';
}
