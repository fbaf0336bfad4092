// `build`: composes the stages for every article: load -> parse -> plan -> render -> write -> (fit) -> export.
import { dirname, join, resolve } from 'node:path';
import type { BrowserSession } from './browser.js';
import { loadConfigFile, resolveOptions, resolveThemeVars, type PartialOptions } from './config.js';
import { DeckError, ExitCode, exitCodeOf, type ExitCodeValue } from './errors.js';
import { displayPath, findArticles } from './inputs.js';
import { loadSource, type Source } from './load.js';
import type { Deck } from './model.js';
import { planDeck } from './plan/index.js';
import { renderDeck } from './render/deck.js';
import { writeIndex } from './index-page.js';
import { loadTheme, type Theme } from './render/theme.js';
import { stageDeck, writeFileAtomic, writeShared, sharedDirName, copyFileAtomic } from './write.js';
import { assetsDirName, contentRootOf, localImages, rewriteMetaImage, rewriteSlideBackgrounds, type LocalImages } from './assets.js';
import { parseGuarded, withinStack } from './limits.js';
import { lockOutput } from './lock.js';

export interface BuildRequest {
  /** Files and folders to build (default: content/). */
  inputs: string[];
  outDir: string;
  cwd: string;
  flags: PartialOptions;
  pdf: boolean;
  unsafeHtml: boolean;
  env: NodeJS.ProcessEnv;
  /** Milliseconds for each browser wait. */
  timeout: number;
  signal?: AbortSignal;
  report: Reporter;
}

/** Where progress and results go; the CLI prints them, tests collect them. */
export interface Reporter {
  start(index: number, total: number, file: string): void;
  deck(result: DeckResult): void;
  warning(message: string): void;
}

export interface DeckResult {
  file: string;
  ok: boolean;
  slug?: string;
  slides?: number;
  pages?: number;
  /** Output folder of the deck. */
  dir?: string;
  ms: number;
  error?: unknown;
}

export interface BuildSummary {
  decks: DeckResult[];
  exitCode: ExitCodeValue;
}

/** A deck planned and themed, ready to render and write. */
export interface PreparedDeck {
  source: Source;
  deck: Deck;
  theme: Theme;
  themeVars: Record<string, string>;
  /** The article's local images, to copy into the deck's assets/. */
  images?: LocalImages;
}

/** Builds every article under the inputs; one deck's failure never stops the others. */
export async function build(request: BuildRequest): Promise<BuildSummary> {
  const files = await findArticles(request.inputs);
  const config = await loadConfigFile(request.cwd);
  const themes = new Map<string, Promise<Theme>>();
  const themeFor = (name: string): Promise<Theme> => {
    if (!themes.has(name)) themes.set(name, loadTheme(name, { cwd: request.cwd }));
    return themes.get(name)!;
  };
  const outDir = resolve(request.cwd, request.outDir);
  const results: DeckResult[] = [];
  const slugs = new Set<string>();
  let session: BrowserSession | undefined;
  let sessionError: unknown;
  const browser = async (): Promise<BrowserSession> => {
    if (sessionError) throw sessionError;
    if (!session) {
      const { launchBrowser } = await import('./browser.js');
      try {
        session = await launchBrowser({ env: request.env, timeout: request.timeout, ...(request.signal ? { signal: request.signal } : {}) });
      } catch (error) {
        sessionError = error;
        throw error;
      }
    }
    return session;
  };

  const release = await lockOutput(outDir, { onWait: (message) => request.report.warning(message), ...(request.signal ? { signal: request.signal } : {}) });
  try {
    for (const [index, file] of files.entries()) {
      if (request.signal?.aborted) throw new DeckError('interrupted', { code: ExitCode.interrupted });
      const shown = displayPath(file, request.cwd);
      request.report.start(index + 1, files.length, shown);
      const started = performance.now();
      try {
        const root = contentRootOf(file, request.inputs, request.cwd);
        const prepared = await prepareDeck(file, shown, { config, flags: request.flags, unsafeHtml: request.unsafeHtml, themeFor, root, warn: (message) => request.report.warning(message) });
        prepared.deck.meta.slug = uniqueSlug(prepared.deck.meta.slug, slugs, request.report, shown);
        const emitted = await emitDeck(prepared, outDir, request, browser);
        const result: DeckResult = { file: shown, ok: true, slug: prepared.deck.meta.slug, slides: prepared.deck.slides.length, dir: emitted.dir, ms: performance.now() - started };
        if (emitted.pages !== undefined) result.pages = emitted.pages;
        results.push(result);
        request.report.deck(result);
      } catch (error) {
        if (request.signal?.aborted) throw new DeckError('interrupted', { code: ExitCode.interrupted });
        const result: DeckResult = { file: shown, ok: false, ms: performance.now() - started, error };
        results.push(result);
        request.report.deck(result);
      }
    }
    if (results.some((result) => result.ok)) await writeIndex(outDir);
  } finally {
    await session?.close();
    await release();
  }
  const failed = results.find((result) => !result.ok);
  return { decks: results, exitCode: failed ? exitCodeOf(failed.error) : ExitCode.ok };
}

