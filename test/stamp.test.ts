// Unit tests of drawing the slides into a handout from the slides PDF (export/stamp.ts), on PDFs made with pdf-lib:
// where each slot's link was, that slide's page; other links kept; text still text.
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFString, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { slotPrefix, stampSlides } from '../src/export/stamp.js';
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
    addLink(handout, 0, `${slotPrefix}${encodeURIComponent('첫-slide')}`, [50, 600, 350, 768.75]);
    addLink(handout, 0, 'https://example.com/kept', [50, 100, 200, 120]);
    addLink(handout, 1, `${slotPrefix}third`, [200, 300, 500, 468.75]);
    addLink(handout, 1, `${slotPrefix}not-in-the-deck`, [50, 50, 150, 100]);
    const ids = new Map([['첫-slide', 0], ['second', 1], ['third', 2]]);

    expect(await stampSlides(handout, slides, (id) => ids.get(id))).toBe(2);

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

  it('leaves a handout without slots as it was', async () => {
    const slides = await slidesPdf(['ALPHA']);
    const handout = await PDFDocument.create();
    handout.addPage([595, 842]);
    addLink(handout, 0, 'https://example.com/kept', [50, 100, 200, 120]);
    const before = await handout.save();
    expect(await stampSlides(handout, slides, () => 0)).toBe(0);
    expect(linksOf(handout, 0)).toEqual(['(https://example.com/kept)']);
    expect((await handout.save()).length).toBe(before.length);
  });
});
