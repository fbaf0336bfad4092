// When the browser fails: none at all, one that will not start or hangs at start, one that crashes mid-export,
// a page that never finishes loading. Each gives one clear line after a bounded wait; the other decks of the run
// are still built; the failure is counted in the summary and the exit code; earlier output stays as it was.
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBrowser } from '../src/fit/browser.js';
import { pdfInfo, runCli, tempDir } from './helpers.js';
import { expectOneLine, leftoverTemps, snapshotDir, summaryOf } from './safety-helpers.js';

const good = (title: string): string => `---\ntitle: ${title}\n---\n\n## One\n\nText.\n`;

/** A server whose every request stays unanswered; `onRequest` sees the paths asked for. */
function silentServer(onRequest: (path: string) => void = () => undefined): Promise<{ server: Server; origin: string }> {
  const server = createServer((request) => onRequest(request.url ?? ''));
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

function stop(server: Server | undefined): void {
  server?.closeAllConnections();
  server?.close();
}

/** Writes an executable shell script that stands in for the browser. */
async function fakeBrowser(dir: string, body: string): Promise<string> {
  const path = join(dir, 'fake-chrome');
  await writeFile(path, `#!/bin/sh\n${body}\n`);
  await chmod(path, 0o755);
  return path;
}

async function pages(file: string): Promise<number> {
  return Number((await pdfInfo(file))['Pages']);
}

describe('a page that never finishes loading', () => {
  let server: Server | undefined;
  afterAll(() => stop(server));

  it('fails each such deck after the --timeout wait, naming what it waited for; the other decks are built', async () => {
    const started = await silentServer();
    server = started.server;
    const dir = await tempDir();
    await mkdir(join(dir, 'content'));
    await writeFile(join(dir, 'content', 'b-never-loads.md'), good('B'));
    expect((await runCli(['build', 'content', '--out', 'dist'], { cwd: dir })).code).toBe(0);
    const earlier = await snapshotDir(join(dir, 'dist', 'b-never-loads'));

    await writeFile(join(dir, 'content', 'a.md'), good('A'));
    // A script that never arrives blocks the page; an image that never arrives holds Reveal's print layout (it waits for `load`).
    await writeFile(join(dir, 'content', 'b-never-loads.md'), `${good('B')}\n<script src="${started.origin}/never.js"></script>\n`);
    await writeFile(join(dir, 'content', 'c-slow-image.md'), `${good('C')}\n![slow](${started.origin}/slow.png)\n`);
    await writeFile(join(dir, 'content', 'd.md'), good('D'));
    const begun = performance.now();
    const run = await runCli(['build', 'content', '--unsafe-html', '--timeout', '4'], { cwd: dir });
    const seconds = (performance.now() - begun) / 1000;

    expect(run.code).toBe(5);
    expect(run.stderr).toBe(
      `✗ content/b-never-loads.md: printing the PDF stopped: the deck page did not finish loading within 4 s (still waiting for ${started.origin}/never.js) — something on the page never finished loading; remove it, or raise --timeout\n` +
        `✗ content/c-slow-image.md: printing the PDF stopped: the deck page did not finish loading within 4 s (still waiting for ${started.origin}/slow.png) — something on the page never finished loading; remove it, or raise --timeout\n`,
    );
    expect(summaryOf(run.stdout)).toEqual({ built: 2, failed: 2 });
    expect(run.stdout).toMatch(/^✓ a {2}3 slides · 3 PDF pages/m);
    expect(run.stdout).toMatch(/^✓ d {2}3 slides · 3 PDF pages/m);
    expect(await pages(join(dir, 'dist', 'd', 'd.pdf'))).toBe(3);
    expect(await snapshotDir(join(dir, 'dist', 'b-never-loads'))).toEqual(earlier);
    expect(Object.keys(await snapshotDir(join(dir, 'dist'))).filter((path) => path.startsWith('c-slow-image'))).toEqual([]);
    expect(await leftoverTemps(join(dir, 'dist'))).toEqual([]);
    // Bounded: two waits of 4 s and two short decks, far from a hang (generous for a loaded machine).
    expect(seconds).toBeLessThan(90);
  });
});

describe('a browser that crashes mid-export', () => {
  let server: Server | undefined;
  afterAll(() => stop(server));

  it('fails the deck being printed, starts a new browser for the next, and counts the failure', async () => {
    const dir = await tempDir();
    const pidFile = join(dir, 'browser.pid');
    // The stand-in is the real browser under another name; it leaves its pid so the test can kill it.
    const real = await findBrowser(process.env);
    const wrapper = await fakeBrowser(dir, `echo $$ > "${pidFile}"\nexec "${real}" "$@"`);
    // The deck "b-crash" asks the server for a script; while the browser waits for it, the test kills the browser.
    const started = await silentServer((path) => {
      if (path === '/crash.js') void readFile(pidFile, 'utf8').then((pid) => process.kill(Number(pid), 'SIGKILL'));
    });
    server = started.server;
    await mkdir(join(dir, 'content'));
    await writeFile(join(dir, 'content', 'b-crash.md'), good('B'));
    expect((await runCli(['build', '--no-pdf'], { cwd: dir })).code).toBe(0);
    const earlier = await snapshotDir(join(dir, 'dist', 'b-crash'));
    await writeFile(join(dir, 'content', 'a.md'), good('A'));
    await writeFile(join(dir, 'content', 'b-crash.md'), `${good('B')}\n<script src="${started.origin}/crash.js"></script>\n`);
    await writeFile(join(dir, 'content', 'c.md'), good('C'));

    const run = await runCli(['build', 'content', '--unsafe-html', '--timeout', '60'], { cwd: dir, env: { PUPPETEER_EXECUTABLE_PATH: wrapper } });
    expect(run.code).toBe(5);
    expectOneLine(run.stderr);
    expect(run.stderr).toBe('✗ content/b-crash.md: the browser crashed or was closed while printing the PDF — run again; if it happens again, run with --debug and report it\n');
    expect(summaryOf(run.stdout)).toEqual({ built: 2, failed: 1 });
    expect(await pages(join(dir, 'dist', 'a', 'a.pdf'))).toBe(3);
    expect(await pages(join(dir, 'dist', 'c', 'c.pdf'))).toBe(3);
    expect(await snapshotDir(join(dir, 'dist', 'b-crash'))).toEqual(earlier);
    expect(await leftoverTemps(join(dir, 'dist'))).toEqual([]);
  });
});

describe('no working browser', () => {
  let dir = '';
  let earlier: Record<string, string> = {};

  beforeAll(async () => {
    dir = await tempDir();
    await mkdir(join(dir, 'content'));
    await writeFile(join(dir, 'content', 'a.md'), good('A'));
    await writeFile(join(dir, 'content', 'b.md'), good('B'));
    expect((await runCli(['build', '--no-pdf'], { cwd: dir })).code).toBe(0);
    earlier = await snapshotDir(join(dir, 'dist'));
  });

  const expectAllFailed = async (run: Awaited<ReturnType<typeof runCli>>, line: RegExp): Promise<void> => {
    expect(run.code).toBe(5);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    for (const text of lines) expect(text).toMatch(line);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(summaryOf(run.stdout)).toEqual({ built: 0, failed: 2 });
    expect(await snapshotDir(join(dir, 'dist'))).toEqual(earlier);
    expect(await leftoverTemps(join(dir, 'dist'))).toEqual([]);
  };

  it('none where PUPPETEER_EXECUTABLE_PATH points: exit 5, each deck says so, earlier output intact', async () => {
    const run = await runCli(['build'], { cwd: dir, env: { PUPPETEER_EXECUTABLE_PATH: join(dir, 'no-such-chrome') } });
    await expectAllFailed(run, /^✗ content\/[ab]\.md: PUPPETEER_EXECUTABLE_PATH points to ".*no-such-chrome", which is not an executable browser — fix or unset the variable$/);
  });

  it('one that exits at once: exit 5, the browser named, earlier output intact', async () => {
    const fake = await fakeBrowser(dir, 'echo "cannot open display" >&2\nexit 1');
    const run = await runCli(['build'], { cwd: dir, env: { PUPPETEER_EXECUTABLE_PATH: fake } });
    await expectAllFailed(run, /^✗ .*fake-chrome: the browser did not start: .* — install one/);
  });

  it('one that hangs at start: exit 5 after the --timeout wait', async () => {
    const fake = await fakeBrowser(dir, 'exec sleep 600');
    const begun = performance.now();
    const run = await runCli(['build', '--timeout', '3'], { cwd: dir, env: { PUPPETEER_EXECUTABLE_PATH: fake } });
    await expectAllFailed(run, /^✗ .*fake-chrome: the browser did not start: Timed out after 3000 ms/);
    expect((performance.now() - begun) / 1000).toBeLessThan(30);
  });
});
