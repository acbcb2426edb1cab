/** `tideway-agent version`. */
import { agentVersion } from '../version.ts';
import { ExitCode, type CliIo } from './io.ts';

/** Prints the agent version. */
export async function versionCommand(_args: string[], io: CliIo): Promise<number> {
  io.out(agentVersion);
  return ExitCode.ok;
}
