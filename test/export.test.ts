// The export stage without a browser: outlines, PDF metadata, the handout page's HTML and the page pool.
import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument, PDFName, PDFString } from 'pdf-lib';
import type { Page } from 'puppeteer';
import { describe, expect, it } from 'vitest';
import type { BrowserSession } from '../src/fit/browser.js';
import { finishPdf, openPdf } from '../src/export/finish.js';
import { handoutGeometry, loadDefaultHandout, renderHandout } from '../src/export/handout-page.js';
import { pdfMetadataOf } from '../src/export/metadata.js';
import { countOutline, countOutlineSlides, outlineOf } from '../src/export/outline.js';
import { createPagePool } from '../src/export/pool.js';
import { eachPart } from '../src/fit/measure.js';
import { DeckError } from '../src/model/errors.js';
import type { Deck } from '../src/model/deck.js';
import { loadTheme } from '../src/render/theme.js';
import { planText, root, seedFile, tempDir } from './helpers.js';

const sectioned = `---
title: Water Policy Briefing
excerpt: What the new rules change.
author: Min Park
date: 2025-03-04
tags: [water, policy]
---

## Why now

Opening.

## The rules

### Who pays

Text.

### Who checks

Text.
`;

/** Returns the deck with these notes (HTML paragraphs) given to the slides with these ids. */
function withNotes(deck: Deck, notes: Record<string, string[]>): Deck {
  return { ...deck, slides: deck.slides.map((slide) => ({ ...slide, notes: notes[slide.id] ?? slide.notes })) };
}

describe('outline of a deck', () => {
  it('has the title, each section with its slides beneath, and the closing, pointing at slide indexes', () => {
    const deck = planText(sectioned);
    const outline = outlineOf(deck);
    expect(outline.map((item) => [item.title, item.slide, item.children.map((child) => [child.title, child.slide])])).toEqual([
      ['Water Policy Briefing', 0, []],
      ['Why now', 1, []],
      ['The rules', 2, [['Who pays', 3], ['Who checks', 4]]],
      ['Thank you', 5, []],
    ]);
    expect(countOutline(outline)).toBe(deck.slides.length);
  });

  it('lists each slide of the seed once, a continued slide by its first part without "(n/m)", sections at the top level', async () => {
    const deck = planText(await readFile(seedFile, 'utf8'), 'content/sovereign-ai-korea.md');
    const outline = outlineOf(deck);
    const laterParts = deck.slides.filter((slide) => (slide.continued?.part ?? 1) > 1).length;
    expect(laterParts, 'the seed has continued slides').toBeGreaterThanOrEqual(3);
    expect(countOutline(outline)).toBe(deck.slides.length - laterParts);
    expect(countOutlineSlides(outline)).toBe(deck.slides.length);
    expect(outline.map((item) => item.title)).toEqual([
      "Korea's Sovereign AI Challenge - The Future of Independent Foundation Models",
      'Agenda',
      'Introduction: The Age of AI Sovereignty',
      'Why Sovereign AI? The Risks of Technological Dependency',
      "Vision of Korea's Sovereign AI: What Are the Goals?",
      'Current Status: How Far Has Korea Come?',
      "Global Perspective Significance: Korea's Unique Strengths",
      'Conditions for Success: What Is Needed?',
      'Conclusion: Necessity, Not Choice',
      'Thank you',
    ]);
    // Each bookmark covers its slide and the parts that follow it: together they cover every slide once, in order.
    const flat = (items: typeof outline): typeof outline => items.flatMap((item) => [item, ...flat(item.children)]);
    const covered = flat(outline).flatMap((item) => Array.from({ length: item.parts }, (_, part) => item.slide + part));
    expect(covered).toEqual(deck.slides.map((_, index) => index));
    for (const item of flat(outline)) {
      expect(item.title).not.toMatch(/\(\d+\/\d+\)$/);
      for (let part = 1; part < item.parts; part++) expect(deck.slides[item.slide + part]!.title).toBe(deck.slides[item.slide]!.title);
    }
    // The closing note after the conclusion's `---` runs under the conclusion's title, and is bookmarked by it.
    const note = outline.find((item) => item.title.startsWith('Conclusion'))!.children[0]!;
    expect(note.title).toBe('Conclusion: Necessity, Not Choice');
  });

  it('lists a continued slide once under its section, keeps the part of one whose earlier parts are missing, and uses Korean labels for a Korean deck', () => {
    const deck = planText('---\ntitle: 보고\nlang: ko\n---\n\n## 하나\n\n### 첫째\n\n본문.\n\n### 둘째\n\n본문.\n');
    const [first, second] = [deck.slides.findIndex((slide) => slide.title === '첫째'), deck.slides.findIndex((slide) => slide.title === '둘째')];
    deck.slides[first] = { ...deck.slides[first]!, continued: { part: 1, of: 2 } };
    deck.slides.splice(first + 1, 0, { ...deck.slides[first]!, id: '첫째-2', continued: { part: 2, of: 2 } });
    deck.slides[second + 1] = { ...deck.slides[second + 1]!, continued: { part: 2, of: 2 } };
    const outline = outlineOf(deck);
    expect(outline.map((item) => item.title)).toEqual(['보고', '하나', '감사합니다']);
    expect(outline[1]!.children.map((item) => [item.title, item.slide, item.parts])).toEqual([
      ['첫째', first, 2],
      ['둘째 (2/2)', second + 1, 1],
    ]);
  });
});

