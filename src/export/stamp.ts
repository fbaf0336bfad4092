// Draws a deck's slides into its handout from the slides PDF. The handout page is printed with each slide's box left
// empty but for a link naming the slide (a slot, made by the in-deck runtime under `?briefdeck-stamp`); Chromium
// writes each link as an annotation whose rectangle is the box, wherever the printed pages put it. Here each slot
// gets the slide's page of the slides PDF, drawn as vector content (its text stays text, its links to the web stay
// links), and the slot's link goes. So the handout's browser page never lays the slides out a second time: for a large
// deck, most of the handout's time and memory. In the handout's tagged structure, each drawn slide is a Figure whose
// alternative text is what the slide says (the slot's link element, turned into it).
import { deflateSync, inflateSync } from 'node:zlib';
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

export interface StampOptions {
  /** The page index in the slides PDF of the slide with this id, or undefined for none of the deck's. */
  slideOf: (id: string) => number | undefined;
  /** What the slide with this id says, for its alternative text in a tagged handout (default: its number). */
  altOf?: (id: string) => string | undefined;
}

/**
 * Draws each slot's slide into `handout` from `slides`, and removes the slots' links. In a tagged handout, each slot's
 * link element becomes its slide's Figure, with what the slide says as its alternative text, and the slide's links to
 * the web are Link elements inside it. Returns how many slots were filled; a slot naming no slide of the deck is left
 * empty (and its link removed).
 */
export async function stampSlides(handout: PDFDocument, slides: PDFDocument, { slideOf, altOf = () => undefined }: StampOptions): Promise<number> {
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
    const mcid = tags && slot.element ? figureOf(handout, tags, slot, pages[slot.page]!, altOf(slot.id)?.trim() || `Slide ${slot.slide + 1}`) : undefined;
    if (mcid !== undefined) figures.set(slot, mcid);
  }
  forgetLinks(handout, slotLinks);
  if (slots.length === 0) return 0;
  // Each slide once, however often it is drawn; the fonts and pictures its pages share are copied once.
  const copy = PDFObjectCopier.for(slides.context, handout.context).copy;
  const forms = new Map<number, PDFRef>();
  const untaggedForms = new Set<PDFRef>();
  for (const slot of slots) {
    const { page, slide, rect, radius } = slot;
    const source = slides.getPage(slide);
    const form = forms.get(slide) ?? formOf(handout, source, copy, untaggedForms);
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
    const links = copyWebLinks(handout, pages[page]!, source, rect);
    if (tags && slot.element && mcid !== undefined) tagLinks(handout, tags, slot.element, pages[page]!, links);
  }
  return slots.length;
}

/** A tagged document's parent tree, read once: which element each page's marked sequences and each annotation belong to. */
interface Tags {
  parents: Map<number, PDFObject>;
  /** Enters a new key in the parent tree with its value (a page's array, an annotation's element); returns the key. */
  add(value: PDFObject): number | undefined;
}

function tagsOf(pdf: PDFDocument): Tags | undefined {
  const root = pdf.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
  const parentTree = root?.lookupMaybe(PDFName.of('ParentTree'), PDFDict);
  if (!root || !parentTree) return undefined;
  const parents = numbersOf(parentTree);
  // Only a flat tree (as Chromium writes it) takes new keys here; one with kids keeps its ranges as they are.
  const nums = parentTree.has(PDFName.of('Kids')) ? undefined : parentTree.lookupMaybe(PDFName.of('Nums'), PDFArray);
  let next = root.lookupMaybe(PDFName.of('ParentTreeNextKey'), PDFNumber)?.asNumber() ?? 0;
  for (const key of parents.keys()) next = Math.max(next, key + 1);
  const add = (value: PDFObject): number | undefined => {
    if (!nums) return undefined;
    const key = next++;
    nums.push(PDFNumber.of(key));
    nums.push(value);
    // A page given a key here may be looked up again, for its next slot.
    parents.set(key, value);
    root.set(PDFName.of('ParentTreeNextKey'), PDFNumber.of(next));
    return key;
  };
  return { parents, add };
}

/**
 * Turns a slot's link element into the Figure of the slide drawn there: its content becomes one marked sequence of the
 * page (a new MCID, entered in the page's array of the parent tree; a page without one gets one), its alternative text
 * what the slide says. Returns the MCID, or undefined when the page's marked content cannot be entered.
 */
