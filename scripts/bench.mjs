#!/usr/bin/env node
// Times whole builds with the real binary, and Marp CLI on the same articles when it is installed, runs alternating
// (briefdeck, Marp, briefdeck, Marp, …) so a machine that speeds up or slows down moves both alike.
//
// Usage: node scripts/bench.mjs [runs=5] [--marp <marp executable>] [--only <work,…>]   (build first: npx tsc -p .)
//   Marp CLI is found with --marp, else $MARP_CLI, else `marp` on PATH; it is never a dependency of briefdeck:
//   install it in a scratch folder (npm i @marp-team/marp-cli@4) and point CHROME_PATH at the browser.
//
// Work measured (medians of whole-process wall time; the ratio is the median of briefdeck/Marp pair by pair):
//   start-up      `briefdeck --version` and `help`, against `node -e 0`
//   seed html     the seed article, HTML only                  vs Marp's HTML
//   seed pdf      the seed, slides PDF + handout, fit on        vs Marp's PDF
//   seed again    a second build of the unchanged seed, PDFs on vs Marp's HTML
//   40x html      the seed's body 40 times (~400 KB), HTML only vs Marp's HTML
//   40x pdf       the same with slides PDF + handout            vs Marp's PDF, with the peak memory of each process tree
//                 (measured in runs of their own, after the timed ones)
//   floor         Node, remark's parser and one cold parse of each article, nothing else: a lower bound on any HTML
//                 build on this parser (scripts/parse-floor.mjs) vs
//                 Marp's HTML: the least any HTML build on this parser can take, to set beside the HTML targets
// For Marp, the seed gets `headingDivider: 3` in its front matter (a scratch copy), so its slides follow the headings.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const option = (name) => {
  const at = args.indexOf(name);
  return at >= 0 ? args.splice(at, 2)[1] : undefined;
};
const marpOption = option('--marp');
const only = option('--only')?.split(',');
const runs = Number(args[0] ?? 5);
const bin = join(root, 'bin', 'briefdeck.js');
const floor = join(root, 'scripts', 'parse-floor.mjs');
const seedFile = join(root, 'content', 'sovereign-ai-korea.md');

/** Returns the Marp CLI executable, or undefined when none is installed. */
function findMarp() {
  const named = marpOption ?? process.env.MARP_CLI;
  if (named) return named;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) if (dir && existsSync(join(dir, 'marp'))) return join(dir, 'marp');
  return undefined;
}

/** Writes the articles: the seed, the seed's body 40 times, and Marp's copies of both with `headingDivider: 3`. */
function fixtures(dir) {
  const seed = readFileSync(seedFile, 'utf8');
  const end = seed.indexOf('\n---\n', 4) + 5;
  const [head, body] = [seed.slice(0, end), seed.slice(end)];
  const big = `${head}${`${body}\n`.repeat(40)}`;
  const marp = (text) => text.replace(/^---\n/, '---\nheadingDivider: 3\n');
  const files = {};
  for (const [name, text] of Object.entries({ seed, big, 'seed-marp': marp(seed), 'big-marp': marp(big) })) {
    mkdirSync(join(dir, name));
    files[name] = join(dir, name, name.startsWith('big') ? 'seed-40x.md' : 'sovereign-ai-korea.md');
    writeFileSync(files[name], text);
  }
  return files;
}

/** Returns the process ids of `pid` and all its descendants. */
function tree(pid) {
  const children = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(parent)) children.set(parent, []);
      children.get(parent).push(Number(name));
    } catch {
      // The process ended meanwhile.
    }
  }
  const found = [pid];
  for (let i = 0; i < found.length; i++) found.push(...(children.get(found[i]) ?? []));
  return found;
}

/** Returns the memory of a process tree in MB: the sum of proportional set sizes (shared pages split among sharers) and of resident sizes. */
function treeMemory(pid) {
  let pss = 0;
  let rss = 0;
  for (const id of tree(pid)) {
    try {
      const rollup = readFileSync(`/proc/${id}/smaps_rollup`, 'utf8');
      pss += Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
      rss += Number(/^Rss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
    } catch {
      // Ended, or not ours to read.
    }
  }
  return { pss: pss / 1024, rss: rss / 1024 };
}

/** Runs a command; returns its wall seconds and, when `sample`, the peak memory of its process tree. */
function run(command, commandArgs, { cwd, sample = false } = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, commandArgs, { cwd, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, CI: '1', NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const peak = { pss: 0, rss: 0 };
    const timer = sample
      ? setInterval(() => {
          const now = treeMemory(child.pid);
          peak.pss = Math.max(peak.pss, now.pss);
          peak.rss = Math.max(peak.rss, now.rss);
        }, 100)
      : undefined;
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(timer);
      const wall = Number(process.hrtime.bigint() - started) / 1e9;
      if (code !== 0) reject(new Error(`${command} ${commandArgs.join(' ')} exited ${code}: ${stderr.slice(-2000)}`));
      else resolve({ wall, ...(sample ? { peak } : {}) });
    });
  });
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const marp = findMarp();
const work = mkdtempSync(join(tmpdir(), 'briefdeck-bench-'));
const files = fixtures(work);
const out = (name) => join(work, `out-${name}`);
const fresh = (name) => {
  rmSync(out(name), { recursive: true, force: true });
  return out(name);
};
const briefdeck = (...rest) => [process.execPath, [bin, ...rest]];
const marpRun = (...rest) => [marp, rest];

