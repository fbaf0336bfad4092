// `build`: composes the stages for every article: load -> parse -> plan -> render -> write -> (fit) -> export.
// A deck whose inputs did not change since the last build (see inputs.ts) is left as it is; the heavy stages are
// imported only when some deck has to be built, and decks are written and printed side by side (`jobs`).
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { BrowserSession } from '../fit/browser.js';
import type { PagePool } from '../export/pool.js';
import type { PageSize } from '../export/handout-page.js';
import { downloadNames } from '../export/names.js';
import { loadConfigFile, resolveFetch, resolveOptions, resolveThemeVars, type PartialOptions } from '../load/config.js';
import { DeckError, ExitCode, exitCodeOf, type ExitCodeValue } from '../model/errors.js';
import { displayPath, findArticles } from '../load/inputs.js';
import { loadSource, parseSource, type Source } from '../load/source.js';
import type { Deck, DeckOptions } from '../model/deck.js';
import type { FitAdjust } from '../plan/index.js';
import { deckFileName } from '../write/decks.js';
import { writeIndex } from '../write/index-page.js';
import { loadTheme, type Theme } from '../render/theme.js';
import { knownDecks, translationsOf, type DeckRef, type TranslationLink } from '../write/translations.js';
import { stageDeck, writeFileAtomic } from '../write/files.js';
import { sharedDirName, sharedWriter, type SharedWriter } from '../write/shared.js';
import { contentRootOf, type LocalImages, type PlannedImages } from '../write/assets.js';
import { cacheDirOf, imageFetcher, type ImageFetcher } from '../write/fetch.js';
import { lockOutput } from '../write/lock.js';
import { browserUsers } from './users.js';
import { hasBuiltDecks, inputsHash, previousBuild, relativePath, stableJson, toolIdentity, type DeckRecord, type InputsRecord } from './inputs.js';

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
  /** Build every deck, also those whose inputs did not change (default false). */
  force?: boolean;
  /** Decks written and printed at once (default: the number of processors). */
  jobs?: number;
  signal?: AbortSignal;
  report: Reporter;
}

/** Where progress and results go; the CLI prints them, tests collect them. */
export interface Reporter {
  start(index: number, total: number, file: string): void;
  deck(result: DeckResult): void;
  /** A warning; `file` names the article it is about (as shown), when it is about one. */
  warning(message: string, file?: string): void;
  /** What the current deck is doing (printing, pages); shown on a terminal only. */
  progress?(message: string): void;
}

/** The outcome of one article, as the build reports it (the library's DeckBuild adds the files, warnings and exit code). */
export interface DeckResult {
  /** The article, relative to `cwd` when it is inside it. */
  file: string;
  /** Whether the deck was built and written. */
  ok: boolean;
  /** The deck's folder name under the output folder. */
  slug?: string;
  slides?: number;
  /** Pages of the slides PDF, when one was printed. */
  pages?: number;
  /** Pages of the handout, when one was printed. */
  handoutPages?: number;
  /** The PowerPoint's file name in the deck's folder, when one was written. */
  pptx?: string;
  /** The deck's folder (absolute). */
  dir?: string;
  /** Milliseconds spent on this deck. */
  ms: number;
  /** What the fit stage split or shrank. */
  fit?: string[];
  /** True when the deck's inputs had not changed since it was last built, so it was left as it was. */
  unchanged?: boolean;
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
  /**
   * Once remote pictures have arrived, rewrites the deck's cover and backgrounds again when nothing else of the last
   * plan waited for them; false when its slides did (then plan again).
   */
  redress?: (deck: Deck) => boolean;
  /** The article's local images, to copy into the deck's assets/. */
  images?: LocalImages;
  /** Every image file the deck uses or looked for (absolute paths; missing ones included), for the inputs hash. */
  imageFiles?: string[];
}

/** An article read, with its options and theme resolved: what the inputs hash needs, before any parsing. */
interface Article {
  file: string;
  shown: string;
  source: Source;
  options: DeckOptions;
  theme: Theme;
  themeVars: Record<string, string>;
  root: string;
  /** Fetches the article's remote pictures (absent: their addresses stay). */
  fetcher?: ImageFetcher;
}

