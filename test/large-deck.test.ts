// A large deck (more than 150 slides) is measured and printed in parts, which are merged in order: one page per
// slide, each slide where it belongs, numbered as in the whole deck, with the PDF's metadata.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Deck } from '../src/model/deck.js';
import { pdfInfo, pdfText, runCli, tempDir } from './helpers.js';

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
});
