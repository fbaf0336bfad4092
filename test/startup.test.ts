// Each command loads only what it needs: an import trace of the real binary (every module Node loads, by an ES module
// hook) shows `--version` and `help` loading the command line alone, an HTML build no browser or PDF library, and a
// build of unchanged decks neither the Markdown parser, the templates, the browser nor the PDF library.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { inflateSync } from 'node:zlib';
import { delimiter, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { findBrowser } from '../src/fit/browser.js';
import { root, runCli, tempDir } from './helpers.js';

let dir = '';
let hook = '';

beforeAll(async () => {
  dir = await tempDir();
  // Registers a loader hook that appends every URL Node loads to $TRACE_FILE.
  const loader = `import { appendFileSync } from 'node:fs';\nexport async function load(url, context, next) { appendFileSync(process.env.TRACE_FILE, url + '\\n'); return next(url, context); }\n`;
  await writeFile(join(dir, 'loader.mjs'), loader);
  hook = join(dir, 'hook.mjs');
  await writeFile(hook, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(dir, 'loader.mjs')).href)});\n`);
  await mkdir(join(dir, 'content'));
  await writeFile(join(dir, 'content', 'talk.md'), '---\ntitle: Talk\n---\n\n## One\n\nText.\n');
});

/**
 * Runs the binary with the hook; returns the packages (node_modules) and briefdeck modules (`build/stages`) it loaded:
 * from the URLs loaded, and, for chunks of the bundle (lib/bundle/), from the module paths the bundler notes in them.
 */
async function trace(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; packages: Set<string>; modules: Set<string> }> {
  const file = join(dir, `trace-${Math.random().toString(36).slice(2)}.txt`);
  await writeFile(file, '');
  const run = await runCli(args, { cwd: dir, env: { ...env, TRACE_FILE: file, NODE_OPTIONS: `--import ${pathToFileURL(hook).href}` } });
  const urls = (await readFile(file, 'utf8')).split('\n').filter(Boolean);
  const lib = pathToFileURL(join(root, 'lib')).href;
  const paths: string[] = [];
  for (const url of urls) {
    if (url.startsWith(`${lib}/bundle/`)) {
      const chunk = await readFile(new URL(url), 'utf8');
      for (const [, path] of chunk.matchAll(/^\/\/ ((?:src|node_modules)\/\S+)$/gm)) paths.push(path!);
    } else if (url.startsWith(`${lib}/`)) paths.push(`src/${url.slice(lib.length + 1)}`);
    else paths.push(url);
  }
  const packages = new Set(paths.flatMap((path) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? []));
  const modules = new Set(paths.flatMap((path) => /^src\/(.+)\.[jt]s$/.exec(path)?.[1] ?? []));
  expect(modules.size, `nothing traced for ${args.join(' ')}`).toBeGreaterThan(0);
  return { code: run.code, packages, modules };
}

describe('start-up', () => {
  it('--version and help load the command line alone: no package, three small modules', async () => {
    for (const args of [['--version'], ['help']]) {
      const loaded = await trace(args);
      expect(loaded.code).toBe(0);
      expect([...loaded.packages]).toEqual([]);
      expect([...loaded.modules].sort()).toEqual(['cli', 'model/errors', 'model/package']);
    }
  });

  it('an HTML build loads no browser and no PDF library; a build of unchanged decks not even the parser or the templates', async () => {
    const html = await trace(['build', '--no-pdf']);
    expect(html.code).toBe(0);
    for (const name of ['unified', 'micromark', 'handlebars']) expect(html.packages).toContain(name);
    for (const name of ['puppeteer', 'puppeteer-core', 'pdf-lib']) expect(html.packages).not.toContain(name);
    for (const name of ['plan/index', 'render/deck']) expect(html.modules).toContain(name);
    expect(html.modules).not.toContain('commands/serve');
    // An article without HTML in it (nor footnotes, which are shown with some) loads no HTML parser.
    for (const name of ['hast-util-raw', 'parse5']) expect(html.packages).not.toContain(name);

    const again = await trace(['build', '--no-pdf']);
    expect(again.code).toBe(0);
    for (const name of ['unified', 'micromark', 'handlebars', 'hast-util-raw', 'hast-util-from-html', 'parse5', 'puppeteer', 'pdf-lib']) expect(again.packages).not.toContain(name);
    expect(again.modules).toContain('build/build');
    for (const name of ['plan/index', 'render/deck', 'load/parse']) expect(again.modules).not.toContain(name);
  });

  it('an article with HTML in it, or with footnotes, loads the HTML parser, and its slides show that HTML', async () => {
    await writeFile(join(dir, 'html.md'), '---\ntitle: Keys\n---\n\n## Keys\n\nPress <kbd>Ctrl</kbd> and <kbd>C</kbd> to copy.\n');
    await writeFile(join(dir, 'notes.md'), '---\ntitle: Notes\n---\n\n## Sources\n\nA claim.[^1]\n\n[^1]: Where it comes from.\n');
    for (const [name, shown] of [['html', '<kbd>Ctrl</kbd>'], ['notes', '<sup class="footnote-ref">1</sup>']] as const) {
      const built = await trace(['build', `${name}.md`, '--out', `out-${name}`, '--no-pdf']);
      expect(built.code).toBe(0);
      expect(built.packages).toContain('hast-util-raw');
      expect(await readFile(join(dir, `out-${name}`, name, 'index.html'), 'utf8')).toContain(shown);
    }
  });

  it('the bundle gives pdf-lib\'s own streams Node\'s zlib to deflate, and leaves pako to the packages that use more of it', async () => {
    const chunks = await Promise.all((await readdir(join(root, 'lib', 'bundle'))).filter((name) => name.endsWith('.js')).map((name) => readFile(join(root, 'lib', 'bundle', name), 'utf8')));
    const bundled = chunks.join('\n');
    /** The first lines of a bundled module: where it takes its imports. */
    const head = (path: string): string => {
      const at = bundled.indexOf(`"${path}"(`);
      expect(at, path).toBeGreaterThan(0);
      return bundled.slice(at, at + 600);
    };
    for (const path of ['node_modules/pdf-lib/cjs/core/structures/PDFFlateStream.js', 'node_modules/pdf-lib/cjs/core/PDFContext.js']) {
      expect(head(path)).toContain('pdf_lib_deflate');
      expect(head(path)).not.toContain('require_pako');
    }
    expect(head('node_modules/@pdf-lib/standard-fonts/lib/utils.js')).toContain('require_pako');
    // What pdf-lib is given deflates as zlib does, into bytes any reader inflates.
    const { default: deflate } = (await import(pathToFileURL(join(root, 'scripts', 'pdf-lib-deflate.mjs')).href)) as { default: { deflate: (data: Uint8Array) => Uint8Array } };
    const text = new TextEncoder().encode('BT /F1 12 Tf (briefdeck) Tj ET\n'.repeat(200));
    const deflated = deflate.deflate(text);
    expect(deflated).toBeInstanceOf(Uint8Array);
    expect(deflated.length).toBeLessThan(text.length / 10);
    expect(new Uint8Array(inflateSync(deflated))).toEqual(text);
  });

  it('a PDF build loads Puppeteer\'s core from the bundle, without what only downloads browsers, its browser named or found', async () => {
    const browser = await findBrowser(process.env);
    const found = { CHROME_PATH: '', PUPPETEER_EXECUTABLE_PATH: '', PUPPETEER_CACHE_DIR: await tempDir(), PATH: `${dirname(browser)}${delimiter}${process.env['PATH'] ?? ''}` };
    for (const env of [{ CHROME_PATH: browser }, found]) {
      const pdf = await trace(['build', '--force'], env);
      expect(pdf.code).toBe(0);
      for (const name of ['puppeteer-core', 'ws', 'pdf-lib']) expect(pdf.packages).toContain(name);
      for (const name of ['puppeteer', 'proxy-agent', 'pac-resolver', 'yargs', 'chromium-bidi', 'cosmiconfig']) expect(pdf.packages).not.toContain(name);
    }
  });
});
