// The library's build(): the command line's options in camelCase, with defaults, -> the build -> a result per deck.
// `briefdeck build` calls it too. Nothing here reads the command line or prints.
import { readdirSync, statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DeckError, ExitCode, exitCodeOf, type ExitCodeValue } from '../model/errors.js';
import type { PartialOptions } from '../load/config.js';
import { displayPath } from '../load/inputs.js';
import { build as runBuild, type BuildRequest, type DeckResult, type Reporter } from './build.js';

/** Options of build(), one for each flag of `briefdeck build`; every one has a default. */
export interface BuildOptions {
  /** Articles and folders of articles to build, relative to `cwd` (default: `['content']`). */
  inputs?: string[] | undefined;
  /** Output folder, relative to `cwd` (`--out`; default: `dist`). */
  out?: string | undefined;
  /** A built-in theme name or the path of a theme folder (`--theme`; default: the front matter's, else `briefing`). */
  theme?: string | undefined;
  /** Print the slides PDF (`--no-pdf` is `false`; default: true). */
  pdf?: boolean | undefined;
  /** Print the PDF handout (`--handout` / `--no-handout`; default: as `pdf`). */
  handout?: boolean | undefined;
  /** Paper of the handout (`--page-size`; default: `a4`). */
  pageSize?: 'a4' | 'letter' | undefined;
  /** Measure slides in the browser and re-plan those that overflow, when PDFs are printed (`--no-fit` is `false`; default: true). */
  fit?: boolean | undefined;
  /** Add (true) or leave out (false) the agenda slide, whatever the front matter says (`--agenda` / `--no-agenda`). */
  agenda?: boolean | undefined;
  /** Fetch remote pictures into the decks (`--fetch` / `--no-fetch`; default: the config file's `fetch`, else true, or
   * false when the environment has `BRIEFDECK_NO_FETCH`). */
  fetch?: boolean | undefined;
  /** Also write an editable PowerPoint of every deck (`--pptx` / `--no-pptx`; default: the config file's or front
   * matter's `pptx`, else false). */
  pptx?: boolean | undefined;
  /** Build every deck, also those whose inputs did not change since the last build (`--force`; default: false). */
  force?: boolean | undefined;
  /** Decks written and printed at once, sharing one browser (`--jobs`; default: the number of processors). */
  jobs?: number | undefined;
  /** Keep the articles' raw HTML instead of sanitising it (`--unsafe-html`; default: false). */
  unsafeHtml?: boolean | undefined;
  /** Longest wait for the browser at each step, in seconds (`--timeout`; default: 60). */
  timeout?: number | undefined;
  /** Aborting stops the build (build() then rejects with a DeckError, exit code 130); no partial output is left. */
  signal?: AbortSignal | undefined;
  /** The folder that inputs, `out`, theme paths and `briefdeck.config.*` are found from (default: the process's). */
  cwd?: string | undefined;
  /** Environment used to find a browser (`CHROME_PATH`, `PUPPETEER_EXECUTABLE_PATH`, `PATH`; default: the process's). */
  env?: Record<string, string | undefined> | undefined;
  /** Told what the build is doing: each deck as it starts, what it prints, each deck's result, each warning. */
  onProgress?: ((event: BuildEvent) => void) | undefined;
}

/** What build() tells `onProgress`, as it happens. */
export type BuildEvent =
  | { type: 'start'; /** 1-based. */ index: number; total: number; file: string }
  | { type: 'progress'; file: string; /** Such as `slides PDF 29 pages`. */ message: string }
  | { type: 'deck'; deck: DeckBuild }
  | { type: 'warning'; message: string; /** The article the warning is about, when it is about one. */ file?: string };

/** The outcome of one article: the deck and the files written, or the error that stopped it. */
export interface DeckBuild extends Omit<DeckResult, 'error'> {
  /** Every file in the deck's folder (absolute): index.html, deck.json, the PDFs, assets/… (empty when it failed). */
  files: string[];
  /** Warnings about this article (dropped markup, missing images, …). */
  warnings: string[];
  /** Why the deck failed: a DeckError (with file, line, hint and exit code) for anything the user can act on. */
  error?: Error;
  /** The exit code the command line gives for this deck (0 when it was built). */
  exitCode: ExitCodeValue;
}

/** The outcome of build(): one entry per article, in order. */
export interface BuildResult {
  decks: DeckBuild[];
  /** Whether every deck was built. */
  ok: boolean;
  /** The exit code of `briefdeck build`: 0, or that of the first failed deck. */
  exitCode: ExitCodeValue;
  /** The output folder (absolute). */
  out: string;
  /** Every warning of the run, in order (those about one article are also on its DeckBuild). */
  warnings: string[];
}

