// Articles far beyond normal size and depth build (HTML only) without a stack overflow, keeping every word; hostile
// depth is flattened with one warning at file:line. Speed is measured by scripts/measure-hostile.mjs, not here.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Deck } from '../src/model/deck.js';
import { runCli, tempDir } from './helpers.js';
import { expectOneLine, leftoverTemps, summaryOf } from './safety-helpers.js';

let dir = '';
beforeAll(async () => {
  dir = await tempDir();
});

async function buildOne(name: string, text: string): Promise<{ run: Awaited<ReturnType<typeof runCli>>; deck: Deck; html: string }> {
  await writeFile(join(dir, `${name}.md`), text);
  const run = await runCli(['build', `${name}.md`, '--no-pdf', '--out', 'out'], { cwd: dir });
  const html = await readFile(join(dir, 'out', name, 'index.html'), 'utf8').catch(() => '');
  const deck = html ? (JSON.parse(await readFile(join(dir, 'out', name, 'deck.json'), 'utf8')) as Deck) : ({} as Deck);
  return { run, deck, html };
}

describe('size and depth', () => {
  it('a list nested 2,000 deep on one line: built, deeper levels flattened, one warning', async () => {
    const { run, html } = await buildOne('deep-list', `---\ntitle: Deep\n---\n\n${'- '.repeat(2000)}bottom\n\nAfter the list.\n`);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('warning: deep-list.md:5: nested more than 100 levels deep; the deeper levels are shown as plain text\n');
    expect(html).toContain('bottom');
    expect(html).toContain('After the list.');
  });

  it('a list nested 2,000 deep by indentation (4 MB of spaces): built, indentation clamped, every item kept', async () => {
    // Item i is on line 5 + i, indented 2i columns: line 106 (item 101) is the first beyond 200.
    const lines = Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i * 2)}- item${i}`);
    const { run, html } = await buildOne('deep-indent', `---\ntitle: Deep\n---\n\n${lines.join('\n')}\n`);
    expect(run.code).toBe(0);
    const warnings = run.stderr.trim().split('\n');
    expect(warnings[0]).toBe('warning: deep-indent.md:106: indented more than 200 columns; read as 200 (nesting that deep cannot be shown)');
    expect(warnings[1]).toMatch(/^warning: deep-indent\.md:\d+: nested more than 100 levels deep; the deeper levels are shown as plain text$/);
    expect(warnings).toHaveLength(2);
    const items = new Set(html.match(/\bitem\d+\b/g));
    expect(items.size).toBe(2000);
  });

  it('a quote nested 2,000 deep: built, flattened, one warning', async () => {
    const { run, html } = await buildOne('deep-quote', `---\ntitle: Q\n---\n\n${'> '.repeat(2000)}quoted\n`);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('warning: deep-quote.md:5: nested more than 100 levels deep; the deeper levels are shown as plain text\n');
    expect(html).toContain('quoted');
  });

  it('1,500 lines of ever deeper quotes (2.3 MB): built, flattened, one warning, every line kept', async () => {
    // The parser's work grew with markers times lines: 3,000 such lines ran out of memory after eight minutes.
    const lines = Array.from({ length: 1500 }, (_, i) => `${'> '.repeat(i + 1)}line ${i + 1}`);
    const { run, html } = await buildOne('deeper-quotes', `---\ntitle: Q\n---\n\n${lines.join('\n')}\n`);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^warning: deeper-quotes\.md:\d+: nested more than 100 levels deep; the deeper levels are shown as plain text\n$/);
    const kept = new Set(html.match(/\bline \d+\b/g));
    expect(kept.size).toBe(1500);
  });

  it('raw HTML nested 2,000 deep: exit 3 with one line, not a stack overflow', async () => {
    const { run } = await buildOne('deep-html', `---\ntitle: H\n---\n\n${'<div>'.repeat(2000)}deep${'</div>'.repeat(2000)}\n`);
    expect(run.code).toBe(3);
    expectOneLine(run.stderr);
    expect(run.stderr).toBe('✗ deep-html.md:5: the article is nested too deeply to render — flatten its deepest lists, quotes or HTML\n');
    expect(summaryOf(run.stdout)).toEqual({ built: 0, failed: 1 });
    expect(await leftoverTemps(join(dir, 'out'))).toEqual([]);
  });

  it('10,000 headings: one slide each', async () => {
    const parts = Array.from({ length: 10_000 }, (_, i) => `${i % 10 === 0 ? '##' : '###'} Heading ${i}\n\nText ${i}.\n`);
    const { run, deck } = await buildOne('many-headings', `---\ntitle: Many\n---\n\n${parts.join('\n')}`);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(deck.slides).toHaveLength(10_000 + 2);
    expect(deck.slides.at(-2)?.title).toBe('Heading 9999');
  });

  it('a 5 MB article: built, nothing dropped', async () => {
    const parts: string[] = [];
    let size = 0;
    for (let i = 0; size < 5 * 1024 * 1024; i++) {
      const part = `${i % 50 === 0 ? `## Part ${i}\n\n` : ''}Paragraph ${i} weighs sovereign models, data centres and public money against each other. `.repeat(3) + '\n\n';
      parts.push(part);
      size += part.length;
    }
    const { run, deck } = await buildOne('five-mb', `---\ntitle: Big\n---\n\n${parts.join('')}`);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const text = deck.slides.map((slide) => `${slide.html} ${slide.notes.join(' ')}`).join(' ');
    expect(text).toContain(`Paragraph ${parts.length - 1} weighs`);
    expect(summaryOf(run.stdout)).toEqual({ built: 1, failed: 0 });
  });
});