/** One article's way through a build. */
interface Entry {
  shown: string;
  started: number;
  article?: Article;
  prepared?: PreparedDeck;
  /** Warnings given about the article, kept in its deck.json to repeat when it is skipped. */
  warnings: string[];
  /** The previous build of the deck, when its inputs hash still matches. */
  unchanged?: { deck: DeckRecord; inputs: InputsRecord };
  error?: unknown;
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
  const jobs = Math.max(1, Math.floor(request.jobs ?? availableParallelism()));
  const printing = request.pdf || (request.handout ?? request.pdf);
  const slugs = new Set<string>();
  let tool: Promise<string> | undefined;
  const identity = (): Promise<string> => (tool ??= toolIdentity());
  // One browser per run, started once (memoised promises: concurrent callers share it; a failed start fails every deck alike).
  let launching: Promise<BrowserSession> | undefined;
  const browser = (): Promise<BrowserSession> =>
    (launching ??= request.browser?.() ?? import('../fit/browser.js').then(({ launchBrowser }) =>
      launchBrowser({ env: request.env, timeout: request.timeout, ...(request.signal ? { signal: request.signal } : {}) }),
    ));
  // As many pages print at once as decks are built at once (at least two: a deck's slides and handout print side by side).
  let pooling: Promise<PagePool> | undefined;
  const pages = (): Promise<PagePool> =>
    (pooling ??= Promise.all([import('../export/pool.js'), browser()]).then(([{ createPagePool }, session]) => createPagePool(session, { size: Math.max(2, jobs) })));
  // Closes the pages and the browser, once (a browser the caller gave is the caller's to close).
  let closing: Promise<void> | undefined;
  const closeBrowser = (): Promise<void> =>
    (closing ??= (async (): Promise<void> => {
      await (await pooling?.catch(() => undefined))?.close();
      if (!request.browser) await (await launching?.catch(() => undefined))?.close();
    })());