/** The work measured: a briefdeck command, the Marp command it is held against, and what to do before each run. */
const works = [
  { name: 'start-up: --version', a: () => briefdeck('--version'), b: () => [process.execPath, ['-e', '0']], against: 'node -e 0' },
  { name: 'start-up: help', a: () => briefdeck('help'), b: () => [process.execPath, ['-e', '0']], against: 'node -e 0' },
  { name: 'seed html', a: () => briefdeck('build', files.seed, '--out', fresh('seed-html'), '--no-pdf'), b: () => marp && marpRun(files['seed-marp'], '-o', join(work, 'marp.html')), against: "Marp's HTML" },
  { name: 'seed pdf + handout', a: () => briefdeck('build', files.seed, '--out', fresh('seed-pdf')), b: () => marp && marpRun('--pdf', files['seed-marp'], '-o', join(work, 'marp.pdf')), against: "Marp's PDF" },
  {
    name: 'seed again (unchanged, PDFs on)',
    setup: () => spawnSync(process.execPath, [bin, 'build', files.seed, '--out', out('seed-again')], { stdio: 'ignore' }),
    a: () => briefdeck('build', files.seed, '--out', out('seed-again')),
    b: () => marp && marpRun(files['seed-marp'], '-o', join(work, 'marp.html')),
    against: "Marp's HTML",
  },
  { name: '40x html', a: () => briefdeck('build', files.big, '--out', fresh('big-html'), '--no-pdf'), b: () => marp && marpRun(files['big-marp'], '-o', join(work, 'marp-big.html')), against: "Marp's HTML" },
  { name: 'floor: seed, parser alone', a: () => [process.execPath, [floor, files.seed]], b: () => marp && marpRun(files['seed-marp'], '-o', join(work, 'marp.html')), against: "Marp's HTML" },
  { name: 'floor: 40x, parser alone', a: () => [process.execPath, [floor, files.big]], b: () => marp && marpRun(files['big-marp'], '-o', join(work, 'marp-big.html')), against: "Marp's HTML" },
  { name: '40x pdf + handout', a: () => briefdeck('build', files.big, '--out', fresh('big-pdf'), '--timeout', '600'), b: () => marp && marpRun('--pdf', files['big-marp'], '-o', join(work, 'marp-big.pdf')), against: "Marp's PDF", memory: true },
];

console.log(`briefdeck bench: ${runs} runs each, alternating${marp ? ` with ${marp}` : ' (no Marp CLI found: briefdeck only)'}`);
const rows = [];
try {
  for (const item of works) {
    if (only && !only.some((word) => item.name.startsWith(word))) continue;
    item.setup?.();
    const a = [];
    const b = [];
    const hasB = Boolean(item.b());
    // One warm-up of each (file cache, browser binary), then the runs, alternating. Peak memory is measured in runs of
    // its own, after the timed ones: reading the memory of a process tree ten times a second costs a processor a fifth
    // of its time (5.5 s in a 27 s build of the 40x seed), which would slow the timed build on a machine of two.
    const sampled = { a: [], b: [] };
    for (let i = 0; i <= runs + (item.memory ? runs : 0); i++) {
      const sample = i > runs;
      const [ca, aa] = item.a();
      const ra = await run(ca, aa, { sample });
      let rb;
      if (hasB) {
        const [cb, ab] = item.b();
        rb = await run(cb, ab, { sample });
      }
      if (i === 0) continue;
      (sample ? sampled.a : a).push(ra);
      if (rb) (sample ? sampled.b : b).push(rb);
    }
    const row = { work: item.name, briefdeck: median(a.map((r) => r.wall)) };
    if (b.length) {
      row.other = median(b.map((r) => r.wall));
      row.ratio = median(a.map((r, i) => r.wall / b[i].wall));
      row.against = item.against;
    }
    if (item.memory) {
      row.memory = { briefdeck: median(sampled.a.map((r) => r.peak.pss)), ...(sampled.b.length ? { other: median(sampled.b.map((r) => r.peak.pss)) } : {}) };
    }
    rows.push(row);
    const spread = (list) => `${Math.min(...list.map((r) => r.wall)).toFixed(2)}–${Math.max(...list.map((r) => r.wall)).toFixed(2)}`;
    console.log(
      `${row.work.padEnd(34)} ${row.briefdeck.toFixed(2).padStart(7)} s${row.other !== undefined ? `  vs ${row.other.toFixed(2).padStart(6)} s (${row.against})  ratio ${row.ratio.toFixed(2)}` : ''}` +
        `   [range ${spread(a)}${b.length ? ` / ${spread(b)}` : ''}]` +
        (row.memory ? `\n${''.padEnd(34)} peak memory of the process tree (PSS): ${row.memory.briefdeck.toFixed(0)} MB${row.memory.other !== undefined ? ` vs ${row.memory.other.toFixed(0)} MB, ratio ${(row.memory.briefdeck / row.memory.other).toFixed(2)}` : ''}` : ''),
    );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

console.log('\n| work | briefdeck | compared with | ratio |\n| --- | --- | --- | --- |');
for (const row of rows) {
  console.log(`| ${row.work} | ${row.briefdeck.toFixed(2)} s | ${row.other !== undefined ? `${row.against} ${row.other.toFixed(2)} s` : ''} | ${row.ratio !== undefined ? row.ratio.toFixed(2) : ''} |`);
  if (row.memory) console.log(`| ${row.work}: peak memory (PSS, whole tree) | ${row.memory.briefdeck.toFixed(0)} MB | ${row.memory.other !== undefined ? `${row.memory.other.toFixed(0)} MB` : ''} | ${row.memory.other ? (row.memory.briefdeck / row.memory.other).toFixed(2) : ''} |`);
}
