/** `tideway serve`: the control plane, its first admin login, and the local agent. */
import { parseArgs } from 'node:util';
import { loadServeConfig } from '../config.ts';
import { startServer } from '../server.ts';
import { ensureFirstAdmin } from '../services/accounts.ts';
import type { CliIo } from './io.ts';
import { UsageError } from './io.ts';
import { startLocalAgent } from './local-agent.ts';
import { acquireServerLock } from './server-lock.ts';

const USAGE = `usage: tideway serve [--data DIR] [--host H] [--port P] [--no-local-agent]
                     [--tls-cert FILE --tls-key FILE] [--allow-plain-http]
                     [--log-level info] [--local-agent-interval SECONDS] [--raw-retention-days 14]
                     [--notifications FILE] [--rollouts FILE] [--rules-dir DIR] [--external-url URL]
                     [--allow-private-contact-urls] [--store sqlite|postgres://...] [--replica-id ID]
--store postgres://user:password@host:5432/db runs on PostgreSQL; several replicas may share it
(each with its own --data dir holding copies of the same keys/, see docs/deployment.md).
Environment: TIDEWAY_DATA, TIDEWAY_HOST, TIDEWAY_PORT, TIDEWAY_TLS_CERT, TIDEWAY_TLS_KEY,
TIDEWAY_ALLOW_PLAIN_HTTP, TIDEWAY_LOG_LEVEL, TIDEWAY_LOCAL_AGENT=0, TIDEWAY_NOTIFICATIONS,
TIDEWAY_ROLLOUTS, TIDEWAY_RULES_DIR, TIDEWAY_EXTERNAL_URL, TIDEWAY_STORE, TIDEWAY_REPLICA_ID (flags win).`;

function parse(args: string[]) {
  try {
    return parseArgs({
      args,
      strict: true,
      options: {
        data: { type: 'string' },
        host: { type: 'string' },
        port: { type: 'string' },
        'no-local-agent': { type: 'boolean' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        'allow-plain-http': { type: 'boolean' },
        'log-level': { type: 'string' },
        'local-agent-interval': { type: 'string' },
        'raw-retention-days': { type: 'string' },
        notifications: { type: 'string' },
        rollouts: { type: 'string' },
        'rules-dir': { type: 'string' },
        'external-url': { type: 'string' },
        'allow-private-contact-urls': { type: 'boolean' },
        store: { type: 'string' },
        'replica-id': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`);
  }
}

/** The address the local agent dials: loopback even when the server binds every interface. */
const loopbackUrl = (url: string) => url.replace(/\/\/(0\.0\.0\.0|\[::\])/, '//127.0.0.1');

export async function serveCommand(args: string[], io: CliIo): Promise<number> {
  const flags = parse(args);
  if (flags.help) {
    io.out(USAGE);
    return 0;
  }
  const config = loadServeConfig({ env: process.env, flags });
  const releaseLock = acquireServerLock(config.dataDir);
  const server = await startServer(config);
  const firstAdmin = await ensureFirstAdmin(server.app.store, Date.now());
  const localAgent = config.localAgent
    ? await startLocalAgent({
        store: server.app.store,
        dataDir: config.dataDir,
        serverUrl: loopbackUrl(server.url),
        intervalSeconds: config.localAgentIntervalSeconds,
        log: server.app.log,
        now: Date.now,
      })
    : null;

  const where = config.store === 'sqlite' ? config.dataDir : `${config.dataDir} (store: PostgreSQL, replica ${config.replicaId})`;
  io.err(`\nTideway control plane is running.\n  dashboard: ${server.url}/\n  API docs:  ${server.url}/docs\n  data:      ${where}`);
  if (firstAdmin) {
    io.err(`  first admin login: ${firstAdmin.username} / ${firstAdmin.password}\n  (shown this once; only its hash is stored)`);
  }
  io.err(`  local agent: ${localAgent ? 'running' : 'off (--no-local-agent)'}\n`);

  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      server.app.log.info({ signal }, 'shutting down');
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await localAgent?.stop();
  await server.close();
  releaseLock();
  return 0;
}