describe('PDF metadata of a deck', () => {
  it('takes Subject from the excerpt, Keywords from the tags, language and date from the article', () => {
    const metadata = pdfMetadataOf(planText(sectioned), { kind: 'Handout', version: '1.2.3' });
    expect(metadata).toEqual({
      title: 'Water Policy Briefing — Handout',
      author: 'Min Park',
      subject: 'What the new rules change.',
      keywords: ['water', 'policy'],
      creator: 'briefdeck 1.2.3',
      producer: 'briefdeck with Chromium and pdf-lib',
      lang: 'en',
      created: new Date(Date.UTC(2025, 2, 4)),
    });
  });

  it('leaves out what the article does not say', () => {
    const metadata = pdfMetadataOf(planText('# Bare\n\nText.\n'));
    expect(Object.keys(metadata).sort()).toEqual(['creator', 'keywords', 'lang', 'producer', 'title']);
  });
});

describe('the handout page', () => {
  it('draws slides at most 150 mm wide, scaled from the slide size, so that half a page holds a slide and four lines of notes', () => {
    const mm = 96 / 25.4;
    const a4 = handoutGeometry('a4', { width: 1280, height: 720 });
    expect(a4.size).toBe('A4');
    expect(a4.slide.boxWidth).toBeLessThanOrEqual(150 * mm);
    expect(a4.slide.boxWidth).toBeGreaterThan(120 * mm);
    expect(a4.slide.scale).toBeCloseTo(a4.slide.boxWidth / 1280, 6);
    expect(a4.slide.boxHeight / a4.slide.boxWidth).toBeCloseTo(720 / 1280, 2);
    // Beside each of two slides: the rule and gap above it, its heading (~10 mm), the notes label (~10 mm), four lines of 10.5 pt (~23 mm).
    for (const [size, paperHeight] of [['a4', 297], ['letter', 279.4]] as const) {
      for (const slide of [{ width: 1280, height: 720 }, { width: 960, height: 720 }]) {
        const geometry = handoutGeometry(size, slide);
        const half = ((paperHeight - geometry.margin.top - geometry.margin.bottom) * mm) / 2;
        expect(half - geometry.slide.boxHeight, `${size} ${slide.width}x${slide.height}`).toBeGreaterThanOrEqual(50 * mm);
        expect(geometry.slide.boxWidth / geometry.slide.boxHeight).toBeCloseTo(slide.width / slide.height, 2);
      }
    }
    const letter = handoutGeometry('letter', { width: 1280, height: 720 });
    expect(letter.size).toBe('letter');
    expect(letter.slide.boxWidth).toBeLessThan(a4.slide.boxWidth);
  });

  it('has a cover with title, excerpt, author and date, then every slide with its whole notes, in order', async () => {
    const deck = withNotes(planText(sectioned), {
      'why-now': ['<p>First <strong>note</strong> paragraph.</p>', '<p>Second note paragraph.</p>'],
      'who-checks': ['<p>Inspectors &amp; auditors check.</p>'],
    });
    const theme = await loadTheme('briefing', { cwd: root });
    const html = renderHandout(deck, theme, { shared: '../_shared', pageSize: 'letter' });
    const cover = html.slice(html.indexOf('<section class="handout-cover'), html.indexOf('<main'));
    for (const text of ['Water Policy Briefing', 'What the new rules change.', 'Min Park', 'March 4, 2025', '6 slides']) expect(cover).toContain(text);
    expect(html).toContain('size: letter portrait');
    const ids = [...html.matchAll(/<article class="handout-item[^"]*" id="([^"]+)"/g)].map((match) => match[1]);
    expect(ids).toEqual(deck.slides.map((_, index) => `handout-slide-${index + 1}`));
    expect(html).toContain('<p>First <strong>note</strong> paragraph.</p><p>Second note paragraph.</p>');
    expect(html).toContain('<p>Inspectors &amp; auditors check.</p>');
    expect(html.indexOf('Second note paragraph')).toBeLessThan(html.indexOf(`id="handout-slide-${deck.slides.findIndex((slide) => slide.id === 'the-rules') + 1}"`));
    expect(html).not.toMatch(/class="download"/);
  });

  it('comes from the theme: a theme extending briefing with its own handout.hbs restyles it', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'custom'));
    await writeFile(join(dir, 'custom', 'theme.json'), JSON.stringify({ name: 'custom', extends: 'briefing' }));
    const deck = planText(sectioned);
    const inherited = renderHandout(deck, await loadTheme('custom', { cwd: dir }), { shared: '../_shared', pageSize: 'a4' });
    expect(inherited).toContain('class="handout-cover"');
    await writeFile(join(dir, 'custom', 'handout.hbs'), '<h1 class="mine">{{meta.title}}</h1>{{#each handout.items}}<p>{{number}}</p>{{/each}}');
    const own = renderHandout(deck, await loadTheme('custom', { cwd: dir }), { shared: '../_shared', pageSize: 'a4' });
    expect(own).toBe('<h1 class="mine">Water Policy Briefing</h1><p>1</p><p>2</p><p>3</p><p>4</p><p>5</p><p>6</p>');
  });
});

