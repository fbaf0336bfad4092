// Draws a deck's slides into its handout from the slides PDF. The handout page is printed with each slide's box left
// empty but for a link naming the slide (a slot, made by the in-deck runtime under `?briefdeck-stamp`); Chromium
// writes each link as an annotation whose rectangle is the box, wherever the printed pages put it. Here each slot
// gets the slide's page of the slides PDF, drawn as vector content (its text stays text, its links to the web stay
// links), and the slot's link goes. So the handout's browser page never lays the slides out a second time: for a large
// deck, most of the handout's time and memory. In the handout's tagged structure, each drawn slide is a Figure whose
// alternative text is what the slide says (the slot's link element, turned into it).
import {
  appendBezierCurve,
  clip,
  closePath,
  concatTransformationMatrix,
  decodePDFRawStream,
  drawObject,
  endMarkedContent,
  endPath,
  lineTo,
  moveTo,
  PDFArray,
  PDFContentStream,
  PDFDict,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFObjectCopier,
  PDFOperator,
  PDFOperatorNames,
  PDFRawStream,
  PDFStream,
  PDFString,
  popGraphicsState,
  pushGraphicsState,
  type PDFDocument,
  type PDFObject,
  type PDFPage,
  PDFRef,
} from 'pdf-lib';

/** What a slot links to: this, the inner radius of its box's corners in CSS px, `/`, and the slide's id (URI-encoded). */
export const slotPrefix = 'https://briefdeck.invalid/slot/';

interface Slot {
  page: number;
  slide: number;
  /** The slide's id. */
  id: string;
  rect: [number, number, number, number];
  /** The corners' radius, in points. */
  radius: number;
  /** The slot's link element in the tagged structure, when the handout is tagged. */
  element?: PDFRef;
}

/** Points per CSS pixel, as Chromium prints (96 px to the inch). */
const pointsPerPixel = 0.75;

/**
 * Draws each slot's slide (`slideOf(id)`, a page index of `slides`) into `handout`, and removes the slots' links. In a
 * tagged handout, each slot's link element becomes its slide's Figure, with `altOf(id)` (what the slide says) as its
 * alternative text. Returns how many slots were filled; a slot naming no slide of the deck is left empty (and its link
 * removed).
 */
export async function stampSlides(handout: PDFDocument, slides: PDFDocument, slideOf: (id: string) => number | undefined, altOf: (id: string) => string | undefined = () => undefined): Promise<number> {
  const tags = tagsOf(handout);
  const slots: Slot[] = [];
  const slotLinks = new Set<PDFRef>();
  handout.getPages().forEach((page, pageIndex) => {
    const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
    if (!annots) return;
    const kept: PDFObject[] = [];
    for (let index = 0; index < annots.size(); index++) {
      const annot = annots.lookupMaybe(index, PDFDict);
      const slot = slotOf(annot);
      if (!slot) {
        kept.push(annots.get(index));
        continue;
      }
      const ref = annots.get(index);
      if (ref instanceof PDFRef) slotLinks.add(ref);
      const slide = slideOf(slot.id);
      const rect = rectOf(annot);
      const key = annot?.lookupMaybe(PDFName.of('StructParent'), PDFNumber)?.asNumber();
      const element = key !== undefined ? tags?.parents.get(key) : undefined;
      if (slide !== undefined && slide < slides.getPageCount() && rect) {
        slots.push({ page: pageIndex, slide, id: slot.id, rect, radius: slot.radius, ...(element instanceof PDFRef ? { element } : {}) });
      }
    }
    if (kept.length < annots.size()) page.node.set(PDFName.of('Annots'), handout.context.obj(kept));
  });
  const pages = handout.getPages();
  // Each slot's link element becomes its slide's Figure, before the links (and any element still holding one) go.
  const figures = new Map<Slot, number>();
  for (const slot of slots) {
    const mcid = tags && slot.element ? figureOf(handout, tags, slot, pages[slot.page]!, altOf(slot.id)) : undefined;
    if (mcid !== undefined) figures.set(slot, mcid);
  }
  forgetLinks(handout, slotLinks);
  if (slots.length === 0) return 0;
  // Each slide once, however often it is drawn; the fonts and pictures its pages share are copied once.
  const copy = PDFObjectCopier.for(slides.context, handout.context).copy;
  const forms = new Map<number, PDFRef>();
  for (const slot of slots) {
    const { page, slide, rect, radius } = slot;
    const source = slides.getPage(slide);
    const form = forms.get(slide) ?? formOf(handout, source, copy);
    forms.set(slide, form);
    const [left, bottom, right, top] = rect;
    const [width, height] = [right - left, top - bottom];
    const box = source.getMediaBox();
    const name = pages[page]!.node.newXObject('Slide', form);
    // Clipped to the box's rounded inside, so the slide's corners stay within its border.
    const round = Math.min(radius, width / 2, height / 2);
    const mcid = figures.get(slot);
    pages[page]!.pushOperators(
      ...(mcid !== undefined ? [PDFOperator.of(PDFOperatorNames.BeginMarkedContentSequence, [PDFName.of('Figure'), `<< /MCID ${mcid} >>`])] : []),
      pushGraphicsState(),
      ...(round > 0 ? [...roundedRect(left, bottom, width, height, round), clip(), endPath()] : []),
      concatTransformationMatrix(width / box.width, 0, 0, height / box.height, left, bottom),
      drawObject(name),
      popGraphicsState(),
      ...(mcid !== undefined ? [endMarkedContent()] : []),
    );
    copyWebLinks(handout, pages[page]!, source, rect);
  }
  return slots.length;
}

