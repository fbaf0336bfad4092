// Draws a deck's slides into its handout from the slides PDF. The handout page is printed with each slide's box left
// empty but for a link naming the slide (a slot, made by the in-deck runtime under `?briefdeck-stamp`); Chromium
// writes each link as an annotation whose rectangle is the box, wherever the printed pages put it. Here each slot
// gets the slide's page of the slides PDF, drawn as vector content (its text stays text), and its link goes. So the
// handout's browser page never lays the slides out a second time: for a large deck, most of the handout's time and
// memory.
import { PDFArray, PDFDict, PDFHexString, PDFName, PDFNumber, PDFString, type PDFDocument, type PDFObject } from 'pdf-lib';

/** What a slot links to: this, then the slide's id (URI-encoded). */
export const slotPrefix = 'https://briefdeck.invalid/slot/';

interface Slot {
  page: number;
  slide: number;
  rect: [number, number, number, number];
}

/**
 * Draws each slot's slide (`slideOf(id)`, a page index of `slides`) into `handout`, and removes the slots' links.
 * Returns how many slots were filled; a slot naming no slide of the deck is left empty (and its link removed).
 */
export async function stampSlides(handout: PDFDocument, slides: PDFDocument, slideOf: (id: string) => number | undefined): Promise<number> {
  const slots: Slot[] = [];
  handout.getPages().forEach((page, pageIndex) => {
    const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
    if (!annots) return;
    const kept: PDFObject[] = [];
    for (let index = 0; index < annots.size(); index++) {
      const id = slotId(annots.lookupMaybe(index, PDFDict));
      if (id === undefined) {
        kept.push(annots.get(index));
        continue;
      }
      const slide = slideOf(id);
      const rect = rectOf(annots.lookupMaybe(index, PDFDict));
      if (slide !== undefined && slide < slides.getPageCount() && rect) slots.push({ page: pageIndex, slide, rect });
    }
    if (kept.length < annots.size()) page.node.set(PDFName.of('Annots'), handout.context.obj(kept));
  });
  if (slots.length === 0) return 0;
  const wanted = [...new Set(slots.map((slot) => slot.slide))];
  const embedded = await handout.embedPages(wanted.map((slide) => slides.getPage(slide)));
  const embeddedOf = new Map(wanted.map((slide, index) => [slide, embedded[index]!]));
  const pages = handout.getPages();
  for (const { page, slide, rect } of slots) {
    const [left, bottom, right, top] = rect;
    pages[page]!.drawPage(embeddedOf.get(slide)!, { x: left, y: bottom, width: right - left, height: top - bottom });
  }
  return slots.length;
}

/** The slide id a link annotation is a slot for, or undefined when it is another annotation. */
function slotId(annot: PDFDict | undefined): string | undefined {
  const action = annot?.lookupMaybe(PDFName.of('A'), PDFDict);
  const uri = action?.lookup(PDFName.of('URI'));
  const text = uri instanceof PDFString || uri instanceof PDFHexString ? uri.decodeText() : undefined;
  if (!text?.startsWith(slotPrefix)) return undefined;
  try {
    return decodeURIComponent(text.slice(slotPrefix.length));
  } catch {
    return '';
  }
}

/** An annotation's rectangle as left, bottom, right, top (normalised), or undefined. */
function rectOf(annot: PDFDict | undefined): Slot['rect'] | undefined {
  const rect = annot?.lookupMaybe(PDFName.of('Rect'), PDFArray);
  if (!rect || rect.size() !== 4) return undefined;
  const values = [0, 1, 2, 3].map((index) => rect.lookupMaybe(index, PDFNumber)?.asNumber());
  if (values.some((value) => value === undefined || !Number.isFinite(value))) return undefined;
  const [x1, y1, x2, y2] = values as number[];
  return [Math.min(x1!, x2!), Math.min(y1!, y2!), Math.max(x1!, x2!), Math.max(y1!, y2!)];
}

