// The fit stage: measures every slide of a written deck in Chromium, re-plans the slides that overflow (split again,
// or as a last resort scale their content, never below minScale nor below the text-size floor), and repeats.
import type { BrowserSession } from './browser.js';
import { measureDeck, type DeckMeasure, type SlideMeasure } from './measure.js';
import type { Deck } from '../model/deck.js';
import type { FitAdjust } from '../plan/index.js';

export interface FitInput {
  deck: Deck;
  /** Plans the deck again with adjustments. */
  replan: (adjust: FitAdjust) => Deck;
  /** Renders and writes a deck; returns its page's path. */
  write: (deck: Deck) => Promise<string>;
  /** The page of `deck` when it is already written (saves writing it again for the first measure). */
  file?: string;
  session: BrowserSession;
  /** Measures a written deck page (default: `measureDeck` in a new page of `session`). */
  measure?: (file: string) => Promise<DeckMeasure>;
  width: number;
  height: number;
  timeout: number;
  /** Smallest content scale (the deck's minScale). */
  minScale: number;
  /** Smallest text as a share of the slide height (the scale never takes text below it). */
  minText?: number;
  /** Largest overflow tolerated (px). */
  tolerance?: number;
  /** Most measure-and-re-plan rounds. */
  rounds?: number;
}

export interface FitResult {
  deck: Deck;
  /** What was done, one line each: `"Title" split into 3 slides`, `"Title" shrunk to 90%`. */
  actions: string[];
  /** Slides that still overflow after the last round: `line: "Title" overflows by N px`. */
  remaining: Array<{ line: number; title: string; overflow: number }>;
  rounds: number;
}

/** Returns the deck re-planned until no slide overflows (or nothing more can be done); the last version is written. */
export async function fitDeck(input: FitInput): Promise<FitResult> {
  const tolerance = input.tolerance ?? 2;
  // Whole pixels, rounded up: 3% of 720 px is 21.6, so scaled text never shows below 22 px.
  const floorPx = Math.ceil((input.minText ?? 0.03) * input.height * 1.01);
  const adjust: Required<FitAdjust> = { budgets: {}, scales: {} };
  const cuts = new Map<string, { parts: number; tries: number }>();
  let deck = input.deck;
  let rounds = 0;
  let over: SlideMeasure[] = [];
  let file = input.file;
  for (; rounds < (input.rounds ?? 8); rounds++) {
    file ??= await input.write(deck);
    const measure = input.measure ? await input.measure(file) : await measureDeck(input.session, file, { width: input.width, height: input.height, timeout: input.timeout });
    over = measure.slides.filter((slide) => worst(slide) > tolerance);
    if (over.length === 0) break;
    let changed = false;
    for (const slide of over) {
      const base = baseId(deck, slide.index);
      const planned = deck.slides[slide.index];
      const parts = deck.slides.filter((_, index) => baseId(deck, index) === base).length;
      const cut = cuts.get(base);
      const splittable = (planned?.kind === 'content' || planned?.kind === 'agenda') && slide.overflow.right <= tolerance && slide.overflow.left <= tolerance;
      // Split again while cutting the room still makes more slides (up to 5 cuts); then scale.
      if (splittable && (cut?.tries ?? 0) < 5 && (!cut || cut.parts < parts || cut.tries < 3)) {
        const body = input.height * 0.6;
        const stuck = cut !== undefined && cut.parts >= parts;
        adjust.budgets[base] = (adjust.budgets[base] ?? 1) * Math.min(0.93, body / (body + slide.overflow.bottom)) * (stuck ? 0.8 : 1);
        cuts.set(base, { parts, tries: (cut?.tries ?? 0) + 1 });
        changed = true;
        continue;
      }
      const current = slide.scale;
      const unscaledMin = slide.minFont > 0 ? slide.minFont / current : Infinity;
      const floor = Math.max(input.minScale, floorPx / unscaledMin);
      const extent = Math.max(input.height + slide.overflow.bottom + slide.overflow.top, ((input.width + slide.overflow.right + slide.overflow.left) * input.height) / input.width);
      const wanted = Math.max(floor, current * (input.height / extent) * 0.99);
      if (planned && wanted < current - 0.001) {
        adjust.scales[planned.id] = Math.ceil(wanted * 1000) / 1000;
        changed = true;
      }
    }
    if (!changed) break;
    deck = input.replan(adjust);
    file = undefined;
  }
  // Out of rounds right after a re-plan: the last version still has to be written.
  if (file === undefined) await input.write(deck);
  return { deck, actions: describe(input.deck, deck, adjust), remaining: over.map((slide) => ({ line: deck.slides[slide.index]?.position.line ?? 1, title: titleOf(deck, slide.index), overflow: Math.round(worst(slide)) })), rounds };
}

function worst(slide: SlideMeasure): number {
  const { top, right, bottom, left } = slide.overflow;
  return Math.max(top, right, bottom, left);
}

/** The id of the first slide of the draft a slide belongs to (continuations share it). */
function baseId(deck: Deck, index: number): string {
  const slide = deck.slides[index];
  if (!slide) return '';
  const back = slide.continued ? slide.continued.part - 1 : 0;
  return deck.slides[index - back]?.id ?? slide.id;
}

function titleOf(deck: Deck, index: number): string {
  const slide = deck.slides[index];
  return slide?.title ?? slide?.kind ?? '';
}

/** Returns the lines telling what the fit stage changed. */
function describe(before: Deck, after: Deck, adjust: Required<FitAdjust>): string[] {
  const lines: string[] = [];
  const count = (deck: Deck, base: string): number => deck.slides.filter((_, index) => baseId(deck, index) === base).length;
  for (const base of Object.keys(adjust.budgets)) {
    const was = count(before, base);
    const now = count(after, base);
    const index = after.slides.findIndex((slide) => slide.id === base);
    if (now > was) lines.push(`split "${titleOf(after, index)}" into ${now} slides (planned ${was})`);
  }
  for (const slide of after.slides) {
    const scale = slide.attributes?.['data-fit-scale'];
    if (scale) lines.push(`shrank "${slide.title ?? slide.kind}${slide.continued ? ` (${slide.continued.part}/${slide.continued.of})` : ''}" to ${Math.round(Number(scale) * 100)}%`);
  }
  return lines;
}

export interface FitStageOptions {
  session: BrowserSession;
  theme: { reveal: { width: number; height: number } };
  write: (deck: Deck) => Promise<string>;
  /** The page of the prepared deck, already written. */
  file?: string;
  /** Measures a written deck page (default: in a new page of `session`). */
  measure?: (file: string) => Promise<DeckMeasure>;
  timeout: number;
  /** Where slides that still overflow are reported. */
  warn: (message: string) => void;
}

/** Runs the fit stage on a prepared deck (its `deck` is replaced by the fitted one); returns what it split or shrank. */
export async function fitStage(prepared: { deck: Deck; replan?: (adjust: FitAdjust) => Deck }, options: FitStageOptions): Promise<string[]> {
  if (!prepared.replan) return [];
  const result = await fitDeck({
    deck: prepared.deck,
    replan: prepared.replan,
    write: options.write,
    ...(options.file ? { file: options.file } : {}),
    ...(options.measure ? { measure: options.measure } : {}),
    session: options.session,
    width: options.theme.reveal.width,
    height: options.theme.reveal.height,
    timeout: options.timeout,
    minScale: prepared.deck.options.minScale,
  });
  prepared.deck = result.deck;
  for (const slide of result.remaining) options.warn(`${prepared.deck.meta.source}:${slide.line}: "${slide.title}" still overflows by ${slide.overflow} px after fitting`);
  return result.actions;
}