function uniqueSlug(slug: string, taken: Set<string>, report: Reporter, file: string): string {
  let unique = slug;
  for (let n = 2; taken.has(unique) || unique === sharedDirName; n++) unique = `${slug}-${n}`;
  if (unique !== slug) report.warning(`${file}: another article already has the slug "${slug}"; this deck is written to "${unique}"`);
  taken.add(unique);
  return unique;
}

export interface PrepareContext {
  config: PartialOptions;
  flags: PartialOptions;
  unsafeHtml: boolean;
  themeFor: (name: string) => Promise<Theme>;
  /** The content folder that bounds the article's images (default: the article's folder). */
  root?: string;
  warn?: (message: string) => void;
}

/** Returns an article loaded, parsed, planned and paired with its theme (no writing). */
export async function prepareDeck(file: string, shown: string, context: PrepareContext): Promise<PreparedDeck> {
  const source = await loadSource(file);
  source.path = shown;
  const options = resolveOptions({ config: context.config, frontMatter: source.frontMatter, file: shown, flags: context.flags });
  const theme = await context.themeFor(options.theme);
  const warn = context.warn ?? ((): void => undefined);
  const images = localImages({ file, shown, root: context.root ?? dirname(resolve(file)), warn });
  const tree = parseGuarded(source.body, shown, warn);
  const deck = withinStack(shown, tree, () => planDeck({ source, tree, options, unsafeHtml: context.unsafeHtml, images: images.rewrite }));
  rewriteMetaImage(deck.meta, images, source.frontMatter.imageLine);
  rewriteSlideBackgrounds(deck.slides, images);
  const themeVars = resolveThemeVars({ config: context.config, frontMatter: source.frontMatter, flags: context.flags });
  return { source, deck, theme, themeVars, images };
}

/** Writes a deck's folder (staged, swapped in whole only when everything succeeded) and prints its PDF. */
async function emitDeck(
  prepared: PreparedDeck,
  outDir: string,
  request: BuildRequest,
  browser: () => Promise<BrowserSession>,
): Promise<{ dir: string; pages?: number }> {
  const { deck, theme } = prepared;
  const slug = deck.meta.slug;
  const pdfName = `${slug}.pdf`;
  // Rendered before anything is written, so a broken theme leaves no trace in the output folder.
  const html = renderDeck(deck, theme, {
    shared: `../${sharedDirName}`,
    themeVars: prepared.themeVars,
    downloads: request.pdf ? { slides: pdfName } : {},
  });
  await writeShared(outDir, [theme]);
  const stage = await stageDeck(outDir, slug);
  try {
    const htmlFile = join(stage.dir, 'index.html');
    await writeFileAtomic(htmlFile, html);
    await writeFileAtomic(join(stage.dir, 'deck.json'), `${JSON.stringify(deck, null, 2)}\n`);
    for (const copy of prepared.images?.copies() ?? []) await copyFileAtomic(copy.from, join(stage.dir, assetsDirName, copy.name));
    let pages: number | undefined;
    if (request.pdf) {
      const { printSlides } = await import('./export/pdf.js');
      const printed = await printSlides(await browser(), htmlFile, { width: theme.reveal.width, height: theme.reveal.height, timeout: request.timeout });
      if (printed.pages !== deck.slides.length) {
        throw new DeckError(`the PDF has ${printed.pages} pages for ${deck.slides.length} slides`, { code: ExitCode.browser, file: deck.meta.source, hint: 'report this with the article attached' });
      }
      await writeFileAtomic(join(stage.dir, pdfName), printed.pdf);
      pages = printed.pages;
    }
    await stage.commit();
    const dir = join(outDir, slug);
    return pages === undefined ? { dir } : { dir, pages };
  } catch (error) {
    await stage.discard();
    throw error;
  }
}
