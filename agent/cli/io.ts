/** What an agent command writes to; tests pass collectors instead of the process streams. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

/** The process streams, one line per call. */
export const processIo: CliIo = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};

/** A command's usage problem: printed with the usage text, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * Exit codes. `revoked` (77, EX_NOPERM) and `config` (78, EX_CONFIG) are listed in the unit's
 * RestartPreventExitStatus= because restarting cannot fix either.
 */
export const ExitCode = { ok: 0, failure: 1, usage: 2, revoked: 77, config: 78 } as const;
