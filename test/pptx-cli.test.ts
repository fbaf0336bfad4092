// `briefdeck build --pptx` on the real binary: the seed and its Korean companion as editable PowerPoint files, read back
// from their XML and opened by LibreOffice Impress; the options that ask for one; formulas drawn by the browser.
import { execFile } from 'node:child_process';
import { access, constants, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { ElementContent, RootContent } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Deck, Slide } from '../src/model/deck.js';
import { labelsFor } from '../src/render/labels.js';
import { pdfInfo, pdfText, runCli, tempDir } from './helpers.js';
import { readPptx, runTexts, shapes, titleOf, type PptxFile } from './pptx-read.js';

const run = promisify(execFile);
const slugs = ['sovereign-ai-korea', 'sovereign-ai-korea-ko'];

/** Returns the path of a program on PATH, or undefined. */
async function onPath(name: string): Promise<string | undefined> {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter).filter(Boolean)) {
    const path = join(dir, name);
    if (await access(path, constants.X_OK).then(() => true, () => false)) return path;
  }
  return undefined;
}

/** Returns the text of some HTML, white space collapsed. */
function plainText(html: string): string {
  const collect = (nodes: Array<RootContent | ElementContent>): string => nodes.map((node) => (node.type === 'text' ? node.value : node.type === 'element' ? collect(node.children) : '')).join(' ');
  return squash(collect(fromHtml(html, { fragment: true }).children));
}

const squash = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** The title a slide has in the PowerPoint: its own, `(n/m)` when continued; the agenda's and closing's labels. */
function expectedTitle(slide: Slide, lang: string): string {
  const labels = labelsFor(lang);
  if (slide.kind === 'agenda') return labels.agenda;
  if (slide.kind === 'closing') return labels.thanks;
  return `${slide.title ?? ''}${slide.continued ? ` (${slide.continued.part}/${slide.continued.of})` : ''}`;
}