function figureOf(pdf: PDFDocument, tags: Tags, slot: Slot, page: PDFPage, alt: string): number | undefined {
  const element = pdf.context.lookupMaybe(slot.element!, PDFDict);
  if (!element) return undefined;
  const key = page.node.lookupMaybe(PDFName.of('StructParents'), PDFNumber)?.asNumber();
  const marked = key === undefined ? undefined : tags.parents.get(key);
  let sequences = marked instanceof PDFRef ? pdf.context.lookupMaybe(marked, PDFArray) : marked instanceof PDFArray ? marked : undefined;
  if (!sequences && key === undefined) {
    const fresh = pdf.context.obj([]);
    const added = tags.add(pdf.context.register(fresh));
    if (added === undefined) return undefined;
    page.node.set(PDFName.of('StructParents'), PDFNumber.of(added));
    sequences = fresh;
  }
  if (!sequences) return undefined;
  const mcid = sequences.size();
  sequences.push(slot.element!);
  // The reference to the slot's link it held (directly or by reference) goes with the link.
  const kids = element.get(PDFName.of('K'));
  for (const kid of kids instanceof PDFArray ? kids.asArray() : [kids]) {
    if (kid instanceof PDFRef && pdf.context.lookupMaybe(kid, PDFDict)?.get(PDFName.of('Type')) === PDFName.of('OBJR')) pdf.context.delete(kid);
  }
  element.set(PDFName.of('S'), PDFName.of('Figure'));
  element.set(PDFName.of('K'), PDFNumber.of(mcid));
  element.set(PDFName.of('Pg'), page.ref);
  element.set(PDFName.of('Alt'), PDFHexString.fromText(alt));
  element.set(PDFName.of('A'), pdf.context.obj({ O: 'Layout', BBox: slot.rect }));
  return mcid;
}

/** Enters the links made again over a drawn slide in the structure: each a Link element inside the slide's Figure. */
function tagLinks(pdf: PDFDocument, tags: Tags, figure: PDFRef, page: PDFPage, links: PDFRef[]): void {
  const element = pdf.context.lookupMaybe(figure, PDFDict);
  const kids = element?.get(PDFName.of('K'));
  if (!element || links.length === 0) return;
  const list = kids instanceof PDFArray ? kids : pdf.context.obj(kids ? [kids] : []);
  for (const annot of links) {
    const link = pdf.context.register(pdf.context.obj({ Type: 'StructElem', S: 'Link', P: figure, Pg: page.ref, K: [pdf.context.obj({ Type: 'OBJR', Obj: annot, Pg: page.ref })] }));
    const key = tags.add(link);
    if (key === undefined) {
      pdf.context.delete(link);
      continue;
    }
    pdf.context.lookup(annot, PDFDict).set(PDFName.of('StructParent'), PDFNumber.of(key));
    list.push(link);
  }
  element.set(PDFName.of('K'), list);
}

/**
 * Returns a form XObject in `pdf` drawing a page of another document, as pdf-lib's embedPage does, but with the page's
 * marked content untagged (`/P <</MCID 3>> BDC` becomes `/P BMC`), the forms it draws too (Chromium draws a translucent
 * layer as a form with marked content of its own): their MCIDs name elements of the other document's structure, and
 * here they would name the handout page's own. `untaggedForms` holds the forms already untagged.
 */
function formOf(pdf: PDFDocument, page: PDFPage, copy: (object: PDFObject) => PDFObject, untaggedForms: Set<PDFRef>): PDFRef {
  const contents = page.node.Contents();
  const streams = contents instanceof PDFArray ? contents.asArray().map((item) => page.node.context.lookup(item)) : [contents];
  const parts = streams.map((stream) => (stream instanceof PDFRawStream ? decoded(stream) : stream instanceof PDFContentStream ? stream.getUnencodedContents() : stream instanceof PDFStream ? stream.getContents() : new Uint8Array()));
  const content = untagged(Buffer.concat(parts.flatMap((part) => [part, newline])));
  const { x, y, width, height } = page.getMediaBox();
  const found = page.node.Resources();
  const resources = found ? copy(found) : undefined;
  if (resources instanceof PDFDict) untagForms(pdf, resources, untaggedForms);
  return pdf.context.register(
    pdf.context.stream(deflateSync(content), {
      Type: 'XObject',
      Subtype: 'Form',
      FormType: 1,
      BBox: [x, y, x + width, y + height],
      Matrix: [1, 0, 0, 1, -x, -y],
      ...(resources ? { Resources: resources } : {}),
      Filter: 'FlateDecode',
    }),
  );
}

