// The export flags of `briefdeck build`, and one browser for a whole run of many decks (counted through a logging wrapper).
import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findBrowser } from '../src/fit/browser.js';
import type { Deck } from '../src/model/deck.js';
import { corpus, pdfInfo, runCli, seedFile, tempDir } from './helpers.js';

describe('one browser for a whole build', () => {
  it('starts Chromium once to print the seed and the 10 corpus articles, slides PDFs and handouts', async () => {
    const dir = await tempDir();
    const log = join(dir, 'launches.log');
    const wrapper = join(dir, 'chromium-logged');
    const real = await findBrowser(process.env);
    await writeFile(wrapper, `#!/bin/sh\necho "start $$" >> '${log}'\nexec '${real}' "$@"\n`);
    await chmod(wrapper, 0o755);
    const out = join(dir, 'out');
    const articles = (await readdir(join(corpus, 'articles'))).filter((name) => name.endsWith('.md')).map((name) => join(corpus, 'articles', name));
    expect(articles).toHaveLength(10);
    const run = await runCli(['build', seedFile, ...articles, '--out', out], { env: { PUPPETEER_EXECUTABLE_PATH: wrapper } });
    // The corpus warns about what it really holds (Liquid tags, an absolute image path); nothing failed, and the seed is clean.
    const lines = run.stderr.split('\n').filter(Boolean);
    for (const line of lines) expect(line).toMatch(/^warning: .*articles\/[\w.-]+\.md:\d+: (dropped Liquid (tag|output) |image ".+" is an absolute path)/);
    expect(lines.filter((line) => line.includes('sovereign-ai-korea'))).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^11 decks built in [\d.]+ s$/m);
    expect((await readFile(log, 'utf8')).trim().split('\n')).toHaveLength(1);
    const decks = (await readdir(out)).filter((name) => !name.startsWith('_') && name !== 'index.html');
    expect(decks).toHaveLength(11);
    for (const slug of decks) {
      expect((await readdir(join(out, slug))).sort()).toEqual(['deck.json', 'index.html', `${slug}-handout.pdf`, `${slug}.pdf`].sort());
    }
    const index = await readFile(join(out, 'index.html'), 'utf8');
    // One handout link per deck, named in the deck's language (the corpus has a Korean article).
    expect([...index.matchAll(/href="([\w.-]+)\/\1-handout\.pdf">[^<]+</g)].map((match) => match[1]).sort()).toEqual(decks.sort());
  });
});

describe('export flags', () => {
  it('--no-handout prints the slides PDF only and links only it', async () => {
    const out = await tempDir();
    const run = await runCli(['build', seedFile, '--no-handout', '--out', out]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const dir = join(out, 'sovereign-ai-korea');
    const slides = (JSON.parse(await readFile(join(dir, 'deck.json'), 'utf8')) as Deck).slides.length;
    expect(run.stdout).toMatch(new RegExp(`sovereign-ai-korea  ${slides} slides · ${slides} PDF pages · [\\d.]+ s`));
    expect(Number((await pdfInfo(join(dir, 'sovereign-ai-korea.pdf')))['Pages'])).toBe(slides);
    expect((await readdir(dir)).sort()).toEqual(['deck.json', 'index.html', 'sovereign-ai-korea.pdf']);
    const html = await readFile(join(dir, 'index.html'), 'utf8');
    expect(html).toContain('href="sovereign-ai-korea.pdf"');
    expect(html).not.toContain('handout.pdf');
  });

  it('--no-pdf --handout --page-size letter prints the handout only, on Letter, and links only it', async () => {
    const out = await tempDir();
    const run = await runCli(['build', seedFile, '--no-pdf', '--handout', '--page-size', 'letter', '--out', out]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const dir = join(out, 'sovereign-ai-korea');
    const slides = (JSON.parse(await readFile(join(dir, 'deck.json'), 'utf8')) as Deck).slides.length;
    const pages = Number((await pdfInfo(join(dir, 'sovereign-ai-korea-handout.pdf')))['Pages']);
    expect(run.stdout).toMatch(new RegExp(`sovereign-ai-korea  ${slides} slides · handout ${pages} pages · [\\d.]+ s`));
    expect((await readdir(dir)).sort()).toEqual(['deck.json', 'index.html', 'sovereign-ai-korea-handout.pdf']);
    expect((await pdfInfo(join(dir, 'sovereign-ai-korea-handout.pdf')))['Page size']).toBe('612 x 792 pts (letter)');
    const html = await readFile(join(dir, 'index.html'), 'utf8');
    expect(html).toContain('href="sovereign-ai-korea-handout.pdf"');
    expect(html).not.toContain('href="sovereign-ai-korea.pdf"');
  });

  it('rejects an unknown page size as a usage error (exit 2, one line) before building anything', async () => {
    const out = await tempDir();
    const run = await runCli(['build', seedFile, '--page-size', 'a5', '--out', out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('briefdeck: --page-size must be a4 or letter, not "a5" — run `briefdeck help` for the options\n');
    expect(await readdir(out)).toEqual([]);
  });

  it('--no-pdf alone builds HTML only: no handout, no download links', async () => {
    const out = await tempDir();
    const run = await runCli(['build', seedFile, '--no-pdf', '--out', out]);
    expect(run.code).toBe(0);
    const html = await readFile(join(out, 'sovereign-ai-korea', 'index.html'), 'utf8');
    expect(html).not.toContain('deck-downloads');
    expect(html).not.toContain('.pdf"');
  });

  it('names the line of a broken handout.hbs, exits 4 and leaves no deck behind', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'mine'));
    await writeFile(join(dir, 'mine', 'theme.json'), JSON.stringify({ name: 'mine', extends: 'briefing' }));
    await writeFile(join(dir, 'mine', 'handout.hbs'), '<h1>{{meta.title}}</h1>\n{{#each handout.items}}\n<p>{{number}}</p>\n');
    const out = join(dir, 'out');
    const run = await runCli(['build', seedFile, '--theme', './mine', '--out', out], { cwd: dir });
    expect(run.code).toBe(4);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^✗ .*mine\/handout\.hbs:\d+: template syntax error/);
    expect((await readdir(out).catch(() => [] as string[])).filter((name) => !name.startsWith('_'))).toEqual([]);
  });
});
