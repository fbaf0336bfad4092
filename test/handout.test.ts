// Browser tests of the export stage: the seed deck, given speaker notes, printed to a slides PDF and a handout by the real Chromium.
import { execFile } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type BrowserSession } from '../src/fit/browser.js';
import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, type PDFRawStream, PDFStream } from 'pdf-lib';
import { exportDeck } from '../src/export/index.js';
import { slotPrefix } from '../src/export/stamp.js';
import { handoutViewport, loadHandout, printOnly } from '../src/export/handout.js';
import { loadDefaultHandout, renderHandout } from '../src/export/handout-page.js';
import { createPagePool, type PagePool } from '../src/export/pool.js';
import type { Deck } from '../src/model/deck.js';
import { DeckError, ExitCode } from '../src/model/errors.js';
import { labelsFor } from '../src/render/labels.js';
import { renderDeck } from '../src/render/deck.js';
import { loadTheme, type Theme } from '../src/render/theme.js';
import { writeFileAtomic } from '../src/write/files.js';
import { sharedDirName, writeShared } from '../src/write/shared.js';
import { pdfInfo, pdfText, planText, root, seedFile, tempDir } from './helpers.js';
import { sharedBrowser } from './shared.js';

const run = promisify(execFile);

/** Returns the words of a text, as pdftotext and HTML both spell them (tags and entities gone, Unicode compatibility forms folded). */
function wordsOf(text: string): string[] {
  const plain = text
    .replace(/<\/?(p|div|li|ul|ol|br|h\d|blockquote|pre|tr|td|th)\b[^>]*>/g, ' ')
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .normalize('NFKC');
  return plain.split(/\s+/).filter(Boolean);
}

/** Returns the first word of `needle` that does not follow, in order, within `haystack`; undefined when all do. */
function missingInOrder(needle: string[], haystack: string[]): string | undefined {
  let at = 0;
  for (const word of needle) {
    while (at < haystack.length && haystack[at] !== word) at++;
    if (at === haystack.length) return word;
    at++;
  }
  return undefined;
}

/** Notes for the seed's slides: a short paragraph each, a Korean one, and one long enough to flow over pages. */
function seedWithNotes(deck: Deck): Deck {
  const slides = deck.slides.map((slide, index) => {
    if (slide.kind === 'title' || slide.kind === 'closing') return slide;
    const notes = [`<p>Speaker note ${index} for <em>${slide.title ?? 'this slide'}</em>: say why slide${index} matters &amp; what follows.</p>`];
    if (index === 5) notes.push('<p>한국어 발표자 노트: 데이터 주권과 안보를 설명합니다.</p>');
    if (index === 12) {
      const long = Array.from({ length: 60 }, (_, n) => `<p>Paragraph${n} of the long note keeps going with plain words about budgets, compute, data and talent so the handout must flow it onto the next page.</p>`);
      notes.push(...long);
    }
    return { ...slide, notes };
  });
  return { ...deck, slides };
}

