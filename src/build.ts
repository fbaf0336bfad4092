// `build`: composes the stages for every article: load -> parse -> plan -> render -> write -> (fit) -> export.
import { join, resolve } from 'node:path';
import type { BrowserSession } from './browser.js';
import { loadConfigFile, resolveOptions, resolveThemeVars, type PartialOptions } from './config.js';
import { DeckError, ExitCode, exitCodeOf, type ExitCodeValue } from './errors.js';
import { displayPath, findArticles } from './inputs.js';
import { loadSource, type Source } from './load.js';
import type { Deck } from './model.js';
import { parseMarkdown } from './parse.js';
import { planDeck, type FitAdjust } from './plan/index.js';
import { cleanMarkup } from './liquid.js';
import { renderDeck } from './render/deck.js';
import { writeIndex } from './index-page.js';
import { loadTheme, type Theme } from './render/theme.js';
import { knownDecks, translationsOf, type TranslationLink } from './translations.js';
import { stageDeck, writeFileAtomic, writeShared, sharedDirName } from './write.js';

export interface BuildRequest {
  /** Files and folders to build (default: content/). */
  inputs: string[];
  outDir: string;
  cwd: string;
  flags: PartialOptions;
  pdf: boolean;
  /** Measure and re-plan slides in the browser when one is used (default true; `--no-fit` turns it off). */
  fit?: boolean;
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

  try {
    // Plan every article first, so decks that translate one another (same `ref`) can link each other.
    const planned: Array<{ shown: string; ms: number; prepared?: PreparedDeck; error?: unknown }> = [];
    for (const file of files) {
      throwIfAborted(request.signal);
      const shown = displayPath(file, request.cwd);
      const started = performance.now();
      try {
        const prepared = await prepareDeck(file, shown, { config, flags: request.flags, unsafeHtml: request.unsafeHtml, themeFor, warn: (message) => request.report.warning(message) });
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
        const emitted = await emitDeck(prepared, outDir, request, browser, translationsOf(prepared.deck.meta, peers));
        const result: DeckResult = { file: shown, ok: true, slug: prepared.deck.meta.slug, slides: prepared.deck.slides.length, dir: emitted.dir, ms: performance.now() - started };
        if (emitted.pages !== undefined) result.pages = emitted.pages;
        if (emitted.fit?.length) result.fit = emitted.fit;
        results.push(result);
        request.report.deck(result);
      } catch (error) {
        throwIfAborted(request.signal);
        const result: DeckResult = { file: shown, ok: false, ms: performance.now() - started, error };
        results.push(result);
        request.report.deck(result);
      }
    }
  } finally {
    await session?.close();
  }
  if (results.some((result) => result.ok)) await writeIndex(outDir);
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
  /** Where warnings about the article (dropped Liquid tags) go. */
  warn?: (message: string) => void;
}

/** Returns an article loaded, parsed, planned and paired with its theme (no writing). */
export async function prepareDeck(file: string, shown: string, context: PrepareContext): Promise<PreparedDeck> {
  const source = await loadSource(file);
  source.path = shown;
  const options = resolveOptions({ config: context.config, frontMatter: source.frontMatter, file: shown, flags: context.flags });
  const theme = await context.themeFor(options.theme);
  const cleaned = cleanMarkup(source.body, shown);
  for (const warning of cleaned.warnings) context.warn?.(warning);
  const tree = parseMarkdown(cleaned.text);
  const replan = (fit: FitAdjust = {}): Deck => planDeck({ source, tree, options, unsafeHtml: context.unsafeHtml, metrics: theme.metrics, fit });
  const themeVars = resolveThemeVars({ config: context.config, frontMatter: source.frontMatter, flags: context.flags });
  return { source, deck: replan(), theme, themeVars, replan };
}

/** Writes a deck's folder (staged, swapped in whole only when everything succeeded) and prints its PDF. */
async function emitDeck(
  prepared: PreparedDeck,
  outDir: string,
  request: BuildRequest,
  browser: () => Promise<BrowserSession>,
  translations: TranslationLink[] = [],
): Promise<{ dir: string; pages?: number; fit?: string[] }> {
  const { theme } = prepared;
  const slug = prepared.deck.meta.slug;
  await writeShared(outDir, [theme]);
  const stage = await stageDeck(outDir, slug);
  try {
    const pdfName = `${slug}.pdf`;
    const htmlFile = join(stage.dir, 'index.html');
    const write = async (deck: Deck): Promise<string> => {
      const html = renderDeck(deck, theme, { shared: `../${sharedDirName}`, themeVars: prepared.themeVars, downloads: request.pdf ? { slides: pdfName } : {}, translations });
      await writeFileAtomic(htmlFile, html);
      await writeFileAtomic(join(stage.dir, 'deck.json'), `${JSON.stringify(deck, null, 2)}\n`);
      return htmlFile;
    };
    await write(prepared.deck);
    let fit: string[] | undefined;
    if (request.pdf && request.fit !== false && prepared.replan) {
      const { fitStage } = await import('./fit.js');
      fit = await fitStage(prepared, { session: await browser(), theme, write, timeout: request.timeout, warn: (message) => request.report.warning(message) });
    }
    const deck = prepared.deck;
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
    throwIfAborted(request.signal);
    await stage.commit();
    const dir = join(outDir, slug);
    return { dir, ...(pages === undefined ? {} : { pages }), ...(fit ? { fit } : {}) };
  } catch (error) {
    await stage.discard();
    throw error;
  }
}
