// Browser tests: the seed and every fixture article, built in one run with the default theme (the shared build), keep
// the readability rules in Chromium at 1280×720; the fit stage splits and shrinks what the estimate got wrong; `check`
// reports problems.
import { readdirSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserSession } from '../src/fit/browser.js';
import { auditDeck, defaultRules } from '../src/fit/audit.js';
import { checkDeck, type CheckedDeck } from '../src/fit/check.js';
import { measureDeck } from '../src/fit/measure.js';
import type { Deck } from '../src/model/deck.js';
import { fixtureFiles, root, runCli, tempDir } from './helpers.js';
import { sharedBrowser, sharedBuild, buildTimeout } from './shared.js';
import type { SharedBuild } from './global-setup.js';

/** Problems of the articles themselves (remote, missing and refused images), not of the deck's layout. */
const articleProblem = /requests the network|" not found: |: not copied$/;
/** Warnings about the articles themselves: Liquid tags dropped, and images named by an absolute path (never copied). */
const articleWarning = /^warning: .+\.md:\d+: (dropped Liquid (tag|output) |image "\/[^"]+" is an absolute path, outside the content folder: not copied$)/;

describe('every deck of the seed and the fixture articles reads well', () => {
  let out = '';
  let build: SharedBuild;
  let session: BrowserSession;
  const checked = new Map<string, { deck: Deck; result: CheckedDeck }>();

  beforeAll(async () => {
    session = await sharedBrowser();
    build = await sharedBuild();
    out = build.out;
    for (const entry of readdirSync(out, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name.startsWith('_')) continue;
      const dir = join(out, entry.name);
      const deck = JSON.parse(await readFile(join(dir, 'deck.json'), 'utf8')) as Deck;
      checked.set(entry.name, { deck, result: await checkDeck(dir, { cwd: root, browser: async () => session, timeout: 60_000 }) });
    }
  }, buildTimeout);
  afterAll(async () => session?.close());

  const each = <T>(pick: (entry: { deck: Deck; result: CheckedDeck }) => T): Record<string, T> => Object.fromEntries([...checked].map(([slug, entry]) => [slug, pick(entry)]));

  it('builds every article (the only warnings, by line, are Liquid tags dropped and images named by an absolute path)', () => {
    expect(build.code).toBe(0);
    expect(checked.size).toBe(fixtureFiles().length + 1);
    const warnings = build.stderr.trim().split('\n').filter(Boolean);
    for (const line of warnings) expect(line).toMatch(articleWarning);
    // The fixtures' one absolute image path is warned about once, at its line, and the build still succeeds.
    expect(warnings.filter((line) => line.includes('is an absolute path'))).toEqual([expect.stringMatching(/liquid-in-a-build-log\.md:70: image "\/assets\/images\/build-minutes\.png"/)]);
  });

  it(`no slide overflows its box by more than ${defaultRules.overflow} px, down or sideways, title and agenda included`, () => {
    expect(each(({ result }) => result.stats.worstOverflow <= defaultRules.overflow)).toEqual(each(() => true));
  });

  it(`no text on a slide is smaller than ${defaultRules.minText * 100}% of the slide height`, () => {
    expect(each(({ result }) => result.stats.smallestText >= defaultRules.minText * 720)).toEqual(each(() => true));
  });

  it(`no content slide carries more than ${defaultRules.slideWords} words of body text (title, section name and code not counted)`, () => {
    expect(each(({ result }) => result.stats.busiestWords <= defaultRules.slideWords)).toEqual(each(() => true));
  });

  it('no thin continuation: a slide repeating its neighbour\'s heading carries 15 words or more, or a picture, table or code', () => {
    expect(each(({ result }) => result.stats.thin)).toEqual(each(() => 0));
  });

  it('content fills the slide: at least half its height at the median, at most 15% of the content slides (or one) under 0.35', () => {
    const allowed = (slides: number): number => Math.max(1, Math.floor(defaultRules.sparseShare * slides));
    expect(each(({ result }) => result.stats.medianFill >= defaultRules.medianFill)).toEqual(each(() => true));
    expect(each(({ result }) => result.stats.sparse <= allowed(result.stats.fills.length))).toEqual(each(() => true));
  });

  it('the printed view fills and fits as the screen does (the PDFs are printed from it)', async () => {
    for (const [slug, { deck }] of checked) {
      const printed = await measureDeck(session, join(out, slug, 'index.html'), { width: 1280, height: 720, timeout: 60_000, view: 'print' });
      const { stats, problems } = auditDeck(deck, printed);
      expect([slug, problems.filter((problem) => !articleProblem.test(problem.message))]).toEqual([slug, []]);
      expect([slug, stats.medianFill >= defaultRules.medianFill]).toEqual([slug, true]);
    }
  });

  it('the seed is a deck of at most 35 slides, every content slide titled and laid out', () => {
    const { deck } = checked.get('sovereign-ai-korea')!;
    expect(deck.slides.length).toBeLessThanOrEqual(35);
    expect(deck.slides.filter((slide) => slide.kind === 'content').every((slide) => slide.title && slide.layout)).toBe(true);
  });

  it(`at least ${defaultRules.coverage * 100}% of each article's words are on a slide or in its notes`, () => {
    expect(each(({ result }) => result.articleChecked && result.stats.coverage >= defaultRules.coverage)).toEqual(each(() => true));
  });

  it('every condensed paragraph is whole in the notes of the slide that shows its lead, and check finds no layout problem', () => {
    expect(each(({ result }) => result.problems.filter((line) => !articleProblem.test(line)))).toEqual(each(() => []));
    expect(each(({ deck }) => deck.slides.some((slide) => slide.notes.length > 0))['sovereign-ai-korea']).toBe(true);
  });

  it('the in-deck guard leaves slides that fit alone, in the presentation and the print view', async () => {
    const page = await session.newPage({ width: 1280, height: 720 });
    try {
      const guarded: Record<string, number> = {};
      for (const view of ['', '?print-pdf']) {
        await page.goto(`${pathToFileURL(join(out, 'sovereign-ai-korea', 'index.html')).href}${view}`, { waitUntil: 'load' });
        await page.waitForFunction(() => document.documentElement.getAttribute('data-briefdeck-ready') === 'true');
        guarded[view || 'presentation'] = await page.evaluate(() => document.querySelectorAll('[data-guard-scale]').length);
      }
      expect(guarded).toEqual({ presentation: 0, '?print-pdf': 0 });
    } finally {
      await page.close();
    }
  });

  it('the speaker view shows a slide\'s notes (Reveal\'s notes plugin)', async () => {
    const { deck } = checked.get('sovereign-ai-korea')!;
    const slide = deck.slides.find((candidate) => candidate.notes.length > 0)!;
    const page = await session.newPage({ width: 1280, height: 720 });
    try {
      await page.goto(`${pathToFileURL(join(out, 'sovereign-ai-korea', 'index.html')).href}#/${slide.id}`, { waitUntil: 'load' });
      await page.waitForFunction(() => document.documentElement.getAttribute('data-briefdeck-ready') === 'true');
      const popup = new Promise<import('puppeteer').Page | null>((resolve) => page.browserContext().once('targetcreated', (target) => resolve(target.page())));
      await page.evaluate(() => (window as unknown as { Reveal: { getPlugin(name: string): { open(): void } } }).Reveal.getPlugin('notes').open());
      const speaker = (await popup)!;
      await speaker.waitForFunction(() => (document.querySelector('.speaker-controls-notes .value')?.textContent ?? '').trim().length > 0, { timeout: 30_000 });
      const shown = await speaker.evaluate(() => document.querySelector('.speaker-controls-notes .value')!.textContent ?? '');
      await speaker.close();
      expect(shown.replace(/\s+/g, ' ')).toContain(slide.notes[0]!.replace(/<[^>]+>/g, '').slice(0, 60));
    } finally {
      await page.close();
    }
  });
});

