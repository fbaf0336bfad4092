// Browser tests of the export stage: the seed deck, given speaker notes, printed to a slides PDF and a handout by the real Chromium.
import { execFile } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type BrowserSession } from '../src/browser.js';
import { exportDeck } from '../src/export/index.js';
import { createPagePool, type PagePool } from '../src/export/pool.js';
import type { Deck } from '../src/model.js';
import { renderDeck } from '../src/render/deck.js';
import { loadTheme, type Theme } from '../src/render/theme.js';
import { sharedDirName, writeFileAtomic, writeShared } from '../src/write.js';
import { pdfInfo, pdfText, planText, root, seedFile, tempDir } from './helpers.js';

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
    session = await launchBrowser({ env: process.env });
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
    for (const text of [deck.meta.title, 'Jiho Jeon', 'November 18, 2025', deck.meta.subtitle!, '29 slides']) expect(cover).toContain(text);
    expect(cover).not.toMatch(/\b1 \/ \d+\b/);
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
    expect(text).toContain('Using US-based AI services means');
  });

  it('flows a long note onto the following pages', () => {
    const first = pages.findIndex((text) => text.includes('Paragraph0 of the long note'));
    const last = pages.findIndex((text) => text.includes('Paragraph59 of the long note'));
    expect(first).toBeGreaterThan(0);
    expect(last).toBeGreaterThan(first);
    expect(pages[last + 1] ?? pages[last]!).toContain(`Slide 14 / ${deck.slides.length}`);
  });

  it('gives the handout an outline whose bookmarks open the pages where the slides are drawn', async () => {
    const { stdout } = await run('qpdf', ['--json', '--json-key=outlines', handout], { maxBuffer: 16 * 1024 * 1024 });
    const flat = flatten((JSON.parse(stdout) as { outlines: QpdfOutline[] }).outlines);
    expect(flat).toHaveLength(deck.slides.length);
    expect(flat[0]!.destpageposfrom1).toBe(2);
    const long = flat.find((item) => item.title === deck.slides[12]!.title)!;
    const next = flat.find((item) => item.title === deck.slides[13]!.title)!;
    expect(pages[long.destpageposfrom1 - 1]).toContain('Paragraph0 of the long note');
    expect(next.destpageposfrom1).toBeGreaterThan(long.destpageposfrom1 + 1);
    const sorted = flat.map((item) => item.destpageposfrom1);
    expect(sorted).toEqual([...sorted].sort((a, b) => a - b));
  });

  it('prints the slides PDF with one page per slide and the notes nowhere on them', async () => {
    const info = await pdfInfo(slidesPdf);
    expect(Number(info['Pages'])).toBe(deck.slides.length);
    expect(await pdfText(slidesPdf)).not.toContain('Speaker note');
  });

  it('prints the handout on Letter when asked', async () => {
    const letterDir = join(dir, 'letter');
    await mkdir(letterDir);
    const result = await exportDeck({ deck, theme, themeVars: {}, dir: letterDir, shared: `../../${sharedDirName}`, pool, slides: false, handout: true, pageSize: 'letter', timeout: 60_000 });
    expect(result.pages).toBeUndefined();
    const info = await pdfInfo(join(letterDir, `${deck.meta.slug}-handout.pdf`));
    expect(info['Page size']).toMatch(/^612 x 792 pts \(letter\)$/);
    expect(Number(info['Pages'])).toBe(result.handoutPages);
  });
});

interface QpdfOutline {
  title: string;
  destpageposfrom1: number;
  kids: QpdfOutline[];
}

function flatten(items: QpdfOutline[]): QpdfOutline[] {
  return items.flatMap((item) => [item, ...flatten(item.kids)]);
}
