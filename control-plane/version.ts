/** This build's version, from package.json; agents older than it are shown as outdated. */
import { readFileSync } from 'node:fs';

export const TIDEWAY_VERSION: string = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;
