/**
 * The agent's YAML config file. Checks are validated in two steps: here only their `name` and
 * `kind`, then each against its own kind's schema from the check registry.
 */
import { Type, type Static } from '@sinclair/typebox';
import { CommandSpecSchema, type CommandSpec } from '../commands.ts';
import type { CheckBase } from '../checks/contract.ts';
import { checkDefinitions } from '../checks/index.ts';
import type { LogLevel } from '../log.ts';
import { DEFAULT_OUTBOX_MAX_BYTES } from '../outbox/outbox.ts';
import { DEFAULT_MAX_ARTIFACT_BYTES } from '../plans/download.ts';

/** Where `run` and `install-service` look for the config file by default. */
export const DEFAULT_CONFIG_PATH = '/etc/tideway-agent/agent.yaml';
/** Default state directory (credentials, outbox). */
export const DEFAULT_STATE_DIR = '/var/lib/tideway-agent';

/** Highest number of control-plane URLs in `servers`. */
export const MAX_SERVERS = 16;
const SERVER_URL_PATTERN = '^https?://[^\\s/?#]+';

const kinds = checkDefinitions.map((d) => d.kind);

const CheckEnvelopeSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 128, hint: 'a non-empty name, e.g. erp-health' }),
    kind: Type.Union(kinds.map((k) => Type.Literal(k)), { hint: `one of ${kinds.join(', ')}` }),
  },
  { additionalProperties: true },
);

/** The config file's top-level shape. */
export const AgentConfigFileSchema = Type.Object(
  {
    server: Type.Optional(Type.String({ pattern: SERVER_URL_PATTERN, hint: 'the control plane URL, e.g. https://tideway.example.com' })),
    servers: Type.Optional(
      Type.Array(Type.String({ pattern: SERVER_URL_PATTERN, hint: 'a control plane URL, e.g. https://tideway-2.example.com' }), {
        minItems: 1,
        maxItems: MAX_SERVERS,
        hint: `a list of 1 to ${MAX_SERVERS} control plane URLs, e.g. [https://tideway-1.example.com, https://tideway-2.example.com]`,
      }),
    ),
    stateDir: Type.Optional(Type.String({ pattern: '^/', hint: 'an absolute path, e.g. /var/lib/tideway-agent' })),
    intervalSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 3600, hint: 'whole seconds between 1 and 3600, e.g. 15' })),
    caFile: Type.Optional(Type.String({ pattern: '^/', hint: 'an absolute path to a PEM CA bundle, e.g. /etc/tideway-agent/ca.pem' })),
    logLevel: Type.Optional(
      Type.Union([Type.Literal('debug'), Type.Literal('info'), Type.Literal('warn'), Type.Literal('error')], { hint: 'debug, info, warn or error' }),
    ),
    outbox: Type.Optional(
      Type.Object(
        { maxBytes: Type.Optional(Type.Integer({ minimum: 1024 * 1024, hint: 'bytes, at least 1048576 (1 MiB), e.g. 67108864' })) },
        { additionalProperties: false },
      ),
    ),
    facts: Type.Optional(
      Type.Object(
        { refreshSeconds: Type.Optional(Type.Integer({ minimum: 10, maximum: 86_400, hint: 'whole seconds between 10 and 86400, e.g. 3600' })) },
        { additionalProperties: false },
      ),
    ),
    commands: Type.Optional(
      Type.Record(Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$' }), CommandSpecSchema, {
        hint: 'a map of command names (letters, digits, _ . -) to { path, args, timeoutMs }',
      }),
    ),
    checks: Type.Optional(Type.Array(CheckEnvelopeSchema, { maxItems: 200, hint: 'a list of checks' })),
    plans: Type.Optional(
      Type.Object(
        {
          versionCommand: Type.Optional(
            Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$', hint: 'the name of an entry under commands: that prints the installed version, e.g. product-version' }),
          ),
          maxArtifactBytes: Type.Optional(Type.Integer({ minimum: 1024, hint: 'bytes, at least 1024, e.g. 4294967296' })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

/** The config file as written. */
export type AgentConfigFile = Static<typeof AgentConfigFileSchema>;

/** The config after validation, with defaults filled in. */
export interface AgentConfig {
  /** Control-plane URLs from `server` or `servers`; empty means the ones saved at enrolment. */
  servers: string[];
  stateDir: string;
  intervalSeconds: number;
  caFile?: string;
  logLevel: LogLevel;
  outbox: { maxBytes: number };
  facts: { refreshSeconds: number };
  commands: Record<string, CommandSpec>;
  checks: CheckBase[];
  /** Patch plans: where the installed version comes from, and the largest artifact accepted. */
  plans: { versionCommand?: string; maxArtifactBytes: number };
}

/** Fills in defaults for everything the file left out. */
export function withDefaults(file: AgentConfigFile): AgentConfig {
  return {
    servers: file.servers ? [...file.servers] : file.server ? [file.server] : [],
    ...(file.caFile ? { caFile: file.caFile } : {}),
    stateDir: file.stateDir ?? DEFAULT_STATE_DIR,
    intervalSeconds: file.intervalSeconds ?? 15,
    logLevel: file.logLevel ?? 'info',
    outbox: { maxBytes: file.outbox?.maxBytes ?? DEFAULT_OUTBOX_MAX_BYTES },
    facts: { refreshSeconds: file.facts?.refreshSeconds ?? 3600 },
    commands: file.commands ?? {},
    checks: (file.checks ?? []) as CheckBase[],
    plans: {
      ...(file.plans?.versionCommand ? { versionCommand: file.plans.versionCommand } : {}),
      maxArtifactBytes: file.plans?.maxArtifactBytes ?? DEFAULT_MAX_ARTIFACT_BYTES,
    },
  };
}
