#!/usr/bin/env node
// Times full builds of the seed article with the real binary: slides PDF only, and slides PDF + handout.
// Prints wall-clock seconds and CPU seconds (briefdeck and Chromium together, steadier on a busy machine).
// Usage: node scripts/bench.mjs [runs=5]   (build first: npx tsc -p .)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const runs = Number(process.argv[2] ?? 5);
const seed = join(root, 'content', 'sovereign-ai-korea.md');
const bin = join(root, 'bin', 'briefdeck.js');

const quote = (text) => `'${text.replace(/'/g, `'\\''`)}'`;

/** Returns the wall-clock and CPU seconds (user + system, the build and its browser) of one build with these flags. */
function time(flags) {
  const out = mkdtempSync(join(tmpdir(), 'briefdeck-bench-'));
  try {
    const command = [process.execPath, bin, 'build', seed, '--out', out, ...flags].map(quote).join(' ');
    const started = process.hrtime.bigint();
    // `times` prints the shell's, then its children's user and system time: "0m1.23s 0m0.45s".
    const result = spawnSync('/bin/sh', ['-c', `${command} >/dev/null && times`], { encoding: 'utf8', env: { ...process.env, CI: '1' } });
    const wall = Number(process.hrtime.bigint() - started) / 1e9;
    if (result.status !== 0) throw new Error(`build failed (${result.status}): ${result.stderr}`);
    const children = result.stdout.trim().split('\n').at(-1) ?? '';
    const cpu = [...children.matchAll(/(\d+)m([\d.]+)s/g)].reduce((sum, [, m, s]) => sum + Number(m) * 60 + Number(s), 0);
    return { wall, cpu };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
for (const [label, flags] of [['slides PDF', ['--no-handout']], ['slides PDF + handout', []]]) {
  time(flags); // warm the file cache and the browser binary
  const runsOf = Array.from({ length: runs }, () => time(flags));
  const walls = runsOf.map((run) => run.wall);
  const cpus = runsOf.map((run) => run.cpu);
  console.log(`${label.padEnd(22)} wall median ${median(walls).toFixed(2)} s  cpu median ${median(cpus).toFixed(2)} s  (wall: ${walls.map((t) => t.toFixed(2)).join(', ')})`);
}
