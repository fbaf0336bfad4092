// Browser tests: the real Chromium builds the seed's PDF and opens the deck with the network watched.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type BrowserSession } from '../src/browser.js';
import type { Deck } from '../src/model.js';
import { pdfInfo, pdfText, runCli, seedFile, tempDir } from './helpers.js';

describe('building the seed with its PDF', () => {
  let out = '';
  let deck: Deck;
  let session: BrowserSession;

  beforeAll(async () => {
    out = await tempDir();
    const run = await runCli(['build', seedFile, '--out', out]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    deck = JSON.parse(await readFile(join(out, 'sovereign-ai-korea', 'deck.json'), 'utf8')) as Deck;
    session = await launchBrowser({ env: process.env });
  });
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
    expect(shape).toEqual({ slides: deck.slides.length, columns: 2 + 7 + 1, stacks: 7, total: deck.slides.length, lang: 'en' });
    expect(requested.filter((url) => url !== deck.meta.image)).toEqual([]);
  });
});