describe('exporting the seed with speaker notes', () => {
  let session: BrowserSession;
  let pool: PagePool;
  let theme: Theme;
  let deck: Deck;
  let dir = '';
  let handout = '';
  let slidesPdf = '';
  let pages: string[] = [];

  beforeAll(async () => {
    deck = seedWithNotes(planText(await readFile(seedFile, 'utf8'), 'content/sovereign-ai-korea.md'));
    theme = await loadTheme('briefing', { cwd: root });
    const out = await tempDir();
    dir = join(out, deck.meta.slug);
    await writeShared(out, [theme]);
    await mkdir(dir);
    await writeFileAtomic(join(dir, 'index.html'), renderDeck(deck, theme, { shared: `../${sharedDirName}` }));
    session = await sharedBrowser();
    pool = createPagePool(session, { size: 2 });
    const result = await exportDeck({ deck, theme, themeVars: {}, dir, shared: `../${sharedDirName}`, pool, slides: true, handout: true, pageSize: 'a4', timeout: 60_000 });
    expect(result.pages).toBe(deck.slides.length);
    handout = join(dir, `${deck.meta.slug}-handout.pdf`);
    slidesPdf = join(dir, `${deck.meta.slug}.pdf`);
    const count = Number((await pdfInfo(handout))['Pages']);
    expect(result.handoutPages).toBe(count);
    pages = await Promise.all(Array.from({ length: count }, (_, index) => pdfText(handout, index + 1, index + 1)));
  });
  afterAll(async () => {
    await pool?.close();
    await session?.close();
  });

  it('prints the handout on A4 portrait with a cover: title, author, date, excerpt, and no page number', async () => {
    const info = await pdfInfo(handout);
    expect(info['Page size']).toMatch(/^594\.\d+ x 841\.\d+ pts \(A4\)$/);
    expect(info['Title']).toBe(`${deck.meta.title} — Handout`);
    const cover = pages[0]!.replace(/\s+/g, ' ');
    for (const text of [deck.meta.title, 'Jiho Jeon', 'November 18, 2025', deck.meta.subtitle!, `${deck.slides.length} slides`]) expect(cover).toContain(text);
    expect(cover).not.toMatch(/\b1 \/ \d+\b/);
    // The contents name each section and slide once, like the outline: a continued slide without its part.
    expect(cover).toContain('Introduction: The Age of AI Sovereignty');
    expect(cover).not.toMatch(/\(\d+\/\d+\)/);
  });

  it('numbers every page after the cover: "n / total"', () => {
    pages.slice(1).forEach((text, index) => expect(text).toContain(`${index + 2} / ${pages.length}`));
  });

  it('holds every word of every slide\'s notes, in order, as text', () => {
    const handoutWords = wordsOf(pages.slice(1).join('\n'));
    for (const slide of deck.slides) {
      for (const note of slide.notes) expect(missingInOrder(wordsOf(note), handoutWords), `${slide.id}: ${note.slice(0, 60)}`).toBeUndefined();
    }
  });

  it('draws every slide as selectable text (not a picture), each under its number, in order', () => {
    const text = pages.slice(1).join('\n').replace(/\s+/g, ' ');
    let at = 0;
    deck.slides.forEach((slide, index) => {
      const label = `Slide ${index + 1} / ${deck.slides.length}`;
      const found = text.indexOf(label, at);
      expect(found, label).toBeGreaterThanOrEqual(at);
      at = found;
    });
    for (const slide of deck.slides.filter((s) => s.kind === 'content' && s.title)) expect(text).toContain(slide.title!.replace(/\s+/g, ' '));
    expect(text).toContain('National core data is transmitted to foreign servers');
  });

  it('draws the slides from the slides PDF into their boxes, leaving no slot link behind', async () => {
    const pdf = await PDFDocument.load(await readFile(handout));
    const links = pdf.getPages().flatMap((page) => {
      const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
      return Array.from({ length: annots?.size() ?? 0 }, (_, index) => String(annots!.lookupMaybe(index, PDFDict)?.lookupMaybe(PDFName.of('A'), PDFDict)?.get(PDFName.of('URI')) ?? ''));
    });
    expect(links.filter((link) => link.includes(slotPrefix))).toEqual([]);
    // Each slide is a drawn page of the slides PDF: a form XObject the size of a slide (1280 × 720 px, 960 × 540 pt).
    const slidePages = pdf.getPages().flatMap((page) => {
      const objects = page.node.Resources()?.lookupMaybe(PDFName.of('XObject'), PDFDict);
      return (objects?.keys() ?? []).filter((name) => {
        const form = objects!.lookup(name);
        const box = form instanceof PDFStream && form.dict.get(PDFName.of('Subtype')) === PDFName.of('Form') ? form.dict.lookupMaybe(PDFName.of('BBox'), PDFArray) : undefined;
        return box?.asArray().map(String).join(' ') === '0 0 960 540';
      });
    });
    expect(slidePages).toHaveLength(deck.slides.length);
  });

  it('tags each drawn slide as a Figure whose alternative text is what the slide says, with no MCID used twice on a page', async () => {
    const pdf = await PDFDocument.load(await readFile(handout));
    const { context } = pdf;
    const figures: Array<{ page: number; alt: string }> = [];
    const nums = pdf.catalog.lookup(PDFName.of('StructTreeRoot'), PDFDict).lookup(PDFName.of('ParentTree'), PDFDict).lookup(PDFName.of('Nums'), PDFArray);
    const arrays = new Map<number, PDFArray>();
    for (let index = 0; index + 1 < nums.size(); index += 2) {
      const value = nums.lookup(index + 1);
      if (value instanceof PDFArray) arrays.set((nums.lookup(index) as PDFNumber).asNumber(), value);
    }
    pdf.getPages().forEach((page, pageIndex) => {
      // Every MCID in the page's content (the drawn slides' forms included) once, each naming its element here.
      const sequences = arrays.get((page.node.lookup(PDFName.of('StructParents')) as PDFNumber).asNumber())!;
      const streams = [page.node.lookup(PDFName.of('Contents'))].flatMap((contents) => (contents instanceof PDFArray ? contents.asArray().map((ref) => context.lookup(ref)) : [contents]));
      // The forms it draws, and the forms those draw (Chromium draws a translucent layer as a form).
      const drawn = (resources: PDFDict | undefined): void => {
        const forms = resources?.lookupMaybe(PDFName.of('XObject'), PDFDict);
        for (const name of forms?.keys() ?? []) {
          const form = forms!.lookup(name);
          if (!(form instanceof PDFStream) || form.dict.get(PDFName.of('Subtype')) !== PDFName.of('Form')) continue;
          streams.push(form);
          expect(form.dict.has(PDFName.of('StructParents')), `a drawn form of page ${pageIndex + 1}`).toBe(false);
          drawn(form.dict.lookupMaybe(PDFName.of('Resources'), PDFDict));
        }
      };
      drawn(page.node.Resources());
      const mcids = streams.flatMap((stream) => [...Buffer.from(decodePDFRawStream(stream as PDFRawStream).decode()).toString('latin1').matchAll(/\/MCID (\d+)/g)].map((match) => Number(match[1])));
      expect(new Set(mcids).size, `page ${pageIndex + 1}`).toBe(mcids.length);
      expect(Math.max(-1, ...mcids), `page ${pageIndex + 1}`).toBeLessThan(sequences.size());
      sequences.asArray().forEach((ref, mcid) => {
        const element = context.lookup(ref, PDFDict);
        if (element.get(PDFName.of('S')) !== PDFName.of('Figure') || !element.has(PDFName.of('Alt'))) return;
        expect(mcids).toContain(mcid);
        expect(element.get(PDFName.of('Pg'))).toBe(page.ref);
        figures.push({ page: pageIndex, alt: element.lookup(PDFName.of('Alt'), PDFHexString).decodeText() });
      });
    });
    expect(figures).toHaveLength(deck.slides.length);
    // In deck order, each content slide's with a line of its own for its title (a continued one says which part).
    let at = 0;
    for (const slide of deck.slides.filter((s) => s.kind === 'content' && s.title)) {
      const found = figures.findIndex((figure, index) => index >= at && figure.alt.split('\n').some((line) => line === slide.title || line.startsWith(`${slide.title} (`)));
      expect(found, slide.title).toBeGreaterThanOrEqual(at);
      at = found;
    }
    expect(figures.map((figure) => figure.alt).join('\n')).toContain('National core data is transmitted to foreign servers');
  });

  it('flows a long note onto the following pages', () => {
    const first = pages.findIndex((text) => text.includes('Paragraph0 of the long note'));
    const last = pages.findIndex((text) => text.includes('Paragraph59 of the long note'));
    expect(first).toBeGreaterThan(0);
    expect(last).toBeGreaterThan(first);
    // The next slide follows the note's end, on the same page or the next one.
    const after = pages.slice(last, last + 2).join('\n');
    expect(after.indexOf(`Slide 14 / ${deck.slides.length}`)).toBeGreaterThan(after.indexOf('Paragraph59 of the long note'));
  });

  it('gives the handout the outline of the slides PDF, each bookmark opening the page where its slide is drawn', async () => {
    const { stdout } = await run('qpdf', ['--json', '--json-key=outlines', handout], { maxBuffer: 16 * 1024 * 1024 });
    const flat = flatten((JSON.parse(stdout) as { outlines: QpdfOutline[] }).outlines);
    const slidesOutline = flatten((JSON.parse((await run('qpdf', ['--json', '--json-key=outlines', slidesPdf], { maxBuffer: 16 * 1024 * 1024 })).stdout) as { outlines: QpdfOutline[] }).outlines);
    expect(flat.map((item) => item.title)).toEqual(slidesOutline.map((item) => item.title));
    expect(flat.length).toBeLessThan(deck.slides.length);
    expect(flat[0]!.destpageposfrom1).toBe(2);
    // The slides PDF's bookmark opens slide n on page n; the handout's opens the page headed "Slide n / total".
    flat.forEach((item, index) => {
      const slide = slidesOutline[index]!.destpageposfrom1;
      expect(pages[item.destpageposfrom1 - 1], `${item.title}`).toContain(`Slide ${slide} / ${deck.slides.length}`);
    });
    const long = flat.find((item) => item.title === deck.slides[12]!.title)!;
    expect(pages[long.destpageposfrom1 - 1]).toContain('Paragraph0 of the long note');
    const next = flat[flat.indexOf(long) + 1]!;
    expect(next.destpageposfrom1).toBeGreaterThan(long.destpageposfrom1 + 1);
    const sorted = flat.map((item) => item.destpageposfrom1);
    expect(sorted).toEqual([...sorted].sort((a, b) => a - b));
  });

  it('gives a Korean deck\'s handout a bookmark for every slide, though its slide ids are Korean', async () => {
    const ko = planText('---\ntitle: 물 정책 보고\nlang: ko\n---\n\n## 왜 지금인가\n\n시작.\n\n## 새 규칙\n\n### 누가 내는가\n\n본문.\n\n### 누가 점검하는가\n\n본문.\n', 'ko.md');
    expect(ko.slides.some((slide) => /[가-힣]/.test(slide.id))).toBe(true);
    const koDir = join(dir, '..', 'ko');
    await mkdir(koDir);
    await writeFileAtomic(join(koDir, 'index.html'), renderDeck(ko, theme, { shared: `../${sharedDirName}` }));
    const result = await exportDeck({ deck: ko, theme, themeVars: {}, dir: koDir, shared: `../${sharedDirName}`, pool, slides: false, handout: true, pageSize: 'a4', timeout: 60_000 });
    const file = join(koDir, `${ko.meta.slug}-handout.pdf`);
    const { stdout } = await run('qpdf', ['--json', '--json-key=outlines', file]);
    const flat = flatten((JSON.parse(stdout) as { outlines: QpdfOutline[] }).outlines);
    expect(flat.map((item) => item.title)).toEqual(['물 정책 보고', '왜 지금인가', '새 규칙', '누가 내는가', '누가 점검하는가', '감사합니다']);
    const koPages = await Promise.all(Array.from({ length: result.handoutPages! }, (_, index) => pdfText(file, index + 1, index + 1)));
    flat.forEach((item, index) => expect(koPages[item.destpageposfrom1 - 1], item.title).toContain(`${labelsFor('ko').slide} ${index + 1} / ${ko.slides.length}`));
  });

  it('prints the slides PDF with one page per slide and the notes nowhere on them', async () => {
    const info = await pdfInfo(slidesPdf);
    expect(Number(info['Pages'])).toBe(deck.slides.length);
    expect(await pdfText(slidesPdf)).not.toContain('Speaker note');
  });

  it('fails the handout, naming the theme\'s slide box, when a box has no size of its own (its slide would be lost)', async () => {
    const themeDir = join(dir, '..', 'themes', 'unsized');
    await mkdir(themeDir, { recursive: true });
    await writeFileAtomic(join(themeDir, 'theme.json'), JSON.stringify({ name: 'unsized', extends: 'briefing' }));
    const template = await readFile(join(root, 'templates', 'briefing', 'handout.hbs'), 'utf8');
    const unsized = template.replace('height: {{handout.geometry.slide.boxHeight}}px;', '');
    expect(unsized).not.toBe(template);
    await writeFileAtomic(join(themeDir, 'handout.hbs'), unsized);
    const own = await loadTheme(themeDir, { cwd: root });
    const unsizedDir = join(dir, 'unsized');
    await mkdir(unsizedDir);
    await writeFileAtomic(join(unsizedDir, 'index.html'), renderDeck(deck, own, { shared: `../../${sharedDirName}` }));
    const failed = await exportDeck({ deck, theme: own, themeVars: {}, dir: unsizedDir, shared: `../../${sharedDirName}`, pool, slides: false, handout: true, pageSize: 'a4', timeout: 60_000 }).then(() => undefined, (error: unknown) => error);
    expect(failed).toBeInstanceOf(DeckError);
    expect((failed as DeckError).code).toBe(ExitCode.theme);
    expect((failed as DeckError).message).toBe(`only 0 of the handout's ${deck.slides.length} slide boxes printed where a slide could be drawn in`);
  });

  it('prints the handout on Letter when asked', async () => {
    const letterDir = join(dir, 'letter');
    await mkdir(letterDir);
    await writeFileAtomic(join(letterDir, 'index.html'), renderDeck(deck, theme, { shared: `../../${sharedDirName}` }));
    const result = await exportDeck({ deck, theme, themeVars: {}, dir: letterDir, shared: `../../${sharedDirName}`, pool, slides: false, handout: true, pageSize: 'letter', timeout: 60_000 });
    expect(result.pages).toBeUndefined();
    const info = await pdfInfo(join(letterDir, `${deck.meta.slug}-handout.pdf`));
    expect(info['Page size']).toMatch(/^612 x 792 pts \(letter\)$/);
    expect(Number(info['Pages'])).toBe(result.handoutPages);
  });

  it('says when the browser has printed both PDFs, and puts them together even when the browser is closed then', async () => {
    // A browser of its own: the build closes its browser when told, while the last deck's PDFs are put together.
    const own = await launchBrowser({ env: process.env });
    // Counts the pages' prints, started and finished.
    const prints = { started: 0, finished: 0 };
    const counted: BrowserSession = {
      ...own,
      async newPage(viewport) {
        const page = await own.newPage(viewport);
        const print = page.pdf.bind(page);
        page.pdf = async (options) => {
          prints.started++;
          try {
            return await print(options);
          } finally {
            prints.finished++;
          }
        };
        return page;
      },
    };
    const ownPool = createPagePool(counted, { size: 2 });
    const closedDir = join(dir, 'closed');
    await mkdir(closedDir);
    await writeFileAtomic(join(closedDir, 'index.html'), renderDeck(deck, theme, { shared: `../../${sharedDirName}` }));
    let closing: Promise<void> | undefined;
    let printedWhen: typeof prints | undefined;
    let told = 0;
    let handoutWrittenWhenTold: boolean | undefined;
    const handoutFile = join(closedDir, `${deck.meta.slug}-handout.pdf`);
    try {
      const result = await exportDeck({
        deck, theme, themeVars: {}, dir: closedDir, shared: `../../${sharedDirName}`, pool: ownPool, slides: true, handout: true, pageSize: 'a4', timeout: 60_000,
        printed: () => {
          told++;
          printedWhen = { ...prints };
          handoutWrittenWhenTold = existsSync(handoutFile);
          closing ??= ownPool.close().then(() => own.close());
        },
      });
      // Told once, after both PDFs were printed and before they were put together (the handout draws the printed
      // slides in once both are there: its file cannot be written yet).
      expect(told).toBe(1);
      expect(printedWhen).toEqual({ started: 2, finished: 2 });
      expect(handoutWrittenWhenTold).toBe(false);
      await closing;
      expect(result.pages).toBe(deck.slides.length);
      expect(Number((await pdfInfo(join(closedDir, `${deck.meta.slug}.pdf`)))['Pages'])).toBe(deck.slides.length);
      expect(Number((await pdfInfo(handoutFile))['Pages'])).toBe(result.handoutPages);
    } finally {
      await ownPool.close();
      await own.close();
    }
  });
});

