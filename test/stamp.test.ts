// Unit tests of drawing the slides into a handout from the slides PDF (export/stamp.ts), on PDFs made with pdf-lib:
// where each slot's link was, that slide's page; other links kept; text still text.
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { decodePDFRawStream, drawObject, endMarkedContent, PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFOperator, PDFOperatorNames, type PDFPage, PDFRawStream, PDFRef, PDFStream, PDFString, rgb, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { slotPrefix, stampSlides, untagged } from '../src/export/stamp.js';
import { tempDir } from './helpers.js';

const run = promisify(execFile);

/** Slides of 960 × 540 pt, each with its name written large in its middle. */
async function slidesPdf(names: string[]): Promise<PDFDocument> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const name of names) pdf.addPage([960, 540]).drawText(name, { x: 380, y: 250, size: 48, font });
  // As the export has it: read from a printed file (pdf-lib writes a font it embedded only when it saves).
  return PDFDocument.load(await pdf.save());
}

/** Adds a link annotation to a page, its rectangle [left, bottom, right, top] in points. */
function addLink(pdf: PDFDocument, page: number, uri: string, rect: [number, number, number, number]): void {
  const annot = pdf.context.register(pdf.context.obj({ Type: 'Annot', Subtype: 'Link', Rect: rect, Border: [0, 0, 0], A: { S: 'URI', URI: PDFString.of(uri) } }));
  const node = pdf.getPage(page).node;
  const annots = node.lookupMaybe(PDFName.of('Annots'), PDFArray);
  if (annots) annots.push(annot);
  else node.set(PDFName.of('Annots'), pdf.context.obj([annot]));
}

/** The URIs of a page's link annotations. */
function linksOf(pdf: PDFDocument, page: number): string[] {
  const annots = pdf.getPage(page).node.lookupMaybe(PDFName.of('Annots'), PDFArray);
  return Array.from({ length: annots?.size() ?? 0 }, (_, index) => String(annots!.lookupMaybe(index, PDFDict)?.lookupMaybe(PDFName.of('A'), PDFDict)?.get(PDFName.of('URI'))));
}

/**
 * A one-page handout with a slot's link for each id (one above the other), tagged as Chromium tags a link: a Link
 * element holding its annotation by an object reference, the annotation under parent-tree key `firstKey + index`.
 * The test adds the structure root.
 */
async function slotsPage(ids: string[], firstKey: number): Promise<{ handout: PDFDocument; page: PDFPage; objrs: PDFRef[]; links: PDFRef[] }> {
  const handout = await PDFDocument.create();
  const page = handout.addPage([595, 842]);
  const { context } = handout;
  const objrs: PDFRef[] = [];
  const links = ids.map((id, index) => {
    addLink(handout, 0, `${slotPrefix}0/${id}`, [50, 600 - index * 300, 350, 768.75 - index * 300]);
    const annot = page.node.lookup(PDFName.of('Annots'), PDFArray).get(index) as PDFRef;
    context.lookup(annot, PDFDict).set(PDFName.of('StructParent'), context.obj(firstKey + index));
    objrs.push(context.register(context.obj({ Type: 'OBJR', Obj: annot })));
    return context.register(context.obj({ S: 'Link', K: [objrs[index]!] }));
  });
  return { handout, page, objrs, links };
}

/** A binary PGM (pdftoppm -gray) as its gray value at pixel x, y. */
function grayImage(bytes: Buffer): { at(x: number, y: number): number } {
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(bytes.toString('latin1', 0, 64));
  if (!header) throw new Error('not a binary PGM');
  const [width, start] = [Number(header[1]), header[0].length];
  return { at: (x, y) => bytes[start + y * width + x]! };
}

/** The text pdftotext reads inside a rectangle of a page (x, y from the top left, in points at 72 dpi). */
async function textIn(file: string, page: number, area: { x: number; y: number; width: number; height: number }): Promise<string> {
  const box = ['-x', area.x, '-y', area.y, '-W', area.width, '-H', area.height].map(String);
  const { stdout } = await run('pdftotext', ['-f', String(page), '-l', String(page), '-r', '72', ...box, file, '-']);
  return stdout.replace(/\s+/g, ' ').trim();
}

