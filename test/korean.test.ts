// Korean decks end to end: the seed, its Korean companion and a Korean fixture article without front matter, built
// with slides PDFs in one run on a machine without Korean fonts, opened in the real Chromium.
import { execFile } from 'node:child_process';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserSession } from '../src/fit/browser.js';
import type { Deck } from '../src/model/deck.js';
import { fixtureArticles, pdfText, root, runCli, tempDir, type CliRun } from './helpers.js';
import { buildTimeout, sharedBrowser } from './shared.js';

const run = promisify(execFile);

/** Returns the fonts `pdffonts` lists for a PDF: name, type and whether it is embedded. */
async function pdfFonts(file: string): Promise<Array<{ name: string; type: string; embedded: boolean }>> {
  const { stdout } = await run('pdffonts', [file]);
  return stdout
    .split('\n')
    .slice(2)
    .filter((line) => line.trim())
    .map((line) => {
      const type = /(Type 3|Type 1C?|CID TrueType|CID Type 0C?|TrueType|Type 0)/.exec(line)?.[1] ?? 'unknown';
      const flags = line.slice(line.indexOf(type) + type.length).trim().split(/\s+/);
      return { name: line.split(/\s+/)[0]!, type, embedded: flags[flags.length - 5] === 'yes' };
    });
}

/** A fontconfig file: the system's configuration, less every font that covers Korean. */
const noKoreanFonts = `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <selectfont><rejectfont><pattern><patelt name="lang"><string>ko</string></patelt></pattern></rejectfont></selectfont>
</fontconfig>
`;

/** Returns the environment of a machine without Korean fonts: fontconfig hides every installed font that covers Korean. */
async function withoutKoreanFonts(dir: string): Promise<NodeJS.ProcessEnv> {
  const file = join(dir, 'no-korean-fonts.conf');
  await writeFile(file, noKoreanFonts);
  const env = { FONTCONFIG_FILE: file };
  const { stdout } = await run('fc-list', [':lang=ko', 'family'], { env: { ...process.env, ...env } });
  expect(stdout.trim()).toBe('');
  return env;
}

/** The Korean fixture article: no front matter, the title from its first heading, emoji in its headings. */
const koreanArticle = join(fixtureArticles, '2024-04-05-library-app-review.md');
let out = '';
let build: CliRun;
const deckOf = async (slug: string): Promise<Deck> => JSON.parse(await readFile(join(out, slug, 'deck.json'), 'utf8')) as Deck;

beforeAll(async () => {
  out = await tempDir();
  // Slides PDFs only: these tests read no handout (the Korean handout is test/handout.test.ts's).
  build = await runCli(['build', join(root, 'content'), koreanArticle, '--no-handout', '--out', out], { env: await withoutKoreanFonts(out) });
}, buildTimeout);

