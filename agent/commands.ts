/**
 * The local command allow-list. Command checks (and later patch steps) name an entry; only
 * the host's own config file defines entries, so the control plane can never add a command.
 */
import { execFile } from 'node:child_process';
import { Type, type Static } from '@sinclair/typebox';

/** One allow-listed command: an absolute executable path and fixed arguments, run without a shell. */
export const CommandSpecSchema = Type.Object(
  {
    path: Type.String({ pattern: '^/', hint: 'an absolute path to an executable, e.g. /usr/lib/nagios/plugins/check_disk' }),
    args: Type.Optional(Type.Array(Type.String({ maxLength: 4096 }), { maxItems: 64, hint: 'a list of strings' })),
    timeoutMs: Type.Optional(Type.Integer({ minimum: 100, maximum: 3_600_000, hint: 'milliseconds between 100 and 3600000' })),
  },
  { additionalProperties: false },
);

/** An allow-list entry as written in the config file. */
export type CommandSpec = Static<typeof CommandSpecSchema>;

/** How an allow-listed command ended. */
export interface CommandResult {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  /** Last characters of stdout and stderr together. */
  outputTail: string;
  durationMs: number;
  /** Set when the command could not be started at all (missing file, not executable). */
  spawnError?: string;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const MAX_OUTPUT_BYTES = 1024 * 1024;

/** The last `chars` characters of `text`, trimmed. */
export function tail(text: string, chars: number): string {
  const trimmed = text.trim();
  return trimmed.length <= chars ? trimmed : `…${trimmed.slice(trimmed.length - chars + 1)}`;
}

/** How one run of an allow-listed command may differ from its entry; nothing here can change the executable. */
export interface RunCommandOptions {
  timeoutMs?: number;
  tailChars?: number;
  /** Appended after the entry's fixed arguments (a patch plan step's own arguments). */
  extraArgs?: readonly string[];
  cwd?: string;
  /** Added to the agent's environment. */
  env?: Readonly<Record<string, string>>;
  /** Aborting kills the command (the agent is stopping). */
  signal?: AbortSignal;
  /** Output kept in memory; a command printing more is killed (default 1 MiB). */
  maxOutputBytes?: number;
}

/** Runs allow-list entry `name`; throws COMMAND_NOT_ALLOWED for a name the list lacks. */
export function runAllowedCommand(
  commands: Readonly<Record<string, CommandSpec>>,
  name: string,
  options: RunCommandOptions = {},
): Promise<CommandResult> {
  const spec = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!spec) {
    return Promise.reject(Object.assign(new Error(`command '${name}' is not in the agent's local commands allow-list`), { code: 'COMMAND_NOT_ALLOWED' }));
  }
  const timeoutMs = options.timeoutMs ?? spec.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(
      spec.path,
      [...(spec.args ?? []), ...(options.extraArgs ?? [])],
      {
        shell: false, timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: options.maxOutputBytes ?? MAX_OUTPUT_BYTES, windowsHide: true,
        ...(options.cwd ? { cwd: options.cwd } : {}),
        ...(options.env ? { env: { ...process.env, ...options.env } } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      },
      (error, stdout, stderr) => {
        const failure = error as (NodeJS.ErrnoException & { killed?: boolean; signal?: string | null }) | null;
        const spawnFailed = typeof failure?.code === 'string';
        resolve({
          exitCode: spawnFailed ? null : typeof failure?.code === 'number' ? failure.code : failure ? null : 0,
          signal: failure?.signal ?? null,
          timedOut: Boolean(failure?.killed) && failure?.signal === 'SIGKILL',
          outputTail: tail(`${stdout}${stderr ? `\n${stderr}` : ''}`, options.tailChars ?? 900),
          durationMs: Math.round(performance.now() - started),
          ...(spawnFailed ? { spawnError: `${failure!.code}: ${failure!.message}` } : {}),
        });
      },
    );
  });
}
