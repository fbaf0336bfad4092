// A large deck (more than 150 slides) is measured and printed in parts, which are merged in order: one page per
// slide, each slide where it belongs, numbered as in the whole deck, with the PDF's metadata. Each part prints as soon
// as it is measured; when the fit stage then changes the deck, the parts are printed again from the fitted deck.
import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { Deck } from '../src/model/deck.js';
import { pdfInfo, pdfText, runCli, tempDir } from './helpers.js';

const exec = promisify(execFile);

describe('a deck of 160 slides', () => {
  it('prints in parts merged in order, numbered as one deck', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'content'));
    const parts = Array.from({ length: 158 }, (_, i) => `## Part ${i + 1}\n\nText of part ${i + 1}.\n`).join('\n');
    await writeFile(join(dir, 'content', 'many.md'), `---\ntitle: Many parts\n---\n\n${parts}`);
    const run = await runCli(['build', '--no-handout'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const deck = JSON.parse(await readFile(join(dir, 'dist', 'many', 'deck.json'), 'utf8')) as Deck;
    expect(deck.slides).toHaveLength(160);
    const pdf = join(dir, 'dist', 'many', 'many.pdf');
    const info = await pdfInfo(pdf);
    expect(info['Pages']).toBe('160');
    expect(info['Title']).toBe('Many parts');
    // Slide n+1 shows part n and its number: across the seam between the printed parts too.
    for (const page of [2, 80, 81, 82, 159]) {
      const text = (await pdfText(pdf, page, page)).replace(/\s+/g, ' ').trim();
      expect(text).toBe(`Part ${page - 1} Text of part ${page - 1}. ${page}`);
    }
  });

  it('prints two large decks side by side with their handouts, each handout in a page of its own, in the deck\'s fonts', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'content'));
    for (const name of ['one', 'two']) {
      const parts = Array.from({ length: 158 }, (_, i) => `## Part ${i + 1}\n\nText of ${name}, part ${i + 1}: **굵은 한글** 본문.\n`).join('\n');
      await writeFile(join(dir, 'content', `${name}.md`), `---\ntitle: 자료 ${name}\n---\n\n${parts}`);
    }
    // Two decks at once over a pool of two pages: each deck's handout needs a page while the other deck's slides hold one.
    const run = await runCli(['build', '--jobs', '2', '--timeout', '120'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    for (const name of ['one', 'two']) {
      expect((await pdfInfo(join(dir, 'dist', name, `${name}.pdf`)))['Pages']).toBe('160');
      const handout = await pdfInfo(join(dir, 'dist', name, `${name}-handout.pdf`));
      expect(Number(handout['Pages'])).toBeGreaterThan(1);
      // A large deck's handout is never laid out on screen, which is what asks a page's font files in: the runtime
      // asks for them itself, so its text, Hangul and bold and page numbers included, prints in Pretendard, not in a
      // system font.
      const { stdout } = await exec('pdffonts', [join(dir, 'dist', name, `${name}-handout.pdf`)]);
      const fonts = stdout.split('\n').slice(2).filter((line) => line.trim()).map((line) => line.split(/\s+/)[0]!);
      expect(fonts.length).toBeGreaterThan(1);
      expect(fonts.filter((font) => !/\+Pretendard-/.test(font))).toEqual([]);
      // The margins: the title (Hangul) and the page number.
      expect((await pdfText(join(dir, 'dist', name, `${name}-handout.pdf`), 2, 2)).replace(/\s+/g, ' ')).toMatch(new RegExp(`^자료 ${name} .* 2 / \\d+ $`));
    }
  }, 300_000);

  it('prints the fitted deck when the fit stage changed a slide after the parts were printed', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'content'));
    const parts = Array.from({ length: 157 }, (_, i) => `## Part ${i + 1}\n\nText of part ${i + 1}.\n`).join('\n');
    // Too long for a slide even at the dense size, and kept whole (prose: slide): the fit stage shrinks it.
    const words = Array.from({ length: 300 }, (_, i) => (i % 12 === 11 ? 'stop.' : 'word')).join(' ');
    await writeFile(join(dir, 'content', 'many.md'), `---\ntitle: Many parts\ndeck:\n  prose: slide\n---\n\n${parts}\n## Whole\n\n${words}\n`);
    const run = await runCli(['build', '--no-handout'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/fit: shrank "Whole" to \d+%/);
    const deck = JSON.parse(await readFile(join(dir, 'dist', 'many', 'deck.json'), 'utf8')) as Deck;
    expect(deck.slides).toHaveLength(160);
    const pdf = join(dir, 'dist', 'many', 'many.pdf');
    expect((await pdfInfo(pdf))['Pages']).toBe('160');
    // The shrunk slide's whole paragraph is on its page, after the last part, and the seam is numbered as one deck.
    const whole = (await pdfText(pdf, 159, 159)).replace(/\s+/g, ' ').trim();
    expect(whole.startsWith('Whole word word')).toBe(true);
    expect(whole.match(/\bword\b/g)?.length).toBe(275);
    expect(whole.endsWith(' 159')).toBe(true);
    expect((await pdfText(pdf, 82, 82)).replace(/\s+/g, ' ').trim()).toBe('Part 81 Text of part 81. 82');
  });
});