describe('the seed and its Korean companion', () => {
  let session: BrowserSession;

  beforeAll(async () => {
    expect(build.stderr).toBe('');
    expect(build.code).toBe(0);
    session = await sharedBrowser();
  });
  afterAll(async () => session?.close());

  it('builds the Korean article with lang ko, the same ref and the same sections as the English one', async () => {
    const [en, ko] = [await deckOf('sovereign-ai-korea'), await deckOf('sovereign-ai-korea-ko')];
    expect(ko.meta).toMatchObject({ lang: 'ko', ref: 'sovereign-ai-korea', date: '2025-11-18' });
    const kinds = (deck: Deck): string => deck.slides.filter((slide) => !slide.continued || slide.continued.part === 1).map((slide) => slide.kind).join(' ');
    expect(kinds(ko)).toBe(kinds(en));
    expect(await readFile(join(out, 'sovereign-ai-korea-ko', 'index.html'), 'utf8')).toContain('<html lang="ko">');
  });

  it('embeds real Pretendard fonts in the Korean PDF, never a Type 3 font, and keeps the Hangul as text, on a machine without Korean fonts', async () => {
    const pdf = join(out, 'sovereign-ai-korea-ko', 'sovereign-ai-korea-ko.pdf');
    const fonts = await pdfFonts(pdf);
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.filter((font) => font.type === 'Type 3' || !font.embedded)).toEqual([]);
    expect(fonts.every((font) => /\+Pretendard-/.test(font.name))).toBe(true);
    const text = (await pdfText(pdf, 1, 1)).replace(/\s+/g, ' ');
    expect(text).toContain('한국의 소버린 AI 도전');
    expect(text).toContain('2025년 11월 18일');
    // The document language travels into the (tagged) PDF for screen readers and hyphenation.
    const { stdout } = await run('qpdf', ['--qdf', '--object-streams=disable', pdf, '-'], { encoding: 'latin1', maxBuffer: 64 * 1024 * 1024 });
    expect(stdout).toContain('/Lang (ko)');
  });

  it('links the English and Korean decks to each other with links that resolve to built decks', async () => {
    for (const [from, to, name] of [['sovereign-ai-korea', 'sovereign-ai-korea-ko', '한국어'], ['sovereign-ai-korea-ko', 'sovereign-ai-korea', 'English']] as const) {
      const file = join(out, from, 'index.html');
      const html = await readFile(file, 'utf8');
      const hrefs = [...html.matchAll(/<a class="deck-lang"[^>]*href="([^"]+)"[^>]*>([^<]+)<\/a>/g)];
      expect(hrefs.map((match) => match[2])).toEqual([name]);
      const target = resolve(dirname(file), hrefs[0]![1]!);
      expect(target).toBe(join(out, to, 'index.html'));
      expect((await stat(target)).isFile()).toBe(true);
    }
    const index = await readFile(join(out, 'index.html'), 'utf8');
    const group = /<li class="translations">([\s\S]*?)<\/li>/.exec(index)?.[1] ?? '';
    expect(group).toContain('href="sovereign-ai-korea/index.html"');
    expect(group).toContain('href="sovereign-ai-korea-ko/index.html"');
    expect(group).toContain('November 18, 2025');
    expect(group).toContain('2025년 11월 18일');
  });

  it('points the language switch at the slide being shown', async () => {
    const page = await session.newPage({ width: 1280, height: 720 });
    await page.goto(`${pathToFileURL(join(out, 'sovereign-ai-korea-ko', 'index.html')).href}#/4/1`, { waitUntil: 'load', timeout: 30_000 });
    await page.waitForFunction(() => document.documentElement.getAttribute('data-briefdeck-ready') === 'true', { timeout: 30_000 });
    const at = (): Promise<string | null> => page.evaluate(() => document.querySelector('a[data-translation]')!.getAttribute('href'));
    expect(await at()).toBe('../sovereign-ai-korea/index.html#/4/1');
    await page.evaluate(() => (window as unknown as { Reveal: { slide(h: number, v?: number): void } }).Reveal.slide(0));
    expect(await at()).toBe('../sovereign-ai-korea/index.html');
    await page.close();
  });

  it('lays the Korean deck out with keep-all line breaking, Pretendard loaded, and only the font slices its text needs', async () => {
    const page = await session.newPage({ width: 1280, height: 720 });
    const loaded: string[] = [];
    page.on('requestfinished', (request) => loaded.push(request.url()));
    await page.goto(`${pathToFileURL(join(out, 'sovereign-ai-korea-ko', 'index.html')).href}?print-pdf`, { waitUntil: 'load', timeout: 30_000 });
    // As the PDF export does: the print view is laid out once the pages exist.
    await page.waitForFunction(() => document.documentElement.getAttribute('data-briefdeck-ready') === 'true' && document.querySelectorAll('.pdf-page').length > 0, { timeout: 30_000 });
    const seen = await page.evaluate(() => ({
      lang: document.documentElement.lang,
      wordBreak: getComputedStyle(document.querySelector('.reveal .slide-body p')!).wordBreak,
      pretendard: document.fonts.check('700 44px Pretendard', '한국'),
      switchPrinted: getComputedStyle(document.querySelector('.deck-langs')!).display !== 'none',
      labels: [document.querySelector('.kind-agenda .slide-title')?.textContent, document.querySelector('.closing-thanks')?.textContent, document.querySelector('.deck-byline time')?.textContent],
    }));
    await page.close();
    expect(seen).toEqual({ lang: 'ko', wordBreak: 'keep-all', pretendard: true, switchPrinted: false, labels: ['목차', '감사합니다', '2025년 11월 18일'] });
    const fonts = loaded.filter((url) => /\.(woff2?|ttf|otf)$/.test(url));
    expect(fonts.length).toBeGreaterThan(5);
    expect(fonts.every((url) => url.includes('/_shared/fonts/pretendard/'))).toBe(true);
    const bytes = (await Promise.all(fonts.map((url) => stat(fileURLToPath(url))))).reduce((sum, info) => sum + info.size, 0);
    // The whole of Pretendard in the five shipped weights is over 6 MB; a deck loads a fraction.
    expect(bytes).toBeLessThan(1_000_000);
  });
});

describe('a Korean article without front matter', () => {
  it('is detected as Korean and builds a PDF with embedded fonts and no Type 3 font, emoji included, on a machine without Korean fonts', async () => {
    expect(build.code).toBe(0);
    const deck = await deckOf('library-app-review');
    expect(deck.meta.lang).toBe('ko');
    expect(deck.meta.title).toBe('동네 도서관 앱 살펴보기');
    expect(await readFile(join(out, 'library-app-review', 'index.html'), 'utf8')).toContain('<html lang="ko">');
    const fonts = await pdfFonts(join(out, 'library-app-review', 'library-app-review.pdf'));
    expect(fonts.filter((font) => font.type === 'Type 3' || !font.embedded)).toEqual([]);
    expect(fonts.some((font) => /\+NotoEmoji-/.test(font.name))).toBe(true);
  });
});