describe('the seed and its Korean companion as PowerPoint (build --pptx)', () => {
  let out: string;
  let stdout: string;
  let stderr: string;
  let code: number;
  const decks = new Map<string, { deck: Deck; pptx: PptxFile; file: string }>();

  beforeAll(async () => {
    out = await tempDir();
    const traced = join(import.meta.dirname, 'fixtures', 'trace-imports.mjs');
    ({ code, stdout, stderr } = await runCli(['build', 'content', '--no-pdf', '--pptx', '--out', out], { env: { NODE_OPTIONS: `--import ${traced}` } }));
    for (const slug of slugs) {
      const deck = JSON.parse(await readFile(join(out, slug, 'deck.json'), 'utf8')) as Deck;
      const file = join(out, slug, `${slug}.pptx`);
      decks.set(slug, { deck, pptx: await readPptx(await readFile(file)), file });
    }
  });

  it('writes <slug>.pptx beside the deck, with no browser (the seed has no formulas) and says so per deck', async () => {
    expect(code).toBe(0);
    // The only thing on stderr is the import trace: the PowerPoint writer, never puppeteer.
    const imported = stderr.split('\n').filter(Boolean);
    expect(imported.every((line) => /^IMPORTED (pptxgenjs|jszip)$/.test(line)), stderr).toBe(true);
    expect(imported).toContain('IMPORTED pptxgenjs');
    for (const slug of slugs) {
      expect(stdout).toMatch(new RegExp(`^✓ ${slug} {2}\\d+ slides · PPTX · [\\d.]+ s`, 'm'));
      expect((await readdir(join(out, slug))).sort()).toEqual(['deck.json', 'index.html', `${slug}.pptx`]);
    }
  });

  it('has one slide per deck slide, in order, titled as the deck, at least 90% of them with editable text', () => {
    for (const slug of slugs) {
      const { deck, pptx } = decks.get(slug)!;
      expect(pptx.slides).toHaveLength(deck.slides.length);
      expect(pptx.slides.map(titleOf)).toEqual(deck.slides.map((slide) => expectedTitle(slide, deck.meta.lang)));
      const withText = pptx.slides.filter((slide) => runTexts(slide.xml).join('').trim().length > 0).length;
      expect(withText / deck.slides.length).toBeGreaterThanOrEqual(0.9);
      // Every word of a slide body is in the PowerPoint slide, as text.
      deck.slides.forEach((slide, index) => {
        const words = squash(runTexts(pptx.slides[index]!.xml).join(' '));
        for (const word of plainText(slide.html).split(' ').filter(Boolean)) expect(words).toContain(word);
      });
    }
  });

  it('puts the notes of every slide that has notes on its notes page', () => {
    for (const slug of slugs) {
      const { deck, pptx } = decks.get(slug)!;
      const withNotes = deck.slides.map((slide, index) => ({ slide, index })).filter(({ slide }) => slide.notes.length > 0);
      expect(withNotes.length, `${slug} has notes`).toBeGreaterThan(0);
      // Compared without white space: paragraphs are separate runs on the notes page.
      for (const { slide, index } of withNotes) expect(runTexts(pptx.slides[index]!.notes).join('').replace(/\s+/g, '')).toBe(plainText(slide.notes.join('\n')).replace(/\s+/g, ''));
      for (const [index, slide] of deck.slides.entries()) if (slide.notes.length === 0) expect(runTexts(pptx.slides[index]!.notes)).toEqual([]);
    }
  });

  it('tags the Korean deck ko-KR, every run, and names an East Asian typeface for it', () => {
    const { pptx } = decks.get('sovereign-ai-korea-ko')!;
    let hangulRuns = 0;
    for (const slide of pptx.slides) {
      for (const xml of [slide.xml, slide.notes]) {
        expect(xml).not.toMatch(/(?<![\w:])lang="en-US"/);
        for (const [, attributes, body, text] of xml.matchAll(/<a:rPr ([^>]*?)\/?>(?:((?:(?!<\/a:rPr>)[\s\S])*)<\/a:rPr>)?<a:t>([^<]*)<\/a:t>/g)) {
          if (!/\p{Script=Hangul}/u.test(text!)) continue;
          hangulRuns++;
          expect(attributes).toContain('lang="ko-KR"');
          if (body?.includes('<a:latin')) expect(body).toMatch(/<a:ea typeface="[^"]+"\/>/);
        }
      }
    }
    expect(hangulRuns).toBeGreaterThan(100);
    expect(pptx.files['ppt/theme/theme1.xml']).toMatch(/<a:minorFont><a:latin typeface="Pretendard"\/><a:ea typeface="Pretendard"\/>/);
    expect(pptx.files['docProps/core.xml']).toContain('<dc:language>ko-KR</dc:language>');
  });

  it('links the PowerPoint from the closing slide, the corner downloads menu and the index', async () => {
    for (const slug of slugs) {
      const page = await readFile(join(out, slug, 'index.html'), 'utf8');
      expect(/<p class="closing-downloads">([\s\S]*?)<\/p>/.exec(page)?.[1]).toContain(`href="${slug}.pptx"`);
      expect(/<details class="deck-downloads">([\s\S]*?)<\/details>/.exec(page)?.[1]).toContain(`href="${slug}.pptx"`);
    }
    const index = await readFile(join(out, 'index.html'), 'utf8');
    for (const slug of slugs) expect(index).toContain(`<a href="${slug}/${slug}.pptx">PowerPoint</a>`);
  });

  // LibreOffice is not installed by scripts/setup.sh (building decks never needs it); CI installs it in .ci/run and sets
  // CI, so there this test always runs. Only on a machine outside CI without `soffice` is it skipped.
  it('opens in LibreOffice Impress: as many pages as slides, the title on page 1 (skipped only outside CI without soffice)', async (context) => {
    const program = await onPath('soffice');
    context.skip(!program && !process.env['CI'], 'LibreOffice (soffice) is not installed here; scripts/setup.sh leaves it out, CI installs it');
    expect(program, 'soffice must be installed in CI (.ci/run installs libreoffice-impress)').toBeDefined();
    const home = await tempDir('briefdeck-soffice-');
    const pdfDir = join(home, 'pdf');
    await mkdir(pdfDir);
    const files = slugs.map((slug) => decks.get(slug)!.file);
    await run(program!, [`-env:UserInstallation=${pathToFileURL(join(home, 'profile')).href}`, '--headless', '--convert-to', 'pdf', '--outdir', pdfDir, ...files], { env: { ...process.env, HOME: home }, timeout: 240_000 });
    for (const slug of slugs) {
      const { deck } = decks.get(slug)!;
      const pdf = join(pdfDir, `${slug}.pdf`);
      expect(Number((await pdfInfo(pdf))['Pages'])).toBe(deck.slides.length);
      // pdftotext joins a word broken with a hyphen at a line's end, so hyphens and white space are left out of the comparison.
      const bare = (text: string): string => text.replace(/[\s-]+/g, '');
      expect(bare(await pdfText(pdf, 1, 1))).toContain(bare(deck.meta.title));
    }
  }, 300_000);
});

