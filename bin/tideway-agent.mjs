#!/usr/bin/env node
// Agent CLI entry for a source checkout; hosts get the self-contained dist/tideway-agent.mjs.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../agent/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
