// `build`: composes the stages for every article: load -> parse -> plan -> render -> write -> (fit) -> export.
import { dirname, join, resolve } from 'node:path';
import type { BrowserSession } from '../fit/browser.js';
import type { PagePool } from '../export/pool.js';
import type { PageSize } from '../export/handout-page.js';
import { downloadNames } from '../export/names.js';
import { loadConfigFile, resolveOptions, resolveThemeVars, type PartialOptions } from '../load/config.js';
import { DeckError, ExitCode, exitCodeOf, type ExitCodeValue } from '../model/errors.js';
import { displayPath, findArticles } from '../load/inputs.js';
import { loadSource, type Source } from '../load/source.js';
import type { Deck } from '../model/deck.js';
import { planDeck, type FitAdjust } from '../plan/index.js';
import { cleanMarkup } from '../load/liquid.js';
import { renderDeck } from '../render/deck.js';
import { slideRenderer } from '../render/markdown.js';
import { writeIndex } from '../write/index-page.js';
import { loadTheme, type Theme } from '../render/theme.js';
import { knownDecks, translationsOf, type TranslationLink } from '../write/translations.js';
import { stageDeck, writeFileAtomic, writeShared, sharedDirName, copyFileAtomic } from '../write/files.js';
import { assetsDirName, contentRootOf, localImages, rewriteMetaImage, rewriteSlideBackgrounds, type LocalImages } from '../write/assets.js';
import { parseGuarded, withinStack } from '../load/limits.js';
import { lockOutput } from '../write/lock.js';

export interface BuildRequest {
  /** Files and folders to build (default: content/). */
  inputs: string[];
  outDir: string;
  cwd: string;
  flags: PartialOptions;
  /** Print the slides PDF. */
  pdf: boolean;
  /** Measure and re-plan slides in the browser when one is used (default true; `--no-fit` turns it off). */
  fit?: boolean;
  /** Print the handout PDF (default: as `pdf`). */
  handout?: boolean;
  /** Paper of the handout (default: a4). */
  pageSize?: PageSize;
  unsafeHtml: boolean;
  /** A browser the caller owns and closes (a run that checks its decks after building them); by default the build starts its own. */
  browser?: () => Promise<BrowserSession>;
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
  /** What the current deck is doing (printing, pages); shown on a terminal only. */
  progress?(message: string): void;
}

export interface DeckResult {
  file: string;
  ok: boolean;
  slug?: string;
  slides?: number;
  pages?: number;
  handoutPages?: number;
  /** Output folder of the deck. */
  dir?: string;
  ms: number;
  /** What the fit stage split or shrank. */
  fit?: string[];
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
  /** Plans the deck again with the fit stage's adjustments. */
  replan?: (fit: FitAdjust) => Deck;
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
  // One browser per run, started once (memoised promises: concurrent callers share it; a failed start fails every deck alike).
  let launching: Promise<BrowserSession> | undefined;
  const browser = (): Promise<BrowserSession> =>
    (launching ??= request.browser?.() ?? import('../fit/browser.js').then(({ launchBrowser }) =>
      launchBrowser({ env: request.env, timeout: request.timeout, ...(request.signal ? { signal: request.signal } : {}) }),
    ));
  let pooling: Promise<PagePool> | undefined;
  const pages = (): Promise<PagePool> =>
    (pooling ??= Promise.all([import('../export/pool.js'), browser()]).then(([{ createPagePool }, session]) => createPagePool(session, { size: 2 })));

  // Reveal.js, the runtime, the fonts and each theme's CSS are written once per run, not once per deck.
  const sharedWrites = new Map<string, Promise<void>>();
  const shared = (theme: Theme): Promise<void> => {
    let written = sharedWrites.get(theme.name);
    if (!written) sharedWrites.set(theme.name, (written = writeShared(outDir, [theme])));
    return written;
  };
  const release = await lockOutput(outDir, { onWait: (message) => request.report.warning(message), ...(request.signal ? { signal: request.signal } : {}) });
  try {
    // Printing is wanted: start the browser now, while the decks are read and planned (after the lock, inside the
    // try, so the browser is always closed).
    if (request.pdf || (request.handout ?? request.pdf)) pages().catch(() => undefined);
    // Plan every article first, so decks that translate one another (same `ref`) can link each other.
    const planned: Array<{ shown: string; ms: number; prepared?: PreparedDeck; error?: unknown }> = [];
    for (const file of files) {
      throwIfAborted(request.signal);
      const shown = displayPath(file, request.cwd);
      const started = performance.now();
      try {
        const root = contentRootOf(file, request.inputs, request.cwd);
        const prepared = await prepareDeck(file, shown, { config, flags: request.flags, unsafeHtml: request.unsafeHtml, themeFor, root, warn: (message) => request.report.warning(message) });
        prepared.deck.meta.slug = uniqueSlug(prepared.deck.meta.slug, slugs, request.report, shown);
        planned.push({ shown, ms: performance.now() - started, prepared });
      } catch (error) {
        planned.push({ shown, ms: performance.now() - started, error });
      }
    }
    const peers = await knownDecks(outDir, planned.flatMap((item) => (item.prepared ? [item.prepared.deck.meta] : [])));
    for (const [index, { shown, ms, prepared, error: planError }] of planned.entries()) {
      throwIfAborted(request.signal);
      request.report.start(index + 1, planned.length, shown);
      const started = performance.now() - ms;
      try {
        if (!prepared) throw planError;
        const emitted = await emitDeck(prepared, outDir, request, { browser, pages, shared }, translationsOf(prepared.deck.meta, peers));
        const result: DeckResult = { file: shown, ok: true, slug: prepared.deck.meta.slug, slides: prepared.deck.slides.length, dir: emitted.dir, ms: performance.now() - started };
        if (emitted.pages !== undefined) result.pages = emitted.pages;
        if (emitted.fit?.length) result.fit = emitted.fit;
        if (emitted.handoutPages !== undefined) result.handoutPages = emitted.handoutPages;
        results.push(result);
        request.report.deck(result);
      } catch (error) {
        throwIfAborted(request.signal);
        const result: DeckResult = { file: shown, ok: false, ms: performance.now() - started, error };
        results.push(result);
        request.report.deck(result);
      }
    }
    if (results.some((result) => result.ok)) await writeIndex(outDir);
  } finally {
    await (await pooling?.catch(() => undefined))?.close();
    if (!request.browser) await (await launching?.catch(() => undefined))?.close();
    await release();
  }
  const failed = results.find((result) => !result.ok);
  return { decks: results, exitCode: failed ? exitCodeOf(failed.error) : ExitCode.ok };
}

