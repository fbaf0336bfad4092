// Every built-in theme, in the real Chromium: the seed and the fixture articles built once per theme (briefing is the
// shared build), every slide visited as a person sees it, measured for overflow past the slide box, text contrast
// against what lies behind it, and text size.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserSession } from '../src/fit/browser.js';
import { fixtureArticles, runCli, seedFile, tempDir, type CliRun } from './helpers.js';
import { sharedBrowser, sharedBuild, buildTimeout } from './shared.js';

interface SlideMeasure {
  id: string;
  kind: string;
  overflow: number;
  guardScale: number;
  minFont: number;
  minFontAt: string;
  bodyContrast: number | null;
  bodyContrastAt: string;
  textContrast: number | null;
  textContrastAt: string;
}

const themes = ['briefing', 'midnight', 'hanji'] as const;
/** Warnings about the articles themselves: Liquid tags dropped, and images named by an absolute path (never copied). */
const articleWarning = /^warning: .+\.md:\d+: (dropped Liquid (tag|output) |image "\/[^"]+" is an absolute path, outside the content folder: not copied$)/;
const measureScript = readFile(new URL('./measure-slides.js', import.meta.url), 'utf8');

/**
 * Returns the seed and the fixture articles built with a theme as a user builds a deck to present: the slides PDF is
 * printed, so the fit stage measures and re-plans every slide. (The default theme's decks are the shared build's.)
 */
async function buildWith(theme: string): Promise<CliRun & { out: string }> {
  const out = await tempDir();
  return { out, ...(await runCli(['build', seedFile, fixtureArticles, '--no-handout', '--theme', theme, '--out', out])) };
}

describe('built-in themes in the browser (seed + fixture articles, one build per theme)', () => {
  let session: BrowserSession;
  /** Each theme's decks: briefing's are the shared build's; the others are built one after the other from the start. */
  const builds = new Map<string, Promise<CliRun & { out: string }>>();
  const measured = new Map<string, Promise<Map<string, SlideMeasure>>>();

  /** Returns every slide of every deck built with a theme, keyed `deck#slide`; built and measured once per theme. */
  const measure = (theme: string): Promise<Map<string, SlideMeasure>> => {
    if (!measured.has(theme)) measured.set(theme, buildAndMeasure(theme));
    return measured.get(theme)!;
  };
  const buildAndMeasure = async (theme: string): Promise<Map<string, SlideMeasure>> => {
    const run = await builds.get(theme)!;
    expect(run.code).toBe(0);
    expect(run.stderr.split('\n').filter((line) => line && !articleWarning.test(line))).toEqual([]);
    const script = await measureScript;
    const slides = new Map<string, SlideMeasure>();
    for (const deck of (await readdir(run.out)).filter((name) => !name.startsWith('_') && !name.includes('.')).sort()) {
      const page = await session.newPage({ width: 1280, height: 720 });
      try {
        await page.goto(pathToFileURL(join(run.out, deck, 'index.html')).href, { waitUntil: 'load', timeout: 30_000 });
        await page.waitForFunction(() => document.documentElement.getAttribute('data-briefdeck-ready') === 'true', { timeout: 30_000 });
        for (const slide of (await page.evaluate(script)) as SlideMeasure[]) slides.set(`${deck}#${slide.id}`, slide);
      } finally {
        await page.close();
      }
    }
    // The seed, its Korean companion and the fixtures: well over a hundred slides of every kind and layout.
    expect(slides.size).toBeGreaterThan(110);
    return slides;
  };

  beforeAll(async () => {
    session = await sharedBrowser();
    // Started now, so they run while the shared build is awaited and briefing is measured; a failed build fails its theme's tests.
    let previous: Promise<unknown> = Promise.resolve();
    for (const theme of themes) {
      const build = theme === 'briefing' ? sharedBuild() : previous.then(() => buildWith(theme), () => buildWith(theme));
      build.catch(() => undefined);
      builds.set(theme, build);
      if (theme !== 'briefing') previous = build;
    }
  });
  afterAll(async () => session?.close());

  for (const theme of themes) {
    it(`${theme}: body text has a contrast of at least 4.5:1 against its background, and so does every other text`, async () => {
      const slides = await measure(theme);
      const body = [...slides].filter(([, s]) => s.bodyContrast !== null);
      // Every content slide with body text (the seed's and the fixtures', about 85 of them): each one measured.
      expect(body.length).toBeGreaterThan(70);
      expect(body.filter(([, s]) => s.bodyContrast! < 4.5).map(([key, s]) => `${key} ${s.bodyContrastAt} ${s.bodyContrast}`)).toEqual([]);
      expect([...slides].filter(([, s]) => s.textContrast !== null && s.textContrast < 4.5).map(([key, s]) => `${key} ${s.textContrastAt} ${s.textContrast}`)).toEqual([]);
    }, buildTimeout);

    it(`${theme}: no slide overflows its box by more than 2 px, and none needs the in-deck guard to fit`, async () => {
      const slides = await measure(theme);
      expect([...slides].filter(([, s]) => s.overflow > 2).map(([key, s]) => `${key} overflows by ${s.overflow}px`)).toEqual([]);
      expect([...slides].filter(([, s]) => s.guardScale < 1).map(([key, s]) => `${key} guarded at ${s.guardScale}`)).toEqual([]);
    });

    it(`${theme}: every text inside a slide is 22px or more as seen (after any fit scaling)`, async () => {
      const slides = await measure(theme);
      expect([...slides].filter(([, s]) => s.minFont < 22).map(([key, s]) => `${key} ${s.minFontAt} ${s.minFont}px`)).toEqual([]);
    });
  }
});
