// Judges a measured deck against the deck rules: fit, text size, words per slide, no thin continuations, slides that
// fill, nothing of the article lost.
import type { Html, Root, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { DeckMeasure, SlideMeasure } from './measure.js';
import type { Deck } from '../model/deck.js';
import { splitSentences } from '../plan/sentences.js';
import { coverage, wordsOf } from '../model/words.js';

/** The rules' limits. */
export interface Rules {
  /** Largest overflow past the slide box (px). */
  overflow: number;
  /** Smallest text, as a share of the slide height. */
  minText: number;
  /** Most words of body text on a content slide (title and section name not counted, code excluded). */
  slideWords: number;
  /** Fewest words of body text on a slide that repeats its neighbour's heading, unless it holds a picture, table or code. */
  partWords: number;
  /** Smallest median fill of a deck's content slides (see `SlideMeasure.fill`). */
  medianFill: number;
  /** A content slide filled less than this is sparse… */
  sparseFill: number;
  /** …and at most this share of a deck's content slides (or one) may be. */
  sparseShare: number;
  /** Smallest share of the article's words found on slides or in notes. */
  coverage: number;
}

export const defaultRules: Rules = { overflow: 2, minText: 0.03, slideWords: 60, partWords: 15, medianFill: 0.5, sparseFill: 0.35, sparseShare: 0.15, coverage: 0.995 };

/** One broken rule, pointing at the source line of the slide when there is one. */
export interface Problem {
  line: number;
  /** The slide's title (or kind), for the message. */
  slide: string;
  message: string;
}

export interface AuditStats {
  slides: number;
  /** Words of body text per slide (title, section name and code excluded), in slide order. */
  words: number[];
  /** Median and most body words of the content slides. */
  medianWords: number;
  busiestWords: number;
  /** Fill of each content slide, in slide order, with its median and how many are sparse. */
  fills: number[];
  medianFill: number;
  sparse: number;
  /** Slides that repeat their neighbour's heading with too few words. */
  thin: number;
  /** Share of the article's words on slides or in notes (1 without an article). */
  coverage: number;
  /** A sample of article words found nowhere in the deck. */
  missing: string[];
  worstOverflow: number;
  smallestText: number;
}

export interface AuditResult {
  problems: Problem[];
  stats: AuditStats;
}

/** The article as the audit needs it: its parsed body (front matter excluded). */
export interface ArticleInput {
  tree: Root;
  lang: string;
}

/** Returns the problems and figures of a measured deck; `article` adds the coverage and notes checks. */
export function auditDeck(deck: Deck, measure: DeckMeasure, article?: ArticleInput, rules: Rules = defaultRules): AuditResult {
  const lang = deck.meta.lang;
  const problems: Problem[] = [];
  const where = (slide: SlideMeasure): { line: number; slide: string } => {
    const planned = deck.slides[slide.index];
    const title = planned?.title ?? planned?.kind ?? slide.id;
    const part = planned?.continued ? ` (${planned.continued.part}/${planned.continued.of})` : '';
    return { line: planned?.position.line ?? 1, slide: `${title}${part}` };
  };
  const floor = rules.minText * measure.height;
  let worstOverflow = 0;
  let smallestText = Infinity;
  const words = measure.slides.map((slide) => Math.max(0, wordsOf(slide.body, lang).length - wordsOf(slide.bodyCode, lang).length));
  const content = measure.slides.filter((slide) => slide.kind === 'content');
  for (const slide of measure.slides) {
    const { top, right, bottom, left } = slide.overflow;
    const worst = Math.max(top, right, bottom, left);
    worstOverflow = Math.max(worstOverflow, worst);
    if (worst > rules.overflow) {
      const side = worst === bottom ? '' : worst === right ? ' to the right' : worst === left ? ' to the left' : ' at the top';
      problems.push({ ...where(slide), message: `overflows by ${Math.round(worst)} px${side}` });
    }
    if (slide.minFont >= 0) {
      smallestText = Math.min(smallestText, slide.minFont);
      if (slide.minFont < floor) problems.push({ ...where(slide), message: `has text of ${slide.minFont.toFixed(1)} px ("${slide.minFontText}"), below ${floor.toFixed(1)} px (${rules.minText * 100}% of the slide height)` });
    }
  }
  const contentWords = content.map((slide) => words[slide.index] ?? 0);
  const medianWords = median(contentWords);
  const busiestWords = Math.max(0, ...contentWords);
  let thin = 0;
  for (const slide of content) {
    const count = words[slide.index] ?? 0;
    if (count > rules.slideWords) problems.push({ ...where(slide), message: `carries ${count} words of body text (at most ${rules.slideWords})` });
    const held = slide.holds.pictures + slide.holds.tables + slide.holds.code > 0;
    if (repeatsNeighbour(deck, slide.index) && count < rules.partWords && !held) {
      thin++;
      problems.push({ ...where(slide), message: `repeats its neighbour's heading with only ${count} words of body text (at least ${rules.partWords}, or a picture, table or code)` });
    }
  }
  const fills = content.map((slide) => slide.fill);
  const medianFill = median(fills);
  const sparseSlides = content.filter((slide) => slide.fill < rules.sparseFill);
  if (content.length > 0 && medianFill < rules.medianFill) problems.push({ line: 1, slide: deck.meta.title, message: `content fills ${percent(medianFill)} of the median slide's height (at least ${percent(rules.medianFill)})` });
  const allowed = Math.max(1, Math.floor(rules.sparseShare * content.length));
  if (sparseSlides.length > allowed) {
    for (const slide of sparseSlides) problems.push({ ...where(slide), message: `content fills only ${percent(slide.fill)} of the slide's height (${sparseSlides.length} slides under ${percent(rules.sparseFill)}, at most ${allowed})` });
  }
  let share = 1;
  let missing: string[] = [];
  if (article) {
    const found = measure.slides.flatMap((slide) => wordsOf(`${slide.text}\n${slide.notes}`, lang));
    const result = coverage(wordsOf(articleText(article.tree), lang), found);
    share = result.share;
    missing = [...new Set(result.missing)].slice(0, 12);
    if (share < rules.coverage) problems.push({ line: 1, slide: deck.meta.title, message: `only ${(share * 100).toFixed(1)}% of the article's words are on slides or in notes (missing: ${missing.join(', ')})` });
    problems.push(...condensedWithoutNotes(article, measure, lang, where));
  }
  return {
    problems,
    stats: { slides: measure.slides.length, words, medianWords, busiestWords, fills, medianFill, sparse: sparseSlides.length, thin, coverage: share, missing, worstOverflow, smallestText: Number.isFinite(smallestText) ? smallestText : 0 },
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? (sorted[(sorted.length - 1) >> 1]! + sorted[sorted.length >> 1]!) / 2 : 0;
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** Whether a content slide has the same heading as the content slide before or after it (a continuation, or a slide
 * after a `---` running under its neighbour's title); the title slide's title is the article's, not a heading. */
function repeatsNeighbour(deck: Deck, index: number): boolean {
  const title = deck.slides[index]?.title;
  if (title === undefined) return false;
  const same = (neighbour: Deck['slides'][number] | undefined): boolean => neighbour?.kind === 'content' && neighbour.title === title;
  return same(deck.slides[index - 1]) || same(deck.slides[index + 1]);
}

/** Every paragraph is whole on a slide, or whole in the notes of a slide (the slide it was condensed on). */
function condensedWithoutNotes(article: ArticleInput, measure: DeckMeasure, lang: string, where: (slide: SlideMeasure) => { line: number; slide: string }): Problem[] {
  const joined = (text: string): string => ` ${wordsOf(text, lang).join(' ')} `;
  const onSlides = measure.slides.map((slide) => joined(slide.text));
  const inNotes = measure.slides.map((slide) => joined(slide.notes));
  const problems: Problem[] = [];
  for (const paragraph of paragraphsOf(article.tree)) {
    const words = wordsOf(toString(paragraph, { includeHtml: false }), lang);
    if (words.length < 8) continue;
    const text = ` ${words.join(' ')} `;
    if (onSlides.some((slide) => slide.includes(text))) continue;
    if (inNotes.some((notes) => notes.includes(text))) {
      // The slides that show the paragraph's opening words must include one whose notes hold it.
      const opening = wordsOf(splitSentences(toString(paragraph, { includeHtml: false }), lang)[0] ?? '', lang).length;
      const lead = ` ${words.slice(0, Math.max(1, Math.min(6, opening))).join(' ')} `;
      const showing = measure.slides.filter((_, index) => onSlides[index]!.includes(lead));
      if (showing.length > 0 && !showing.some((slide) => inNotes[slide.index]!.includes(text))) {
        problems.push({ ...where(showing[0]!), message: 'shows a condensed paragraph whose notes do not hold it' });
      }
      continue;
    }
    const line = paragraph.position?.start.line ?? 1;
    problems.push({ line, slide: `paragraph "${words.slice(0, 6).join(' ')}…"`, message: 'is neither whole on a slide nor in the notes' });
  }
  return problems;
}

function paragraphsOf(tree: Root): RootContent[] {
  const found: RootContent[] = [];
  const visit = (nodes: RootContent[]): void => {
    for (const node of nodes) {
      if (node.type === 'paragraph') found.push(node);
      else if ('children' in node && node.type !== 'heading' && node.type !== 'table') visit(node.children as RootContent[]);
    }
  };
  visit(tree.children);
  return found;
}

/** Returns the text of an article's body a reader would read: text, code, image alt text; raw HTML without its tags. */
export function articleText(tree: Root): string {
  const parts: string[] = [];
  const visit = (node: RootContent | Root): void => {
    if (node.type === 'yaml' || node.type === 'definition') return;
    if (node.type === 'html') {
      const value = (node as Html).value;
      if (/^<!--[\s\S]*-->$/.test(value.trim())) return;
      parts.push(decodeEntities(value.replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' ')));
      return;
    }
    if (node.type === 'image') {
      parts.push(node.alt ?? '');
      return;
    }
    if ('value' in node && typeof node.value === 'string') {
      parts.push(node.value);
      if (!inline.has(node.type)) parts.push('\n');
      return;
    }
    if ('children' in node) for (const child of node.children as RootContent[]) visit(child);
    if (!inline.has(node.type)) parts.push('\n');
  };
  visit(tree);
  return parts.join('');
}

const inline = new Set(['strong', 'emphasis', 'delete', 'link', 'linkReference', 'footnoteReference', 'text', 'inlineCode', 'inlineMath']);

function decodeEntities(text: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
  return text.replace(/&(#x[\da-f]+|#\d+|\w+);/gi, (match, code: string) => {
    if (code[0] === '#') return String.fromCodePoint(code[1]?.toLowerCase() === 'x' ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10));
    return named[code.toLowerCase()] ?? match;
  });
}