  // Reveal.js, the runtime, the fonts and each theme's CSS, for the text of a page about to be written (which font
  // slices and whether KaTeX): written only when missing or changed.
  const shared = sharedWriter(outDir);
  // Remote pictures are fetched (into a cache shared by every build) while the articles are planned.
  const fetcher = imageFetcher({ cacheDir: cacheDirOf(request.env, request.cwd), ...(request.signal ? { signal: request.signal } : {}) });
  const release = await lockOutput(outDir, { onWait: (message) => request.report.warning(message), ...(request.signal ? { signal: request.signal } : {}) });
  try {
    // When no deck can be skipped (--force, or nothing built here yet), the browser starts now, while the articles are
    // read; else once an article is found changed.
    if (printing && files.length > 0 && (request.force || !(await hasBuiltDecks(outDir)))) pages().catch(() => undefined);
    // Read every article and tell which decks changed; plan those (so decks that translate one another can link each other).
    const entries: Entry[] = [];
    for (const file of files) {
      throwIfAborted(request.signal);
      const shown = displayPath(file, request.cwd);
      const entry: Entry = { shown, started: performance.now(), warnings: [] };
      entries.push(entry);
      const warn = (message: string): void => {
        entry.warnings.push(message);
        request.report.warning(message, shown);
      };
      try {
        const root = contentRootOf(file, request.inputs, request.cwd);
        const article = await loadArticle(file, shown, { config, flags: request.flags, unsafeHtml: request.unsafeHtml, themeFor, root, fetcher });
        article.source.slug = uniqueSlug(article.source.slug, slugs, request.report, shown);
        entry.article = article;
        const previous = request.force ? undefined : await previousBuild(join(outDir, article.source.slug));
        if (previous && previous.inputs.hash === (await hashOf(article, previous.inputs.images.map((image) => resolve(request.cwd, image)), request, identity))) {
          entry.unchanged = previous;
          continue;
        }
        // A deck to build: start the browser now, while the decks are read and planned.
        if (printing) pages().catch(() => undefined);
        entry.prepared = await planArticle(article, { unsafeHtml: request.unsafeHtml, warn });
      } catch (error) {
        entry.error = error;
      }
    }
    const metaOf = (entry: Entry): DeckRef | undefined => entry.prepared?.deck.meta ?? entry.unchanged?.deck.meta;
    const peers = await knownDecks(outDir, entries.flatMap((entry) => metaOf(entry) ?? []));
    // A deck whose other-language versions changed is built again (its links change).
    for (const entry of entries) {
      if (!entry.unchanged || !entry.article) continue;
      const links = translationsOf(entry.unchanged.deck.meta, peers);
      if (stableJson(links) === stableJson(entry.unchanged.inputs.translations ?? [])) {
        // Left as it is: the warnings its article gave are given again.
        for (const message of entry.unchanged.inputs.warnings) request.report.warning(message, entry.shown);
        continue;
      }
      delete entry.unchanged;
      if (printing) pages().catch(() => undefined);
      try {
        entry.prepared = await planArticle(entry.article, { unsafeHtml: request.unsafeHtml, warn: (message) => (entry.warnings.push(message), request.report.warning(message, entry.shown)) });
      } catch (error) {
        entry.error = error;
      }
    }

    // Write and print: `jobs` decks at a time, reported in order.
    const done = entries.map(() => deferred<DeckResult>());
    // A browser that crashes fails every deck printing in it at that moment: those are tried once more, one at a time,
    // after the others (a deck that crashes the browser again fails alone).
    const crashed: number[] = [];
    let next = 0;
    // The browser closes as soon as no deck can need it again, while the last decks' PDFs are put together and written.
    const users = browserUsers(entries.length, () => void closeBrowser().catch(() => undefined));
    const worker = async (): Promise<void> => {
      while (next < entries.length) {
        const index = next++;
        users.start(index);
        try {
          const result = await emitEntry(entries[index]!, index).catch((error: unknown) => (done[index]!.reject(error), undefined));
          if (!result) continue;
          if (!result.ok && jobs > 1 && (await isCrash(result.error))) {
            crashed.push(index);
            users.crashed(index);
          } else done[index]!.resolve(result);
        } finally {
          users.done(index);
        }
      }
    };
    const isCrash = async (error: unknown): Promise<boolean> => (await import('../fit/browser.js')).isBrowserCrash(error);
    const retry = async (): Promise<void> => {
      for (const index of crashed.sort((a, b) => a - b)) await emitEntry(entries[index]!, index).then(done[index]!.resolve, done[index]!.reject);
    };
    const emitEntry = async (entry: Entry, index: number): Promise<DeckResult> => {
      const started = entry.started;
      try {
        throwIfAborted(request.signal);
        request.report.start(index + 1, entries.length, entry.shown);
        if (entry.unchanged && entry.article) {
          // Its page is as it was: the slices it shows are there, unless the shared folder went missing.
          await shared(entry.article.theme, await readFile(join(outDir, entry.unchanged.deck.meta.slug, 'index.html'), 'utf8'));
          const { deck, inputs } = entry.unchanged;
          const result: DeckResult = { file: entry.shown, ok: true, unchanged: true, slug: deck.meta.slug, slides: deck.slides.length, dir: join(outDir, deck.meta.slug), ms: performance.now() - started };
          if (inputs.pages !== undefined) result.pages = inputs.pages;
          if (inputs.handoutPages !== undefined) result.handoutPages = inputs.handoutPages;
          if (inputs.outputs.includes(downloadNames(deck.meta.slug).pptx)) result.pptx = downloadNames(deck.meta.slug).pptx;
          return result;
        }
        if (!entry.prepared || !entry.article) throw entry.error;
        const prepared = entry.prepared;
        const translations = translationsOf(prepared.deck.meta, peers);
        const record = async (outputs: string[], printed: { pages?: number; handoutPages?: number }): Promise<InputsRecord> => ({
          hash: await hashOf(entry.article!, prepared.imageFiles ?? [], request, identity),
          images: (prepared.imageFiles ?? []).map((image) => relativePath(request.cwd, image)),
          translations,
          outputs,
          ...printed,
          warnings: entry.warnings,
        });
        const runtime: EmitRuntime = { browser, pages, shared, record, warn: (message) => (entry.warnings.push(message), request.report.warning(message, entry.shown)) };
        // A deck tried again after a crash keeps the browser until the run ends.
        if (!crashed.includes(index)) runtime.browserDone = () => users.done(index);
        const emitted = await emitDeck(prepared, outDir, request, runtime, translations);
        const result: DeckResult = { file: entry.shown, ok: true, slug: prepared.deck.meta.slug, slides: prepared.deck.slides.length, dir: emitted.dir, ms: performance.now() - started };
        if (emitted.pages !== undefined) result.pages = emitted.pages;
        if (emitted.fit?.length) result.fit = emitted.fit;
        if (emitted.handoutPages !== undefined) result.handoutPages = emitted.handoutPages;
        if (emitted.pptx !== undefined) result.pptx = emitted.pptx;
        return result;
      } catch (error) {
        throwIfAborted(request.signal);
        return { file: entry.shown, ok: false, ms: performance.now() - started, error };
      }
    };
    const workers = Promise.all(Array.from({ length: Math.min(jobs, entries.length) }, worker)).then(retry);
    workers.catch(() => undefined);
    const results: DeckResult[] = [];
    for (const pending of done) {
      const result = await pending.promise;
      results.push(result);
      request.report.deck(result);
    }
    await workers;
    if (results.some((result) => result.ok)) await shared(undefined, await writeIndex(outDir));
    const failed = results.find((result) => !result.ok);
    return { decks: results, exitCode: failed ? exitCodeOf(failed.error) : ExitCode.ok };
  } finally {
    await closeBrowser();
    await release();
  }
}

