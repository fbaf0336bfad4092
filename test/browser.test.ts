// Browser tests: the seed's deck and PDFs as the real binary built them (the shared build: the seed and the fixture
// articles, default flags), opened in the real Chromium with the network watched.
import { execFile } from 'node:child_process';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type BrowserSession } from '../src/fit/browser.js';
import type { Deck } from '../src/model/deck.js';
import { pdfInfo, pdfText, tempDir } from './helpers.js';
import { buildTimeout, sharedBrowser, sharedBuild } from './shared.js';

const run = promisify(execFile);

interface QpdfOutline {
  title: string;
  destpageposfrom1: number;
  kids: QpdfOutline[];
}

describe('building the seed with its PDF', () => {
  let out = '';
  let deck: Deck;
  let session: BrowserSession;

  beforeAll(async () => {
    session = await sharedBrowser();
    const run = await sharedBuild();
    expect(run.code).toBe(0);
    // Only the fixtures warn (about their Liquid tags and an absolute image path); nothing names the seed.
    expect(run.stderr.split('\n').filter((line) => line.includes('sovereign-ai-korea'))).toEqual([]);
    out = run.out;
    deck = JSON.parse(await readFile(join(out, 'sovereign-ai-korea', 'deck.json'), 'utf8')) as Deck;
  }, buildTimeout);
  afterAll(async () => session?.close());

  it('prints one 16:9 page per slide, with the title on page 1 as selectable text', async () => {
    const pdf = join(out, 'sovereign-ai-korea', 'sovereign-ai-korea.pdf');
    const info = await pdfInfo(pdf);
    expect(Number(info['Pages'])).toBe(deck.slides.length);
    const [width, height] = (info['Page size'] ?? '').match(/[\d.]+/g)!.map(Number);
    expect(width! / height!).toBeCloseTo(16 / 9, 2);
    const first = (await pdfText(pdf, 1, 1)).replace(/\s+/g, ' ');
    expect(first).toContain("Korea's Sovereign AI Challenge");
    expect(first).toContain('Jiho Jeon');
  });

  it('opens from file:// with the structure of the article and asks the network for nothing but the article\'s own image', async () => {
    const page = await session.newPage({ width: 1280, height: 720 });
    const requested: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith('file:') && !request.url().startsWith('data:')) requested.push(request.url());
    });
    await page.goto(pathToFileURL(join(out, 'sovereign-ai-korea', 'index.html')).href, { waitUntil: 'load', timeout: 30_000 });
    await page.waitForFunction(() => document.documentElement.getAttribute('data-briefdeck-ready') === 'true', { timeout: 30_000 });
    const shape = await page.evaluate(() => ({
      slides: document.querySelectorAll('.reveal .slides section.slide').length,
      columns: document.querySelectorAll('.reveal .slides > section').length,
      stacks: document.querySelectorAll('.reveal .slides > section.stack').length,
      total: (window as unknown as { Reveal: { getTotalSlides(): number } }).Reveal.getTotalSlides(),
      lang: document.documentElement.lang,
    }));
    await page.close();
    // Title, agenda, a column per section, closing; a section of more than one slide is a vertical stack.
    const stacked = new Set(deck.slides.filter((slide, index) => slide.stack !== undefined && deck.slides[index - 1]?.stack === slide.stack).map((slide) => slide.stack));
    expect(stacked.size).toBe(6);
    expect(shape).toEqual({ slides: deck.slides.length, columns: 2 + 7 + 1, stacks: stacked.size, total: deck.slides.length, lang: 'en' });
    expect(requested.filter((url) => url !== deck.meta.image)).toEqual([]);
  });

  it('gives the slides PDF its metadata: title, author, subject from the excerpt, keywords from the tags, creator, language', async () => {
    const pdf = join(out, 'sovereign-ai-korea', 'sovereign-ai-korea.pdf');
    const info = await pdfInfo(pdf);
    expect(info).toMatchObject({
      Title: deck.meta.title,
      Author: 'Jiho Jeon',
      Subject: deck.meta.subtitle,
      Keywords: deck.meta.tags.join(' '),
      Creator: expect.stringMatching(/^briefdeck \d+\.\d+\.\d+$/),
      Tagged: 'yes',
    });
    const { stdout } = await run('qpdf', ['--json', '--json-key=qpdf', pdf], { maxBuffer: 64 * 1024 * 1024 });
    const objects = (JSON.parse(stdout) as { qpdf: [unknown, Record<string, { value?: Record<string, unknown> }>] }).qpdf[1];
    const catalog = Object.values(objects).find((object) => object.value?.['/Type'] === '/Catalog')!.value!;
    expect(catalog['/Lang']).toBe('u:en');
    expect(catalog['/PageMode']).toBe('/UseOutlines');
    expect((await stat(pdf)).size).toBeLessThan(1.5 * 1024 * 1024);
  });

  it('gives the slides PDF an outline by section and slide: each slide once (a continued one by its first part, without "(n/m)"), every page under its own slide', async () => {
    const pdf = join(out, 'sovereign-ai-korea', 'sovereign-ai-korea.pdf');
    const { stdout } = await run('qpdf', ['--json', '--json-key=outlines', pdf], { maxBuffer: 16 * 1024 * 1024 });
    const outlines = (JSON.parse(stdout) as { outlines: QpdfOutline[] }).outlines;
    const flat = (items: QpdfOutline[]): QpdfOutline[] => items.flatMap((item) => [item, ...flat(item.kids)]);
    const isLaterPart = (slide: Deck['slides'][number]): boolean => (slide.continued?.part ?? 1) > 1;
    expect(deck.slides.filter(isLaterPart).length, 'the seed has continued slides').toBeGreaterThanOrEqual(3);
    // One bookmark per slide that is not a later part, in page order, each opening that slide's page.
    const heads = deck.slides.flatMap((slide, index) => (isLaterPart(slide) ? [] : [index]));
    const bookmarks = flat(outlines);
    expect(bookmarks.map((item) => item.destpageposfrom1)).toEqual(heads.map((index) => index + 1));
    for (const item of bookmarks) expect(item.title).not.toMatch(/\(\d+\/\d+\)$/);
    // Every page lies under the bookmark of its own slide: the slide itself, or a later part of the slide the bookmark opens.
    deck.slides.forEach((slide, index) => {
      const owner = [...bookmarks].reverse().find((item) => item.destpageposfrom1 <= index + 1)!;
      const head = deck.slides[owner.destpageposfrom1 - 1]!;
      if (owner.destpageposfrom1 !== index + 1) expect([isLaterPart(slide), slide.title], `slide ${index + 1}`).toEqual([true, head.title]);
      if (head.kind === 'content' && head.title) expect(owner.title).toBe(head.title);
    });
    const sections = [...new Set(deck.slides.flatMap((slide) => (slide.stack ? [slide.stack] : [])))];
    expect(outlines).toHaveLength(heads.filter((index) => !deck.slides[index]!.stack).length + sections.length);
    const why = outlines.find((item) => item.title.startsWith('Why Sovereign AI?'))!;
    expect(why.kids.map((kid) => kid.title)).toEqual(['1. Data Sovereignty and Security', '2. Economic Dependency Risk', '3. Cultural and Linguistic Bias']);
    const introduction = outlines.find((item) => item.title === 'Introduction: The Age of AI Sovereignty')!;
    expect([introduction.destpageposfrom1, introduction.kids]).toEqual([deck.slides.findIndex((slide) => slide.title === introduction.title) + 1, []]);
  });

  it('embeds every font of both PDFs', async () => {
    for (const name of ['sovereign-ai-korea.pdf', 'sovereign-ai-korea-handout.pdf']) {
      const { stdout } = await run('pdffonts', [join(out, 'sovereign-ai-korea', name)]);
      const rows = stdout.trim().split('\n').slice(2);
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect(row, `${name}: ${row}`).toMatch(/\s+yes\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+$/);
      for (const row of rows.filter((line) => !/Type 3/.test(line))) expect(row, `${name}: ${row}`).toMatch(/^[A-Z]{6}\+/);
    }
  });

  it('links nowhere on this machine: no file: URI in either PDF (the download buttons are not printed)', async () => {
    const scratch = await tempDir();
    for (const name of ['sovereign-ai-korea.pdf', 'sovereign-ai-korea-handout.pdf']) {
      const plain = join(scratch, `${name}.qdf`);
      await run('qpdf', ['--qdf', '--object-streams=disable', join(out, 'sovereign-ai-korea', name), plain]);
      const text = (await readFile(plain)).toString('latin1');
      expect(text).not.toMatch(/\/URI\s*\(file:/);
      expect(text).not.toContain(out);
    }
  });

  it('writes the handout: a cover, every slide, and every word of the notes the deck has', async () => {
    const handout = join(out, 'sovereign-ai-korea', 'sovereign-ai-korea-handout.pdf');
    const info = await pdfInfo(handout);
    expect(info['Page size']).toContain('(A4)');
    const cover = (await pdfText(handout, 1, 1)).replace(/\s+/g, ' ');
    expect(cover).toContain("Korea's Sovereign AI Challenge");
    expect(cover).toContain('November 18, 2025');
    const text = (await pdfText(handout, 2)).normalize('NFKC').replace(/\s+/g, ' ');
    deck.slides.forEach((_, index) => expect(text).toContain(`Slide ${index + 1} / ${deck.slides.length}`));
    for (const slide of deck.slides) {
      for (const note of slide.notes) {
        const plain = note.replace(/<[^>]+>/g, ' ').replace(/&[#\w]+;/g, ' ').normalize('NFKC');
        const words = plain.split(/\s+/).map((word) => word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '')).filter(Boolean);
        for (const word of words) expect(text, `${slide.id}: ${word}`).toContain(word);
      }
    }
  });

  it('links its downloads from the closing slide and a corner menu, relative and to files that exist, not printed', async () => {
    const dir = join(out, 'sovereign-ai-korea');
    const html = await readFile(join(dir, 'index.html'), 'utf8');
    const menu = html.slice(html.indexOf('<details class="deck-downloads">'), html.indexOf('</details>'));
    const closing = html.slice(html.indexOf('<p class="closing-downloads">'), html.indexOf('</p>', html.indexOf('<p class="closing-downloads">')));
    for (const part of [menu, closing]) {
      const hrefs = [...part.matchAll(/href="([^"]+)"/g)].map((match) => match[1]!);
      expect(hrefs).toEqual(['sovereign-ai-korea.pdf', 'sovereign-ai-korea-handout.pdf']);
      for (const href of hrefs) expect((await stat(resolve(dir, href))).size).toBeGreaterThan(1000);
    }
    const lastPage = (await pdfText(join(dir, 'sovereign-ai-korea.pdf'), deck.slides.length, deck.slides.length)).replace(/\s+/g, ' ');
    expect(lastPage).toContain('Thank you');
    expect(lastPage).not.toContain('Download slides');
    expect(await pdfText(join(dir, 'sovereign-ai-korea.pdf'))).not.toContain('Downloads');
  });
});

