// A post with formulas and code, built by the real binary with its PDFs and opened in the real Chromium: every formula
// typeset (no TeX on any slide), nothing asked of the network, real fonts in the PDF, code in colour and selectable,
// currency as written. And an article without math or code never loads KaTeX or highlight.js.
import { execFile } from 'node:child_process';
import { cp, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type BrowserSession } from '../src/fit/browser.js';
import { measureDeck, measurePrintView, measureSlides, measureView } from '../src/fit/measure.js';
import { pdfText, root, runCli, seedFile, tempDir } from './helpers.js';

const run = promisify(execFile);

describe('a post with math and code, built with its PDFs', () => {
  let dir = '';
  let built: Awaited<ReturnType<typeof runCli>>;
  let session: BrowserSession;
  const deckDir = (): string => join(dir, 'dist', 'adam');

  beforeAll(async () => {
    dir = await tempDir();
    await cp(join(root, 'test', 'fixtures', 'math-post'), join(dir, 'content'), { recursive: true });
    await cp(join(root, 'test', 'fixtures', 'dollars-post'), join(dir, 'content'), { recursive: true });
    built = await runCli(['build', '--no-handout'], { cwd: dir });
    session = await launchBrowser({ env: process.env });
  }, 300_000);
  afterAll(async () => session?.close());

  it('builds (exit 0), warning only about the formula with a TeX error, at its line', () => {
    expect(built.stderr).toBe("warning: content/adam.md:35: TeX error: Unexpected end of input in a macro argument, expected '}' at end of input: \\frac{1}{2; the slide shows the formula's source\n");
    expect(built.code).toBe(0);
  });

  it('typesets every formula, shows no TeX source on any slide, and requests nothing from the network', async () => {
    const page = await session.newPage({ width: 1280, height: 720 });
    const requested: string[] = [];
    page.on('request', (request) => {
      if (!/^(file|data|blob):/.test(request.url())) requested.push(request.url());
    });
    await page.goto(pathToFileURL(join(deckDir(), 'index.html')).href, { waitUntil: 'load', timeout: 60_000 });
    await page.waitForFunction(() => document.documentElement.getAttribute('data-briefdeck-ready') === 'true', { timeout: 60_000 });
    const seen = await page.evaluate(() => {
      const style = document.createElement('style');
      style.textContent = '.reveal .slides section { display: block !important; visibility: visible !important; }';
      document.head.appendChild(style);
      const slides = Array.from(document.querySelectorAll<HTMLElement>('.reveal .slides section.slide'));
      return {
        texts: slides.map((slide) => Array.from(slide.children).filter((child) => !child.matches('aside.notes')).map((child) => (child as HTMLElement).innerText).join('\n')),
        formulas: document.querySelectorAll('.math').length,
        typeset: document.querySelectorAll('.math > .katex, .math > .katex-display > .katex').length,
        errors: document.querySelectorAll('.math.math-error').length,
        katexFonts: Array.from(document.fonts).filter((font) => font.family.startsWith('KaTeX') && font.status === 'loaded').length,
      };
    });
    await page.close();
    expect(requested).toEqual([]);
    expect(seen.formulas).toBe(10);
    expect(seen.errors).toBe(1);
    expect(seen.typeset).toBe(seen.formulas - seen.errors);
    expect(seen.katexFonts).toBeGreaterThan(0);
    const withTex = seen.texts.filter((text) => /\\(frac|sum|beta|begin|hat|left)|\$\$|\\\(|\\\[/.test(text));
    // Only the slide of the broken formula shows TeX, in its marked box.
    expect(withTex).toHaveLength(1);
    expect(withTex[0]).toContain('This one has a typo: \\frac{1}{2 and the build goes on.');
    expect(seen.texts.join('\n')).toContain('A training run costs $5 a day and $10 on weekends.');
  });

  it('fits every slide, the very wide formula set smaller to the slide\'s width, with nothing missing', async () => {
    const measure = await measureDeck(session, join(deckDir(), 'index.html'), { width: 1280, height: 720, timeout: 60_000 });
    expect(measure.requests).toEqual([]);
    expect(measure.missing).toEqual([]);
    for (const slide of measure.slides) expect(Math.max(...Object.values(slide.overflow)), slide.id).toBeLessThanOrEqual(2);
    const wide = measure.slides.find((slide) => slide.id === 'a-very-wide-formula')!;
    expect(wide.scale).toBe(1);
    // The formula reads as its TeX for the words the deck carries, and counts as code, not as words on the slide.
    expect(wide.text).toContain('a_8 x_8 + b_1 x_1^2');
    expect(wide.code).toContain('a_8 x_8 + b_1 x_1^2');
    const html = await readFile(join(deckDir(), 'index.html'), 'utf8');
    expect(html).toContain('<link rel="stylesheet" href="../_shared/katex/katex.css">');
  });

  it('measures the print view as the deck laid it out (laying it out again changes nothing), the presentation view once its far slides are laid out', async () => {
    const file = join(deckDir(), 'index.html');
    const options = { width: 1280, height: 720, timeout: 60_000 };
    const page = await session.newPage({ width: 1280, height: 720 });
    try {
      // Counts the times the deck is asked to lay every slide out again.
      await page.evaluateOnNewDocument(() => {
        const counted = window as unknown as { layouts: number };
        counted.layouts = 0;
        document.addEventListener('briefdeck:layout', () => counted.layouts++);
      });
      const layouts = (): Promise<number> => page.evaluate(() => (window as unknown as { layouts: number }).layouts);
      const printed = await measurePrintView(page, file, options);
      expect(await layouts()).toBe(0);
      const wide = printed.slides.find((slide) => slide.id === 'a-very-wide-formula')!;
      expect(Math.max(...Object.values(wide.overflow))).toBeLessThanOrEqual(2);
      // Laying the print view out again, as the presentation view is, changes nothing.
      await page.evaluate(() => document.dispatchEvent(new Event('briefdeck:layout')));
      expect(await layouts()).toBe(1);
      expect(await page.evaluate(measureSlides, true)).toEqual(printed.slides);
      await measureView(page, file, options);
      expect(await layouts()).toBe(1);
    } finally {
      await page.close();
    }
  });

  it('colours Python, TypeScript and a Liquid highlight bash block with at least three colours each', async () => {
    const page = await session.newPage({ width: 1280, height: 720 });
    await page.goto(pathToFileURL(join(deckDir(), 'index.html')).href, { waitUntil: 'load', timeout: 60_000 });
    await page.waitForFunction(() => document.documentElement.getAttribute('data-briefdeck-ready') === 'true', { timeout: 60_000 });
    const colours = await page.evaluate(() =>
      Object.fromEntries(['python', 'typescript', 'shell'].map((id) => {
        const code = document.querySelector(`section#${id} pre code`)!;
        const used = new Set([getComputedStyle(code).color, ...Array.from(code.querySelectorAll('span')).map((span) => getComputedStyle(span).color)]);
        return [id, used.size];
      })),
    );
    await page.close();
    expect(colours['python']).toBeGreaterThanOrEqual(3);
    expect(colours['typescript']).toBeGreaterThanOrEqual(3);
    expect(colours['shell']).toBeGreaterThanOrEqual(3);
  });

  it('prints the slides PDF with real fonts only (KaTeX\'s among them), code and currency as selectable text', async () => {
    const pdf = join(deckDir(), 'adam.pdf');
    const { stdout: fonts } = await run('pdffonts', [pdf]);
    expect(fonts).not.toContain('Type 3');
    expect(fonts).toMatch(/KaTeX_Main-Regular\s+CID TrueType/);
    expect(fonts).toMatch(/KaTeX_Math-Italic\s+CID TrueType/);
    const text = await pdfText(pdf);
    expect(text).toContain('def adam_step(grad, m, v, t, lr=0.001, beta1=0.9):');
    expect(text).toContain('export async function read(path: string, retries = 3): Promise<string> {');
    expect(text).toContain('A training run costs $5 a day and $10 on weekends.');
  });

  it('leaves $4, $9 and $x$ as written with use_math: false', async () => {
    const text = await pdfText(join(dir, 'dist', 'prices', 'prices.pdf'));
    expect(text.replace(/\s+/g, ' ')).toContain('The basic plan is $4 a month and the team plan $9 a month; a variable reads $x$ in this post.');
    expect(await readFile(join(dir, 'dist', 'prices', 'index.html'), 'utf8')).not.toContain('katex');
  });
});

describe('an article without math or code', () => {
  it('never loads KaTeX, the math syntax or highlight.js', async () => {
    const out = await tempDir();
    const traced = join(import.meta.dirname, 'fixtures', 'trace-modules.mjs');
    const html = await runCli(['build', seedFile, '--no-pdf', '--out', out], { env: { NODE_OPTIONS: `--import ${traced}` } });
    expect(html.code).toBe(0);
    expect(html.stderr).toBe('');
    // The same trace sees them loaded for a post that has formulas and code.
    const math = await runCli(['build', join(root, 'test', 'fixtures', 'math-post', 'adam.md'), '--no-pdf', '--out', out], { env: { NODE_OPTIONS: `--import ${traced}` } });
    expect(math.code).toBe(0);
    expect(math.stderr).toMatch(/^IMPORTED katex$/m);
    expect(math.stderr).toMatch(/^IMPORTED micromark-extension-math$/m);
    expect(math.stderr).toMatch(/^IMPORTED highlight\.js(\/lib\/core)?$/m);
    expect(math.stderr).toMatch(/^IMPORTED highlight\.js\/lib\/languages\/python$/m);
  });
});
