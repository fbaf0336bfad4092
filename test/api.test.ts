// The library API as a user imports it: by the package's name (resolved through package.json `exports` to the compiled
// lib/), never ../src. build() writes what the command line writes and returns a result per deck; planDeck() and
// renderDeck() give exactly what build() wrote; check() audits in the real Chromium; nothing prints or reads argv.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, check, DeckError, loadTheme, planDeck, renderDeck, type BuildEvent } from 'briefdeck';
import { root, tempDir } from './helpers.js';

const talk = `---
title: The Quarterly Review
author: Min-ji Park
---

Where we stand, in one slide.

## Revenue

- Up 12% on the year
- Two new markets

![chart](missing-chart.png)

## Hiring

### Engineering

We hired six engineers. {% include note.html %}

### Design

Two designers joined.
`;

/** Returns a temporary project folder holding the given articles. */
async function project(files: Record<string, string>): Promise<string> {
  const dir = await tempDir('briefdeck-api-');
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  return dir;
}

describe('build()', () => {
  it('builds an article into <out>/<slug>/ from a cwd of its own and returns the deck, its files, its warnings and the events', async () => {
    const dir = await project({ 'talk.md': talk });
    const events: BuildEvent[] = [];
    const result = await build({ cwd: dir, inputs: ['talk.md'], out: 'api-out', pdf: false, onProgress: (event) => events.push(event) });

    expect(result.ok).toBe(true);
    expect(result.exitCode).toBe(0);
    expect(result.out).toBe(join(dir, 'api-out'));
    expect(result.decks).toHaveLength(1);
    const [deck] = result.decks;
    const deckDir = join(dir, 'api-out', 'talk');
    expect(deck).toMatchObject({ file: 'talk.md', ok: true, slug: 'talk', dir: deckDir, exitCode: 0 });
    expect(deck!.files).toEqual([join(deckDir, 'deck.json'), join(deckDir, 'index.html')]);
    expect(deck!.pages).toBeUndefined();
    const written = JSON.parse(await readFile(join(deckDir, 'deck.json'), 'utf8')) as { slides: unknown[] };
    expect(deck!.slides).toBe(written.slides.length);
    expect(await readFile(join(deckDir, 'index.html'), 'utf8')).toContain('The Quarterly Review');

    expect(deck!.warnings).toEqual([
      'talk.md:19: dropped Liquid tag {% include note.html %}',
      'talk.md:13: image "missing-chart.png" not found: the deck shows its alt text instead',
    ]);
    expect(result.warnings).toEqual(deck!.warnings);
    expect(events.map((event) => event.type)).toEqual(['warning', 'warning', 'start', 'deck']);
    expect(events.filter((event) => event.type === 'warning').every((event) => event.file === 'talk.md')).toBe(true);
    expect(events[2]).toEqual({ type: 'start', index: 1, total: 1, file: 'talk.md' });
    expect(events[3]).toEqual({ type: 'deck', deck });
  });

  it('returns one bad article as a failed deck with its error, builds the others, and gives the exit code (no throw)', async () => {
    const dir = await project({ 'content/a-good.md': talk, 'content/b-broken.md': '---\ntitle: Broken\ntoc: maybe\n---\n\nText.\n' });
    const result = await build({ cwd: dir, pdf: false });
    expect(result.decks.map((deck) => [deck.file, deck.ok])).toEqual([
      [join('content', 'a-good.md'), true],
      [join('content', 'b-broken.md'), false],
    ]);
    const broken = result.decks[1]!;
    expect(broken.error).toBeInstanceOf(DeckError);
    expect(broken.error).toMatchObject({ code: 3, file: join('content', 'b-broken.md'), line: 3 });
    expect(broken.exitCode).toBe(3);
    expect(broken.files).toEqual([]);
    expect(result.ok).toBe(false);
    expect(result.exitCode).toBe(3);
    expect(result.decks[0]!.files).toContain(join(dir, 'dist', 'a-good', 'index.html'));
  });

  it('prints the PDFs, reports them among the files written and tells what it prints', async () => {
    const dir = await project({ 'talk.md': talk });
    const events: BuildEvent[] = [];
    const result = await build({ cwd: dir, inputs: ['talk.md'], handout: false, onProgress: (event) => events.push(event) });
    const [deck] = result.decks;
    expect(deck).toMatchObject({ ok: true, slug: 'talk', exitCode: 0 });
    expect(deck!.pages).toBe(deck!.slides);
    expect(deck!.handoutPages).toBeUndefined();
    expect(deck!.files).toEqual(['deck.json', 'index.html', 'talk.pdf'].map((name) => join(dir, 'dist', 'talk', name)));
    expect(events.some((event) => event.type === 'progress' && event.file === 'talk.md' && /slides PDF/.test(event.message))).toBe(true);
  });

  it('rejects with exit code 130 when aborted, leaving no deck behind', async () => {
    const dir = await project({ 'talk.md': talk });
    const controller = new AbortController();
    controller.abort();
    await expect(build({ cwd: dir, inputs: ['talk.md'], pdf: false, signal: controller.signal })).rejects.toMatchObject({ code: 130 });
    expect(existsSync(join(dir, 'dist', 'talk'))).toBe(false);
  });

  it('rejects only when the run cannot start: no content/ folder, bad options', async () => {
    const dir = await project({});
    await expect(build({ cwd: dir, pdf: false })).rejects.toMatchObject({ name: 'DeckError', code: 3, message: 'no content/ folder here to build' });
    await expect(build({ cwd: dir, inputs: ['missing.md'], pdf: false })).rejects.toMatchObject({ code: 3, message: 'no such file or folder' });
    // Not a page size (the types refuse it too): JavaScript callers get a usage error.
    await expect(build({ cwd: dir, inputs: ['x.md'], pageSize: 'a3' as never })).rejects.toMatchObject({ code: 2, message: 'pageSize must be "a4" or "letter", not "a3"' });
    await expect(build({ cwd: dir, inputs: ['x.md'], timeout: 0 })).rejects.toMatchObject({ code: 2 });
  });
});