/**
 * Returns a stream's decoded content: by Node's zlib when it is deflated alone (Chromium's streams; three times as fast
 * as pdf-lib's own decoder on a large deck's slides), else by pdf-lib's decoders.
 */
function decoded(stream: PDFRawStream): Uint8Array {
  if (stream.dict.get(PDFName.of('Filter')) === PDFName.of('FlateDecode') && !stream.dict.has(PDFName.of('DecodeParms'))) {
    try {
      return inflateSync(stream.contents);
    } catch {
      // Not zlib data after all: pdf-lib's decoder is more forgiving.
    }
  }
  return decodePDFRawStream(stream).decode();
}

/** Untags the form XObjects copied resources draw, and the forms those draw: MCIDs dropped, their own parent-tree key too. */
function untagForms(pdf: PDFDocument, resources: PDFDict, done: Set<PDFRef>, depth = 0): void {
  const objects = resources.lookupMaybe(PDFName.of('XObject'), PDFDict);
  for (const [, ref] of objects?.entries() ?? []) {
    if (!(ref instanceof PDFRef) || done.has(ref) || depth > 16) continue;
    done.add(ref);
    const form = pdf.context.lookup(ref);
    if (!(form instanceof PDFRawStream) || form.dict.get(PDFName.of('Subtype')) !== PDFName.of('Form')) continue;
    form.dict.delete(PDFName.of('StructParents'));
    const content = decoded(form);
    const plain = untagged(content);
    if (plain !== content) {
      const fresh = pdf.context.stream(deflateSync(plain), { Filter: 'FlateDecode' });
      for (const [key, value] of form.dict.entries()) if (![PDFName.of('Filter'), PDFName.of('DecodeParms'), PDFName.of('Length')].includes(key)) fresh.dict.set(key, value);
      pdf.context.assign(ref, fresh);
    }
    const inner = form.dict.lookupMaybe(PDFName.of('Resources'), PDFDict);
    if (inner) untagForms(pdf, inner, done, depth + 1);
  }
}

const newline = Uint8Array.of(0x0a);

/**
 * Returns content with each marked-content sequence's MCID dropped: `/Tag <</MCID n>> BDC` becomes `/Tag BMC`, and a
 * property list with more in it keeps the rest (`/Span <</MCID 4 /Lang (ko)>> BDC` becomes `/Span <</Lang (ko)>> BDC`).
 */
export function untagged(content: Uint8Array): Uint8Array {
  const bytes = Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  if (!bytes.includes('/MCID')) return content;
  const text = bytes.toString('latin1');
  const out = text.replace(/(\/[^\s/<>[\]()%{}]+)\s*<<([^<>]*?)\/MCID\s+\d+([^<>]*?)>>\s*BDC/g, (_, tag: string, before: string, after: string) =>
    `${before}${after}`.trim() ? `${tag} <<${before}${after}>> BDC` : `${tag} BMC`,
  );
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

/** Makes a slide's links to the web again over their places in the box it is drawn into (a drawn page brings none); returns them. */
function copyWebLinks(handout: PDFDocument, page: PDFPage, slide: PDFPage, box: Slot['rect']): PDFRef[] {
  const [left, bottom, right, top] = box;
  const { x, y, width, height } = slide.getMediaBox();
  const [scaleX, scaleY] = [(right - left) / width, (top - bottom) / height];
  return webLinksOf(slide).map((link) => {
    const [x1, y1, x2, y2] = link.rect;
    const rect = [left + (x1 - x) * scaleX, bottom + (y1 - y) * scaleY, left + (x2 - x) * scaleX, bottom + (y2 - y) * scaleY];
    // Its address as its description, for a screen reader (the link's text is inside the drawn slide).
    const annot = handout.context.register(handout.context.obj({ Type: 'Annot', Subtype: 'Link', Rect: rect, Border: [0, 0, 0], Contents: PDFHexString.fromText(link.uri), A: { S: 'URI', URI: PDFString.of(link.uri) } }));
    page.node.addAnnot(annot);
    return annot;
  });
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