describe('stamping the slides into a handout', () => {
  it('draws each slot\'s slide where its link was, removes the slots\' links and keeps the others', async () => {
    const slides = await slidesPdf(['ALPHA', 'BRAVO', 'CHARLIE']);
    const handout = await PDFDocument.create();
    handout.addPage([595, 842]);
    handout.addPage([595, 842]);
    // Slide ids as the handout page writes them: URI-encoded, Korean included.
    addLink(handout, 0, `${slotPrefix}0/${encodeURIComponent('첫-slide')}`, [50, 600, 350, 768.75]);
    addLink(handout, 0, 'https://example.com/kept', [50, 100, 200, 120]);
    addLink(handout, 1, `${slotPrefix}0/third`, [200, 300, 500, 468.75]);
    addLink(handout, 1, `${slotPrefix}0/not-in-the-deck`, [50, 50, 150, 100]);
    const ids = new Map([['첫-slide', 0], ['second', 1], ['third', 2]]);

    expect(await stampSlides(handout, slides, { slideOf: (id) => ids.get(id) })).toBe(2);

    expect(linksOf(handout, 0)).toEqual(['(https://example.com/kept)']);
    expect(linksOf(handout, 1)).toEqual([]);
    const file = join(await tempDir(), 'stamped.pdf');
    await writeFile(file, await handout.save());
    // Page 1's slot spans x 50–350 and, from the top, y 842−768.75 = 73.25 to 242: ALPHA is there, and only there.
    expect(await textIn(file, 1, { x: 50, y: 73, width: 300, height: 169 })).toBe('ALPHA');
    expect(await textIn(file, 1, { x: 0, y: 250, width: 595, height: 592 })).toBe('');
    expect(await textIn(file, 2, { x: 200, y: 373, width: 300, height: 169 })).toBe('CHARLIE');
    // The slot naming no slide of the deck stays empty; no slide is drawn twice or out of its slot.
    const { stdout } = await run('pdftotext', [file, '-']);
    expect(stdout.replace(/\s+/g, ' ').trim()).toBe('ALPHA CHARLIE');
  });

  it('rounds the slide\'s corners as the slot\'s box rounds its inside', async () => {
    // A slide that is black all over, into a 300 × 168.75 pt slot whose corners have a radius of 40 CSS px (30 pt).
    const source = await PDFDocument.create();
    source.addPage([960, 540]).drawRectangle({ x: 0, y: 0, width: 960, height: 540, color: rgb(0, 0, 0) });
    const slides = await PDFDocument.load(await source.save());
    const handout = await PDFDocument.create();
    handout.addPage([400, 300]);
    addLink(handout, 0, `${slotPrefix}40/only`, [50, 50, 350, 218.75]);
    expect(await stampSlides(handout, slides, { slideOf: () => 0 })).toBe(1);
    const dir = await tempDir();
    await writeFile(join(dir, 'rounded.pdf'), await handout.save());
    await run('pdftoppm', ['-r', '72', '-gray', '-singlefile', join(dir, 'rounded.pdf'), join(dir, 'rounded')]);
    const image = grayImage(await readFile(join(dir, 'rounded.pgm')));
    // From the top left of the page: the slot spans x 50–350, y 81.25–250.
    expect(image.at(200, 165)).toBeLessThan(40); // the middle: slide
    expect(image.at(60, 170)).toBeLessThan(40); // the left edge, between the corners: slide
    expect(image.at(51, 83)).toBeGreaterThan(200); // inside the rectangle, outside the rounded corner: page
    expect(image.at(348, 248)).toBeGreaterThan(200);
    expect(image.at(30, 165)).toBeGreaterThan(200); // outside the slot: page
  });

  it('keeps the slide\'s links to the web clickable over their places in the box, and leaves its links within the slides', async () => {
    const source = await PDFDocument.create();
    source.addPage([960, 540]);
    addLink(source, 0, 'https://example.com/a', [100, 100, 300, 150]);
    const inner = source.context.register(source.context.obj({ Type: 'Annot', Subtype: 'Link', Rect: [400, 400, 500, 450], Dest: PDFString.of('slide-2') }));
    source.getPage(0).node.lookup(PDFName.of('Annots'), PDFArray).push(inner);
    const slides = await PDFDocument.load(await source.save());
    const handout = await PDFDocument.create();
    handout.addPage([595, 842]);
    addLink(handout, 0, `${slotPrefix}0/only`, [50, 600, 350, 768.75]);
    await stampSlides(handout, slides, { slideOf: () => 0 });
    // The slot is 300 / 960 = 0.3125 of the slide: (100, 100)–(300, 150) lands at (50 + 31.25, 600 + 31.25)–(50 + 93.75, 600 + 46.875).
    const annots = handout.getPage(0).node.lookup(PDFName.of('Annots'), PDFArray);
    expect(annots.size()).toBe(1);
    const link = annots.lookup(0, PDFDict);
    expect(linksOf(handout, 0)).toEqual(['(https://example.com/a)']);
    expect(link.lookup(PDFName.of('Rect'), PDFArray).asArray().map((value) => Number(String(value)))).toEqual([81.25, 631.25, 143.75, 646.875]);
  });

  it('takes the slots\' links out of a tagged handout\'s structure where no Figure can be made, leaving no reference to what it removed', async () => {
    const slides = await slidesPdf(['ALPHA']);
    const handout = await PDFDocument.create();
    handout.addPage([595, 842]);
    addLink(handout, 0, `${slotPrefix}0/only`, [50, 600, 350, 768.75]);
    addLink(handout, 0, 'https://example.com/kept', [50, 100, 200, 120]);
    // As Chromium tags a printed page: a Link element per link, holding its annotation, and the parent tree's entry.
    const { context } = handout;
    const annots = handout.getPage(0).node.lookup(PDFName.of('Annots'), PDFArray);
    const linkElement = (index: number) => {
      const annot = annots.get(index) as PDFRef;
      context.lookup(annot, PDFDict).set(PDFName.of('StructParent'), context.obj(index));
      return context.register(context.obj({ S: 'Link', K: [context.obj({ Type: 'OBJR', Obj: annot })] }));
    };
    const [slotLink, keptLink] = [linkElement(0), linkElement(1)];
    const part = context.register(context.obj({ S: 'P', K: [slotLink, keptLink] }));
    // The page has no marked content, and the parent tree has kids (a tree briefdeck does not add keys to), so the
    // drawn slide cannot be entered as a Figure: its link element goes with the link.
    const leaf = context.obj({ Nums: [0, slotLink, 1, keptLink], Limits: [0, 1] });
    handout.catalog.set(PDFName.of('StructTreeRoot'), context.register(context.obj({ Type: 'StructTreeRoot', K: [part], ParentTree: { Kids: [leaf] } })));

    await stampSlides(handout, slides, { slideOf: () => 0 });

    expect(context.lookup(part, PDFDict).lookup(PDFName.of('K'), PDFArray).asArray()).toEqual([keptLink]);
    expect(leaf.lookup(PDFName.of('Nums'), PDFArray).asArray().map(String)).toEqual(['1', String(keptLink)]);
    expect(context.lookup(slotLink)).toBeUndefined();
    // Nothing in the file written points at an object that is gone (pdf-lib writes the drawn page when it saves).
    const written = await PDFDocument.load(await handout.save());
    const dangling: string[] = [];
    const walk = (value: unknown): void => {
      if (value instanceof PDFRef) {
        if (!written.context.lookup(value)) dangling.push(String(value));
      } else if (value instanceof PDFDict) for (const [, entry] of value.entries()) walk(entry);
      else if (value instanceof PDFArray) value.asArray().forEach(walk);
    };
    for (const [, object] of written.context.enumerateIndirectObjects()) walk(object);
    expect(dangling).toEqual([]);
    expect(linksOf(handout, 0)).toEqual(['(https://example.com/kept)']);
  });

  it('leaves a handout without slots as it was', async () => {
    const slides = await slidesPdf(['ALPHA']);
    const handout = await PDFDocument.create();
    handout.addPage([595, 842]);
    addLink(handout, 0, 'https://example.com/kept', [50, 100, 200, 120]);
    const before = await handout.save();
    expect(await stampSlides(handout, slides, { slideOf: () => 0 })).toBe(0);
    expect(linksOf(handout, 0)).toEqual(['(https://example.com/kept)']);
    expect((await handout.save()).length).toBe(before.length);
  });

  it('makes each drawn slide a Figure of a tagged handout: its text as alternative text, its own marked content untagged', async () => {
    // A slide tagged as Chromium tags a printed page: its text in a marked sequence with an MCID.
    const made = await PDFDocument.create();
    const font = await made.embedFont(StandardFonts.Helvetica);
    const slide = made.addPage([960, 540]);
    slide.pushOperators(PDFOperator.of(PDFOperatorNames.BeginMarkedContentSequence, [PDFName.of('P'), '<</MCID 0 >>']));
    slide.drawText('ALPHA', { x: 380, y: 250, size: 48, font });
    slide.pushOperators(endMarkedContent());
    // A translucent layer, as Chromium draws one: a form with its own key in the slides' parent tree and its own MCID.
    const layer = made.context.register(made.context.flateStream('/NonStruct <</MCID 1 >>BDC 0 0 10 10 re f EMC', { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, 10, 10], StructParents: 4 }));
    slide.pushOperators(drawObject(slide.node.newXObject('Layer', layer)));
    addLink(made, 0, 'https://example.com/source', [100, 100, 300, 140]);
    const slides = await PDFDocument.load(await made.save());
    // A tagged handout page: its own text is MCID 0 (a P element); the slot's link is a Link element.
    const { handout, page, objrs: [objr], links: [slotLink] } = await slotsPage(['alpha'], 1);
    const { context } = handout;
    const text = context.register(context.obj({ S: 'P', K: 0, Pg: page.ref }));
    const figure = context.register(context.obj({ S: 'Figure', K: [slotLink] }));
    page.node.set(PDFName.of('StructParents'), context.obj(0));
    handout.catalog.set(PDFName.of('StructTreeRoot'), context.register(context.obj({ Type: 'StructTreeRoot', K: [text, figure], ParentTree: { Nums: [0, [text], 1, slotLink] } })));

    expect(await stampSlides(handout, slides, { slideOf: () => 0, altOf: (id) => (id === 'alpha' ? 'Alpha\n알파 slide' : undefined) })).toBe(1);

    const written = await PDFDocument.load(await handout.save());
    const element = written.context.lookup(slotLink, PDFDict);
    expect(element.get(PDFName.of('S'))).toBe(PDFName.of('Figure'));
    expect(element.lookup(PDFName.of('Alt'), PDFHexString).decodeText()).toBe('Alpha\n알파 slide');
    // Its content: MCID 1 of the page, and the slide's link to the web, made again, as a Link element.
    const [mcid, link] = element.lookup(PDFName.of('K'), PDFArray).asArray();
    expect(String(mcid)).toBe('1');
    const linkElement = written.context.lookup(link, PDFDict);
    expect(linkElement.get(PDFName.of('S'))).toBe(PDFName.of('Link'));
    expect(linkElement.get(PDFName.of('P'))).toBe(slotLink);
    const objrOf = linkElement.lookup(PDFName.of('K'), PDFArray).lookup(0, PDFDict);
    const copied = written.context.lookup(objrOf.get(PDFName.of('Obj')), PDFDict);
    expect(String(copied.lookup(PDFName.of('A'), PDFDict).get(PDFName.of('URI')))).toBe('(https://example.com/source)');
    const linkKey = copied.lookup(PDFName.of('StructParent'), PDFNumber).asNumber();
    expect(element.get(PDFName.of('Pg'))).toBe(written.getPage(0).ref);
    expect(element.lookup(PDFName.of('A'), PDFDict).lookup(PDFName.of('BBox'), PDFArray).asArray().map(String)).toEqual(['50', '600', '350', '768.75']);
    // The page's array in the parent tree: MCID 0 its text, MCID 1 the drawn slide; the annotation's entry is gone.
    const nums = written.catalog.lookup(PDFName.of('StructTreeRoot'), PDFDict).lookup(PDFName.of('ParentTree'), PDFDict).lookup(PDFName.of('Nums'), PDFArray);
    expect(nums.size()).toBe(4);
    expect(nums.lookup(1, PDFArray).asArray()).toEqual([text, slotLink]);
    expect([nums.lookup(2, PDFNumber).asNumber(), nums.get(3)]).toEqual([linkKey, link]);
    expect(linkKey).not.toBe(0);
    expect(written.context.lookup(objr)).toBeUndefined();
    // The page draws the slide inside `/Figure <</MCID 1>> BDC … EMC`; the drawn form has no MCID of its own.
    const content = (written.getPage(0).node.Contents() instanceof PDFArray ? written.getPage(0).node.lookup(PDFName.of('Contents'), PDFArray).asArray() : [written.getPage(0).node.get(PDFName.of('Contents'))])
      .map((ref) => Buffer.from(decodePDFRawStream(written.context.lookup(ref, PDFRawStream)).decode()).toString('latin1')).join('\n');
    expect(content).toMatch(/\/Figure << \/MCID 1 >> BDC\s+q[^]*\/Slide-\d+ Do\s+Q\s+EMC/);
    const forms = written.getPage(0).node.Resources()!.lookup(PDFName.of('XObject'), PDFDict);
    const form = forms.lookup(forms.keys()[0]!, PDFStream) as PDFRawStream;
    const drawn = Buffer.from(decodePDFRawStream(form).decode()).toString('latin1');
    expect(drawn).toContain('/P BMC');
    expect(drawn).not.toContain('MCID');
    // The layer it draws is untagged too, and names no key of the handout's parent tree.
    const layers = form.dict.lookup(PDFName.of('Resources'), PDFDict).lookup(PDFName.of('XObject'), PDFDict);
    const copiedLayer = layers.lookup(layers.keys()[0]!, PDFRawStream);
    expect(Buffer.from(decodePDFRawStream(copiedLayer).decode()).toString('latin1')).toBe('/NonStruct BMC 0 0 10 10 re f EMC');
    expect(copiedLayer.dict.has(PDFName.of('StructParents'))).toBe(false);
    const file = join(await tempDir(), 'tagged.pdf');
    await writeFile(file, await written.save());
    expect(await textIn(file, 1, { x: 0, y: 0, width: 595, height: 842 })).toContain('ALPHA');
  });

  it('gives a tagged handout page without marked content of its own a place in the parent tree for its drawn slides', async () => {
    const slides = await slidesPdf(['ALPHA', 'BRAVO']);
    const { handout, links } = await slotsPage(['alpha', 'bravo'], 0);
    const { context } = handout;
    handout.catalog.set(PDFName.of('StructTreeRoot'), context.register(context.obj({ Type: 'StructTreeRoot', K: links, ParentTree: { Nums: [0, links[0]!, 1, links[1]!] }, ParentTreeNextKey: 2 })));
    await stampSlides(handout, slides, { slideOf: (id) => (id === 'alpha' ? 0 : 1) });
    const written = await PDFDocument.load(await handout.save());
    const key = written.getPage(0).node.lookup(PDFName.of('StructParents'), PDFNumber).asNumber();
    expect(key).toBe(2);
    const root = written.catalog.lookup(PDFName.of('StructTreeRoot'), PDFDict);
    expect(root.lookup(PDFName.of('ParentTreeNextKey'), PDFNumber).asNumber()).toBe(3);
    const nums = root.lookup(PDFName.of('ParentTree'), PDFDict).lookup(PDFName.of('Nums'), PDFArray);
    expect(nums.size()).toBe(2);
    expect(nums.lookup(0, PDFNumber).asNumber()).toBe(2);
    // Both slides on the page, MCIDs 0 and 1 of the one array the page was given.
    expect(nums.lookup(1, PDFArray).asArray()).toEqual(links);
    links.forEach((link, index) => {
      const element = written.context.lookup(link, PDFDict);
      expect(element.get(PDFName.of('S'))).toBe(PDFName.of('Figure'));
      expect(element.lookup(PDFName.of('K'), PDFNumber).asNumber()).toBe(index);
      // No text given for the slide: its number.
      expect(element.lookup(PDFName.of('Alt'), PDFHexString).decodeText()).toBe(`Slide ${index + 1}`);
    });
  });

  it('untags marked content however its properties are spaced, and leaves other content as it is', () => {
    const text = (value: string): string => Buffer.from(untagged(Buffer.from(value, 'latin1'))).toString('latin1');
    expect(text('/NonStruct <</MCID 12 >>BDC\nBT (x) Tj ET\nEMC')).toBe('/NonStruct BMC\nBT (x) Tj ET\nEMC');
    expect(text('/LI<</MCID 3>> BDC /P <<  /MCID 4 >>\nBDC')).toBe('/LI BMC /P BMC');
    // A property list with more than its MCID keeps the rest.
    expect(text('/Span <</MCID 4 /Lang (ko)>> BDC')).toBe('/Span << /Lang (ko)>> BDC');
    expect(text('/Artifact <</Type /Pagination >>BDC EMC')).toBe('/Artifact <</Type /Pagination >>BDC EMC');
    const plain = Buffer.from('BT <0012003A> Tj ET', 'latin1');
    expect(untagged(plain)).toBe(plain);
  });
});