describe('planDeck() and renderDeck()', () => {
  it('plan and render exactly what build() writes, from the file or from its text', async () => {
    const dir = await project({ 'talk.md': talk, 'briefdeck.config.json': JSON.stringify({ theme_vars: { accent: '#0f5c4d' } }) });
    await build({ cwd: dir, inputs: ['talk.md'], out: 'out', pdf: false });
    // deck.json is the deck and, beside it, the record of its inputs (what an unchanged build compares).
    const { inputs, ...written } = JSON.parse(await readFile(join(dir, 'out', 'talk', 'deck.json'), 'utf8')) as { inputs: unknown };
    expect(inputs).toMatchObject({ images: ['missing-chart.png'] });
    const page = await readFile(join(dir, 'out', 'talk', 'index.html'), 'utf8');

    const fromFile = await planDeck({ cwd: dir, file: 'talk.md' });
    expect(fromFile.deck).toEqual(written);
    expect(fromFile.themeVars).toEqual({ accent: '#0f5c4d' });
    expect(fromFile.warnings).toHaveLength(2);
    expect(await renderDeck(fromFile.deck, { themeVars: fromFile.themeVars, cwd: dir })).toBe(page);

    const fromText = await planDeck({ cwd: dir, markdown: talk, file: 'talk.md' });
    expect(fromText.deck).toEqual(written);
  });

  it('plan Markdown given without a file, naming the deck after its title', async () => {
    const { deck, warnings } = await planDeck({ markdown: '# Hello, World\n\n## One\n\nA point.\n', agenda: true });
    expect(deck.meta).toMatchObject({ title: 'Hello, World', slug: 'hello-world', source: 'article.md' });
    expect(deck.slides.map((slide) => slide.kind)).toEqual(['title', 'agenda', 'content', 'closing']);
    expect(warnings).toEqual([]);
    expect(await renderDeck(deck, { theme: await loadTheme('midnight'), shared: 'assets-here' })).toContain('href="assets-here/themes/midnight/theme.css"');
  });

  it('throw a DeckError for a broken article, a missing theme, or no article at all', async () => {
    await expect(planDeck({ markdown: '   \n' })).rejects.toMatchObject({ code: 3, message: 'the article is empty' });
    await expect(planDeck({ markdown: '# A\n', theme: 'no-such-theme' })).rejects.toMatchObject({ code: 4 });
    await expect(loadTheme('no-such-theme')).rejects.toBeInstanceOf(DeckError);
    await expect(planDeck({})).rejects.toMatchObject({ code: 2 });
  });
});

describe('check()', () => {
  it('audits a built deck in Chromium and counts its problems', async () => {
    const dir = await project({ 'talk.md': talk });
    await build({ cwd: dir, inputs: ['talk.md'], out: 'out', pdf: false });
    const result = await check({ cwd: dir, out: 'out' });
    expect(result.decks).toHaveLength(1);
    const [deck] = result.decks;
    expect(deck).toMatchObject({ dir: join(dir, 'out', 'talk'), source: 'talk.md', articleChecked: true });
    expect(deck!.stats.slides).toBeGreaterThan(3);
    // The missing image is a problem (the build left it out of the deck); whatever else the rules find is counted too.
    expect(deck!.problems).toContain(`talk.md:13: "image" not found: ${join(dir, 'missing-chart.png')}`);
    expect(result.problems).toBe(deck!.problems.length);
    expect(result.exitCode).toBe(6);
    await expect(check({ cwd: dir, paths: ['nothing-here'] })).rejects.toMatchObject({ code: 3 });
  });
});

describe('the package imported by its name in plain Node', () => {
  it('never prints and never reads process.argv', async () => {
    const dir = await project({ 'talk.md': talk });
    const script = `
      const written = [];
      const print = process.stdout.write.bind(process.stdout);
      for (const stream of [process.stdout, process.stderr]) stream.write = (chunk) => (written.push(String(chunk)), true);
      for (const name of ['log', 'info', 'warn', 'error', 'debug']) console[name] = (...args) => written.push(args.join(' '));
      process.argv.push('--pdf', '--out', 'elsewhere', '--theme', 'nonsense');
      const { build } = await import('briefdeck');
      const result = await build({ cwd: ${JSON.stringify(dir)}, inputs: ['talk.md'], out: 'api-out', pdf: false });
      print(JSON.stringify({ written, ok: result.ok, slug: result.decks[0].slug, warnings: result.warnings.length }));
    `;
    const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ written: [], ok: true, slug: 'talk', warnings: 2 });
  });
});