describe('a theme without handout.hbs', () => {
  it('is refused with a theme error unless the built-in handout is given as the fallback', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'bare'));
    await writeFile(join(dir, 'bare', 'theme.json'), JSON.stringify({ name: 'bare' }));
    await writeFile(join(dir, 'bare', 'layout.hbs'), '<html>{{#each columns}}{{#each slides}}{{> slide}}{{/each}}{{/each}}</html>');
    await mkdir(join(dir, 'bare', 'partials'));
    await writeFile(join(dir, 'bare', 'partials', 'slide.hbs'), '<section class="slide">{{title}}</section>');
    const theme = await loadTheme('./bare', { cwd: dir });
    expect(theme.handout).toBeUndefined();
    const deck = planText(sectioned);
    const error = (() => {
      try {
        renderHandout(deck, theme, { shared: '../_shared', pageSize: 'a4' });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(DeckError);
    expect((error as DeckError).code).toBe(4);
    const html = renderHandout(deck, theme, { shared: '../_shared', pageSize: 'a4', fallback: await loadDefaultHandout() });
    expect(html).toContain('<h1 class="handout-title">Water Policy Briefing</h1>');
    expect(html).toContain('<section class="slide">Who checks</section>');
  });
});

describe('the page pool', () => {
  /** A browser session whose pages are plain objects; it records how many are open at once. */
  function fakeSession() {
    const stats = { created: 0, open: 0, most: 0 };
    const session: BrowserSession = {
      async newPage() {
        stats.created++;
        stats.open++;
        stats.most = Math.max(stats.most, stats.open);
        let closed = false;
        const page = {
          isClosed: () => closed,
          browser: () => ({ connected: true }),
          setViewport: async () => undefined,
          close: async () => {
            closed = true;
            stats.open--;
          },
        };
        return page as unknown as Page;
      },
      async close() {},
    };
    return { session, stats };
  }

  it('never opens more pages than its size, reuses them, and runs every task', async () => {
    const { session, stats } = fakeSession();
    const pool = createPagePool(session, { size: 2 });
    let running = 0;
    let most = 0;
    const results = await Promise.all(
      Array.from({ length: 7 }, (_, index) =>
        pool.use({ width: 10, height: 10 }, async () => {
          running++;
          most = Math.max(most, running);
          await new Promise((done) => setTimeout(done, 5));
          running--;
          return index;
        }),
      ),
    );
    expect(results).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(most).toBe(2);
    expect(stats.created).toBe(2);
    await pool.close();
    expect(stats.open).toBe(0);
  });

  it('lends a spare page only when one is free at once, never waiting for one', async () => {
    const { session, stats } = fakeSession();
    const pool = createPagePool(session, { size: 2 });
    let spare: string | undefined;
    let none: Promise<string> | undefined = Promise.resolve('unset');
    await pool.use({ width: 10, height: 10 }, async () => {
      spare = await pool.useSpare({ width: 10, height: 10 }, async () => {
        none = pool.useSpare({ width: 10, height: 10 }, async () => 'third page');
        return 'second page';
      });
    });
    expect(spare).toBe('second page');
    expect(none).toBeUndefined();
    expect(stats.most).toBe(2);
    await pool.close();
  });

  it('drops a page that cannot be reused and opens another in its place', async () => {
    const { session, stats } = fakeSession();
    const pool = createPagePool(session, { size: 1 });
    let first: Page | undefined;
    await pool.use({ width: 10, height: 10 }, async (page) => {
      first = page;
    });
    (first as unknown as { setViewport: () => Promise<void> }).setViewport = async () => {
      throw new Error('target closed');
    };
    await expect(pool.use({ width: 10, height: 10 }, async () => 'never')).rejects.toThrow('target closed');
    expect(stats.open).toBe(0);
    await expect(pool.use({ width: 10, height: 10 }, async () => 'printed')).resolves.toBe('printed');
    expect(stats.created).toBe(2);
    await pool.close();
  });

  it('closes a page whose task failed and keeps serving the others', async () => {
    const { session, stats } = fakeSession();
    const pool = createPagePool(session, { size: 1 });
    const failed = pool.use({ width: 10, height: 10 }, async () => {
      throw new Error('print failed');
    });
    const next = pool.use({ width: 10, height: 10 }, async () => 'printed');
    await expect(failed).rejects.toThrow('print failed');
    await expect(next).resolves.toBe('printed');
    expect(stats.created).toBe(2);
    await pool.close();
    expect(stats.open).toBe(0);
  });
});