describe('a handout page loaded to be printed', () => {
  it('leaves each boxed slide out, a slot naming it and its corner radius in its place, and fills a slide outside a box', async () => {
    const session = await sharedBrowser();
    const deck = planText('---\ntitle: Slots\n---\n\n## Short\n\nOne line.\n\n## 목록\n\n- Data\n- Computing power\n- Talent\n\n## Dense\n\n' + 'A sentence that takes room on the slide. '.repeat(30) + '\n', 'content/slots.md');
    const theme = await loadTheme('briefing', { cwd: root });
    const out = await tempDir();
    const dir = join(out, deck.meta.slug);
    await writeShared(out, [theme]);
    await mkdir(dir);
    let html = renderHandout(deck, theme, { shared: `../${sharedDirName}`, pageSize: 'a4', fallback: await loadDefaultHandout() });
    // A theme may draw a slide outside a box: then the handout's page lays it out and fills it.
    const dense = deck.slides.find((slide) => slide.title === 'Dense')!;
    const box = html.lastIndexOf('class="handout-slide-box"', html.indexOf(`id="${dense.id}"`));
    html = `${html.slice(0, box)}class="handout-slide-free"${html.slice(box + 'class="handout-slide-box"'.length)}`;
    const handoutFile = join(dir, 'handout.html');
    await writeFileAtomic(handoutFile, html);
    const page = await session.newPage(handoutViewport);
    try {
      await loadHandout(page, handoutFile, { timeout: 60_000 });
      const seen = await page.evaluate(() => ({
        boxes: Array.from(document.querySelectorAll('.handout-slide-box'), (box) => ({ slides: box.querySelectorAll('section.slide').length, slots: Array.from(box.querySelectorAll('a.briefdeck-slot'), (slot) => slot.getAttribute('href')) })),
        free: Array.from(document.querySelectorAll('.handout-slide-free section.slide'), (slide) => slide.getAttribute('data-fill')),
      }));
      const boxed = deck.slides.filter((slide) => slide !== dense);
      expect(seen.boxes).toHaveLength(boxed.length);
      // The briefing theme's box: 1.5 mm corners inside a 0.25 mm border, so the slide's corners are about 1.25 mm
      // (4.72 px; the border is drawn a whole pixel wide).
      seen.boxes.forEach((found, index) => {
        expect(found.slides).toBe(0);
        expect(found.slots).toHaveLength(1);
        const [radius, id] = found.slots[0]!.slice(slotPrefix.length).split('/');
        expect(Number(radius)).toBeCloseTo((1.25 * 96) / 25.4, 0);
        expect(decodeURIComponent(id!)).toBe(boxed[index]!.id);
      });
      expect(seen.free).toHaveLength(1);
      expect(Number(seen.free[0])).toBeGreaterThan(0);
    } finally {
      await page.close();
      await session.close();
    }
  });
});

