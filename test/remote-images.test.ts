// Remote pictures, served by an HTTP server on this machine started here: fetched at build time into the deck's
// assets/ through a cache shared by builds, the deck referring only to its copies and asking the network for nothing.
// A picture whose server is gone is a warning at its line and a card with its alt text; `--no-fetch` keeps addresses.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { launchBrowser, type BrowserSession } from '../src/fit/browser.js';
import { measureDeck } from '../src/fit/measure.js';
import { imageFetcher, sniff } from '../src/write/fetch.js';
import { dressImages, redressImages, type LocalImages } from '../src/write/assets.js';
import { cleanSvg } from '../src/write/svg.js';
import { runCli, tempDir } from './helpers.js';

/** A 2×2 PNG, `variant` changing one byte of its colour. */
function png(variant = 0): Buffer {
  return Buffer.from(
    `89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415408d763f8${variant.toString(16).padStart(2, '0')}cf0000030101009a6e8f4e0000000049454e44ae426082`,
    'hex',
  );
}

const hostileSvg = '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10" onload="alert(1)"><script>alert(2)</script><rect width="10" height="10" fill="#0b4f8f" onclick="alert(3)"/><image xlink:href="http://example.org/track.png" width="1" height="1"/><style>@import url(http://example.org/a.css); rect { fill: url(http://example.org/p.svg) }</style><foreignObject><p>hi</p></foreignObject></svg>';

interface Served {
  server: Server;
  base: string;
  hits: string[];
}

/** Starts a server on 127.0.0.1 answering the given paths (and 404 for the rest); every request is counted. */
async function serve(routes: Record<string, (response: ServerResponse) => void>): Promise<Served> {
  const hits: string[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    hits.push(request.url ?? '');
    const route = routes[(request.url ?? '').replace(/\?.*$/, '')];
    if (route) route(response);
    else response.writeHead(404).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits };
}

const send = (type: string, body: string | Buffer) => (response: ServerResponse): void => {
  response.writeHead(200, { 'content-type': type }).end(body);
};

/** Returns the address of a port that nothing listens on (a server that is gone). */
async function deadAddress(): Promise<string> {
  const { server, base } = await serve({});
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return base;
}

