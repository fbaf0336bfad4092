// Draws a deck's slides into its handout from the slides PDF. The handout page is printed with each slide's box left
// empty but for a link naming the slide (a slot, made by the in-deck runtime under `?briefdeck-stamp`); Chromium
// writes each link as an annotation whose rectangle is the box, wherever the printed pages put it. Here each slot
// gets the slide's page of the slides PDF, drawn as vector content (its text stays text), and its link goes. So the
// handout's browser page never lays the slides out a second time: for a large deck, most of the handout's time and
// memory.
import {
  appendBezierCurve,
  clip,
  closePath,
  endPath,
  lineTo,
  moveTo,
  PDFArray,
  PDFDict,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFString,
  popGraphicsState,
  pushGraphicsState,
  type PDFDocument,
  type PDFObject,
  type PDFOperator,
} from 'pdf-lib';

/** What a slot links to: this, the inner radius of its box's corners in CSS px, `/`, and the slide's id (URI-encoded). */
export const slotPrefix = 'https://briefdeck.invalid/slot/';

interface Slot {
  page: number;
  slide: number;
  rect: [number, number, number, number];
  /** The corners' radius, in points. */
  radius: number;
}

/** Points per CSS pixel, as Chromium prints (96 px to the inch). */
const pointsPerPixel = 0.75;

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
      const slot = slotOf(annots.lookupMaybe(index, PDFDict));
      if (!slot) {
        kept.push(annots.get(index));
        continue;
      }
      const slide = slideOf(slot.id);
      const rect = rectOf(annots.lookupMaybe(index, PDFDict));
      if (slide !== undefined && slide < slides.getPageCount() && rect) slots.push({ page: pageIndex, slide, rect, radius: slot.radius });
    }
    if (kept.length < annots.size()) page.node.set(PDFName.of('Annots'), handout.context.obj(kept));
  });
  if (slots.length === 0) return 0;
  const wanted = [...new Set(slots.map((slot) => slot.slide))];
  const embedded = await handout.embedPages(wanted.map((slide) => slides.getPage(slide)));
  const embeddedOf = new Map(wanted.map((slide, index) => [slide, embedded[index]!]));
  const pages = handout.getPages();
  for (const { page, slide, rect, radius } of slots) {
    const [left, bottom, right, top] = rect;
    const [width, height] = [right - left, top - bottom];
    // Clipped to the box's rounded inside, so the slide's corners stay within its border.
    const round = Math.min(radius, width / 2, height / 2);
    if (round > 0) pages[page]!.pushOperators(pushGraphicsState(), ...roundedRect(left, bottom, width, height, round), clip(), endPath());
    pages[page]!.drawPage(embeddedOf.get(slide)!, { x: left, y: bottom, width, height });
    if (round > 0) pages[page]!.pushOperators(popGraphicsState());
  }
  return slots.length;
}

/** The slide id and corner radius (points) of a link annotation that is a slot, or undefined for another annotation. */
function slotOf(annot: PDFDict | undefined): { id: string; radius: number } | undefined {
  const action = annot?.lookupMaybe(PDFName.of('A'), PDFDict);
  const uri = action?.lookup(PDFName.of('URI'));
  const text = uri instanceof PDFString || uri instanceof PDFHexString ? uri.decodeText() : undefined;
  if (!text?.startsWith(slotPrefix)) return undefined;
  const rest = text.slice(slotPrefix.length);
  const cut = rest.indexOf('/');
  const pixels = Number(rest.slice(0, cut));
  const radius = cut > 0 && pixels > 0 && Number.isFinite(pixels) ? pixels * pointsPerPixel : 0;
  try {
    return { id: decodeURIComponent(rest.slice(cut + 1)), radius };
  } catch {
    return { id: '', radius };
  }
}

/** The path of a rectangle with rounded corners (cubic Bézier quarter circles). */
function roundedRect(x: number, y: number, width: number, height: number, radius: number): PDFOperator[] {
  const k = radius * 0.5523;
  const [right, top] = [x + width, y + height];
  return [
    moveTo(x + radius, y),
    lineTo(right - radius, y),
    appendBezierCurve(right - radius + k, y, right, y + radius - k, right, y + radius),
    lineTo(right, top - radius),
    appendBezierCurve(right, top - radius + k, right - radius + k, top, right - radius, top),
    lineTo(x + radius, top),
    appendBezierCurve(x + radius - k, top, x, top - radius + k, x, top - radius),
    lineTo(x, y + radius),
    appendBezierCurve(x, y + radius - k, x + radius - k, y, x + radius, y),
    closePath(),
  ];
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

