/** `tideway-agent run [--state DIR] [--config FILE] [--interval SECONDS]`. */
import { DEFAULT_CONFIG_PATH } from '../config/schema.ts';
import { createLogger } from '../log.ts';
import { runAgent } from '../run/run-agent.ts';
import { configFromFlag, parseFlags, parseSeconds } from './args.ts';
import { ExitCode, type CliIo } from './io.ts';

const USAGE = `usage: tideway-agent run [--state DIR] [--config FILE] [--interval SECONDS]

  --state DIR         state directory (default: stateDir in the config file, else /var/lib/tideway-agent)
  --config FILE       config file (default ${DEFAULT_CONFIG_PATH}, optional)
  --interval SECONDS  collection interval, 1-3600 (default: intervalSeconds in the config file, else 15)`;

/** Runs the agent in the foreground until SIGTERM/SIGINT or revocation. */
export async function runCommand(args: string[], io: CliIo): Promise<number> {
  const flags = parseFlags(args, { state: { type: 'string' }, config: { type: 'string' }, interval: { type: 'string' } }, USAGE);
  if (flags.help) {
    io.out(USAGE);
    return ExitCode.ok;
  }
  const intervalFlag = flags.interval as string | undefined;
  const intervalOverride = intervalFlag === undefined ? undefined : parseSeconds('--interval', intervalFlag, 1, 3600);
  const config = configFromFlag(flags.config as string | undefined, io);
  if (!config) return ExitCode.config;
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  try {
    const outcome = await runAgent({
      stateDir: (flags.state as string | undefined) ?? config.stateDir,
      config,
      intervalSeconds: intervalOverride ?? config.intervalSeconds,
      log: createLogger({ level: config.logLevel }),
      signal: controller.signal,
    });
    return outcome === 'revoked' ? ExitCode.revoked : ExitCode.ok;
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
}
