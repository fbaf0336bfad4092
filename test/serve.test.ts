// `briefdeck serve`: the real binary in a temporary copy of an article, the real Chromium watching a deck while the article changes.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { connect, createServer, type Server } from 'node:net';
import { join } from 'node:path';
import type { Page } from 'puppeteer';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type BrowserSession } from '../src/fit/browser.js';
import { root, runCli, tempDir } from './helpers.js';

const bin = join(root, 'bin', 'briefdeck.js');

/** A short article: a title, a section with a vertical stack of two slides, a second section. */
const article = (title: string, sentence: string): string =>
  `---\ntitle: ${title}\nauthor: A. Writer\n---\n\n## First section\n\nOpening words.\n\n### Detail one\n\n${sentence}\n\n### Detail two\n\nAnother slide.\n\n## Second section\n\nClosing words.\n`;

interface Served {
  url: string;
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Sends SIGINT and resolves with the exit code. */
  stop(): Promise<number>;
}

/** Starts the real `briefdeck serve` and resolves once it prints its address. */
function serve(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Served> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'serve', ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const exited = new Promise<number>((done) => child.on('close', (code) => done(code ?? -1)));
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const url = /^Serving .* at (http:\/\/\S+)/m.exec(stdout)?.[1];
      if (url) {
        resolve({
          url,
          child,
          stdout: () => stdout,
          stderr: () => stderr,
          async stop() {
            if (child.exitCode === null) child.kill('SIGINT');
            return exited;
          },
        });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    void exited.then((code) => reject(new Error(`serve exited with ${code} before printing its address: ${stderr}`)));
  });
}

/** Sends one raw HTTP request (no URL normalisation on the way) and returns the status code. */
function rawStatus(port: number, target: string, options: { host?: string; address?: string } = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: options.address ?? '127.0.0.1', port }, () => {
      socket.write(`GET ${target} HTTP/1.1\r\nHost: ${options.host ?? `127.0.0.1:${port}`}\r\nConnection: close\r\n\r\n`);
    });
    let data = '';
    socket.on('data', (chunk: Buffer) => (data += chunk.toString('latin1')));
    socket.on('end', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? -1)));
    socket.on('error', reject);
  });
}

/**
 * Returns what `check` returns in the page once it is truthy, polling every 50 ms; fails after `ms`.
 * (Puppeteer's waitForFunction can lose its task when the page reloads, which is exactly what happens here.)
 */
