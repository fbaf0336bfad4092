// The outline (bookmarks) of a deck's PDFs: one entry per section with its slides beneath, pure data.
import type { Deck, Slide } from '../model.js';
import { labelsFor } from '../render/labels.js';

/** One bookmark: a title, the 0-based index of the slide it opens, and the bookmarks beneath it. */
export interface OutlineItem {
  title: string;
  slide: number;
  children: OutlineItem[];
}

/** Returns the outline of a deck: title, agenda, each section (stack) with its slides beneath, closing. */
export function outlineOf(deck: Deck): OutlineItem[] {
  const labels = labelsFor(deck.meta.lang);
  const items: OutlineItem[] = [];
  let section: { stack: string; item: OutlineItem } | undefined;
  deck.slides.forEach((slide, index) => {
    const item: OutlineItem = { title: titleOf(slide, index, deck, labels), slide: index, children: [] };
    if (slide.stack !== undefined && section?.stack === slide.stack) {
      section.item.children.push(item);
      return;
    }
    items.push(item);
    section = slide.stack === undefined ? undefined : { stack: slide.stack, item };
  });
  return items;
}

function titleOf(slide: Slide, index: number, deck: Deck, labels: ReturnType<typeof labelsFor>): string {
  if (slide.kind === 'title') return deck.meta.title;
  if (slide.kind === 'agenda') return slide.title ?? labels.agenda;
  if (slide.kind === 'closing') return slide.title ?? labels.thanks;
  const title = slide.title?.trim();
  if (!title) return `${labels.slide} ${index + 1}`;
  return slide.continued ? `${title} (${slide.continued.part}/${slide.continued.of})` : title;
}

/** Returns the number of bookmarks in an outline, nested ones included. */
export function countOutline(items: OutlineItem[]): number {
  return items.reduce((sum, item) => sum + 1 + countOutline(item.children), 0);
}
