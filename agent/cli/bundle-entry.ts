/** Entry of the self-contained dist/tideway-agent.mjs bundle. */
import { main } from './main.ts';

process.exitCode = await main(process.argv.slice(2));