async function within<T>(page: Page, ms: number, check: () => T): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const value = (await page.evaluate(check)) as T;
      if (value) return value;
      last = value;
    } catch (error) {
      last = error; // the page is reloading: its context is gone for a moment
    }
    if (Date.now() > deadline) throw new Error(`not seen within ${ms} ms (last: ${String(last)})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const portOf = (url: string): number => Number(new URL(url).port);

/** How long an edit may take to show. Latency is measured by scripts/serve-latency.mjs; here the bound only has to
 * hold while another test file loads both cores too (a reload then took just over 2 s once in a full run). */
const editWindow = 5_000;

type RevealWindow = { Reveal: { getIndices(): { h: number; v: number }; getCurrentSlide(): HTMLElement } };

describe('briefdeck serve in Chromium', () => {
  let session: BrowserSession;
  let served: Served | undefined;
  beforeAll(async () => {
    session = await launchBrowser({ env: process.env });
  });
  afterAll(async () => session?.close());
  afterEach(async () => {
    await served?.stop();
    served = undefined;
  });

  it('shows an edit on the same slide within 2 s, a broken front matter as an overlay, and the deck again once fixed', async () => {
    const dir = await tempDir();
    const file = join(dir, 'talk.md');
    await writeFile(file, article('Live preview', 'The original sentence on a stacked slide.'));
    served = await serve(['talk.md', '--port', '0'], dir);
    expect(served.stdout()).toMatch(/^✓ talk {2}6 slides · \d+ ms {2}→ http:\/\/127\.0\.0\.1:\d+\/talk\/$/m);

    const page = await session.newPage({ width: 1280, height: 720 });
    await page.goto(`${served.url}talk/#/detail-one`, { waitUntil: 'load' });
    await within(page, 30_000, () => document.documentElement.getAttribute('data-briefdeck-ready') === 'true');
    const where = (): Promise<{ h: number; v: number; id: string; text: string; hash: string }> =>
      page.evaluate(() => {
        const reveal = (window as unknown as RevealWindow).Reveal;
        const slide = reveal.getCurrentSlide();
        return { ...reveal.getIndices(), id: slide.id, text: slide.textContent ?? '', hash: location.hash };
      });
    const before = await where();
    expect(before).toMatchObject({ h: 1, v: 1, id: 'detail-one', hash: '#/detail-one' });
    expect(before.text).toContain('The original sentence');

    // An editor that saves by writing a new file and renaming it over the article.
    await writeFile(join(dir, '.talk.md.swp'), article('Live preview', 'A rewritten sentence, saved by rename.'));
    await rename(join(dir, '.talk.md.swp'), file);
    await within(page, editWindow, () => (window as unknown as RevealWindow).Reveal?.getCurrentSlide()?.textContent?.includes('A rewritten sentence'));
    const after = await where();
    expect(after).toMatchObject({ h: 1, v: 1, id: 'detail-one', hash: '#/detail-one' });

    // A broken front matter: the overlay names the file and line; the slide keeps the last good text.
    await writeFile(file, article('[unclosed', 'A sentence that never builds.'));
    const overlay = await within(page, editWindow, () => document.querySelector('#briefdeck-overlay')?.shadowRoot?.textContent ?? '');
    expect(overlay).toMatch(/talk\.md:\d+: invalid YAML front matter/);
    expect((await where()).text).toContain('A rewritten sentence');
    expect(served.stderr()).toMatch(/^\d\d:\d\d:\d\d ✗ talk\.md:\d+: invalid YAML front matter: .* — fix the YAML between the --- lines$/m);

    // Fixed (in place, as most editors save): the overlay goes and the new text is on the same slide.
    await writeFile(file, article('Live preview', 'The fixed sentence.'));
    await within(page, editWindow, () => !document.querySelector('#briefdeck-overlay') && (window as unknown as RevealWindow).Reveal?.getCurrentSlide()?.textContent?.includes('The fixed sentence'));
    expect(await where()).toMatchObject({ h: 1, v: 1, id: 'detail-one' });
    await page.close();
    expect(await served.stop()).toBe(0);
    expect(served.stdout()).toMatch(/\nstopped\n$/);
  });

  it('keeps the position when the current slide\'s heading (and so its id) changes', async () => {
    const dir = await tempDir();
    const file = join(dir, 'talk.md');
    await writeFile(file, article('Live preview', 'A sentence.'));
    served = await serve(['talk.md', '--port', '0'], dir);
    const page = await session.newPage({ width: 1280, height: 720 });
    await page.goto(`${served.url}talk/#/detail-one`, { waitUntil: 'load' });
    await within(page, 30_000, () => document.documentElement.getAttribute('data-briefdeck-ready') === 'true');
    await writeFile(file, article('Live preview', 'A sentence.').replace('### Detail one', '### Renamed detail'));
    await within(page, editWindow, () => (window as unknown as RevealWindow).Reveal?.getCurrentSlide()?.id === 'renamed-detail' && location.hash === '#/renamed-detail');
    expect(await page.evaluate(() => (window as unknown as RevealWindow).Reveal.getIndices())).toMatchObject({ h: 1, v: 1 });
    await page.close();
  });
});

describe('briefdeck serve when a page connects late', () => {
  it('reloads a page whose deck was rebuilt between its loading and its connecting', async () => {
    const dir = await tempDir();
    const file = join(dir, 'talk.md');
    await writeFile(file, article('Live preview', 'The first sentence.'));
    const served = await serve(['talk.md', '--port', '0'], dir);
    const session = await launchBrowser({ env: process.env });
    try {
      const page = await session.newPage({ width: 1280, height: 720 });
      await page.setRequestInterception(true);
      let release: (() => void) | undefined;
      page.on('request', (request) => {
        if (request.url().endsWith('/__briefdeck/events') && !release) release = () => void request.continue();
        else void request.continue();
      });
      await page.goto(`${served.url}talk/#/detail-one`, { waitUntil: 'load' });
      await within(page, 30_000, () => document.documentElement.getAttribute('data-briefdeck-ready') === 'true');
      await writeFile(file, article('Live preview', 'A sentence written while the page was connecting.'));
      for (let tries = 0; tries < 100 && !/\d ✓ talk/.test(served.stdout()); tries++) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(release).toBeDefined();
      release!();
      await within(page, editWindow, () => (window as unknown as RevealWindow).Reveal?.getCurrentSlide()?.textContent?.includes('written while the page was connecting'));
    } finally {
      await session.close();
      await served.stop();
    }
  });
});