/** A tagged document's parent tree, read once: which element each page's marked sequences and each annotation belong to. */
interface Tags {
  parents: Map<number, PDFObject>;
}

function tagsOf(pdf: PDFDocument): Tags | undefined {
  const parentTree = pdf.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict)?.lookupMaybe(PDFName.of('ParentTree'), PDFDict);
  return parentTree ? { parents: numbersOf(parentTree) } : undefined;
}

/**
 * Turns a slot's link element into the Figure of the slide drawn there: its content becomes one marked sequence of the
 * page (a new MCID, entered in the page's array of the parent tree), its alternative text what the slide says.
 * Returns the MCID, or undefined when the page has no array in the parent tree.
 */
function figureOf(pdf: PDFDocument, tags: Tags, slot: Slot, page: PDFPage, alt: string | undefined): number | undefined {
  const key = page.node.lookupMaybe(PDFName.of('StructParents'), PDFNumber)?.asNumber();
  const marked = key === undefined ? undefined : tags.parents.get(key);
  const sequences = marked instanceof PDFRef ? pdf.context.lookupMaybe(marked, PDFArray) : marked instanceof PDFArray ? marked : undefined;
  const element = pdf.context.lookupMaybe(slot.element!, PDFDict);
  if (!sequences || !element) return undefined;
  const mcid = sequences.size();
  sequences.push(slot.element!);
  // What the element held (the reference to the slot's link, held directly or by reference) goes with the link.
  const kids = element.get(PDFName.of('K'));
  for (const kid of kids instanceof PDFArray ? kids.asArray() : [kids]) if (kid instanceof PDFRef) pdf.context.delete(kid);
  element.set(PDFName.of('S'), PDFName.of('Figure'));
  element.set(PDFName.of('K'), PDFNumber.of(mcid));
  element.set(PDFName.of('Pg'), page.ref);
  element.set(PDFName.of('Alt'), PDFHexString.fromText(alt?.trim() || slot.id));
  element.set(PDFName.of('A'), pdf.context.obj({ O: 'Layout', BBox: slot.rect }));
  return mcid;
}

/**
 * Returns a form XObject in `pdf` drawing a page of another document, as pdf-lib's embedPage does, but with the page's
 * marked content untagged (`/P <</MCID 3>> BDC` becomes `/P BMC`): its MCIDs name elements of the other document's
 * structure, and here they would name the handout page's own.
 */
