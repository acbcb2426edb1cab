/**
 * Harmless stand-ins for a host's patch commands: each writes under the host's own dir, and
 * marker files there (`fail-apply`, `break-on-apply`, `slow-precheck`) choose how the host
 * misbehaves. The `ran` file lists every step that really ran, in order.
 */
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Writes the scripts into `dir`; returns command name -> script path for the agent's allow-list. */
export function writePatchScripts(dir: string): Record<string, string> {
  const scripts: Record<string, string> = {
    'tideway-precheck': `[ -f ${dir}/slow-precheck ] && sleep 7\necho precheck "$@" >> ${dir}/ran\nexit 0`,
    'tideway-apply': [
      `echo apply "$@" >> ${dir}/ran`,
      `[ -f ${dir}/fail-apply ] && { echo "apply refused on purpose" >&2; exit 1; }`,
      `[ -n "$3" ] && cp "$3" ${dir}/applied-artifact`,
      `[ -f ${dir}/break-on-apply ] && touch ${dir}/broken`,
      `echo "$2" > ${dir}/version`,
      'exit 0',
    ].join('\n'),
    'tideway-postcheck': `echo postcheck >> ${dir}/ran\nexit 0`,
    'tideway-rollback': `echo rollback >> ${dir}/ran\nrm -f ${dir}/broken\necho 1.0.0 > ${dir}/version\nexit 0`,
    'app-version': `cat ${dir}/version 2>/dev/null || echo 1.0.0`,
    'app-health': `[ -f ${dir}/broken ] && { echo "app is broken"; exit 2; }\necho ok`,
  };
  const paths: Record<string, string> = {};
  for (const [name, body] of Object.entries(scripts)) {
    paths[name] = join(dir, `${name}.sh`);
    writeFileSync(paths[name], `#!/bin/sh\n${body}\n`);
    chmodSync(paths[name], 0o755);
  }
  return paths;
}

/** An agent config allow-listing the scripts, with the app-health check; `extra` lines are appended. */
export function patchAgentConfig(scripts: Record<string, string>, extra: string[] = []): string {
  return [
    'commands:',
    ...Object.entries(scripts).map(([command, path]) => `  ${command}:\n    path: ${path}\n    timeoutMs: 20000`),
    'plans:',
    '  versionCommand: app-version',
    'checks:',
    '  - name: app-health',
    '    kind: command',
    '    command: app-health',
    ...extra,
    '',
  ].join('\n');
}

/** The steps that ran on the host whose scripts live in `dir`. */
export const stepsRan = (dir: string): string => (existsSync(join(dir, 'ran')) ? readFileSync(join(dir, 'ran'), 'utf8') : '');
