/**
 * Server configuration from environment variables and flags (flags win), checked by a
 * schema once at start with messages that say how to fix each value.
 */
import { Type, type Static } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { hostname } from 'node:os';

export const ServeConfigSchema = Type.Object(
  {
    dataDir: Type.String({ minLength: 1 }),
    host: Type.String({ minLength: 1 }),
    port: Type.Integer({ minimum: 0, maximum: 65535 }),
    localAgent: Type.Boolean(),
    localAgentIntervalSeconds: Type.Number({ minimum: 1, maximum: 3600 }),
    tlsCert: Type.Optional(Type.String({ minLength: 1 })),
    tlsKey: Type.Optional(Type.String({ minLength: 1 })),
    allowPlainHttp: Type.Boolean(),
    logLevel: Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l))),
    rawRetentionDays: Type.Integer({ minimum: 1, maximum: 3650 }),
    /** Notifications file; default `<data>/notifications.yaml` when it exists. */
    notificationsFile: Type.Optional(Type.String({ minLength: 1 })),
    /** Rollout recipe file; default `<data>/rollouts.yaml` when it exists, else the built-in recipe. */
    rolloutsFile: Type.Optional(Type.String({ minLength: 1 })),
    /** Extra alert rules; default `<data>/rules` (a missing folder adds nothing). */
    rulesDir: Type.String({ minLength: 1 }),
    /** Public address of the dashboard, for links in notifications. */
    externalUrl: Type.Optional(Type.String({ pattern: '^https?://' })),
    /** Let tenant admins send notices to loopback and private addresses (closed networks). */
    allowPrivateContactUrls: Type.Boolean(),
    /** Where data lives: `sqlite` (the file in the data dir) or a `postgres://` URL shared by replicas. */
    store: Type.String({ pattern: '^(sqlite|postgres(ql)?://.+)$' }),
    /** This replica's name among several on one PostgreSQL database (logs, leadership, presence). */
    replicaId: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$' }),
  },
  { additionalProperties: false },
);

export type ServeConfig = Static<typeof ServeConfigSchema>;

const hints: Record<string, string> = {
  '/port': 'port must be a whole number from 0 to 65535, e.g. 8080',
  '/localAgentIntervalSeconds': 'local agent interval must be 1 to 3600 seconds',
  '/logLevel': 'log level must be one of fatal, error, warn, info, debug, trace, silent',
  '/rawRetentionDays': 'raw retention must be 1 to 3650 days',
  '/externalUrl': 'external URL must start with http:// or https://, e.g. https://tideway.example.com',
  '/store': 'store must be sqlite or a PostgreSQL URL, e.g. postgres://tideway:secret@db.example.com:5432/tideway',
  '/replicaId': 'replica id must be 1 to 63 letters, digits, dot, dash or underscore, e.g. cp-a',
};

export interface ConfigInput {
  env: Record<string, string | undefined>;
  flags: Partial<
    Record<'data' | 'host' | 'port' | 'tls-cert' | 'tls-key' | 'log-level' | 'local-agent-interval' | 'raw-retention-days' | 'notifications' | 'rollouts' | 'rules-dir' | 'external-url' | 'store' | 'replica-id', string>
  > & {
    'no-local-agent'?: boolean;
    'allow-plain-http'?: boolean;
    'allow-private-contact-urls'?: boolean;
  };
}

const truthy = (value: string | undefined) => value !== undefined && ['1', 'true', 'yes'].includes(value.toLowerCase());
const num = (value: string | undefined, fallback: number) => (value === undefined || value === '' ? fallback : Number(value));

/** Merges flags over environment over defaults; throws with every problem listed. */
export function loadServeConfig({ env, flags }: ConfigInput): ServeConfig {
  const config: ServeConfig = {
    dataDir: flags.data ?? env.TIDEWAY_DATA ?? './data',
    host: flags.host ?? env.TIDEWAY_HOST ?? '127.0.0.1',
    port: num(flags.port ?? env.TIDEWAY_PORT, 8080),
    localAgent: !(flags['no-local-agent'] ?? false) && !(env.TIDEWAY_LOCAL_AGENT !== undefined && !truthy(env.TIDEWAY_LOCAL_AGENT)),
    localAgentIntervalSeconds: num(flags['local-agent-interval'] ?? env.TIDEWAY_LOCAL_AGENT_INTERVAL, 15),
    tlsCert: flags['tls-cert'] ?? env.TIDEWAY_TLS_CERT,
    tlsKey: flags['tls-key'] ?? env.TIDEWAY_TLS_KEY,
    allowPlainHttp: (flags['allow-plain-http'] ?? false) || truthy(env.TIDEWAY_ALLOW_PLAIN_HTTP),
    logLevel: (flags['log-level'] ?? env.TIDEWAY_LOG_LEVEL ?? 'info') as ServeConfig['logLevel'],
    rawRetentionDays: num(flags['raw-retention-days'] ?? env.TIDEWAY_RAW_RETENTION_DAYS, 14),
    notificationsFile: flags.notifications ?? env.TIDEWAY_NOTIFICATIONS,
    rolloutsFile: flags.rollouts ?? env.TIDEWAY_ROLLOUTS,
    rulesDir: '',
    externalUrl: flags['external-url'] ?? env.TIDEWAY_EXTERNAL_URL,
    allowPrivateContactUrls: (flags['allow-private-contact-urls'] ?? false) || truthy(env.TIDEWAY_ALLOW_PRIVATE_CONTACT_URLS),
    store: flags.store ?? env.TIDEWAY_STORE ?? 'sqlite',
    replicaId: flags['replica-id'] ?? env.TIDEWAY_REPLICA_ID ?? hostname().replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 63),
  };
  config.rulesDir = flags['rules-dir'] ?? env.TIDEWAY_RULES_DIR ?? `${config.dataDir}/rules`;
  if (config.notificationsFile === undefined) delete config.notificationsFile;
  if (config.rolloutsFile === undefined) delete config.rolloutsFile;
  if (config.externalUrl === undefined) delete config.externalUrl;
  if (config.tlsCert === undefined) delete config.tlsCert;
  if (config.tlsKey === undefined) delete config.tlsKey;
  const check = TypeCompiler.Compile(ServeConfigSchema);
  const problems = [...check.Errors(config)].map((e) => hints[e.path] ?? `${e.path.slice(1)}: ${e.message}`);
  if (Boolean(config.tlsCert) !== Boolean(config.tlsKey)) problems.push('give both --tls-cert and --tls-key, or neither');
  if (!config.tlsCert && !config.allowPlainHttp && !isLoopback(config.host)) {
    problems.push(
      `refusing plain HTTP on ${config.host}: give --tls-cert and --tls-key, or --allow-plain-http when a TLS-terminating proxy is in front`,
    );
  }
  if (problems.length > 0) throw new Error(`configuration is not valid:\n  - ${[...new Set(problems)].join('\n  - ')}`);
  return config;
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
