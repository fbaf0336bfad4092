// The export flags of `briefdeck build`, and one browser for a whole run of many decks (the shared build, whose
// binary starts Chromium through a wrapper that logs each launch).
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Deck } from '../src/model/deck.js';
import { fixtureFiles, pdfInfo, runCli, tempDir } from './helpers.js';
import { sharedBuild, buildTimeout } from './shared.js';

describe('one browser for a whole build', () => {
  it('starts Chromium once to print the seed and the 14 fixture articles, slides PDFs and handouts', async () => {
    const articles = fixtureFiles();
    expect(articles).toHaveLength(14);
    const run = await sharedBuild();
    // The fixtures warn about what they really hold (Liquid tags, an absolute image path); nothing failed, and the seed is clean.
    const lines = run.stderr.split('\n').filter(Boolean);
    for (const line of lines) expect(line).toMatch(/^warning: .*articles\/[\w.-]+\.md:\d+: (dropped Liquid (tag|output) |image ".+" is an absolute path)/);
    expect(lines.filter((line) => line.includes('sovereign-ai-korea'))).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^15 decks built in [\d.]+ s$/m);
    expect(run.launches).toBe(1);
    const decks = (await readdir(run.out)).filter((name) => !name.startsWith('_') && name !== 'index.html');
    expect(decks).toHaveLength(15);
    // The decks of the two articles with local images also have their assets/.
    const withImages = ['harbour-sketch', 'library-app-review'];
    for (const slug of decks) {
      expect((await readdir(join(run.out, slug))).sort()).toEqual(['deck.json', 'index.html', `${slug}-handout.pdf`, `${slug}.pdf`, ...(withImages.includes(slug) ? ['assets'] : [])].sort());
    }
    const index = await readFile(join(run.out, 'index.html'), 'utf8');
    // One handout link per deck, named in the deck's language (the fixtures have Korean, Chinese and Japanese articles).
    expect([...index.matchAll(/href="([\w.-]+)\/\1-handout\.pdf">[^<]+</g)].map((match) => match[1]).sort()).toEqual(decks.sort());
  }, buildTimeout);
});

/** A short article (6 slides, no front matter): the flags change what is printed, whatever the article. */
const article = fixtureFiles().find((file) => basename(file) === '2024-03-09-night-ferry.md')!;

describe('export flags', () => {
  it('--no-handout prints the slides PDF only and links only it', async () => {
    const out = await tempDir();
    const run = await runCli(['build', article, '--no-handout', '--out', out]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const dir = join(out, 'night-ferry');
    const slides = (JSON.parse(await readFile(join(dir, 'deck.json'), 'utf8')) as Deck).slides.length;
    expect(run.stdout).toMatch(new RegExp(`night-ferry  ${slides} slides · ${slides} PDF pages · [\\d.]+ s`));
    expect(Number((await pdfInfo(join(dir, 'night-ferry.pdf')))['Pages'])).toBe(slides);
    expect((await readdir(dir)).sort()).toEqual(['deck.json', 'index.html', 'night-ferry.pdf']);
    const html = await readFile(join(dir, 'index.html'), 'utf8');
    expect(html).toContain('href="night-ferry.pdf"');
    expect(html).not.toContain('handout.pdf');
  });

  it('--no-pdf --handout --page-size letter prints the handout only, on Letter, and links only it', async () => {
    const out = await tempDir();
    const run = await runCli(['build', article, '--no-pdf', '--handout', '--page-size', 'letter', '--out', out]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const dir = join(out, 'night-ferry');
    const slides = (JSON.parse(await readFile(join(dir, 'deck.json'), 'utf8')) as Deck).slides.length;
    const pages = Number((await pdfInfo(join(dir, 'night-ferry-handout.pdf')))['Pages']);
    expect(run.stdout).toMatch(new RegExp(`night-ferry  ${slides} slides · handout ${pages} pages · [\\d.]+ s`));
    expect((await readdir(dir)).sort()).toEqual(['deck.json', 'index.html', 'night-ferry-handout.pdf']);
    expect((await pdfInfo(join(dir, 'night-ferry-handout.pdf')))['Page size']).toBe('612 x 792 pts (letter)');
    const html = await readFile(join(dir, 'index.html'), 'utf8');
    expect(html).toContain('href="night-ferry-handout.pdf"');
    expect(html).not.toContain('href="night-ferry.pdf"');
  });

  it('rejects an unknown page size as a usage error (exit 2, one line) before building anything', async () => {
    const out = await tempDir();
    const run = await runCli(['build', article, '--page-size', 'a5', '--out', out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('briefdeck: --page-size must be a4 or letter, not "a5" — run `briefdeck help` for the options\n');
    expect(await readdir(out)).toEqual([]);
  });

  it('--no-pdf alone builds HTML only: no handout, no download links', async () => {
    const out = await tempDir();
    const run = await runCli(['build', article, '--no-pdf', '--out', out]);
    expect(run.code).toBe(0);
    const html = await readFile(join(out, 'night-ferry', 'index.html'), 'utf8');
    expect(html).not.toContain('deck-downloads');
    expect(html).not.toContain('.pdf"');
  });

  it('names the line of a broken handout.hbs, exits 4 and leaves no deck behind', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'mine'));
    await writeFile(join(dir, 'mine', 'theme.json'), JSON.stringify({ name: 'mine', extends: 'briefing' }));
    await writeFile(join(dir, 'mine', 'handout.hbs'), '<h1>{{meta.title}}</h1>\n{{#each handout.items}}\n<p>{{number}}</p>\n');
    const out = join(dir, 'out');
    const run = await runCli(['build', article, '--theme', './mine', '--out', out], { cwd: dir });
    expect(run.code).toBe(4);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^✗ .*mine\/handout\.hbs:\d+: template syntax error/);
    expect((await readdir(out).catch(() => [] as string[])).filter((name) => !name.startsWith('_'))).toEqual([]);
  });
});
