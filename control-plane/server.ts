/** The one place that listens: builds the app over its store (SQLite, or PostgreSQL shared by replicas) and binds it. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import type { ServeConfig } from './config.ts';
import { loadNotificationsConfig } from './notify/config.ts';
import { loadRecipe } from './rollouts/recipe.ts';
import { loadOrCreateSigningKey } from './services/signing-key.ts';
import { startCheckpointer } from './store/sqlite/checkpointer.ts';
import { createSqliteStore, databasePath } from './store/sqlite/index.ts';
import { collationWarning, createPostgresStore } from './store/postgres/index.ts';
import { loadOrCreateSecretKey } from './notices/secret-box.ts';
import { PostgresCluster } from './cluster/postgres-cluster.ts';
import { checkSharedKeys } from './cluster/shared-keys.ts';
import type { Cluster } from './cluster/cluster.ts';
import type { SqlStore } from './store/sql/store.ts';
import pino from 'pino';

export const DEFAULT_DASHBOARD_DIR = fileURLToPath(new URL('../dist/dashboard', import.meta.url));

export interface RunningServer {
  app: FastifyInstance;
  /** Base URL, e.g. http://127.0.0.1:8080 */
  url: string;
  close(): Promise<void>;
}

export async function startServer(config: ServeConfig, dashboardDir: string | null = DEFAULT_DASHBOARD_DIR): Promise<RunningServer> {
  const signingKey = loadOrCreateSigningKey(config.dataDir);
  const { store, cluster } = await openStore(config, signingKey.publicKeyPem);
  const tls = config.tlsCert && config.tlsKey;
  const notificationsFile = config.notificationsFile ?? join(config.dataDir, 'notifications.yaml');
  // A file named on the command line must exist; the default one is optional.
  const notifications = config.notificationsFile || existsSync(notificationsFile) ? loadNotificationsConfig(notificationsFile) : null;
  const rolloutsFile = config.rolloutsFile ?? join(config.dataDir, 'rollouts.yaml');
  const recipe = config.rolloutsFile || existsSync(rolloutsFile) ? loadRecipe(rolloutsFile) : undefined;
  const app = await buildApp({
    store,
    cluster,
    signingKey,
    closeStore: true,
    logger: { level: config.logLevel },
    dashboardDir,
    secureCookies: Boolean(tls),
    retention: { rawDays: config.rawRetentionDays },
    notifications,
    rulesDir: config.rulesDir,
    rollouts: { recipe },
    allowPrivateContactAddresses: config.allowPrivateContactUrls,
    externalUrl: config.externalUrl ?? `${tls ? 'https' : 'http'}://${config.host}:${config.port}`,
    ...(tls ? { https: { cert: readFileSync(config.tlsCert!), key: readFileSync(config.tlsKey!) } } : {}),
  });
  // A deep accept queue: after a restart thousands of agents reconnect within seconds.
  // Only the server checkpoints off-thread; tests and admin commands keep SQLite's default.
  if (cluster) app.addHook('onClose', async () => cluster.close());
  else {
    const checkpointer = startCheckpointer((store as ReturnType<typeof createSqliteStore>).db, (message) => app.log.warn({ error: message }, 'WAL checkpoint failed'));
    app.addHook('onClose', async () => checkpointer.stop());
  }
  await app.listen({ host: config.host, port: config.port, backlog: 4096 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return { app, url: `${tls ? 'https' : 'http'}://${host}:${port}`, close: () => app.close() };
}

/**
 * SQLite in the data dir, or the PostgreSQL database of `--store` with this replica's place
 * in the cluster (leadership, messages). Replicas must share the data dir's keys.
 */
async function openStore(config: ServeConfig, signingPublicKeyPem: string): Promise<{ store: SqlStore; cluster: Cluster | undefined }> {
  if (config.store === 'sqlite') return { store: createSqliteStore(databasePath(config.dataDir)), cluster: undefined };
  const contactsKey = loadOrCreateSecretKey(config.dataDir);
  const store = createPostgresStore(config.store, { contactsKey, applicationName: `tideway@${config.replicaId}` });
  try {
    checkSharedKeys(store.db, { signingPublicKeyPem, contactsKey });
    const log = pino({ level: config.logLevel, base: { replicaId: config.replicaId } });
    const collation = collationWarning(store.db);
    if (collation) log.warn(collation);
    return { store, cluster: await PostgresCluster.start({ connectionString: config.store, replicaId: config.replicaId, log }) };
  } catch (error) {
    store.close();
    throw error;
  }
}