function formOf(pdf: PDFDocument, page: PDFPage, copy: (object: PDFObject) => PDFObject): PDFRef {
  const contents = page.node.Contents();
  const streams = contents instanceof PDFArray ? contents.asArray().map((item) => page.node.context.lookup(item)) : [contents];
  const parts = streams.map((stream) => (stream instanceof PDFRawStream ? decodePDFRawStream(stream).decode() : stream instanceof PDFContentStream ? stream.getUnencodedContents() : stream instanceof PDFStream ? stream.getContents() : new Uint8Array()));
  const content = untagged(Buffer.concat(parts.flatMap((part) => [part, newline])));
  const { x, y, width, height } = page.getMediaBox();
  const resources = page.node.Resources();
  return pdf.context.register(
    pdf.context.flateStream(content, {
      Type: 'XObject',
      Subtype: 'Form',
      FormType: 1,
      BBox: [x, y, x + width, y + height],
      Matrix: [1, 0, 0, 1, -x, -y],
      ...(resources ? { Resources: copy(resources) } : {}),
    }),
  );
}

const newline = Uint8Array.of(0x0a);

/** Returns content with each marked-content sequence's MCID dropped (`/Tag <</MCID n>> BDC` becomes `/Tag BMC`). */
export function untagged(content: Uint8Array): Uint8Array {
  const bytes = Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  if (!bytes.includes('/MCID')) return content;
  const text = bytes.toString('latin1');
  const out = text.replace(/(\/[^\s/<>[\]()%{}]+)\s*<<\s*\/MCID\s+\d+\s*>>\s*BDC/g, '$1 BMC');
  return out === text ? content : Buffer.from(out, 'latin1');
}

/** Returns the entries of a number tree (its /Nums, and its kids'), by key. */
function numbersOf(node: PDFDict, into = new Map<number, PDFObject>(), depth = 0): Map<number, PDFObject> {
  if (depth > 32) return into;
  const nums = node.lookupMaybe(PDFName.of('Nums'), PDFArray);
  for (let index = 0; nums && index + 1 < nums.size(); index += 2) {
    const key = nums.lookupMaybe(index, PDFNumber)?.asNumber();
    if (key !== undefined) into.set(key, nums.get(index + 1));
  }
  const kids = node.lookupMaybe(PDFName.of('Kids'), PDFArray);
  for (let index = 0; kids && index < kids.size(); index++) {
    const kid = kids.lookupMaybe(index, PDFDict);
    if (kid) numbersOf(kid, into, depth + 1);
  }
  return into;
}

/** Makes a slide's links to the web again over their places in the box it is drawn into (a drawn page brings none). */
function copyWebLinks(handout: PDFDocument, page: PDFPage, slide: PDFPage, box: Slot['rect']): void {
  const [left, bottom, right, top] = box;
  const { x, y, width, height } = slide.getMediaBox();
  const [scaleX, scaleY] = [(right - left) / width, (top - bottom) / height];
  for (const link of webLinksOf(slide)) {
    const [x1, y1, x2, y2] = link.rect;
    const rect = [left + (x1 - x) * scaleX, bottom + (y1 - y) * scaleY, left + (x2 - x) * scaleX, bottom + (y2 - y) * scaleY];
    page.node.addAnnot(handout.context.register(handout.context.obj({ Type: 'Annot', Subtype: 'Link', Rect: rect, Border: [0, 0, 0], A: { S: 'URI', URI: PDFString.of(link.uri) } })));
  }
}

/**
 * Removes link annotations (taken off their pages) from the document: from its tagged structure (the Link elements
 * that hold them, and their entries in the parent tree), then the objects themselves, so nothing points at them.
 */
