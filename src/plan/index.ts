// The planner: a pure function from an article's tree to the Deck (title, agenda, sections, slides, closing).
import type { Root, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { Source } from '../load/source.js';
import type { Deck, DeckOptions, Slide } from '../model/deck.js';
import { escapeHtml } from '../model/html.js';
import type { SlideRenderer } from './renderer.js';
import { createIds } from './ids.js';
import { deckMeta } from './meta.js';
import { splitBlocks, type Draft, type SectionOutline } from './split.js';
import { continueSlide, estimateHeight, bodyRoom, loadOf, roomOf, wordsOnSlide, type ContinueOptions, type Part } from './continue.js';
import { layOut } from './layout.js';
import { denseMetrics, resolveMetrics, type SlideMetrics } from './metrics.js';
import { condenseBlocks, condenseToFit, type NotesOptions, type Unit } from './notes.js';
import { kickerOf } from './kicker.js';
import { splitSentences } from './sentences.js';
import { countWords } from '../model/words.js';
import { parseMarkdown } from '../load/parse.js';

/** What the fit stage asks of a re-plan: less room for slides that overflowed, a scale for those that cannot split. */
export interface FitAdjust {
  /** Share of the estimated room (0..1) for the slides of a draft, by the id of its first slide. */
  budgets?: Record<string, number>;
  /** Content scale by slide id (last resort; never below the deck's minScale). */
  scales?: Record<string, number>;
}

export interface PlanInput {
  source: Source;
  tree: Root;
  options: DeckOptions;
  /** Turns the slides' mdast into HTML (render/markdown's `slideRenderer`). */
  render: SlideRenderer;
  /** The theme's type metrics, for the height estimate (defaults: the briefing theme's). */
  metrics?: Partial<SlideMetrics>;
  /** Adjustments from the fit stage. */
  fit?: FitAdjust;
}

/** Returns the Deck for an article: plain data, ready for any theme. */
export function planDeck(input: PlanInput): Deck {
  const { source, tree, options } = input;
  const { meta, titleHeading } = deckMeta(source, tree, options);
  const blocks = tree.children.filter((node) => node !== titleHeading && node.type !== 'definition' && node.type !== 'yaml');
  const render = input.render;
  const { drafts, sections } = splitBlocks(blocks);
  giveTitles(drafts, sections, meta.title, meta.lang);

  const nextId = createIds(['title', 'agenda', 'agenda-2', 'agenda-3', 'closing']);
  const sectionIds = new Map<number, string>();
  const slides: Slide[] = [titleSlide(meta.title, meta.lang)];
  const metrics = resolveMetrics(input.metrics);
  const kickers = new Map(sections.map((section) => [section.index, toString(section.heading).replace(/\s+/g, ' ').trim()]));
  const planning: Planning = { render, nextId, metrics, options, lang: meta.lang, fit: input.fit ?? {}, kickers };
  const body = drafts.flatMap((draft) => {
    const parts = toSlides(draft, planning);
    if (draft.section !== undefined) {
      if (!sectionIds.has(draft.section)) sectionIds.set(draft.section, parts[0]!.id);
      for (const slide of parts) slide.stack = sectionIds.get(draft.section)!;
    }
    return parts;
  });
  if (options.agenda && sections.length > 0) {
    const items = sections.map((section) => {
      const id = sectionIds.get(section.index) ?? '';
      return { html: `<li><a href="#/${escapeHtml(id)}">${render.inline(section.heading.children)}</a></li>`, text: toString(section.heading) };
    });
    slides.push(...agendaSlides(items, metrics, input.fit?.budgets?.['agenda'] ?? 1));
  }
  slides.push(...body);
  applyScales(slides, input.fit?.scales ?? {}, options.minScale);
  if (options.closing) slides.push({ id: 'closing', kind: 'closing', html: '', notes: [], position: lastLine(tree) });
  return { meta, options: { ...options, lang: meta.lang }, slides };
}

function titleSlide(title: string, lang: string): Slide {
  const short = shortTitle(title, lang);
  const notes = short === title ? [] : [`<p>${escapeHtml(title)}</p>`];
  return { id: 'title', kind: 'title', title: short, titleHtml: escapeHtml(short), html: '', notes, position: { line: 1, column: 1 } };
}

/** A title too long to read on a slide (over 20 words) is cut after its last sentence within 20 words, else after 16 words, with an ellipsis. */
export function shortTitle(title: string, lang: string, most = 20): string {
  if (countWords(title, lang) <= most) return title;
  let kept = '';
  for (const sentence of splitSentences(title, lang)) {
    if (countWords(kept + sentence, lang) > most) break;
    kept += sentence;
  }
  if (countWords(kept, lang) >= 8) return `${kept.trim()} …`;
  const words = [...new Intl.Segmenter(lang, { granularity: 'word' }).segment(title)];
  let count = 0;
  let end = title.length;
  for (const part of words) {
    if (part.isWordLike && ++count > 16) {
      end = part.index;
      break;
    }
  }
  return `${title.slice(0, end).trim().replace(/[,;:]$/, '')} …`;
}

interface Planning {
  render: SlideRenderer;
  nextId: (title: string | undefined, fallback: string) => string;
  metrics: SlideMetrics;
  options: DeckOptions;
  lang: string;
  fit: FitAdjust;
  /** Section titles by index (shown as the kicker above a stacked slide's title). */
  kickers: Map<number, string>;
}

/**
 * Returns the slides of one draft: one slide when it can hold the draft, else, in this order, its prose condensed
 * (longest paragraphs first, whole in the notes), its long lists of short items in two columns, and only then the
 * draft continued over parts that each carry a real share.
 */
function toSlides(draft: Draft, planning: Planning): Slide[] {
  const { render, nextId, metrics, options, lang } = planning;
  const notesOptions: NotesOptions = { prose: options.prose, proseWords: options.proseWords, lang, parse: parseMarkdown };
  const baseId = nextId(draft.title, 'slide');
  const budget = planning.fit.budgets?.[baseId] ?? 1;
  const kicker = draft.section === undefined || draft.title === planning.kickers.get(draft.section) ? undefined : kickerOf(planning.kickers.get(draft.section) ?? '');
  const frame: ContinueOptions = { metrics, ...(draft.title === undefined ? {} : { title: draft.title }), ...(kicker === undefined ? {} : { kicker }), lang, budget };
  const parts = draft.kind === 'section'
    ? [{ blocks: draft.blocks, notes: condenseBlocks(draft.blocks, notesOptions).flatMap((unit) => unit.notes), condensed: false }]
    : condenseAndContinue(draft, frame, notesOptions);
  return parts.map((part, index) => {
    const laid = draft.kind === 'content' ? layOut(part.blocks, lang) : undefined;
    const slide: Slide = {
      id: index === 0 ? baseId : nextId(`${draft.title ?? 'slide'} ${index + 1}`, `slide ${index + 1}`),
      kind: draft.kind,
      html: render.blocks(laid?.blocks ?? part.blocks),
      notes: part.notes.map((note) => render.blocks([note])).filter(Boolean),
      position: index === 0 ? draft.position : positionOf(part.blocks[0]) ?? draft.position,
    };
    if (laid) slide.layout = laid.layout;
    if (laid?.media.length) slide.media = render.blocks(laid.media);
    if (draft.title !== undefined) slide.title = draft.title;
    if (draft.titleNodes) slide.titleHtml = render.inline(draft.titleNodes);
    if (parts.length > 1) slide.continued = { part: index + 1, of: parts.length };
    if (Object.keys(draft.attributes).length > 0) slide.attributes = render.attributes(draft.attributes);
    return slide;
  });
}

/**
 * Returns the parts of a content draft: condensed into one slide when it can be; else condensed only as far as the
 * fewest parts it needs (so that what must be split anyway keeps more of its text on the slides), then continued.
 */
function condenseAndContinue(draft: Draft, frame: ContinueOptions, notesOptions: NotesOptions): Part[] {
  const { room, wordRoom } = roomOf(frame);
  const width = frame.metrics.width - 2 * frame.metrics.padX;
  const continued: ContinueOptions = { ...frame, metrics: denseMetrics(frame.metrics), ...(draft.title === undefined ? {} : { title: `${draft.title} (1/2)` }) };
  const attempt = (parts: number): { units: Unit[]; fits: boolean } => {
    const units = condenseBlocks(draft.blocks, notesOptions);
    // One slide must truly fit; several get a margin, since parts break between blocks, not at any word.
    const share = parts === 1 ? 1 : 0.9 * parts;
    const fits = condenseToFit(units, notesOptions, loadOf(units, frame), { words: wordRoom * share, height: room * share }, (paragraph) => ({
      words: wordsOnSlide(paragraph, frame.lang),
      height: estimateHeight(paragraph, width, frame.metrics.fontSize, frame.metrics),
    }));
    return { units, fits };
  };
  const one = attempt(1);
  if (one.fits) return continueSlide(one.units, continued);
  // Condensed as far as it goes, it still needs this many parts; give back to them what they have room for.
  const condensed = continueSlide(one.units, continued);
  const split = continueSlide(attempt(condensed.length).units, continued);
  return split.length <= condensed.length ? split : condensed;
}

/** Returns the agenda, continued over more slides when the sections do not fit in two columns of one. */
function agendaSlides(items: Array<{ html: string; text: string }>, metrics: SlideMetrics, budget: number): Slide[] {
  const room = bodyRoom({ metrics, title: 'Agenda', lang: 'en' }) * 2 * budget;
  const columnWidth = (metrics.width - 2 * metrics.padX - 56) / 2 - 50;
  const groups: Array<typeof items> = [[]];
  let used = 0;
  for (const item of items) {
    const height = estimateHeight({ type: 'paragraph', children: [{ type: 'text', value: item.text }] }, columnWidth, 24, { ...metrics, lineHeight: 1.3, blockGap: 0 }) + 21;
    if (used + height > room * 0.92 && groups[groups.length - 1]!.length > 0) {
      groups.push([]);
      used = 0;
    }
    groups[groups.length - 1]!.push(item);
    used += height;
  }
  // A short agenda reads as one column in larger type (the theme's `.agenda-list.is-single`), when it fits one.
  const singleWidth = metrics.width - 2 * metrics.padX - 60;
  const single = (group: typeof items): boolean =>
    group.length <= 8 &&
    group.reduce((sum, item) => sum + estimateHeight({ type: 'paragraph', children: [{ type: 'text', value: item.text }] }, singleWidth, 30, { ...metrics, lineHeight: 1.3, blockGap: 0 }) + 25, 0) <= (room / 2) * 0.92;
  let start = 0;
  return groups.map((group, index) => {
    const counter = start > 0 ? ` style="counter-reset: agenda ${start}"` : '';
    start += group.length;
    const html = `<ol class="agenda-list${single(group) ? ' is-single' : ''}"${counter}>${group.map((item) => item.html).join('')}</ol>`;
    const slide: Slide = { id: index === 0 ? 'agenda' : `agenda-${index + 1}`, kind: 'agenda', html, notes: [], position: { line: 1, column: 1 } };
    if (groups.length > 1) slide.continued = { part: index + 1, of: groups.length };
    return slide;
  });
}

/** Gives the slides the fit stage could not split a content scale (as `data-fit-scale`, applied by the deck's script). */
function applyScales(slides: Slide[], scales: Record<string, number>, minScale: number): void {
  for (const slide of slides) {
    const scale = scales[slide.id];
    if (scale === undefined || scale >= 1) continue;
    slide.attributes = { ...slide.attributes, 'data-fit-scale': Math.max(minScale, scale).toFixed(3) };
  }
}

/**
 * Gives every untitled draft a running title, so that every content slide has one: a slide after a `---` break takes
 * the title of the slide before it in its section (else the section's), and content before the first heading, or in
 * an article without headings, takes the article's title.
 */
function giveTitles(drafts: Draft[], sections: SectionOutline[], articleTitle: string, lang: string): void {
  let previous: Draft | undefined;
  for (const draft of drafts) {
    if (draft.title === undefined && draft.kind === 'content') {
      const sameSection = previous && previous.section === draft.section ? previous : undefined;
      const section = draft.section === undefined ? undefined : sections[draft.section]?.heading;
      if (sameSection?.title !== undefined) {
        draft.title = sameSection.title;
        if (sameSection.titleNodes) draft.titleNodes = sameSection.titleNodes;
      } else if (section) {
        draft.title = toString(section).replace(/\s+/g, ' ').trim();
        draft.titleNodes = section.children;
      } else {
        draft.title = shortTitle(articleTitle, lang, 12);
        draft.titleNodes = [{ type: 'text', value: draft.title }];
      }
    }
    previous = draft;
  }
}

function positionOf(node: RootContent | undefined): { line: number; column: number } | undefined {
  return node?.position ? { line: node.position.start.line, column: node.position.start.column } : undefined;
}

function lastLine(tree: Root): { line: number; column: number } {
  const last: RootContent | undefined = tree.children[tree.children.length - 1];
  return { line: last?.position?.end.line ?? 1, column: 1 };
}