describe('briefdeck serve over HTTP', () => {
  let served: Served;
  let dir = '';
  let outside = '';
  beforeAll(async () => {
    dir = await tempDir();
    outside = await tempDir();
    await writeFile(join(outside, 'secret.txt'), 'not for the browser');
    await writeFile(join(outside, 'photo.png'), Buffer.from('89504e470d0a1a0a', 'hex'));
    await writeFile(join(dir, 'talk.md'), article('Live preview', 'A sentence. ![A picture](picture.png)'));
    await writeFile(join(dir, 'picture.png'), Buffer.from('89504e470d0a1a0a', 'hex'));
    await symlink(join(outside, 'secret.txt'), join(dir, 'leak.png'));
    await mkdir(join(dir, 'media'));
    await symlink(outside, join(dir, 'media', 'out'));
    served = await serve(['talk.md', '--port', '0'], dir);
  });
  afterAll(async () => served?.stop());

  it('serves the index, the deck, its shared files and the article\'s images with their types and no caching', async () => {
    const port = portOf(served.url);
    expect(await rawStatus(port, '/')).toBe(200);
    expect(await rawStatus(port, '/talk')).toBe(302);
    const deck = await fetch(`${served.url}talk/`);
    expect(deck.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(deck.headers.get('cache-control')).toBe('no-store');
    expect(await deck.text()).toMatch(/<script src="\/__briefdeck\/live\.js" data-version="\d+"><\/script>\n<\/body>/);
    const script = await fetch(`${served.url}_shared/reveal/reveal.js`);
    expect([script.status, script.headers.get('content-type')]).toEqual([200, 'text/javascript; charset=utf-8']);
    const css = await fetch(`${served.url}_shared/themes/briefing/theme.css`);
    expect([css.status, css.headers.get('content-type')]).toEqual([200, 'text/css; charset=utf-8']);
    const picture = await fetch(`${served.url}talk/picture.png`);
    expect([picture.status, picture.headers.get('content-type')]).toEqual([200, 'image/png']);
    const events = await fetch(`${served.url}__briefdeck/events`);
    expect(events.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    await events.body?.cancel();
  });

  it('refuses every path outside what it serves with a 4xx', async () => {
    const port = portOf(served.url);
    const cases: Array<[string, number]> = [
      ['/../talk.md', 400],
      ['/talk/../../talk.md', 400],
      ['/%2e%2e/talk.md', 400],
      ['/%2E%2E/%2e%2e/etc/passwd', 400],
      ['/talk/..%2f..%2ftalk.md', 400],
      ['/talk/%2e%2e%5c%2e%2e%5ctalk.md', 400],
      ['/_shared/./reveal/reveal.js', 400],
      ['//etc/passwd', 400],
      ['/%2fetc%2fpasswd', 400],
      ['/etc/passwd', 404],
      [`/${encodeURIComponent(join(dir, 'talk.md'))}`, 400],
      ['/talk/%00.png', 400],
      ['/talk/%zz', 400],
      ['http://127.0.0.1/../talk.md', 400],
      ['/talk/talk.md', 404],
      ['/talk/leak.png', 403],
      ['/talk/media/out/secret.txt', 404],
      ['/talk/media/out/photo.png', 403],
    ];
    const got: Array<[string, number]> = [];
    for (const [target] of cases) got.push([target, await rawStatus(port, target)]);
    expect(got).toEqual(cases);
    expect(await rawStatus(port, '/', { host: 'attacker.example' })).toBe(403);
  });

  it('answers other methods with 405', async () => {
    const response = await fetch(served.url, { method: 'POST', body: 'x' });
    expect([response.status, response.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
  });
});

describe('where briefdeck serve listens', () => {
  it('binds loopback only by default: 127.0.0.1 answers, 127.0.0.2 is refused; Ctrl-C removes its temporary folder', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'talk.md'), article('Live preview', 'A sentence.'));
    const outputs = async (): Promise<string[]> => (await readdir(tmpdir())).filter((name) => name.startsWith('briefdeck-serve-'));
    const before = await outputs();
    const served = await serve(['--port', '0', 'talk.md'], dir);
    const made = (await outputs()).filter((name) => !before.includes(name));
    expect(made).toHaveLength(1);
    try {
      expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const port = portOf(served.url);
      expect(await rawStatus(port, '/')).toBe(200);
      const refused = await rawStatus(port, '/', { address: '127.0.0.2' }).catch((error: NodeJS.ErrnoException) => error.code);
      expect(refused).toBe('ECONNREFUSED');
      expect(served.stderr()).toBe('');
    } finally {
      expect(await served.stop()).toBe(0);
    }
    expect(await outputs()).not.toContain(made[0]);
  });

  it('opens the only deck in the browser with --open (through the system opener)', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'talk.md'), article('Live preview', 'A sentence.'));
    const opener = join(dir, 'bin');
    await mkdir(opener);
    await writeFile(join(opener, 'xdg-open'), `#!/bin/sh\necho "$@" > "${join(dir, 'opened.txt')}"\n`, { mode: 0o755 });
    const served = await serve(['talk.md', '--port', '0', '--open'], dir, { PATH: `${opener}:${process.env['PATH'] ?? ''}` });
    try {
      let opened = '';
      for (let tries = 0; tries < 100 && !opened; tries++) {
        opened = await readFile(join(dir, 'opened.txt'), 'utf8').catch(() => '');
        if (!opened) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(opened).toBe(`${served.url}talk/\n`);
    } finally {
      await served.stop();
    }
  });

  it('listens on every interface with --host 0.0.0.0, and says so', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'talk.md'), article('Live preview', 'A sentence.'));
    const served = await serve(['talk.md', '--port', '0', '--host', '0.0.0.0'], dir);
    try {
      const port = portOf(served.url);
      expect(await rawStatus(port, '/', { address: '127.0.0.2', host: `127.0.0.2:${port}` })).toBe(200);
      expect(served.stderr()).toMatch(/^warning: listening on 0\.0\.0\.0: anyone who can reach this machine can open the decks$/m);
    } finally {
      await served.stop();
    }
  });

  it('takes the next free port when the asked one is taken', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'talk.md'), article('Live preview', 'A sentence.'));
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen({ host: '127.0.0.1', port: 0 }, resolve));
    const taken = (blocker.address() as { port: number }).port;
    try {
      const served = await serve(['talk.md', '--port', String(taken)], dir);
      try {
        expect(portOf(served.url)).toBeGreaterThan(taken);
        expect(served.stderr()).toContain(`warning: port ${taken} is taken; using ${portOf(served.url)}`);
      } finally {
        await served.stop();
      }
    } finally {
      blocker.close();
    }
  });

  it('rejects a bad port as a usage error (exit 2)', async () => {
    const run = await runCli(['serve', '--port', 'eighty']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('briefdeck: --port must be a port number (0–65535), not "eighty"\n');
  });
});

