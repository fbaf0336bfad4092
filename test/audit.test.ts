// The audit judges measurements by the deck rules; these cases show each rule can fail.
import { describe, expect, it } from 'vitest';
import { auditDeck, defaultRules } from '../src/fit/audit.js';
import type { DeckMeasure, SlideMeasure } from '../src/fit/measure.js';
import type { Deck, Slide } from '../src/model/deck.js';
import { parseMarkdown } from '../src/load/parse.js';
import { planText } from './helpers.js';

const deck: Deck = planText('---\ntitle: T\n---\n## Intro\n\nShort text here.\n');
const many = (n: number): string => Array.from({ length: n }, (_, i) => `w${i}`).join(' ');

/** A measured slide that keeps every rule, with `slide` over it. */
function slideMeasure(index: number, slide: Partial<SlideMeasure> = {}): SlideMeasure {
  const text = slide.body ?? 'Short text here.';
  return { index, id: `s${index}`, kind: 'content', layout: 'text', overflow: { top: 0, right: 0, bottom: 0, left: 0 }, minFont: 28, minFontText: 'x', text, code: '', body: text, bodyCode: '', holds: { pictures: 0, tables: 0, code: 0 }, fill: 0.7, notes: '', scale: 1, ...slide };
}

function measured(slides: Array<Partial<SlideMeasure>>): DeckMeasure {
  return { width: 1280, height: 720, requests: [], missing: [], slides: slides.map((slide, index) => slideMeasure(index, slide)) };
}

/** A deck of content slides with these titles (continued parts where a title repeats). */
function deckOf(titles: string[]): Deck {
  const slides: Slide[] = titles.map((title, index) => ({ id: `s${index}`, kind: 'content', title, html: '', notes: [], position: { line: index + 1, column: 1 } }));
  return { ...deck, slides };
}

describe('auditDeck', () => {
  it('passes a deck that keeps every rule', () => {
    expect(auditDeck(deck, measured([{ kind: 'title' }, {}, { kind: 'closing' }])).problems).toEqual([]);
  });

  it('reports overflow past 2 px with the slide title and source line, down or sideways', () => {
    const { problems } = auditDeck(deck, measured([{ kind: 'title' }, { overflow: { top: 0, right: 0, bottom: 120, left: 0 } }, { kind: 'closing', overflow: { top: 0, right: 3, bottom: 2, left: 0 } }]));
    expect(problems).toEqual([
      { line: 4, slide: 'Intro', message: 'overflows by 120 px' },
      { line: deck.slides[2]!.position.line, slide: 'closing', message: 'overflows by 3 px to the right' },
    ]);
  });

  it('reports text under 3% of the slide height', () => {
    const { problems } = auditDeck(deck, measured([{ kind: 'title', minFont: 21, minFontText: 'tiny' }, {}, { kind: 'closing' }]));
    expect(problems.map((problem) => problem.message)).toEqual(['has text of 21.0 px ("tiny"), below 21.6 px (3% of the slide height)']);
  });

  it('reports a content slide over 60 words of body text; the title is not counted, code is excluded', () => {
    const { problems, stats } = auditDeck(deck, measured([{ kind: 'title' }, { text: `Intro ${many(61)}`, body: `${many(61)}\n${many(50)}`, bodyCode: many(50) }, { kind: 'closing' }]));
    expect(stats.words).toEqual([3, 61, 3]);
    expect(stats.busiestWords).toBe(61);
    expect(problems.map((problem) => problem.message)).toEqual(['carries 61 words of body text (at most 60)']);
    expect(auditDeck(deck, measured([{ kind: 'title' }, { body: many(60) }, { kind: 'closing' }])).problems).toEqual([]);
  });

  it('reports a thin continuation: a slide repeating its neighbour\'s heading with under 15 words and no picture, table or code', () => {
    const parts = deckOf(['Risks', 'Risks', 'Plans']);
    const thin = auditDeck(parts, measured([{ body: many(30) }, { body: many(14) }, { body: many(3) }]));
    expect(thin.stats.thin).toBe(1);
    expect(thin.problems).toEqual([{ line: 2, slide: 'Risks', message: "repeats its neighbour's heading with only 14 words of body text (at least 15, or a picture, table or code)" }]);
    // A picture, a table or code carries the part; a lone short slide under its own heading is no continuation.
    expect(auditDeck(parts, measured([{ body: many(30) }, { body: many(3), holds: { pictures: 1, tables: 0, code: 0 } }, { body: many(3) }])).problems).toEqual([]);
    expect(auditDeck(parts, measured([{ body: many(30) }, { body: many(3), holds: { pictures: 0, tables: 0, code: 1 } }, { body: many(3) }])).problems).toEqual([]);
  });

  it('reports content that fills less than half the median slide, and sparse slides beyond 15% of the deck (or one)', () => {
    const seven = deckOf(['A', 'B', 'C', 'D', 'E', 'F', 'G']);
    const fills = (values: number[]): ReturnType<typeof auditDeck> => auditDeck(seven, measured(values.map((fill) => ({ fill }))));
    expect(fills([0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.3]).problems).toEqual([]);
    const low = fills([0.45, 0.45, 0.45, 0.45, 0.6, 0.6, 0.6]);
    expect(low.stats.medianFill).toBe(0.45);
    expect(low.problems.map((problem) => problem.message)).toEqual(['content fills 45% of the median slide\'s height (at least 50%)']);
    const sparse = fills([0.6, 0.6, 0.6, 0.6, 0.6, 0.3, 0.2]);
    expect(sparse.stats.sparse).toBe(2);
    expect(sparse.problems.map((problem) => `${problem.slide}: ${problem.message}`)).toEqual([
      'F: content fills only 30% of the slide\'s height (2 slides under 35%, at most 1)',
      'G: content fills only 20% of the slide\'s height (2 slides under 35%, at most 1)',
    ]);
    expect(defaultRules).toMatchObject({ slideWords: 60, partWords: 15, medianFill: 0.5, sparseFill: 0.35, sparseShare: 0.15 });
  });

  it('judges fill on content slides only: title, section and closing slides are not counted', () => {
    const { stats, problems } = auditDeck(deck, measured([{ kind: 'title', fill: 0 }, { fill: 0.6 }, { kind: 'closing', fill: 0 }]));
    expect(stats.fills).toEqual([0.6]);
    expect(problems).toEqual([]);
  });

  it('reports lost words and a condensed paragraph without notes', () => {
    const article = { tree: parseMarkdown('## Intro\n\nShort text here. And a second sentence that was condensed away from the slide.\n\nThis paragraph of ten words appears nowhere in the deck at all.\n'), lang: 'en' };
    const note = 'Short text here. And a second sentence that was condensed away from the slide.';
    const withNotes = auditDeck(deck, measured([{ kind: 'title', text: '', body: '' }, { text: 'Intro Short text here.', notes: note }, { kind: 'closing', text: '', body: '' }]), article);
    expect(withNotes.problems.map((problem) => problem.message)).toEqual([expect.stringMatching(/^only 55\.6% of the article's words are on slides or in notes \(missing: this, paragraph/), 'is neither whole on a slide nor in the notes']);
    const condensed = auditDeck(deck, measured([{ kind: 'title', text: '', body: '' }, { text: 'Intro Short text here.' }, { kind: 'closing', text: '', body: '', notes: note }]), article);
    expect(condensed.problems.map((problem) => problem.message)).toContain('shows a condensed paragraph whose notes do not hold it');
  });
});
