/** The check registry: adding a check is one file and one line here. */
import { commandCheck } from './command.ts';
import type { CheckDefinition } from './contract.ts';
import { httpCheck } from './http.ts';
import { processCheck } from './process.ts';
import { systemdCheck } from './systemd.ts';
import { tcpCheck } from './tcp.ts';

/** Every check kind the agent knows. */
export const checkDefinitions: readonly CheckDefinition[] = [httpCheck, tcpCheck, processCheck, systemdCheck, commandCheck];

/** The definition for `kind`, if there is one. */
export function findCheck(kind: string): CheckDefinition | undefined {
  return checkDefinitions.find((definition) => definition.kind === kind);
}
