/** Flag parsing shared by the agent commands (node:util parseArgs, strict). */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError, loadConfig } from '../config/load.ts';
import { DEFAULT_CONFIG_PATH, type AgentConfig } from '../config/schema.ts';
import { UsageError, type CliIo } from './io.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses flags; unknown flags or stray positionals are a UsageError. `--help` is always allowed. */
export function parseFlags<O extends Options>(args: string[], options: O, usageText: string) {
  try {
    return parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${usageText}`);
  }
}

/** A positive whole number of seconds from a flag. */
export function parseSeconds(flag: string, value: string, min: number, max: number): number {
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds < min || seconds > max) {
    throw new UsageError(`${flag} must be whole seconds between ${min} and ${max}, e.g. 15 (got '${value}')`);
  }
  return seconds;
}

/** Loads the --config file (or the default); prints every problem and returns null when invalid. */
export function configFromFlag(path: string | undefined, io: CliIo): AgentConfig | null {
  try {
    return loadConfig(path, DEFAULT_CONFIG_PATH);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.err(error.message);
    return null;
  }
}
