// `npm run corpus`: builds a folder of articles, audits every deck with the deck rules (src/fit/audit.ts), prints a
// table, and fails naming deck, line and rule when a deck breaks one; the articles' own problems do not fail it.
import { execFile } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultRules } from '../src/fit/audit.js';
import { planText, root, tempDir } from './helpers.js';
import { buildTimeout } from './shared.js';

/** Runs scripts/corpus.mjs (on lib/, as `npm run corpus` does after compiling) and returns its exit code and output. */
function corpus(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(root, 'scripts', 'corpus.mjs'), ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** Returns the table the script printed: each deck's cells by column name. */
function rows(stdout: string): Record<string, Record<string, string>> {
  const lines = stdout.split('\n');
  const start = lines.findIndex((line) => line.startsWith('deck '));
  const header = lines[start]!.split(/\s{2,}/);
  const table: Record<string, Record<string, string>> = {};
  for (const line of lines.slice(start + 1)) {
    if (!line.trim()) break;
    const cells = line.split(/\s{2,}/);
    expect(cells).toHaveLength(header.length);
    table[cells[0]!] = Object.fromEntries(header.slice(1).map((name, index) => [name, cells[index + 1]!]));
  }
  return table;
}

describe('npm run corpus', () => {
  it('prints one row per deck and one column per figure of the audit, and exits 6 naming the deck, line and rule broken', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'posts'));
    const short = '---\ntitle: Short\n---\n\n## One\n\nA short slide.\n\n![A picture that is not there](missing.png)\n';
    await writeFile(join(dir, 'posts', 'short.md'), short);
    // `prose: slide` keeps a paragraph whole: twice the words the busiest slide may carry, on one slide.
    const words = Array.from({ length: defaultRules.slideWords * 2 }, (_, i) => (i % 10 === 9 ? 'word.' : 'word')).join(' ');
    const wordy = `---\ntitle: Wordy\ndeck:\n  prose: slide\n---\n\n## Whole\n\n${words}\n`;
    await writeFile(join(dir, 'posts', 'wordy.md'), wordy);
    const run = await corpus(['posts'], dir);
    expect(run.code).toBe(6);
    const table = rows(run.stdout);
    // Every figure of the audit is a column (more appear as the audit returns more); then the problems of each kind.
    expect(Object.keys(table['short']!)).toEqual(expect.arrayContaining(['slides', 'median words', 'busiest words', 'coverage', 'worst overflow', 'smallest text']));
    expect(Object.keys(table['short']!).slice(-2)).toEqual(['rules broken', 'article problems']);
    const slides = (text: string): string => String(planText(text).slides.length);
    expect(table['short']).toMatchObject({ slides: slides(short), coverage: '100.0%', 'rules broken': '0', 'article problems': '1' });
    expect(table['wordy']).toMatchObject({ slides: slides(wordy), 'busiest words': String(defaultRules.slideWords * 2), 'article problems': '0' });
    expect(Number(table['wordy']!['rules broken'])).toBeGreaterThan(0);
    // The missing picture is the article's own problem, listed but not a broken rule.
    expect(run.stdout).toMatch(/^ {2}short: posts\/short\.md:9: "image" not found: .*missing\.png$/m);
    expect(run.stdout).toMatch(new RegExp(`^ {2}wordy: posts/wordy\\.md:7: "Whole" carries ${defaultRules.slideWords * 2} words of body text \\(at most ${defaultRules.slideWords}\\)$`, 'm'));
    expect(run.stdout).not.toMatch(/^ {2}short: .*(overflows|carries|words are on slides)/m);
    expect(run.stdout).toMatch(/^2 decks audited, [1-9]\d* broken rules?$/m);
    // The decks were built in a temporary folder and removed with it.
    expect(await readdir(dir)).toEqual(['posts']);
  }, buildTimeout);

  it('exits 0 when every deck keeps the rules, and says how to use it without a folder', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'posts'));
    await writeFile(join(dir, 'posts', 'fine.md'), '---\ntitle: Fine\n---\n\n## One\n\n- **Rain** came early this year and filled the tanks by May.\n- **Crops** went in two weeks ahead of the usual calendar.\n- **Prices** at the market held steady all summer.\n- **Stores** of grain will last until the spring.\n');
    const run = await corpus(['posts', '--out', 'decks'], dir);
    expect(run.stderr).toBe('deck 1 of 1: posts/fine.md\n');
    expect(run.code).toBe(0);
    expect(rows(run.stdout)['fine']).toMatchObject({ slides: '3', 'rules broken': '0', 'article problems': '0' });
    expect(run.stdout).toMatch(/^1 deck audited, 0 broken rules \(decks in decks\)$/m);
    expect((await readdir(join(dir, 'decks', 'fine'))).sort()).toEqual(['deck.json', 'fine-handout.pdf', 'fine.pdf', 'index.html']);
    const usage = await corpus([], dir);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toBe('usage: npm run corpus -- <folder or article>… [--out <dir>] [--theme <name>]\n');
  }, buildTimeout);
});
