// Gives a PDF printed by Chromium its document information and outline, with pdf-lib.
import { ParseSpeeds, PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFRef, PDFString } from 'pdf-lib';
import type { PdfMetadata } from './metadata.js';
import type { OutlineItem } from './outline.js';

export interface FinishOptions {
  metadata: PdfMetadata;
  outline: OutlineItem[];
  /**
   * Returns the named destination (an element id the printed page linked to) where a slide is drawn;
   * without it, slide n is page n. Bookmarks whose destination is missing are left out.
   */
  destinationOf?: (slide: number) => string;
}

/**
 * Returns the document of a PDF printed by Chromium, for `finishPdf`. Given parts (a large deck's slides, printed part
 * by part), their pages are joined in order, in the same pass: the joined file is written once.
 */
export function openPdf(bytes: Uint8Array | readonly Uint8Array[]): Promise<PDFDocument> {
  return bytes instanceof Uint8Array ? loadPdf(bytes) : joinPdfs(bytes);
}

/**
 * Returns the PDF bytes with metadata, /Lang and an outline (shown when the file opens), and its page count; pages and
 * fonts untouched. The document may still be read afterwards (the handout draws the slides from it).
 */
export async function finishPdf(pdf: PDFDocument, options: FinishOptions): Promise<{ pdf: Uint8Array; pages: number }> {
  const { metadata } = options;
  pdf.setTitle(metadata.title, { showInWindowTitleBar: true });
  if (metadata.author) pdf.setAuthor(metadata.author);
  if (metadata.subject) pdf.setSubject(metadata.subject);
  if (metadata.keywords.length > 0) pdf.setKeywords(metadata.keywords);
  pdf.setCreator(metadata.creator);
  pdf.setProducer(metadata.producer);
  pdf.setLanguage(metadata.lang);
  if (metadata.created) pdf.setCreationDate(metadata.created);
  pdf.setModificationDate(new Date());
  const pages = pdf.getPages().map((page) => page.ref);
  const destinations = options.destinationOf ? namedDestinations(pdf) : undefined;
  const outline = writeOutline(pdf, options.outline, (slide) => (destinations && options.destinationOf ? destinations.get(options.destinationOf(slide)) : pages[slide]));
  if (outline) {
    pdf.catalog.set(PDFName.of('Outlines'), outline);
    pdf.catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
  }
  return { pdf: await pdf.save({ useObjectStreams: true, objectsPerTick: Infinity, addDefaultPage: false, updateFieldAppearances: false }), pages: pages.length };
}

function loadPdf(bytes: Uint8Array): Promise<PDFDocument> {
  return PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
}

/** Returns one document of the pages of `parts`, in order. */
async function joinPdfs(parts: readonly Uint8Array[]): Promise<PDFDocument> {
  if (parts.length === 1) return loadPdf(parts[0]!);
  const joined = await PDFDocument.create({ updateMetadata: false });
  for (const part of parts) {
    const source = await loadPdf(part);
    for (const page of await joined.copyPages(source, source.getPageIndices())) joined.addPage(page);
  }
  return joined;
}

/** Writes the outline dictionaries; returns the root's reference, or undefined for an empty outline. */
function writeOutline(pdf: PDFDocument, items: OutlineItem[], pageRef: (slide: number) => PDFRef | undefined): PDFRef | undefined {
  const { context } = pdf;
  const rootRef = context.nextRef();
  const root = writeLevel(items, rootRef);
  if (!root) return undefined;
  context.assign(rootRef, context.obj({ Type: 'Outlines', First: root.first, Last: root.last, Count: root.count }));
  return rootRef;

  /** Writes the items under `parent`; returns the first and last bookmark and how many were written (nested included). */
  function writeLevel(level: OutlineItem[], parent: PDFRef): { first: PDFRef; last: PDFRef; count: number } | undefined {
    const placed = level.flatMap((item) => {
      const page = pageRef(item.slide);
      return page ? [{ item, page }] : [];
    });
    if (placed.length === 0) return undefined;
    const refs = placed.map(() => context.nextRef());
    let count = 0;
    placed.forEach(({ item, page }, index) => {
      const ref = refs[index]!;
      const dict: PDFDict = context.obj({ Title: PDFHexString.fromText(item.title), Parent: parent, Dest: [page, 'Fit'] });
      if (index > 0) dict.set(PDFName.of('Prev'), refs[index - 1]!);
      if (index < refs.length - 1) dict.set(PDFName.of('Next'), refs[index + 1]!);
      const nested = writeLevel(item.children, ref);
      if (nested) {
        dict.set(PDFName.of('First'), nested.first);
        dict.set(PDFName.of('Last'), nested.last);
        dict.set(PDFName.of('Count'), PDFNumber.of(nested.count));
      }
      context.assign(ref, dict);
      count += 1 + (nested?.count ?? 0);
    });
    return { first: refs[0]!, last: refs[refs.length - 1]!, count };
  }
}

/** Returns the page of each named destination: the catalog's /Dests (what Chromium writes) and its /Names /Dests tree. */
export function namedDestinations(pdf: PDFDocument): Map<string, PDFRef> {
  const found = new Map<string, PDFRef>();
  const pageOf = (value: unknown): PDFRef | undefined => {
    const target = value instanceof PDFRef ? pdf.context.lookup(value) : value;
    const array = target instanceof PDFDict ? target.lookupMaybe(PDFName.of('D'), PDFArray) : target instanceof PDFArray ? target : undefined;
    const page = array?.get(0);
    return page instanceof PDFRef ? page : undefined;
  };
  const dests = pdf.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict);
  for (const [name, value] of dests?.entries() ?? []) {
    const page = pageOf(value);
    if (page) found.set(name.decodeText(), page);
  }
  const walk = (node: PDFDict | undefined, depth: number): void => {
    if (!node || depth > 32) return;
    const names = node.lookupMaybe(PDFName.of('Names'), PDFArray);
    for (let index = 0; names && index + 1 < names.size(); index += 2) {
      const key = names.lookup(index);
      const page = pageOf(names.get(index + 1));
      if (page && (key instanceof PDFHexString || key instanceof PDFString)) found.set(key.decodeText(), page);
    }
    const kids = node.lookupMaybe(PDFName.of('Kids'), PDFArray);
    for (let index = 0; kids && index < kids.size(); index++) walk(kids.lookupMaybe(index, PDFDict), depth + 1);
  };
  walk(pdf.catalog.lookupMaybe(PDFName.of('Names'), PDFDict)?.lookupMaybe(PDFName.of('Dests'), PDFDict), 0);
  return found;
}
