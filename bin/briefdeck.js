#!/usr/bin/env node
// The briefdeck command: runs the bundled CLI (lib/bundle/, made by `npm run build:ts` after compiling) when it is at
// least as new as the compiled one (lib/), else the compiled one, so a plain `tsc` never leaves a stale bundle running.
import { statSync } from 'node:fs';

const compiled = new URL('../lib/cli.js', import.meta.url);
const bundled = new URL('../lib/bundle/cli.js', import.meta.url);
const mtime = (url) => statSync(url, { throwIfNoEntry: false })?.mtimeMs ?? -1;
const { main } = await import((mtime(bundled) >= mtime(compiled) ? bundled : compiled).href);
process.exitCode = await main(process.argv.slice(2));
