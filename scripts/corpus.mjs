#!/usr/bin/env node
// Measures briefdeck on a folder of real articles: builds every article as `briefdeck build` does (one browser for
// the run) into a temporary folder, audits every deck as `briefdeck check` does (the rules of src/fit/audit.ts),
// prints one row per deck and one column per figure of the audit, and exits 6 naming deck, line and rule when a
// deck breaks a rule (3, 4, 5 or 7 when an article does not build at all).
// Usage: npm run corpus -- <folder or article>… [--out <dir>] [--theme <name>]   (npm compiles src/ first)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultRules } from '../lib/fit/audit.js';
import { build } from '../lib/build/build.js';
import { launchBrowser } from '../lib/fit/browser.js';
import { checkDeck } from '../lib/fit/check.js';
import { ExitCode, exitCodeOf, formatError } from '../lib/model/errors.js';

/** How a figure of the audit is shown; a number not listed is shown as it is, an array only when listed. One line per figure. */
const formats = {
  coverage: (value) => `${(value * 100).toFixed(1)}%`,
  worstOverflow: (value) => `${Math.round(value)} px`,
  smallestText: (value) => `${value.toFixed(1)} px`,
  medianFill: (value) => `${Math.round(value * 100)}%`,
  medianWords: (value) => String(Math.round(value * 10) / 10),
};

/** Returns a camelCase name as words: `worstOverflow` -> `worst overflow`. */
const spaced = (name) => name.replace(/[A-Z]/g, (letter) => ` ${letter.toLowerCase()}`);

/** Returns the names of the figures to show: every number the audit returned, and every listed figure it returned. */
function figuresOf(stats) {
  const names = [];
  for (const each of stats) for (const [name, value] of Object.entries(each)) if ((typeof value === 'number' || name in formats) && !names.includes(name)) names.push(name);
  return names;
}

/** Returns rows of cells as aligned text: the first column to the left, the others to the right. */
function table(rows) {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ').trimEnd()).join('\n');
}

async function main() {
  const { values, positionals } = parseArgs({ options: { out: { type: 'string' }, theme: { type: 'string' } }, allowPositionals: true });
  if (positionals.length === 0) {
    process.stderr.write('usage: npm run corpus -- <folder or article>… [--out <dir>] [--theme <name>]\n');
    return ExitCode.usage;
  }
  const cwd = process.cwd();
  const out = values.out ? resolve(cwd, values.out) : await mkdtemp(join(tmpdir(), 'briefdeck-corpus-'));
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  let session;
  const browser = () => (session ??= launchBrowser({ env: process.env, timeout: 60_000, signal: controller.signal }));
  try {
    const built = await build({
      inputs: positionals,
      outDir: out,
      cwd,
      flags: values.theme ? { theme: values.theme } : {},
      pdf: true,
      unsafeHtml: false,
      browser,
      env: process.env,
      timeout: 60_000,
      signal: controller.signal,
      report: {
        start: (index, total, file) => process.stderr.write(`deck ${index} of ${total}: ${file}\n`),
        deck: (result) => process.stderr.write(result.ok ? '' : `✗ ${formatError(result.error)}\n`),
        warning: (message) => process.stderr.write(`warning: ${message}\n`),
      },
    });
    const decks = [];
    for (const result of built.decks.filter((deck) => deck.ok)) {
      decks.push({ slug: result.slug, ...(await checkDeck(result.dir, { cwd, browser, timeout: 60_000 })) });
    }
    const figures = figuresOf(decks.map((deck) => deck.stats));
    const show = (name, value) => (value === undefined ? '–' : formats[name] ? formats[name](value) : String(value));
    process.stdout.write(`rules: ${Object.entries(defaultRules).map(([name, value]) => `${spaced(name)} ${value}`).join(', ')}\n\n`);
    process.stdout.write(`${table([
      ['deck', ...figures.map(spaced), 'rules broken', 'article problems'],
      ...decks.map((deck) => [deck.slug, ...figures.map((name) => show(name, deck.stats[name])), String(deck.broken.length), String(deck.problems.length - deck.broken.length)]),
    ])}\n`);
    const broken = decks.flatMap((deck) => deck.broken.map((line) => `${deck.slug}: ${line}`));
    const notes = decks.flatMap((deck) => deck.problems.filter((line) => !deck.broken.includes(line)).map((line) => `${deck.slug}: ${line}`));
    if (notes.length) process.stdout.write(`\nthe articles' own problems (not deck rules):\n${notes.map((line) => `  ${line}`).join('\n')}\n`);
    if (broken.length) process.stdout.write(`\nbroken rules:\n${broken.map((line) => `  ${line}`).join('\n')}\n`);
    const failed = built.decks.length - decks.length;
    const count = (n, one, many) => `${n} ${n === 1 ? one : many}`;
    process.stdout.write(`\n${count(decks.length, 'deck', 'decks')} audited, ${count(broken.length, 'broken rule', 'broken rules')}${failed ? `, ${count(failed, 'article', 'articles')} failed to build` : ''}${values.out ? ` (decks in ${values.out})` : ''}\n`);
    if (built.exitCode !== ExitCode.ok) return built.exitCode;
    return broken.length ? ExitCode.check : ExitCode.ok;
  } finally {
    await (await session?.catch(() => undefined))?.close();
    if (!values.out) await rm(out, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`corpus: ${formatError(error)}\n`);
    process.exit(exitCodeOf(error));
  },
);
