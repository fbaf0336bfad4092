#!/usr/bin/env node
// Measures how long `briefdeck build --no-pdf` takes on hostile sizes and depths (a 5 MB article, lists nested
// 2,000 deep, 10,000 headings). Usage: node scripts/measure-hostile.mjs  (after `npm run build:ts`)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../bin/briefdeck.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'briefdeck-measure-'));

const cases = {
  'five-mb': () => {
    let text = '---\ntitle: Big\n---\n\n';
    for (let i = 0; text.length < 5 * 1024 * 1024; i++) {
      text += `${i % 50 === 0 ? `## Part ${i}\n\n` : ''}${`Paragraph ${i} weighs sovereign models, data centres and public money. `.repeat(3)}\n\n`;
    }
    return text;
  },
  'deep-list-one-line': () => `---\ntitle: Deep\n---\n\n${'- '.repeat(2000)}bottom\n`,
  'deep-list-indented': () => `---\ntitle: Deep\n---\n\n${Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i * 2)}- item${i}`).join('\n')}\n`,
  'deep-quote': () => `---\ntitle: Quote\n---\n\n${'> '.repeat(2000)}quoted\n`,
  'ten-thousand-headings': () => `---\ntitle: Many\n---\n\n${Array.from({ length: 10_000 }, (_, i) => `${i % 10 === 0 ? '##' : '###'} Heading ${i}\n\nText ${i}.\n`).join('\n')}`,
};

console.log('case                      size      exit  seconds');
try {
  for (const [name, make] of Object.entries(cases)) {
    const file = join(dir, `${name}.md`);
    writeFileSync(file, make());
    const started = performance.now();
    const run = spawnSync(process.execPath, [bin, 'build', file, '--no-pdf', '--out', join(dir, 'out')], { encoding: 'utf8' });
    const seconds = (performance.now() - started) / 1000;
    const size = `${(statSync(file).size / 1024 / 1024).toFixed(2)} MB`;
    console.log(`${name.padEnd(26)}${size.padEnd(10)}${String(run.status).padEnd(6)}${seconds.toFixed(1)}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
