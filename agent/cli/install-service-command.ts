/** `tideway-agent install-service [--unit-dir DIR] [--no-enable] [--state DIR] [--config FILE]`. */
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { DEFAULT_CONFIG_PATH, DEFAULT_STATE_DIR } from '../config/schema.ts';
import { writeFileAtomic } from '../state/atomic-file.ts';
import { UNIT_NAME, renderUnit } from '../systemd/unit.ts';
import { parseFlags } from './args.ts';
import { ExitCode, type CliIo } from './io.ts';

const run = promisify(execFile);

const USAGE = `usage: tideway-agent install-service [--unit-dir DIR] [--no-enable] [--state DIR] [--config FILE]

  --unit-dir DIR  where to write ${UNIT_NAME} (default /etc/systemd/system)
  --no-enable     only write the unit; skip 'systemctl daemon-reload' and 'enable --now'
  --state DIR     state directory the service uses (default ${DEFAULT_STATE_DIR})
  --config FILE   config file the service reads (default ${DEFAULT_CONFIG_PATH})`;

/** Writes the hardened unit for this agent binary and (unless --no-enable) starts it. */
export async function installServiceCommand(args: string[], io: CliIo): Promise<number> {
  const flags = parseFlags(
    args,
    { 'unit-dir': { type: 'string' }, 'no-enable': { type: 'boolean' }, state: { type: 'string' }, config: { type: 'string' } },
    USAGE,
  );
  if (flags.help) {
    io.out(USAGE);
    return ExitCode.ok;
  }
  const unitDir = (flags['unit-dir'] as string | undefined) ?? '/etc/systemd/system';
  const unit = renderUnit({
    nodePath: process.execPath,
    // The script this process was started from: the bundle on a host, bin/ in a checkout.
    scriptPath: resolve(process.argv[1] ?? '/opt/tideway-agent/tideway-agent.mjs'),
    stateDir: resolve((flags.state as string | undefined) ?? DEFAULT_STATE_DIR),
    configPath: resolve((flags.config as string | undefined) ?? DEFAULT_CONFIG_PATH),
  });
  mkdirSync(unitDir, { recursive: true });
  const path = join(unitDir, UNIT_NAME);
  writeFileAtomic(path, unit, { mode: 0o644 });
  io.out(`wrote ${path}`);
  if (flags['no-enable']) return ExitCode.ok;
  try {
    await run('systemctl', ['daemon-reload']);
    await run('systemctl', ['enable', '--now', UNIT_NAME]);
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    io.err(`systemctl failed: ${stderr || (error as Error).message}`);
    return ExitCode.failure;
  }
  io.out(`enabled and started ${UNIT_NAME}`);
  return ExitCode.ok;
}