describe('asking for a PowerPoint', () => {
  const article = (frontMatter = ''): string => `---\ntitle: Water Policy Briefing\n${frontMatter}---\n\n## Why now\n\nOpening.\n\n## The rules\n\nText.\n`;

  it('front matter `pptx: true` and the config file ask for one; --no-pptx wins over both', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'asked.md'), article('pptx: true\n'));
    await writeFile(join(dir, 'plain.md'), article());
    const first = await runCli(['build', 'asked.md', 'plain.md', '--no-pdf', '--out', 'out'], { cwd: dir });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(await readdir(join(dir, 'out', 'asked'))).toContain('asked.pptx');
    expect(await readdir(join(dir, 'out', 'plain'))).not.toContain('plain.pptx');
    await writeFile(join(dir, 'briefdeck.config.json'), JSON.stringify({ pptx: true }));
    const second = await runCli(['build', 'plain.md', '--no-pdf', '--out', 'out'], { cwd: dir });
    expect(second.code).toBe(0);
    expect(await readdir(join(dir, 'out', 'plain'))).toContain('plain.pptx');
    const third = await runCli(['build', 'asked.md', '--no-pdf', '--no-pptx', '--out', 'fresh'], { cwd: dir });
    expect(third.code).toBe(0);
    expect(await readdir(join(dir, 'fresh', 'asked'))).toEqual(['deck.json', 'index.html']);
  });

  it('refuses a `pptx` that is not true or false with one line (exit 3)', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'bad.md'), article('pptx: maybe\n'));
    const result = await runCli(['build', 'bad.md', '--no-pdf', '--out', 'out'], { cwd: dir });
    expect(result.code).toBe(3);
    expect(result.stderr).toBe('✗ bad.md:3: front matter `pptx` must be true or false — fix or remove the key\n');
  });
});

describe('PowerPoint without a browser for its formulas', () => {
  it('writes formulas as their TeX and says so in one warning line when no browser starts', async () => {
    const dir = await tempDir();
    const fake = join(dir, 'no-browser');
    await writeFile(fake, '#!/bin/sh\nexit 1\n', { mode: 0o755 });
    await writeFile(join(dir, 'formulas.md'), ['---', 'title: Formulas', '---', '', '## Energy', '', '<div class="math math-display"><span class="katex"><annotation encoding="application/x-tex">E = mc^2</annotation></span></div>', ''].join('\n'));
    const result = await runCli(['build', 'formulas.md', '--no-pdf', '--pptx', '--unsafe-html', '--timeout', '10', '--out', 'out'], { cwd: dir, env: { PUPPETEER_EXECUTABLE_PATH: fake } });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^warning: formulas\.md: the PowerPoint shows 1 formula as text: the browser did not start: .*\n$/);
    const pptx = await readPptx(await readFile(join(dir, 'out', 'formulas', 'formulas.pptx')));
    const energy = pptx.slides.flatMap((slide) => shapes(slide.xml));
    expect(energy.some((shape) => shape.kind === 'pic')).toBe(false);
    expect(energy.some((shape) => shape.text === 'E = mc^2')).toBe(true);
  });
});

describe('PowerPoint with a browser', () => {
  it('draws display formulas and SVG images as pictures (the TeX and alt text on them), starting a browser for them', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'square.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"><rect width="200" height="100" fill="#0b4f8f"/></svg>');
    await writeFile(join(dir, 'formulas.md'), [
      '---', 'title: Formulas', 'pptx: true', '---', '', '## Energy', '',
      '<div class="math math-display"><span class="katex"><span class="katex-html" aria-hidden="true">E = mc²</span><span class="katex-mathml" hidden><annotation encoding="application/x-tex">E = mc^2</annotation></span></span></div>',
      '', '![A blue square](square.svg)', '',
    ].join('\n'));
    const result = await runCli(['build', 'formulas.md', '--no-pdf', '--unsafe-html', '--out', 'out'], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const pptx = await readPptx(await readFile(join(dir, 'out', 'formulas', 'formulas.pptx')));
    const pictures = pptx.slides.flatMap((slide) => shapes(slide.xml)).filter((shape) => shape.kind === 'pic');
    expect(pictures.map((picture) => /descr="([^"]*)"/.exec(picture.xml)?.[1]).sort()).toEqual(['A blue square', 'E = mc^2']);
    for (const picture of pictures) expect(picture.box.w).toBeGreaterThan(20);
    expect(Object.keys(pptx.files).some((path) => path.endsWith('.svg'))).toBe(false);
  });

  it('writes the PowerPoint of the fitted deck beside its PDFs: as many slides as PDF pages', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'talk.md'), `---\ntitle: Water Policy Briefing\n---\n\n## Why now\n\nOpening.\n\n## The rules\n\n${Array.from({ length: 14 }, (_, n) => `- Rule ${n + 1}: every well is registered, metered and reported each month to the basin office.`).join('\n')}\n`);
    const result = await runCli(['build', 'talk.md', '--pptx', '--no-handout', '--out', 'out'], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^✓ talk {2}(\d+) slides · \1 PDF pages · PPTX · /m);
    const folder = join(dir, 'out', 'talk');
    expect((await readdir(folder)).sort()).toEqual(['deck.json', 'index.html', 'talk.pdf', 'talk.pptx']);
    const deck = JSON.parse(await readFile(join(folder, 'deck.json'), 'utf8')) as Deck;
    const pptx = await readPptx(await readFile(join(folder, 'talk.pptx')));
    expect(pptx.slides.map(titleOf)).toEqual(deck.slides.map((slide) => expectedTitle(slide, 'en')));
    expect(Number((await pdfInfo(join(folder, 'talk.pdf')))['Pages'])).toBe(pptx.slides.length);
    expect(deck.slides.some((slide) => slide.continued)).toBe(true);
  });
});
