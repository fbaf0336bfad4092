#!/usr/bin/env node
// The briefdeck command: runs the compiled CLI (`npm install` compiles src/ into lib/).
import { main } from '../lib/cli.js';

process.exitCode = await main(process.argv.slice(2));
