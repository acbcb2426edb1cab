/** The agent's version: injected by esbuild in the bundle, read from package.json in source mode. */
import { readFileSync } from 'node:fs';

declare const TIDEWAY_AGENT_VERSION: string | undefined;

function readPackageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}

/** Version string the agent reports in `hello` and in its facts. */
export const agentVersion: string =
  typeof TIDEWAY_AGENT_VERSION !== 'undefined' ? TIDEWAY_AGENT_VERSION : readPackageVersion();