describe('a browser launched for a run', () => {
  it('lends the tab it opened with to the first page asked for, and two pages asked for at once are two pages', async () => {
    const session = await launchBrowser({ env: process.env });
    try {
      const [first, second] = await Promise.all([session.newPage({ width: 1280, height: 720 }), session.newPage({ width: 1280, height: 720 })]);
      expect(first).not.toBe(second);
      // The first tab lives in the browser's own context; a page opened later in a context of its own.
      const own = [first, second].filter((page) => page.browserContext() === page.browser().defaultBrowserContext());
      expect(own).toHaveLength(1);
      const third = await session.newPage({ width: 1280, height: 720 });
      expect(third.browserContext()).not.toBe(third.browser().defaultBrowserContext());
      // Each shows its own document.
      await Promise.all([first, second, third].map((page, index) => page.goto(`data:text/html,<title>${index}</title>`)));
      expect(await Promise.all([first, second, third].map((page) => page.title()))).toEqual(['0', '1', '2']);
    } finally {
      await session.close();
    }
  });

  it('runs no renderer but those of its pages (no address-bar popup page beside each window)', async () => {
    const session = await launchBrowser({ env: process.env });
    try {
      const dir = await tempDir('briefdeck-renderers-');
      const pages = await Promise.all([session.newPage({ width: 1280, height: 720 }), session.newPage({ width: 1000, height: 1400 })]);
      await Promise.all(
        pages.map(async (page, index) => {
          const file = join(dir, `${index}.html`);
          await writeFile(file, `<!doctype html><title>${index}</title><p>Page ${index}</p>`);
          await page.goto(pathToFileURL(file).href);
        }),
      );
      // Give the browser the time it took to start a window's popup page (it did so within a second of the window).
      await new Promise((done) => setTimeout(done, 1_500));
      const browser = pages[0]!.browser();
      const cdp = await browser.target().createCDPSession();
      const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: Array<{ type: string }> };
      const renderers = processInfo.filter((process) => process.type === 'renderer').length;
      const open = (await browser.pages()).length;
      expect(open).toBe(2);
      expect(renderers).toBeLessThanOrEqual(open);
    } finally {
      await session.close();
    }
  });
});