describe('the fit stage, the in-deck guard and check', () => {
  let dir = '';
  let article = '';
  let session: BrowserSession;

  beforeAll(async () => {
    dir = await tempDir();
    // A theme whose metrics claim text is far smaller than it is: the planner's estimate is wrong on purpose.
    await mkdir(join(dir, 'understated'));
    await writeFile(join(dir, 'understated', 'theme.json'), JSON.stringify({ name: 'understated', extends: 'briefing', metrics: { fontSize: 12, charWidth: 0.3, maxWords: 400 } }));
    const items = (name: string): string => Array.from({ length: 14 }, (_, i) => `- ${name} point ${i + 1} carries a line of plain words`).join('\n');
    article = join(dir, 'long-lists.md');
    await writeFile(article, `---\ntitle: Long lists\n---\n## Plans\n\n${items('Plan')}\n\n## Risks\n\n${items('Risk')}\n`);
    session = await sharedBrowser();
  });
  afterAll(async () => session?.close());

  it('splits the slides the estimate got wrong, says so, and check then finds no overflow', async () => {
    const run = await runCli(['build', 'long-lists.md', '--theme', './understated', '--no-handout', '--out', 'fitted'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/fit: split "Plans" into \d+ slides \(planned 1\)/);
    expect(run.stdout).toMatch(/fit: split "Risks" into \d+ slides \(planned 1\)/);
    // The theme allows 400 words a slide, so check may count words; it finds no overflow and no small text.
    const check = await runCli(['check', 'fitted'], { cwd: dir });
    expect(check.stdout).toMatch(/1 deck checked/);
    expect(check.stdout).not.toMatch(/overflows|has text of/);
  });

  it('with --no-fit the overflow stays; check names file:line and exits 6; the guard scales the slide in the deck', async () => {
    const run = await runCli(['build', 'long-lists.md', '--theme', './understated', '--no-handout', '--out', 'unfitted', '--no-fit'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('fit:');
    const check = await runCli(['check', 'long-lists.md', '--out', 'unfitted'], { cwd: dir });
    expect(check.code).toBe(6);
    expect(check.stdout).toMatch(/^long-lists\.md:4: "Plans" overflows by \d+ px$/m);
    expect(check.stdout).toMatch(/^long-lists\.md:\d+: "Risks" overflows by \d+ px$/m);
    const page = await session.newPage({ width: 1280, height: 720 });
    try {
      await page.goto(`${pathToFileURL(join(dir, 'unfitted', 'long-lists', 'index.html')).href}#/plans`, { waitUntil: 'load' });
      await page.waitForFunction(() => document.documentElement.getAttribute('data-briefdeck-ready') === 'true');
      const seen = await page.evaluate(() => {
        const slide = document.getElementById('plans')!;
        const frame = slide.querySelector('.slide-frame')!;
        const items = Array.from(frame.querySelectorAll('li'));
        return { guard: Number(slide.getAttribute('data-guard-scale')), last: items[items.length - 1]!.getBoundingClientRect().bottom, slide: slide.getBoundingClientRect().bottom };
      });
      expect(seen.guard).toBeGreaterThan(0.5);
      expect(seen.guard).toBeLessThan(1);
      expect(seen.last).toBeLessThanOrEqual(seen.slide + 2);
    } finally {
      await page.close();
    }
  });

  it('shrinks a slide that cannot be split (one long paragraph kept whole), never below minScale', async () => {
    // Too long for the slide even at the theme's dense size: the fit stage scales it.
    const words = Array.from({ length: 300 }, (_, i) => (i % 12 === 11 ? 'stop.' : 'word')).join(' ');
    await writeFile(join(dir, 'one-long-paragraph.md'), `---\ntitle: One paragraph\ndeck:\n  prose: slide\n---\n## Whole\n\n${words}\n`);
    const run = await runCli(['build', 'one-long-paragraph.md', '--no-handout', '--out', 'shrunk'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/fit: shrank "Whole" to (8\d|9\d)%/);
    const deck = JSON.parse(await readFile(join(dir, 'shrunk', 'one-long-paragraph', 'deck.json'), 'utf8')) as Deck;
    expect(Number(deck.slides.find((slide) => slide.id === 'whole')!.attributes!['data-fit-scale'])).toBeGreaterThanOrEqual(0.8);
    // prose: slide keeps 300 words on one slide, which check counts against the word rule; the slide itself fits.
    const check = await runCli(['check', 'shrunk'], { cwd: dir });
    expect(check.stdout).toMatch(new RegExp(`^one-long-paragraph\\.md:6: "Whole" carries 300 words of body text \\(at most ${defaultRules.slideWords}\\)$`, 'm'));
    expect(check.stdout).not.toMatch(/overflows|has text of/);
  });

  it('check reports a missing local image, one named by an absolute path and a remote one, each at its source line', async () => {
    await writeFile(join(dir, 'images.md'), '---\ntitle: Images\n---\n## Pictures\n\n![A missing picture](missing.png)\n\n![A remote picture](https://example.invalid/remote.png)\n\n![An absolute picture](/srv/absolute.png)\n');
    const run = await runCli(['build', 'images.md', '--out', 'images', '--no-pdf'], { cwd: dir });
    expect(run.code).toBe(0);
    // The build left both local images out of the deck (their alt text shows) and said so; check reports the same two.
    expect(run.stderr).toMatch(/^warning: images\.md:6: image "missing\.png" not found/m);
    expect(run.stderr).toMatch(/^warning: images\.md:10: image "\/srv\/absolute\.png" is an absolute path/m);
    const check = await runCli(['check', 'images'], { cwd: dir });
    expect(check.code).toBe(6);
    expect(check.stdout).toMatch(/^images\.md:6: "image" not found: .*missing\.png$/m);
    expect(check.stdout).toMatch(/^images\.md:10: "image" "\/srv\/absolute\.png" is an absolute path, outside the content folder: not copied$/m);
    expect(check.stdout).toMatch(/^images\.md:8: "deck" requests the network: https:\/\/example\.invalid\/remote\.png$/m);
    expect(check.stdout).toMatch(/^1 deck checked, 3 problems$/m);
  });

  it('check without built decks fails with a hint', async () => {
    const check = await runCli(['check', 'nowhere'], { cwd: dir });
    expect(check.code).toBe(3);
    expect(check.stderr).toMatch(/nowhere: not a built deck folder/);
  });
});
