import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SERVER_NODE_FLAGS } from '../../control-plane/node-flags.ts';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

describe("the server's node flags", () => {
  it('are the ones npm start, the deployment unit and the deployment text run the server with', () => {
    const flags = SERVER_NODE_FLAGS.join(' ');
    const start = (JSON.parse(read('package.json')) as { scripts: { start: string } }).scripts.start;
    expect(start).toContain(`node ${flags} bin/tideway.mjs serve`);
    const deployment = read('docs/deployment.md');
    expect(deployment).toContain(`ExecStart=/usr/bin/node ${flags} /opt/tideway/bin/tideway.mjs serve`);
    expect(deployment).toContain(`run \`node ${flags} bin/tideway.mjs serve\``);
  });

  it('are flags this node accepts', () => {
    for (const flag of SERVER_NODE_FLAGS) expect(process.allowedNodeEnvironmentFlags.has(flag.split('=')[0]!)).toBe(true);
  });
});