interface QpdfOutline {
  title: string;
  destpageposfrom1: number;
  kids: QpdfOutline[];
}

describe('a handout page laid out only as it prints (a large deck\'s)', () => {
  const hidden = '<style>@media screen { body { display: none !important; } }</style>';

  it('hides its body on screen from the first thing in its head, whatever the head\'s case and attributes', () => {
    expect(printOnly('<!doctype html>\n<html lang="ko"><head><meta charset="utf-8"></head><body>x</body></html>')).toBe(`<!doctype html>\n<html lang="ko"><head>${hidden}<meta charset="utf-8"></head><body>x</body></html>`);
    expect(printOnly('<!DOCTYPE html><HTML><HEAD data-x="1"><TITLE>t</TITLE></HEAD><BODY>x</BODY></HTML>')).toBe(`<!DOCTYPE html><HTML><HEAD data-x="1">${hidden}<TITLE>t</TITLE></HEAD><BODY>x</BODY></HTML>`);
    // `<header>` is not the head; a page without a head is left as it is (it is laid out on screen, as before).
    expect(printOnly('<!doctype html><body><header>h</header></body>')).toBe('<!doctype html><body><header>h</header></body>');
  });
});

function flatten(items: QpdfOutline[]): QpdfOutline[] {
  return items.flatMap((item) => [item, ...flatten(item.kids)]);
}