/** Listens to the server's event stream; `next` resolves with the first event (after those already taken) that matches. */
async function listen(url: string): Promise<{ next(match: (event: { type: string; slugs?: string[]; problems?: Array<{ slug: string; text: string }> }) => boolean, ms?: number): Promise<unknown>; close(): void }> {
  const controller = new AbortController();
  const response = await fetch(`${url}__briefdeck/events`, { signal: controller.signal });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const events: Array<{ type: string }> = [];
  const pump = (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        const data = /^data: (.*)$/m.exec(buffer.slice(0, end))?.[1];
        buffer = buffer.slice(end + 2);
        if (data) events.push(JSON.parse(data) as { type: string });
      }
    }
  })();
  void pump;
  let taken = 0;
  return {
    async next(match, ms = 3_000) {
      const deadline = Date.now() + ms;
      for (;;) {
        while (taken < events.length) {
          const event = events[taken++]!;
          if (match(event)) return event;
        }
        if (Date.now() > deadline) throw new Error(`no matching event within ${ms} ms; got ${JSON.stringify(events)}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    close: () => controller.abort(),
  };
}

describe('what briefdeck serve watches', () => {
  it('rebuilds the decks of a theme when a file of the theme changes, and reports a broken theme.json until it is fixed', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'my-theme'));
    const themeJson = (accent: string): string => JSON.stringify({ name: 'mine', extends: 'briefing', variables: { '--bd-accent': accent } });
    await writeFile(join(dir, 'my-theme', 'theme.json'), themeJson('#7a1f2b'));
    await writeFile(join(dir, 'talk.md'), article('Live preview', 'A sentence.').replace('author:', 'theme: ./my-theme\nauthor:'));
    const served = await serve(['talk.md', '--port', '0'], dir);
    const events = await listen(served.url);
    try {
      expect(await (await fetch(`${served.url}talk/`)).text()).toContain('--bd-accent: #7a1f2b;');
      await writeFile(join(dir, 'my-theme', 'theme.json'), themeJson('#0a7a3b'));
      await events.next((event) => event.type === 'reload' && event.slugs!.includes('talk'));
      expect(await (await fetch(`${served.url}talk/`)).text()).toContain('--bd-accent: #0a7a3b;');

      // A CSS-only change leaves the page's HTML as it was, and still reloads it.
      await writeFile(join(dir, 'my-theme', 'theme.css'), '.deck-mine .slide-title { letter-spacing: 0.01em; }\n');
      await events.next((event) => event.type === 'reload' && event.slugs!.includes('talk'));
      expect(await (await fetch(`${served.url}_shared/themes/mine/theme.css`)).text()).toContain('letter-spacing: 0.01em');

      await writeFile(join(dir, 'my-theme', 'theme.json'), '{ "name": "mine", ');
      const broken = (await events.next((event) => event.type === 'status' && event.problems!.length > 0)) as { problems: Array<{ slug: string; text: string }> };
      expect(broken.problems).toEqual([{ slug: 'talk', file: 'talk.md', text: expect.stringMatching(/^my-theme\/theme\.json: invalid theme\.json: .* — fix the JSON syntax$/) }]);
      await writeFile(join(dir, 'my-theme', 'theme.json'), themeJson('#0a7a3b'));
      await events.next((event) => event.type === 'status' && event.problems!.length === 0);
    } finally {
      events.close();
      await served.stop();
    }
  });

  it('adds a deck for a new article in a watched folder and removes the deck of a deleted one', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'content'));
    await writeFile(join(dir, 'content', 'talk.md'), article('Live preview', 'A sentence.'));
    const served = await serve(['--port', '0'], dir);
    const events = await listen(served.url);
    try {
      await writeFile(join(dir, 'content', 'second.md'), article('A second talk', 'Another sentence.'));
      await events.next((event) => event.type === 'reload' && event.slugs!.includes(''));
      expect(await (await fetch(served.url)).text()).toContain('A second talk');
      expect((await fetch(`${served.url}second/`)).status).toBe(200);
      await rm(join(dir, 'content', 'second.md'));
      await events.next((event) => event.type === 'reload' && event.slugs!.includes('second'));
      expect((await fetch(`${served.url}second/`)).status).toBe(404);
      expect(await (await fetch(served.url)).text()).not.toContain('A second talk');
      expect(served.stdout()).toMatch(/^\d\d:\d\d:\d\d − second {2}removed \(content\/second\.md is gone\)$/m);
    } finally {
      events.close();
      await served.stop();
    }
  });
});

describe('briefdeck serve with nothing to serve', () => {
  it('fails like build on a missing article (exit 3, one line) instead of serving nothing', async () => {
    const dir = await tempDir();
    const run = await runCli(['serve', 'no-such-article.md', '--port', '0'], { cwd: dir });
    expect(run.code).toBe(3);
    expect(run.stderr).toBe('briefdeck: no-such-article.md: no such file or folder — check the path\n');
    expect(run.stdout).toBe('');
  });
});