/** Throws the interruption error once the run was interrupted (Ctrl-C). */
function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new DeckError('interrupted', { code: ExitCode.interrupted, hint: 'nothing partial was left in the output folder' });
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
  /** Where warnings about the article (dropped Liquid tags, missing images) go. */
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
  const cleaned = cleanMarkup(source.body, shown);
  for (const warning of cleaned.warnings) warn(warning);
  const tree = parseGuarded(cleaned.text, shown, warn);
  const replan = (fit: FitAdjust = {}): Deck => {
    const render = slideRenderer(tree, { unsafeHtml: context.unsafeHtml, images: images.rewrite });
    const deck = withinStack(shown, tree, () => planDeck({ source, tree, options, render, metrics: theme.metrics, fit }), (block) => render.blocks([block]));
    rewriteMetaImage(deck.meta, images, source.frontMatter.imageLine);
    rewriteSlideBackgrounds(deck.slides, images);
    return deck;
  };
  const themeVars = resolveThemeVars({ config: context.config, frontMatter: source.frontMatter, flags: context.flags });
  return { source, deck: replan(), theme, themeVars, replan, images };
}

/** Writes a deck's folder (staged, swapped in whole only when everything succeeded) and prints its PDFs. */
async function emitDeck(
  prepared: PreparedDeck,
  outDir: string,
  request: BuildRequest,
  runtime: { browser: () => Promise<BrowserSession>; pages: () => Promise<PagePool>; shared: (theme: Theme) => Promise<void> },
  translations: TranslationLink[] = [],
): Promise<{ dir: string; pages?: number; handoutPages?: number; fit?: string[] }> {
  const { theme } = prepared;
  const slug = prepared.deck.meta.slug;
  const handout = request.handout ?? request.pdf;
  const names = downloadNames(slug);
  const downloads = { ...(request.pdf ? { slides: names.slides } : {}), ...(handout ? { handout: names.handout } : {}) };
  const render = (deck: Deck): string => renderDeck(deck, theme, { shared: `../${sharedDirName}`, themeVars: prepared.themeVars, downloads, translations });
  // Rendered before anything is written, so a broken theme leaves no trace in the output folder.
  const firstHtml = render(prepared.deck);
  await runtime.shared(theme);
  const stage = await stageDeck(outDir, slug);
  try {
    const htmlFile = join(stage.dir, 'index.html');
    const write = async (deck: Deck, html = render(deck)): Promise<string> => {
      await writeFileAtomic(htmlFile, html);
      await writeFileAtomic(join(stage.dir, 'deck.json'), `${JSON.stringify(deck, null, 2)}\n`);
      return htmlFile;
    };
    await write(prepared.deck, firstHtml);
    for (const copy of prepared.images?.copies() ?? []) await copyFileAtomic(copy.from, join(stage.dir, assetsDirName, copy.name));
    let fit: string[] | undefined;
    if ((request.pdf || handout) && request.fit !== false && prepared.replan) {
      const { fitStage } = await import('../fit/fit.js');
      fit = await fitStage(prepared, { session: await runtime.browser(), theme, write: (deck) => write(deck), file: htmlFile, timeout: request.timeout, warn: (message) => request.report.warning(message) });
    }
    const deck = prepared.deck;
    let exported: { pages?: number; handoutPages?: number } = {};
    if (request.pdf || handout) {
      const { exportDeck } = await import('../export/index.js');
      exported = await exportDeck({
        deck, theme, themeVars: prepared.themeVars, dir: stage.dir, shared: `../${sharedDirName}`, pool: await runtime.pages(),
        slides: request.pdf, handout, pageSize: request.pageSize ?? 'a4', timeout: request.timeout,
        ...(request.report.progress ? { progress: request.report.progress.bind(request.report) } : {}),
      });
    }
    throwIfAborted(request.signal);
    await stage.commit();
    return { dir: join(outDir, slug), ...exported, ...(fit ? { fit } : {}) };
  } catch (error) {
    await stage.discard();
    throw error;
  }
}