describe('remote pictures', () => {
  let served: Served;
  let gone = '';
  let dir = '';
  let cache = '';
  let first: Awaited<ReturnType<typeof runCli>>;
  let session: BrowserSession;

  beforeAll(async () => {
    served = await serve({
      '/cover.png': send('image/png', png(1)),
      '/photos/chart.png': send('image/png', png(2)),
      '/raw.jpg': send('image/png', png(3)),
      '/background': send('image/png; charset=binary', png(4)),
      '/logo.svg': send('image/svg+xml', hostileSvg),
      '/page.png': send('text/html', '<html>not a picture</html>'),
      '/poster.png': send('image/png', png(5)),
      '/backdrop.png': send('image/png', png(6)),
    });
    gone = await deadAddress();
    dir = await tempDir();
    cache = join(dir, 'cache');
    await mkdir(join(dir, 'content'));
    await writeFile(join(dir, 'content', 'talk.md'), [
      '---',
      'title: Pictures from afar',
      `image: ${served.base}/cover.png`,
      '---',
      '',
      '## Charts',
      '',
      `![The chart](${served.base}/photos/chart.png)`,
      '',
      `<p><img src="${served.base}/raw.jpg" alt="raw html"></p>`,
      '',
      `![A logo](${served.base}/logo.svg)`,
      '',
      '## Gone',
      '',
      `![The server is gone](${gone}/lost.png)`,
      '',
      `![Not a picture](${served.base}/page.png)`,
      '',
      '## Backdrop',
      '',
      `<!-- .slide: data-background-image="${served.base}/background" -->`,
      '',
      'Text over a picture.',
      '',
    ].join('\n'));
    first = await runCli(['build', '--no-handout'], { cwd: dir, env: { BRIEFDECK_NO_FETCH: '', BRIEFDECK_CACHE_DIR: cache } });
    session = await launchBrowser({ env: process.env });
  }, 300_000);
  afterAll(async () => {
    await session?.close();
    served?.server.close();
  });

  it('builds (exit 0), with a warning at the line of each picture that could not be fetched', () => {
    expect(first.stderr.trim().split('\n')).toEqual([
      `warning: content/talk.md:16: image "${gone}/lost.png" could not be fetched (connection refused): not in the deck (--no-fetch keeps the remote address)`,
      `warning: content/talk.md:18: image "${served.base}/page.png" could not be fetched (not an image: text/html): not in the deck (--no-fetch keeps the remote address)`,
    ]);
    expect(first.code).toBe(0);
  });

  it('copies each picture into assets/ and refers only to the copies (Markdown, raw HTML, front matter, slide background)', async () => {
    const html = await readFile(join(dir, 'dist', 'talk', 'index.html'), 'utf8');
    expect(html).not.toContain('http://127.0.0.1');
    expect(html).toContain('<img src="assets/chart.png" alt="The chart">');
    expect(html).toContain('<img src="assets/raw.png" alt="raw html">');
    expect(html).toContain('<img src="assets/logo.svg" alt="A logo">');
    expect(html).toMatch(/<section id="title"[^>]* data-background-image="assets\/cover\.png"/);
    expect(html).toMatch(/<section id="backdrop"[^>]* data-background-image="assets\/background\.png"/);
    expect((await readdir(join(dir, 'dist', 'talk', 'assets'))).sort()).toEqual(['background.png', 'chart.png', 'cover.png', 'logo.svg', 'raw.png']);
    expect(await readFile(join(dir, 'dist', 'talk', 'assets', 'chart.png'))).toEqual(png(2));
  });

  it('shows a card with the alt text where a picture could not be fetched, never a blank', async () => {
    const html = await readFile(join(dir, 'dist', 'talk', 'index.html'), 'utf8');
    expect(html).toContain('<span class="image-missing">The server is gone</span>');
    expect(html).toContain('<span class="image-missing">Not a picture</span>');
    const measure = await measureDeck(session, join(dir, 'dist', 'talk', 'index.html'), { width: 1280, height: 720, timeout: 60_000 });
    const gone = measure.slides.filter((slide) => slide.id.startsWith('gone')).map((slide) => slide.text).join('\n');
    expect(gone).toContain('The server is gone');
    expect(gone).toContain('Not a picture');
  });

  it('rewrites a cover and a background fetched while the deck was planned, when no slide waited for a picture', async () => {
    const own = await tempDir();
    await writeFile(join(own, 'poster.md'), `---\ntitle: Poster\nimage: ${served.base}/poster.png\n---\n\n## Backdrop\n\n<!-- .slide: data-background-image="${served.base}/backdrop.png" -->\n\nText over a picture.\n`);
    const run = await runCli(['build', 'poster.md', '--no-pdf'], { cwd: own, env: { BRIEFDECK_NO_FETCH: '', BRIEFDECK_CACHE_DIR: join(own, 'cache') } });
    expect(run.stderr).toBe('');
    const html = await readFile(join(own, 'dist', 'poster', 'index.html'), 'utf8');
    expect(html).toMatch(/<section id="title"[^>]* data-background-image="assets\/poster\.png"/);
    expect(html).toMatch(/<section id="backdrop"[^>]* data-background-image="assets\/backdrop\.png"/);
    expect(await readFile(join(own, 'dist', 'poster', 'assets', 'poster.png'))).toEqual(png(5));
    expect(await readFile(join(own, 'dist', 'poster', 'assets', 'backdrop.png'))).toEqual(png(6));
  });

  it('opens with the network blocked and asks it for nothing, every picture found', async () => {
    const measure = await measureDeck(session, join(dir, 'dist', 'talk', 'index.html'), { width: 1280, height: 720, timeout: 60_000 });
    expect(measure.requests).toEqual([]);
    expect(measure.missing).toEqual([]);
  });

  it('cleans the SVG: no script, no event handler, no reference outside it', async () => {
    const svg = await readFile(join(dir, 'dist', 'talk', 'assets', 'logo.svg'), 'utf8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).toContain('<rect width="10" height="10" fill="#0b4f8f" />');
    expect(svg).not.toMatch(/script|onload|onclick|example\.org|@import|foreignObject|alert/i);
  });

  it('fetches a picture once: the next build takes it from the cache, even with its server gone', async () => {
    const before = served.hits.length;
    expect(served.hits.filter((hit) => hit === '/photos/chart.png')).toHaveLength(1);
    const again = await runCli(['build', '--no-pdf', '--out', 'again'], { cwd: dir, env: { BRIEFDECK_NO_FETCH: '', BRIEFDECK_CACHE_DIR: cache } });
    expect(again.code).toBe(0);
    // Only the two pictures that failed are asked for again.
    expect(served.hits.slice(before).sort()).toEqual(['/page.png']);
    expect(await readFile(join(dir, 'again', 'talk', 'assets', 'chart.png'))).toEqual(png(2));
  });

  it('keeps remote addresses with --no-fetch, and with `fetch: false` in the config file', async () => {
    const flag = await runCli(['build', '--no-pdf', '--no-fetch', '--out', 'kept'], { cwd: dir, env: { BRIEFDECK_NO_FETCH: '', BRIEFDECK_CACHE_DIR: join(dir, 'empty-cache') } });
    expect(flag.code).toBe(0);
    expect(flag.stderr).toBe('');
    const html = await readFile(join(dir, 'kept', 'talk', 'index.html'), 'utf8');
    expect(html).toContain(`<img src="${served.base}/photos/chart.png" alt="The chart">`);
    await writeFile(join(dir, 'briefdeck.config.json'), '{ "fetch": false }\n');
    const config = await runCli(['build', '--no-pdf', '--out', 'kept-too'], { cwd: dir, env: { BRIEFDECK_NO_FETCH: '', BRIEFDECK_CACHE_DIR: join(dir, 'empty-cache') } });
    expect(config.code).toBe(0);
    expect(await readFile(join(dir, 'kept-too', 'talk', 'index.html'), 'utf8')).toContain(`${served.base}/cover.png`);
    await writeFile(join(dir, 'briefdeck.config.json'), '{}\n');
  });
});

describe('the fetcher', () => {
  it('bounds time and size, and keeps only what the server calls an image and its bytes are', async () => {
    const served = await serve({
      '/slow.png': () => undefined,
      '/big.png': send('image/png', Buffer.concat([png(5), Buffer.alloc(4096)])),
      '/lies.png': send('image/png', '<html>a page</html>'),
      '/ok.gif': send('image/gif', Buffer.from('GIF89a\u0001\u0000\u0001\u0000\u0000\u0000\u0000;', 'latin1')),
    });
    try {
      const fetcher = imageFetcher({ cacheDir: await tempDir(), timeout: 500, maxBytes: 1024 });
      expect(await fetcher.get(`${served.base}/slow.png`)).toEqual({ ok: false, problem: 'no answer within 0.5 s' });
      expect(await fetcher.get(`${served.base}/big.png`)).toEqual({ ok: false, problem: 'larger than 1 KB' });
      expect(await fetcher.get(`${served.base}/lies.png`)).toEqual({ ok: false, problem: 'not an image file (PNG, JPEG, GIF, WebP, AVIF, BMP, ICO or SVG)' });
      const ok = await fetcher.get(`${served.base}/ok.gif`);
      expect(ok).toMatchObject({ ok: true, extension: 'gif' });
      expect(fetcher.peek(`${served.base}/ok.gif`)).toEqual(ok);
    } finally {
      served.server.close();
    }
  });

  it('names an unknown host (a reserved name that never resolves) as such, found by a lookup alone', async () => {
    // The HTTP client is not even asked: the lookup fails first.
    vi.stubGlobal('fetch', async () => {
      throw new Error('fetch was called');
    });
    try {
      const fetcher = imageFetcher({ cacheDir: await tempDir(), timeout: 5000 });
      expect(await fetcher.get('https://pictures.briefdeck.invalid/cover.png')).toEqual({ ok: false, problem: 'unknown host' });
      expect(await fetcher.get('//pictures.briefdeck.invalid/cover.png')).toEqual({ ok: false, problem: 'unknown host' });
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('tells picture types by their bytes', () => {
    expect(sniff(png())).toBe('png');
    expect(sniff(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpg');
    expect(sniff(Buffer.from('<?xml version="1.0"?>\n<!DOCTYPE svg [ <!ENTITY x "y"> ]>\n<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBe('svg');
    expect(sniff(Buffer.from('<html><svg></svg></html>'))).toBeUndefined();
  });
});

describe('local SVGs', () => {
  it('are cleaned when copied into the deck', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'figure.svg'), hostileSvg);
    await writeFile(join(dir, 'talk.md'), '---\ntitle: Local\n---\n\n## A\n\n![figure](figure.svg)\n');
    const built = await runCli(['build', 'talk.md', '--no-pdf'], { cwd: dir });
    expect(built.code).toBe(0);
    const svg = await readFile(join(dir, 'dist', 'talk', 'assets', 'figure.svg'), 'utf8');
    expect(svg).toBe(cleanSvg(hostileSvg));
    expect(svg).not.toMatch(/script|onload|onclick|example\.org|foreignObject/i);
  });
});

describe('dressing a planned deck', () => {
  it('rewrites its cover and backgrounds, then again from the addresses as planned once the pictures are known', () => {
    let answers: Record<string, string | undefined> = { 'https://x.test/cover.png': 'assets/cover', 'https://x.test/back.png': 'assets/back' };
    const images = { rewrite: (url: string) => answers[url], copies: () => [], settle: async () => true, provisionals: () => 0 } as LocalImages;
    const deck = {
      meta: { image: 'https://x.test/cover.png' },
      slides: [{ position: { line: 5 } }, { attributes: { 'data-background-image': 'https://x.test/back.png', class: 'dark' }, position: { line: 9 } }],
    };
    const planned = dressImages(deck, images, 2);
    expect(deck.meta.image).toBe('assets/cover');
    expect(deck.slides[1]!.attributes).toEqual({ 'data-background-image': 'assets/back', class: 'dark' });
    // The background could not be fetched (dropped), the cover could; then both arrive on a later build.
    answers = { 'https://x.test/cover.png': 'assets/cover.png', 'https://x.test/back.png': undefined };
    redressImages(deck, planned, images, 2);
    expect(deck.meta.image).toBe('assets/cover.png');
    expect(deck.slides[1]!.attributes).toEqual({ class: 'dark' });
    answers = { 'https://x.test/cover.png': 'assets/cover.png', 'https://x.test/back.png': 'assets/back.png' };
    redressImages(deck, planned, images, 2);
    expect(deck.slides[1]!.attributes).toEqual({ class: 'dark', 'data-background-image': 'assets/back.png' });
    expect(deck.slides[0]).toEqual({ position: { line: 5 } });
  });
});
