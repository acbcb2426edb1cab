/** Reads and validates the config file once at start; every problem is reported with its fix. */
import { readFileSync } from 'node:fs';
import type { TSchema } from '@sinclair/typebox';
import { ValueErrorType, Value } from '@sinclair/typebox/value';
import { YAMLParseError, parse as parseYaml } from 'yaml';
import { findCheck } from '../checks/index.ts';
import { AgentConfigFileSchema, withDefaults, type AgentConfig, type AgentConfigFile } from './schema.ts';

/** A config file the agent refuses to start with; `problems` are "path: what to do" lines. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(readonly source: string, readonly problems: string[]) {
    super(`config ${source} is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** `/checks/2/url` -> `checks[2].url`. */
export function displayPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((out, part) => (/^\d+$/.test(part) ? `${out}[${part}]` : out ? `${out}.${part}` : part), '');
}

function describe(error: { type: ValueErrorType; schema: TSchema; message: string; path: string }): string {
  const hint = (error.schema as { hint?: string }).hint;
  if (error.type === ValueErrorType.ObjectAdditionalProperties || error.message === 'Unexpected property') {
    return 'is not a known field; check its spelling or remove it';
  }
  if (error.type === ValueErrorType.ObjectRequiredProperty) {
    const field = error.path.split('/').pop() ?? '';
    const fieldHint = hint ?? ((error.schema as { properties?: Record<string, { hint?: string }> }).properties?.[field] ?? {}).hint;
    return `is required${fieldHint ? `: ${fieldHint}` : ''}`;
  }
  return hint ? `must be ${hint}` : error.message.toLowerCase();
}

/** Schema problems of `value` as readable lines, one per path, prefixed by `prefix`. */
export function schemaProblems(schema: TSchema, value: unknown, prefix = ''): string[] {
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const error of Value.Errors(schema, value)) {
    const path = prefix + (error.path ? (prefix ? displayPath(`/x${error.path}`).slice(1) : displayPath(error.path)) : '');
    if (seen.has(path)) continue;
    seen.add(path);
    problems.push(`${path || '(top level)'}: ${describe(error)}`);
  }
  return problems;
}

const COMMAND_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

// TypeBox records do not enforce a key pattern, so command names are checked here.
function commandNameProblems(file: AgentConfigFile): string[] {
  return Object.keys(file.commands ?? {})
    .filter((name) => !COMMAND_NAME.test(name))
    .map((name) => `commands.${name}: the name must be letters, digits, _ . - (up to 128), e.g. check-queue`);
}

// Same replica however it is spelt: scheme and host case, a trailing slash, user info.
function serverKey(server: string): string {
  try {
    const url = new URL(server);
    return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    return server;
  }
}

// `server` is the one-URL form of `servers`; with both, which one wins would be a guess.
function serverProblems(file: AgentConfigFile): string[] {
  const problems: string[] = [];
  if (file.server !== undefined && file.servers !== undefined) {
    problems.push('servers: cannot be set together with server; keep one: servers: [URL, ...] for several control-plane replicas, or server: URL for one');
  }
  const seen = new Map<string, number>();
  (Array.isArray(file.servers) ? file.servers : []).forEach((server, index) => {
    if (typeof server !== 'string') return;
    const earlier = seen.get(serverKey(server));
    if (earlier === undefined) seen.set(serverKey(server), index);
    else problems.push(`servers[${index}]: '${server}' repeats servers[${earlier}]; list each control-plane URL once`);
  });
  return problems;
}

function planProblems(file: AgentConfigFile): string[] {
  const name = file.plans?.versionCommand;
  if (name === undefined || Object.hasOwn(file.commands ?? {}, name)) return [];
  return [`plans.versionCommand: '${name}' is not in commands; add it under commands: with its path, e.g. ${name}: { path: /usr/local/bin/${name} }`];
}

// Each check whose name and kind are fine is checked against its own kind's schema, even
// when other parts of the file have problems, so one run lists everything to fix.
function checkProblems(file: AgentConfigFile): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  (Array.isArray(file.checks) ? file.checks : []).forEach((check, index) => {
    const definition = check && typeof check === 'object' ? findCheck(check.kind) : undefined;
    if (!definition || typeof check.name !== 'string') return;
    const at = `checks[${index}]`;
    if (names.has(check.name)) problems.push(`${at}.name: '${check.name}' is used by an earlier check; names must be unique`);
    names.add(check.name);
    const own = schemaProblems(definition.schema, check, at);
    problems.push(...own);
    if (own.length === 0 && definition.problems) {
      problems.push(...definition.problems(check as never, { commands: file.commands ?? {} }).map((p) => `${at}.${p}`));
    }
  });
  return problems;
}

/** Parses and validates config text; throws ConfigError listing every problem found. */
export function parseConfig(text: string, source: string): AgentConfig {
  let raw: unknown;
  try {
    raw = parseYaml(text) ?? {};
  } catch (error) {
    const where = error instanceof YAMLParseError && error.linePos ? `line ${error.linePos[0].line}, column ${error.linePos[0].col}` : 'YAML';
    throw new ConfigError(source, [`${where}: ${(error as Error).message.split('\n')[0]}`]);
  }
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError(source, ['(top level): must be a mapping of settings, e.g. intervalSeconds: 15']);
  const file = raw as AgentConfigFile;
  const problems = [...schemaProblems(AgentConfigFileSchema, raw), ...serverProblems(file), ...commandNameProblems(file), ...checkProblems(file), ...planProblems(file)];
  if (problems.length) throw new ConfigError(source, problems);
  return withDefaults(file);
}

/**
 * Loads the config at `path`. Without an explicit path a missing default file means "all
 * defaults"; an explicit path that does not exist is an error.
 */
export function loadConfig(path: string | undefined, defaultPath: string): AgentConfig {
  const file = path ?? defaultPath;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && path === undefined) return withDefaults({});
    throw new ConfigError(file, [`cannot read the file: ${(error as Error).message}`]);
  }
  return parseConfig(text, file);
}
