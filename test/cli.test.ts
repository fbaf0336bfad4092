import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findBrowser } from '../src/fit/browser.js';
import { DeckError } from '../src/model/errors.js';
import { runCli, seedFile, tempDir } from './helpers.js';

/** Every failure is one line on stderr (plus the summary on stdout), never a stack trace. */
function expectOneLine(stderr: string): void {
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(stderr).not.toMatch(/^\s+at /m);
}

async function leftovers(dir: string): Promise<string[]> {
  return (await readdir(dir).catch(() => [] as string[])).filter((name) => name !== '_shared' && name !== 'index.html');
}

describe('briefdeck build (HTML only)', () => {
  it('builds the seed into <out>/<slug>/index.html and reports one line per deck', async () => {
    const out = await tempDir();
    const run = await runCli(['build', seedFile, '--no-pdf', '--out', out]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^✓ sovereign-ai-korea {2}34 slides · [\d.]+ s {2}→ .*sovereign-ai-korea\/$/m);
    expect(await readdir(join(out, 'sovereign-ai-korea'))).toEqual(['deck.json', 'index.html']);
    expect(await readdir(join(out, '_shared', 'reveal'))).toContain('reveal.js');
  });

  it('never loads puppeteer for an HTML-only build', async () => {
    const out = await tempDir();
    const traced = join(import.meta.dirname, 'fixtures', 'trace-imports.mjs');
    const html = await runCli(['build', seedFile, '--no-pdf', '--out', out], { env: { NODE_OPTIONS: `--import ${traced}` } });
    expect(html.code).toBe(0);
    expect(html.stderr).not.toContain('IMPORTED');
  });

  it('fails on a missing file with one line and exit 3', async () => {
    const out = await tempDir();
    const run = await runCli(['build', 'no-such-article.md', '--no-pdf', '--out', out]);
    expect(run.code).toBe(3);
    expect(run.stderr).toBe('briefdeck: no-such-article.md: no such file or folder — check the path\n');
    expect(await leftovers(out)).toEqual([]);
  });

  it('says what to do when there is no content/ folder and no path is given (exit 3)', async () => {
    const dir = await tempDir();
    const run = await runCli(['build', '--no-pdf'], { cwd: dir });
    expect(run.code).toBe(3);
    expect(run.stderr).toBe('briefdeck: no content/ folder here to build — put Markdown articles in content/, or name files or folders: briefdeck build talk.md\n');
  });

  it('fails on a folder without .md files with exit 3', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'notes.txt'), 'not markdown');
    const run = await runCli(['build', dir, '--no-pdf', '--out', join(dir, 'out')]);
    expect(run.code).toBe(3);
    expectOneLine(run.stderr);
    expect(run.stderr).toContain('no .md files in this folder');
  });

  it('names the file and line of malformed front matter, exits 3 and writes no deck', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'bad.md'), '---\ntitle: Fine\ntags: [one, two\n---\n\nBody.\n');
    const out = join(dir, 'out');
    const run = await runCli(['build', 'bad.md', '--no-pdf', '--out', out], { cwd: dir });
    expect(run.code).toBe(3);
    expectOneLine(run.stderr);
    expect(run.stderr).toMatch(/^✗ bad\.md:3: invalid YAML front matter: /);
    expect(run.stdout).toBe(`0 decks built, 1 failed in ${run.stdout.match(/in ([\d.]+) s/)![1]} s\n`);
    expect(await leftovers(out)).toEqual([]);
  });

  it('lists the themes that exist for an unknown theme, exits 4 and writes no deck', async () => {
    const out = await tempDir();
    const run = await runCli(['build', seedFile, '--no-pdf', '--theme', 'brefing', '--out', out]);
    expect(run.code).toBe(4);
    expectOneLine(run.stderr);
    expect(run.stderr).toMatch(/unknown theme "brefing" — built-in themes: .*briefing/);
    expect(await leftovers(out)).toEqual([]);
  });

  it('keeps building the other decks when one fails', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'content'));
    await writeFile(join(dir, 'content', 'good.md'), '---\ntitle: Good\n---\n\n## One\n\nText.\n');
    await writeFile(join(dir, 'content', 'worse.md'), '---\ntitle: [unclosed\n---\n');
    const run = await runCli(['build', '--no-pdf'], { cwd: dir });
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/✓ good {2}3 slides/);
    expect(run.stdout).toMatch(/1 deck built, 1 failed/);
    expect(await readdir(join(dir, 'dist'))).toEqual(expect.arrayContaining(['good', 'index.html']));
  });

  it('rejects unknown flags and commands as usage errors (exit 2)', async () => {
    const flag = await runCli(['build', '--colour']);
    expect(flag.code).toBe(2);
    expectOneLine(flag.stderr);
    const command = await runCli(['biuld']);
    expect(command.code).toBe(2);
    expect(command.stderr).toBe('briefdeck: unknown command "biuld" — run `briefdeck help` for the commands\n');
  });

  it('prints the help for `<command> --help` and exits 0, building nothing', async () => {
    const dir = await tempDir();
    for (const args of [['build', '--help'], ['check', '-h']]) {
      const run = await runCli(args, { cwd: dir });
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('briefdeck build [files or folders…] [options]');
      expect(run.stderr).toBe('');
    }
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('finding a browser', () => {
  it('says how to get one when there is none (exit 5)', async () => {
    const error = await findBrowser({ PATH: '' }, { puppeteer: false, names: [], paths: ['/nonexistent/chrome'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeckError);
    expect((error as DeckError).code).toBe(5);
    expect((error as DeckError).hint).toMatch(/apt-get install chromium/);
  });

  it('takes the Chrome Puppeteer downloaded into its cache folder (PUPPETEER_CACHE_DIR) before a system browser', async () => {
    const cache = await tempDir();
    const { Browser, computeExecutablePath } = await import('@puppeteer/browsers');
    const { PUPPETEER_REVISIONS } = await import('puppeteer-core/internal/revisions.js');
    const system = join(cache, 'bin');
    await mkdir(system);
    await writeFile(join(system, 'chromium'), '#!/bin/sh\n', { mode: 0o755 });
    // No download yet: the system's browser.
    expect(await findBrowser({ PATH: system, PUPPETEER_CACHE_DIR: cache }, { puppeteer: true, names: ['chromium'], paths: [] })).toBe(join(system, 'chromium'));
    const downloaded = computeExecutablePath({ browser: Browser.CHROME, buildId: PUPPETEER_REVISIONS.chrome, cacheDir: cache });
    await mkdir(dirname(downloaded), { recursive: true });
    await writeFile(downloaded, '#!/bin/sh\n', { mode: 0o755 });
    expect(downloaded.startsWith(cache)).toBe(true);
    expect(await findBrowser({ PATH: system, PUPPETEER_CACHE_DIR: cache }, { puppeteer: true, names: ['chromium'], paths: [] })).toBe(downloaded);
  });

  it('prefers PUPPETEER_EXECUTABLE_PATH and rejects one that is not a browser', async () => {
    const out = await tempDir();
    const run = await runCli(['build', seedFile, '--out', out], { env: { PUPPETEER_EXECUTABLE_PATH: '/nonexistent/chrome' } });
    expect(run.code).toBe(5);
    expect(run.stderr).toMatch(/PUPPETEER_EXECUTABLE_PATH points to "\/nonexistent\/chrome"/);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(await leftovers(out)).toEqual([]);
  });
});
