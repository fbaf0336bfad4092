// The outline (bookmarks) of a deck's PDFs: one entry per section with its slides beneath, pure data.
import type { Deck, Slide } from '../model/deck.js';
import { labelsFor } from '../render/labels.js';

/**
 * One bookmark: a title, the 0-based index of the slide it opens, how many slides it stands for
 * (a slide the fit stage continued over several parts has one bookmark, opening its first part), and the bookmarks beneath it.
 */
export interface OutlineItem {
  title: string;
  slide: number;
  /** The slide and its continuation parts that follow it: slides `slide` to `slide + parts - 1`. */
  parts: number;
  children: OutlineItem[];
}

/** Returns the outline of a deck: title, agenda, each section (stack) with its slides beneath, closing; a continued slide once, without its part. */
export function outlineOf(deck: Deck): OutlineItem[] {
  const labels = labelsFor(deck.meta.lang);
  const items: OutlineItem[] = [];
  let section: { stack: string; item: OutlineItem } | undefined;
  let last: OutlineItem | undefined;
  deck.slides.forEach((slide, index) => {
    if (last && continues(slide, deck.slides[index - 1], last.slide + last.parts === index)) {
      last.parts++;
      return;
    }
    const item: OutlineItem = { title: titleOf(slide, index, deck, labels), slide: index, parts: 1, children: [] };
    last = item;
    if (slide.stack !== undefined && section?.stack === slide.stack) {
      section.item.children.push(item);
      return;
    }
    items.push(item);
    section = slide.stack === undefined ? undefined : { stack: slide.stack, item };
  });
  return items;
}

/** Tells whether `slide` is the next part of `previous` (same title and column), which the bookmark of `previous` already covers. */
function continues(slide: Slide, previous: Slide | undefined, adjacent: boolean): boolean {
  if (!adjacent || !previous || !slide.continued || slide.continued.part < 2) return false;
  return slide.title === previous.title && slide.stack === previous.stack && slide.continued.part === (previous.continued?.part ?? 1) + 1;
}

function titleOf(slide: Slide, index: number, deck: Deck, labels: ReturnType<typeof labelsFor>): string {
  if (slide.kind === 'title') return deck.meta.title;
  if (slide.kind === 'agenda') return slide.title ?? labels.agenda;
  if (slide.kind === 'closing') return slide.title ?? labels.thanks;
  const title = slide.title?.trim();
  if (!title) return `${labels.slide} ${index + 1}`;
  // A first part is named like its slide; a part whose earlier parts are missing keeps its number.
  return slide.continued && slide.continued.part > 1 ? `${title} (${slide.continued.part}/${slide.continued.of})` : title;
}

/** Returns the number of bookmarks in an outline, nested ones included. */
export function countOutline(items: OutlineItem[]): number {
  return items.reduce((sum, item) => sum + 1 + countOutline(item.children), 0);
}

/** Returns the number of slides an outline covers: every bookmark's slide and its continuation parts. */
export function countOutlineSlides(items: OutlineItem[]): number {
  return items.reduce((sum, item) => sum + item.parts + countOutlineSlides(item.children), 0);
}