/** Returns the inputs hash of an article whose images are `images`. */
async function hashOf(article: Article, images: string[], request: BuildRequest, identity: () => Promise<string>): Promise<string> {
  const handout = request.handout ?? request.pdf;
  const printing = request.pdf || handout;
  return inputsHash({
    tool: await identity(),
    cwd: request.cwd,
    shown: article.shown,
    article: await readFile(article.file),
    root: article.root,
    options: article.options,
    themeVars: article.themeVars,
    flags: { pdf: request.pdf, handout, fit: printing && request.fit !== false, pageSize: handout ? (request.pageSize ?? 'a4') : null, unsafeHtml: request.unsafeHtml },
    theme: article.theme,
    images,
  });
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

/** Returns a promise with its settling functions (its rejection is handled where it is awaited). */
function deferred<T>(): Deferred<T> {
  let resolve: (value: T) => void = () => undefined;
  let reject: (error: unknown) => void = () => undefined;
  const promise = new Promise<T>((done, fail) => ((resolve = done), (reject = fail)));
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

/** Throws the interruption error once the run was interrupted (Ctrl-C). */
function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new DeckError('interrupted', { code: ExitCode.interrupted, hint: 'nothing partial was left in the output folder' });
}

function uniqueSlug(slug: string, taken: Set<string>, report: Reporter, file: string): string {
  let unique = slug;
  for (let n = 2; taken.has(unique) || unique === sharedDirName; n++) unique = `${slug}-${n}`;
  if (unique !== slug) report.warning(`${file}: another article already has the slug "${slug}"; this deck is written to "${unique}"`, file);
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
  /** The article's text, when it is not to be read from `file` (the library's planDeck). */
  text?: string;
  /** Fetches remote pictures into the deck (unless the options say `fetch: false`); absent: remote addresses stay. */
  fetcher?: ImageFetcher;
}

/** Returns an article loaded, parsed, planned and paired with its theme (no writing). */
export async function prepareDeck(file: string, shown: string, context: PrepareContext): Promise<PreparedDeck> {
  const article = await loadArticle(file, shown, context);
  return planArticle(article, { unsafeHtml: context.unsafeHtml, ...(context.warn ? { warn: context.warn } : {}) });
}

/** Returns an article read, with its options, theme and theme variables resolved (no Markdown parsed yet). */
async function loadArticle(file: string, shown: string, context: PrepareContext): Promise<Article> {
  const source = context.text === undefined ? await loadSource(file) : parseSource(file, context.text);
  source.path = shown;
  const options = resolveOptions({ config: context.config, frontMatter: source.frontMatter, file: shown, flags: context.flags });
  const theme = await context.themeFor(options.theme);
  const themeVars = resolveThemeVars({ config: context.config, frontMatter: source.frontMatter, flags: context.flags });
  const fetcher = context.fetcher && resolveFetch({ config: context.config, frontMatter: source.frontMatter, flags: context.flags }) ? context.fetcher : undefined;
  return { file, shown, source, options, theme, themeVars, root: context.root ?? dirname(resolve(file)), ...(fetcher ? { fetcher } : {}) };
}

/** Returns an article parsed and planned (the heavy stages are imported here, on first use). */
async function planArticle(article: Article, context: { unsafeHtml: boolean; warn?: (message: string) => void }): Promise<PreparedDeck> {
  const stages = await import('./stages.js');
  const { file, shown, source, options, theme } = article;
  const warn = context.warn ?? ((): void => undefined);
  const imageFiles = new Set<string>();
  const images = stages.localImages({ file, shown, root: article.root, warn, refused: (refusal) => void (refusal.path && imageFiles.add(refusal.path)), ...(article.fetcher ? { fetcher: article.fetcher } : {}) });
  const tree = await stages.parseArticle(source, shown, warn);
  // KaTeX and the highlighter are imported only for articles with formulas or code.
  const tools = await stages.renderTools(tree, (line, message) => warn(`${shown}${line === undefined ? '' : `:${line}`}: ${message}`));
  // Whether the last plan's slides asked for a picture still being fetched, and its cover and backgrounds as planned.
  let waited = false;
  let planned: PlannedImages = { backgrounds: [] };
  const replan = (fit: FitAdjust = {}): Deck => {
    const render = stages.slideRenderer(tree, { unsafeHtml: context.unsafeHtml, images: images.rewrite, ...tools });
    const asked = images.provisionals();
    const deck = stages.withinStack(shown, tree, () => stages.planDeck({ source, tree, options, render, metrics: theme.metrics, fit }), (block) => render.blocks([block]));
    waited = images.provisionals() > asked;
    planned = stages.dressImages(deck, images, source.frontMatter.imageLine);
    return deck;
  };
  const redress = (deck: Deck): boolean => {
    if (waited) return false;
    stages.redressImages(deck, planned, images, source.frontMatter.imageLine);
    return true;
  };
  const deck = replan();
  for (const copy of images.copies()) imageFiles.add(copy.from);
  return { source, deck, theme, themeVars: article.themeVars, replan, redress, images, imageFiles: [...imageFiles].sort() };
}

interface EmitRuntime {
  browser: () => Promise<BrowserSession>;
  pages: () => Promise<PagePool>;
  /** Writes the shared assets a page of this text needs (a theme's CSS, font slices, KaTeX). */
  shared: SharedWriter;
  /** Returns what deck.json records of the build, given the deck folder's files and the PDFs' pages. */
  record?: (outputs: string[], printed: { pages?: number; handoutPages?: number }) => Promise<InputsRecord>;
  warn?: (message: string) => void;
  /** Told once the deck needs the browser no more (its PDFs printed, its PowerPoint drawn), before the files are put together. */
  browserDone?: () => void;
}

/** Writes a deck's folder (staged, swapped in whole only when everything succeeded) and prints its PDFs. */
async function emitDeck(
  prepared: PreparedDeck,
  outDir: string,
  request: BuildRequest,
  runtime: EmitRuntime,
  translations: TranslationLink[] = [],
): Promise<{ dir: string; pages?: number; handoutPages?: number; pptx?: string; fit?: string[] }> {
  const { renderDeck, assetsDirName, copyImage } = await import('./stages.js');
  const { theme } = prepared;
  const slug = prepared.deck.meta.slug;
  // Remote pictures fetched while the decks were planned: plan again when a slide's picture's name or fate was not
  // known yet; a cover or a background alone is only rewritten again (a long article's plan takes a second).
  if (prepared.images && (await prepared.images.settle()) && prepared.replan && !prepared.redress?.(prepared.deck)) {
    prepared.deck = prepared.replan({});
    prepared.deck.meta.slug = slug;
  }
  const handout = request.handout ?? request.pdf;
  const pptx = prepared.deck.options.pptx === true;
  const names = downloadNames(slug);
  const downloads = { ...(request.pdf ? { slides: names.slides } : {}), ...(handout ? { handout: names.handout } : {}), ...(pptx ? { pptx: names.pptx } : {}) };
  const shared = `../${sharedDirName}`;
  // A page is written with the shared assets it needs, linking only the font slices it shows.
  const render = (deck: Deck): Promise<string> => runtime.shared(theme, renderDeck(deck, theme, { shared, themeVars: prepared.themeVars, downloads, translations }), shared);
  // Rendered before anything is written, so a broken theme leaves no trace in the output folder.
  const firstHtml = await render(prepared.deck);
  const stage = await stageDeck(outDir, slug);
  try {
    const htmlFile = join(stage.dir, 'index.html');
    const write = async (deck: Deck, html?: string): Promise<string> => {
      await writeFileAtomic(htmlFile, html ?? (await render(deck)));
      return htmlFile;
    };
    await write(prepared.deck, firstHtml);
    const copies = prepared.images?.copies() ?? [];
    await Promise.all(copies.map((copy) => copyImage(copy, stage.dir)));
    // Fetched pictures are inputs too: their cached files join the hash.
    prepared.imageFiles = [...new Set([...(prepared.imageFiles ?? []), ...copies.map((copy) => copy.from)])].sort();
    let fit: string[] | undefined;
    const exported: { pages?: number; handoutPages?: number; pptx?: string } = {};
    // The PowerPoint waits for the fit stage's last re-plan (it shows the same slides), then is written while the PDFs print.
    const fitting = (request.pdf || handout) && request.fit !== false && prepared.replan !== undefined;
    const fitted = deferred<void>();
    if (!fitting) fitted.resolve();
    // What the deck still needs the browser for.
    const pdfsPrinted = deferred<void>();
    const pptxDrawn = deferred<void>();
    void Promise.all([pdfsPrinted.promise, pptxDrawn.promise]).then(() => runtime.browserDone?.());
    const pdfs = async (): Promise<void> => {
      if (!request.pdf && !handout) return pdfsPrinted.resolve();
      const [{ exportDeck }, pool, session] = await Promise.all([import('../export/index.js'), runtime.pages(), fitting ? runtime.browser() : undefined]);
      Object.assign(exported, await exportDeck({
        deck: prepared.deck, theme, themeVars: prepared.themeVars, dir: stage.dir, shared, pool, fonts: (html: string) => runtime.shared(theme, html, shared),
        slides: request.pdf, handout, pageSize: request.pageSize ?? 'a4', timeout: request.timeout, printed: () => pdfsPrinted.resolve(),
        ...(request.report.progress ? { progress: request.report.progress.bind(request.report) } : {}),
        ...(fitting && session
          ? {
              fit: async (measure: (file: string) => Promise<import('../fit/measure.js').DeckMeasure>) => {
                const { fitStage } = await import('../fit/fit.js');
                // The page measured last shows the deck as it is unless a re-plan was written after it.
                let writes = 0;
                let measuredAt = -1;
                fit = await fitStage(prepared, {
                  session, theme, file: htmlFile, timeout: request.timeout,
                  write: (deck) => (writes++, write(deck)),
                  measure: (file) => ((measuredAt = writes), measure(file)),
                  warn: runtime.warn ?? ((message) => request.report.warning(message, prepared.source.path)),
                }).finally(() => fitted.resolve());
                return { deck: prepared.deck, current: measuredAt === writes };
              },
            }
          : {}),
      }));
    };
    const powerPoint = async (): Promise<void> => {
      if (!pptx) return pptxDrawn.resolve();
      await fitted.promise;
      const { exportPptx } = await import('../export/pptx/index.js');
      exported.pptx = (await exportPptx({ deck: prepared.deck, theme, themeVars: prepared.themeVars, dir: stage.dir, pages: runtime.pages, timeout: request.timeout, warn: runtime.warn ?? ((message) => request.report.warning(message, prepared.source.path)) })).file;
      pptxDrawn.resolve();
    };
    const printing = pdfs().finally(() => fitted.resolve());
    const failed = (await Promise.allSettled([printing, powerPoint()])).find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    if (failed) throw failed.reason;
    const outputs = ['index.html', deckFileName, ...copies.map((copy) => `${assetsDirName}/${copy.name}`)];
    if (exported.pages !== undefined) outputs.push(names.slides);
    if (exported.handoutPages !== undefined) outputs.push(names.handout);
    if (exported.pptx !== undefined) outputs.push(exported.pptx);
    const inputs = await runtime.record?.(outputs, exported);
    const json: DeckRecord = inputs ? { ...prepared.deck, inputs } : prepared.deck;
    await writeFileAtomic(join(stage.dir, deckFileName), `${JSON.stringify(json, null, 2)}\n`);
    throwIfAborted(request.signal);
    await stage.commit();
    return { dir: join(outDir, slug), ...exported, ...(fit ? { fit } : {}) };
  } catch (error) {
    await stage.discard();
    throw error;
  }
}
