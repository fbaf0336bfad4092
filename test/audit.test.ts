// The audit judges measurements by the readability rules; these cases show each rule can fail.
import { describe, expect, it } from 'vitest';
import { auditDeck } from '../src/fit/audit.js';
import type { DeckMeasure, SlideMeasure } from '../src/fit/measure.js';
import type { Deck } from '../src/model/deck.js';
import { parseMarkdown } from '../src/load/parse.js';
import { planText } from './helpers.js';

const deck: Deck = planText('---\ntitle: T\n---\n## Intro\n\nShort text here.\n');

function measured(slides: Array<Partial<SlideMeasure>>): DeckMeasure {
  return {
    width: 1280,
    height: 720,
    requests: [],
    missing: [],
    slides: slides.map((slide, index) => ({ index, id: `s${index}`, overflow: { top: 0, right: 0, bottom: 0, left: 0 }, minFont: 28, minFontText: 'x', text: 'Short text here.', code: '', notes: '', scale: 1, ...slide })),
  };
}

describe('auditDeck', () => {
  it('passes a deck that keeps every rule', () => {
    expect(auditDeck(deck, measured([{}, {}, {}])).problems).toEqual([]);
  });

  it('reports overflow past 2 px with the slide title and source line, down or sideways', () => {
    const { problems } = auditDeck(deck, measured([{}, { overflow: { top: 0, right: 0, bottom: 120, left: 0 } }, { overflow: { top: 0, right: 3, bottom: 2, left: 0 } }]));
    expect(problems).toEqual([
      { line: 4, slide: 'Intro', message: 'overflows by 120 px' },
      { line: 15, slide: 'closing', message: 'overflows by 3 px to the right' },
    ].map((problem, index) => (index === 1 ? { ...problem, line: deck.slides[2]!.position.line } : problem)));
  });

  it('reports text under 3% of the slide height', () => {
    const { problems } = auditDeck(deck, measured([{ minFont: 21, minFontText: 'tiny' }, {}, {}]));
    expect(problems.map((problem) => problem.message)).toEqual(['has text of 21.0 px ("tiny"), below 21.6 px (3% of the slide height)']);
  });

  it('reports a busy median and a slide over 70 words, code excluded', () => {
    const many = (n: number): string => Array.from({ length: n }, (_, i) => `w${i}`).join(' ');
    const { problems, stats } = auditDeck(deck, measured([{ text: many(31) }, { text: `${many(75)}\n${many(50)}`, code: many(50) }, { text: many(40) }]));
    expect(stats.words).toEqual([31, 75, 40]);
    expect(problems.map((problem) => problem.message)).toEqual(['the median slide carries 40 words (at most 30)', 'carries 75 words (at most 70)']);
  });

  it('reports lost words and a condensed paragraph without notes', () => {
    const article = { tree: parseMarkdown('## Intro\n\nShort text here. And a second sentence that was condensed away from the slide.\n\nThis paragraph of ten words appears nowhere in the deck at all.\n'), lang: 'en' };
    const note = 'Short text here. And a second sentence that was condensed away from the slide.';
    const withNotes = auditDeck(deck, measured([{ text: '' }, { text: 'Intro Short text here.', notes: note }, { text: '' }]), article);
    expect(withNotes.problems.map((problem) => problem.message)).toEqual([expect.stringMatching(/^only 55\.6% of the article's words are on slides or in notes \(missing: this, paragraph/), 'is neither whole on a slide nor in the notes']);
    const condensed = auditDeck(deck, measured([{ text: '' }, { text: 'Intro Short text here.' }, { text: '', notes: note }]), article);
    expect(condensed.problems.map((problem) => problem.message)).toContain('shows a condensed paragraph whose notes do not hold it');
  });
});