describe('parts over pages', () => {
  const pages = ['A', 'B'] as unknown as Page[];
  const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

  it('gives each page the next part when it is free, and returns the results in part order', async () => {
    const taken: string[] = [];
    const results = await eachPart(pages, 5, async (page, part) => {
      taken.push(`${String(page)}${part}`);
      await pause(part === 0 ? 200 : 5);
      return part * 10;
    });
    expect(results).toEqual([0, 10, 20, 30, 40]);
    // A is slow with part 0, so B takes parts 1 to 3 meanwhile.
    expect(taken).toEqual(['A0', 'B1', 'B2', 'B3', 'B4']);
    expect(await eachPart(pages, 0, async () => 1)).toEqual([]);
  });

  it('starts no part after a failure and throws it once every page has stopped', async () => {
    const started: number[] = [];
    let working = 0;
    const run = eachPart(pages, 6, async (_page, part) => {
      started.push(part);
      working++;
      await pause(part === 1 ? 20 : 5);
      working--;
      if (part === 0) throw new Error('part 0 failed');
    });
    await expect(run).rejects.toThrow('part 0 failed');
    expect(working).toBe(0);
    expect(started).toEqual([0, 1]);
  });
});

describe('finishing a PDF', () => {
  it('writes metadata and an outline whose bookmarks open the pages of named destinations (catalog /Dests or /Names tree)', async () => {
    const source = await PDFDocument.create();
    const pages = [source.addPage(), source.addPage(), source.addPage()];
    const dest = (index: number) => source.context.obj([pages[index]!.ref, 'Fit']);
    source.catalog.set(PDFName.of('Dests'), source.context.obj({ c: dest(1) }));
    source.catalog.set(PDFName.of('Names'), source.context.obj({ Dests: source.context.obj({ Names: [PDFString.of('a'), dest(2), PDFString.of('b'), dest(0)] }) }));
    const deck = planText(sectioned);
    const outline = [
      { title: 'A', slide: 0, parts: 1, children: [{ title: 'C', slide: 2, parts: 1, children: [] }] },
      { title: 'B', slide: 1, parts: 1, children: [] },
      { title: 'Missing', slide: 3, parts: 1, children: [] },
    ];
    const finished = await finishPdf(await openPdf(await source.save()), { metadata: pdfMetadataOf(deck), outline, destinationOf: (slide) => ['a', 'b', 'c', 'none'][slide]! });
    expect(finished.pages).toBe(3);
    const file = join(await tempDir(), 'finished.pdf');
    await writeFile(file, finished.pdf);
    const { stdout } = await promisify(execFile)('qpdf', ['--json', '--json-key=outlines', file]);
    type Item = { title: string; destpageposfrom1: number; kids: Item[] };
    const show = (items: Item[]): unknown[] => items.map((item) => [item.title, item.destpageposfrom1, show(item.kids)]);
    expect(show((JSON.parse(stdout) as { outlines: Item[] }).outlines)).toEqual([
      ['A', 3, [['C', 2, []]]],
      ['B', 1, []],
    ]);
    const info = await promisify(execFile)('pdfinfo', [file]);
    expect(info.stdout).toMatch(/^Title:\s+Water Policy Briefing$/m);
    expect(info.stdout).toMatch(/^Keywords:\s+water policy$/m);
  });

  it('joins parts printed one by one into one document, pages in order, with its outline on the joined pages', async () => {
    const part = async (sizes: number[]): Promise<Uint8Array> => {
      const pdf = await PDFDocument.create();
      for (const width of sizes) pdf.addPage([width, 100]);
      return pdf.save();
    };
    const deck = planText(sectioned);
    const outline = [{ title: 'First', slide: 0, parts: 1, children: [] }, { title: 'Fourth', slide: 3, parts: 1, children: [] }];
    const finished = await finishPdf(await openPdf([await part([101, 102]), await part([103]), await part([104, 105])]), { metadata: pdfMetadataOf(deck), outline });
    expect(finished.pages).toBe(5);
    const joined = await PDFDocument.load(finished.pdf);
    expect(joined.getPages().map((page) => page.getWidth())).toEqual([101, 102, 103, 104, 105]);
    expect(joined.getTitle()).toBe('Water Policy Briefing');
    const file = join(await tempDir(), 'joined.pdf');
    await writeFile(file, finished.pdf);
    const { stdout } = await promisify(execFile)('qpdf', ['--json', '--json-key=outlines', file]);
    expect((JSON.parse(stdout) as { outlines: Array<{ title: string; destpageposfrom1: number }> }).outlines.map((item) => [item.title, item.destpageposfrom1])).toEqual([['First', 1], ['Fourth', 4]]);
  });
});