function forgetLinks(pdf: PDFDocument, links: Set<PDFRef>): void {
  if (links.size === 0) return;
  const { context } = pdf;
  const gone = new Set<PDFRef>();
  const parents = new Set<number>();
  for (const link of links) {
    const parent = context.lookupMaybe(link, PDFDict)?.lookupMaybe(PDFName.of('StructParent'), PDFNumber);
    if (parent) parents.add(parent.asNumber());
  }
  const pointsAtLink = (kid: PDFObject): boolean => {
    const dict = kid instanceof PDFRef ? context.lookupMaybe(kid, PDFDict) : kid;
    const target = dict instanceof PDFDict && dict.get(PDFName.of('Type')) === PDFName.of('OBJR') ? dict.get(PDFName.of('Obj')) : undefined;
    return target instanceof PDFRef && links.has(target);
  };
  const seen = new Set<PDFDict>();
  // Drops from an element's kids each object reference to a link, and each kid element left holding nothing else.
  const prune = (element: PDFDict): boolean => {
    if (seen.has(element)) return false;
    seen.add(element);
    const kids = element.get(PDFName.of('K'));
    const list = kids instanceof PDFArray ? kids : kids ? context.obj([kids]) : undefined;
    let dropped = false;
    for (let index = (list?.size() ?? 0) - 1; list && index >= 0; index--) {
      const kid = list.get(index);
      const child = kid instanceof PDFRef ? context.lookupMaybe(kid, PDFDict) : kid instanceof PDFDict ? kid : undefined;
      if (pointsAtLink(kid) || (child && child.has(PDFName.of('S')) && prune(child) && emptied(child))) {
        list.remove(index);
        if (kid instanceof PDFRef) gone.add(kid);
        dropped = true;
      }
    }
    if (dropped && list) element.set(PDFName.of('K'), list);
    return dropped;
  };
  const emptied = (element: PDFDict): boolean => {
    const kids = element.get(PDFName.of('K'));
    return kids instanceof PDFArray ? kids.asArray().every((kid) => kid instanceof PDFRef && context.lookupMaybe(kid, PDFDict)?.get(PDFName.of('Type')) === PDFName.of('MCR')) : kids === undefined;
  };
  const root = pdf.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
  if (root) {
    prune(root);
    dropNumbers(context, root.lookupMaybe(PDFName.of('ParentTree'), PDFDict), parents);
  }
  for (const ref of [...links, ...gone]) context.delete(ref);
}

/** Removes the keys given from a number tree (its /Nums, and its kids'). */
function dropNumbers(context: PDFDocument['context'], node: PDFDict | undefined, keys: Set<number>, depth = 0): void {
  if (!node || depth > 32) return;
  const nums = node.lookupMaybe(PDFName.of('Nums'), PDFArray);
  for (let index = (nums?.size() ?? 0) - 2; nums && index >= 0; index -= 2) {
    const key = nums.lookupMaybe(index, PDFNumber);
    if (key && keys.has(key.asNumber())) {
      nums.remove(index + 1);
      nums.remove(index);
    }
  }
  const kids = node.lookupMaybe(PDFName.of('Kids'), PDFArray);
  for (let index = 0; kids && index < kids.size(); index++) dropNumbers(context, kids.lookupMaybe(index, PDFDict), keys, depth + 1);
}

/** The URI of a link annotation's action, or undefined. */
function uriOf(annot: PDFDict | undefined): string | undefined {
  const action = annot?.lookupMaybe(PDFName.of('A'), PDFDict);
  const uri = action?.lookup(PDFName.of('URI'));
  return uri instanceof PDFString || uri instanceof PDFHexString ? uri.decodeText() : undefined;
}

/** A page's links to the web (http, https, mailto): each one's rectangle and address. Links within the slides are left. */
function webLinksOf(page: PDFPage): Array<{ rect: Slot['rect']; uri: string }> {
  const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
  const links: Array<{ rect: Slot['rect']; uri: string }> = [];
  for (let index = 0; annots && index < annots.size(); index++) {
    const annot = annots.lookupMaybe(index, PDFDict);
    const uri = uriOf(annot);
    const rect = rectOf(annot);
    if (uri && rect && /^(https?|mailto):/i.test(uri)) links.push({ rect, uri });
  }
  return links;
}

/** The slide id and corner radius (points) of a link annotation that is a slot, or undefined for another annotation. */
function slotOf(annot: PDFDict | undefined): { id: string; radius: number } | undefined {
  const text = uriOf(annot);
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