/**
 * Builds decks from Markdown articles, as `briefdeck build` does, and returns a result per deck. One bad article is a
 * failed DeckBuild (the others are still built); it rejects only when the run cannot start (bad options, no such input,
 * the output folder cannot be locked) or is aborted.
 */
export async function build(options: BuildOptions = {}): Promise<BuildResult> {
  const cwd = options.cwd ?? process.cwd();
  const pdf = options.pdf ?? true;
  const pageSize = options.pageSize ?? 'a4';
  const timeout = options.timeout ?? 60;
  if (pageSize !== 'a4' && pageSize !== 'letter') throw new DeckError(`pageSize must be "a4" or "letter", not "${String(pageSize)}"`, { code: ExitCode.usage });
  if (!(timeout > 0)) throw new DeckError(`timeout must be a number of seconds above 0, not ${String(timeout)}`, { code: ExitCode.usage });
  if (options.jobs !== undefined && !(Number.isInteger(options.jobs) && options.jobs >= 1)) throw new DeckError(`jobs must be a whole number of decks, 1 or more, not ${String(options.jobs)}`, { code: ExitCode.usage });
  if (options.inputs === undefined && !(await stat(join(cwd, 'content')).then((info) => info.isDirectory(), () => false))) {
    throw new DeckError('no content/ folder here to build', { code: ExitCode.input, hint: 'put Markdown articles in content/, or name files or folders: briefdeck build talk.md' });
  }
  // The build reads inputs from the process's folder: inputs relative to another cwd are made absolute first.
  const given = options.inputs ?? ['content'];
  const inputs = resolve(cwd) === process.cwd() ? given : given.map((input) => resolve(cwd, input));
  const flags: PartialOptions = {};
  if (options.theme !== undefined) flags.theme = options.theme;
  if (options.agenda !== undefined) flags.agenda = options.agenda;
  if (options.fetch !== undefined) flags.fetch = options.fetch;
  else if ((options.env ?? process.env)['BRIEFDECK_NO_FETCH']) flags.fetch = false;
  if (options.pptx !== undefined) flags.pptx = options.pptx;

  const emit = options.onProgress ?? ((): void => undefined);
  const warnings: string[] = [];
  const warningsOf = new Map<string, string[]>();
  const decks: DeckBuild[] = [];
  let current = '';
  const report: Reporter = {
    start(index, total, file) {
      current = file;
      emit({ type: 'start', index, total, file });
    },
    progress(message) {
      emit({ type: 'progress', file: current, message });
    },
    warning(message, file) {
      warnings.push(message);
      if (file !== undefined) warningsOf.set(file, [...(warningsOf.get(file) ?? []), message]);
      emit({ type: 'warning', message, ...(file === undefined ? {} : { file }) });
    },
    deck(result) {
      const deck = deckBuild(result, warningsOf.get(result.file) ?? [], cwd);
      decks.push(deck);
      emit({ type: 'deck', deck });
    },
  };
  const request: BuildRequest = {
    inputs,
    outDir: options.out ?? 'dist',
    cwd,
    flags,
    pdf,
    fit: options.fit ?? true,
    handout: options.handout ?? pdf,
    pageSize,
    unsafeHtml: options.unsafeHtml ?? false,
    env: options.env ?? process.env,
    timeout: timeout * 1000,
    report,
    ...(options.force ? { force: true } : {}),
    ...(options.jobs === undefined ? {} : { jobs: options.jobs }),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const summary = await runBuild(request);
  return { decks, ok: decks.every((deck) => deck.ok), exitCode: summary.exitCode, out: resolve(cwd, request.outDir), warnings };
}

/** Returns the library's result for one deck: the build's, with the files written, its warnings and its exit code. */
function deckBuild(result: DeckResult, warnings: string[], cwd: string): DeckBuild {
  const { error, ...rest } = result;
  const files = result.ok && result.dir ? filesUnder(result.dir) : [];
  const failure = error === undefined ? {} : { error: error instanceof Error ? placed(error, result.file, cwd) : new Error(String(error)) };
  return { ...rest, files, warnings, exitCode: result.ok ? ExitCode.ok : exitCodeOf(error), ...failure };
}

/** Returns a deck's error saying where: the deck's file when it names none, and its file relative to cwd when inside it. */
function placed(error: Error, file: string, cwd: string): Error {
  if (!(error instanceof DeckError)) return error;
  const shown = error.file === undefined ? file : displayPath(error.file, cwd);
  if (shown === error.file) return error;
  const { line, column, hint } = error;
  return new DeckError(error.message, { code: error.code, file: shown, ...(line === undefined ? {} : { line }), ...(column === undefined ? {} : { column }), ...(hint ? { hint } : {}), cause: error });
}

/** Returns every file under a folder (absolute paths, sorted); read as the deck is reported, while the output is locked. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .sort();
}
