import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { planText, seedFile } from './helpers.js';

describe('the seed article', async () => {
  const deck = planText(await readFile(seedFile, 'utf8'), 'content/sovereign-ai-korea.md');

  it('has a title slide, an agenda, 7 sections, 18 heading slides and the closing note under the last heading\'s title, in at most 35 slides', () => {
    const kinds = deck.slides.map((slide) => slide.kind);
    expect(kinds[0]).toBe('title');
    expect(kinds[1]).toBe('agenda');
    const stacks = [...new Set(deck.slides.flatMap((slide) => (slide.stack ? [slide.stack] : [])))];
    expect(stacks).toHaveLength(7);
    const headingSlides = deck.slides.filter((slide) => slide.stack && slide.id !== slide.stack && slide.title && (slide.continued?.part ?? 1) === 1);
    // 18 headings, and the note after the closing `---`, which runs under the conclusion's title.
    expect(headingSlides).toHaveLength(19);
    expect(deck.slides.at(-2)!.title).toBe('Conclusion: Necessity, Not Choice');
    expect(deck.slides.length).toBeLessThanOrEqual(35);
    expect(deck.slides.filter((slide) => slide.kind === 'content').every((slide) => slide.title && slide.layout)).toBe(true);
    expect(deck.slides.filter((slide) => slide.kind === 'section')).toHaveLength(5);
    expect(deck.slides.at(-1)!.kind).toBe('closing');
  });

  it('matches its golden deck.json', async () => {
    await expect(`${JSON.stringify(deck, null, 2)}\n`).toMatchFileSnapshot('./fixtures/seed/deck.json');
  });
});
