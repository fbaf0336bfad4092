// Measures `briefdeck serve`'s edit-to-screen time: starts the real binary on a temporary copy of the seed article,
// opens a deck slide in Chromium, saves N edits of that slide's text and times each until the new text is on screen.
// Usage: npm run build:ts && node scripts/serve-latency.mjs [edits=10]
import { spawn } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from '../lib/fit/browser.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const edits = Number(process.argv[2] ?? 10);
const dir = await mkdtemp(join(tmpdir(), 'briefdeck-latency-'));
const file = join(dir, 'sovereign-ai-korea.md');
await copyFile(join(root, 'content', 'sovereign-ai-korea.md'), file);
const original = await readFile(file, 'utf8');
const marker = 'Using US-based AI services means';

const child = spawn(process.execPath, [join(root, 'bin', 'briefdeck.js'), 'serve', 'sovereign-ai-korea.md', '--port', '0'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
let out = '';
child.stdout.on('data', (chunk) => (out += chunk));
const url = await new Promise((resolve) => {
  const poll = setInterval(() => {
    const found = /^Serving .* at (\S+)/m.exec(out)?.[1];
    if (found) {
      clearInterval(poll);
      resolve(found);
    }
  }, 20);
});

const session = await launchBrowser({ env: process.env });
const times = [];
try {
  const page = await session.newPage({ width: 1280, height: 720 });
  await page.goto(`${url}sovereign-ai-korea/#/1-data-sovereignty-and-security`, { waitUntil: 'load' });
  while (!(await page.evaluate(() => document.documentElement.getAttribute('data-briefdeck-ready') === 'true').catch(() => false))) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  for (let n = 1; n <= edits; n++) {
    const word = `Edit${n}x`;
    const started = performance.now();
    await writeFile(file, original.replace(marker, `${word} ${marker}`));
    for (;;) {
      const seen = await page.evaluate((text) => window.Reveal?.getCurrentSlide()?.textContent?.includes(text), word).catch(() => false);
      if (seen) break;
      if (performance.now() - started > 10_000) throw new Error(`edit ${n} not seen after 10 s`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    times.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
} finally {
  await session.close();
  child.kill('SIGINT');
  await new Promise((resolve) => child.on('close', resolve));
  await rm(dir, { recursive: true, force: true });
}
const rebuilds = [...out.matchAll(/^\d\d:\d\d:\d\d ✓ \S+ {2}\d+ slides · (\d+) ms/gm)].map((match) => Number(match[1]));
const sorted = [...times].sort((a, b) => a - b);
const median = (values) => values[Math.floor(values.length / 2)];
const slides = /✓ sovereign-ai-korea {2}(\d+) slides/.exec(out)?.[1] ?? '?';
console.log(`edit to screen, ${times.length} edits of the seed article (${slides} slides): median ${median(sorted).toFixed(0)} ms, min ${sorted[0].toFixed(0)} ms, max ${sorted[sorted.length - 1].toFixed(0)} ms`);
console.log(`server rebuild per edit: median ${median([...rebuilds].sort((a, b) => a - b))} ms (${rebuilds.join(', ')})`);
