// `check`: audits built decks in Chromium — overflow, text size, words, lost words, missing images, network requests.
import { readFile, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { auditDeck, type AuditStats, type Problem } from './audit.js';
import type { BrowserSession } from './browser.js';
import { DeckError, ExitCode } from '../model/errors.js';
import { imageProblems } from './image-problems.js';
import { readArticle } from '../load/article.js';
import { loadSource } from '../load/source.js';
import { measureDeck } from './measure.js';
import type { Deck } from '../model/deck.js';
import { loadTheme } from '../render/theme.js';
import { rawHtmlFor } from '../render/tools.js';
import { deckDirs, deckFileName, holdsDeck } from '../write/decks.js';

export interface CheckedDeck {
  /** The deck's folder. */
  dir: string;
  /** The article it was built from, as the build named it. */
  source: string;
  /** Problems as one line each: `file:line: "Slide" message`. */
  problems: string[];
  /** The problems that break a deck rule (`auditDeck`); the others are the article's own (images, network requests). */
  broken: string[];
  stats: AuditStats;
  /** Whether the article was found, so words could be compared. */
  articleChecked: boolean;
}

export interface CheckRequest {
  /** Built decks, folders holding them, or articles (checked in their build under `outDir`). */
  paths: string[];
  /** Where articles named in `paths` were built (default: dist). */
  outDir?: string;
  cwd: string;
  /** Returns the run's browser (launched once). */
  browser: () => Promise<BrowserSession>;
  timeout: number;
}

/** Returns the audit of every deck found under the paths. */
export async function checkDecks(request: CheckRequest): Promise<CheckedDeck[]> {
  const dirs: string[] = [];
  for (const path of request.paths) {
    if (/\.(md|markdown)$/i.test(path)) dirs.push(await deckOfArticle(path, request));
    else dirs.push(...(await findDecks(resolve(request.cwd, path), path)));
  }
  const checked: CheckedDeck[] = [];
  for (const dir of dirs) checked.push(await checkDeck(dir, request));
  return checked;
}

/** Returns the audit of one built deck folder. */
export async function checkDeck(dir: string, request: Omit<CheckRequest, 'paths'>): Promise<CheckedDeck> {
  const deck = JSON.parse(await readFile(join(dir, deckFileName), 'utf8')) as Deck;
  const theme = await loadTheme(deck.options.theme, { cwd: request.cwd }).catch(() => undefined);
  const size = { width: theme?.reveal.width ?? 1280, height: theme?.reveal.height ?? 720 };
  const measure = await measureDeck(await request.browser(), join(dir, 'index.html'), { ...size, timeout: request.timeout });
  const sourceFile = resolve(request.cwd, deck.meta.source);
  const source = await loadSource(sourceFile).catch(() => undefined);
  const article = source ? { tree: await readArticle(source, deck.meta.source), lang: deck.meta.lang } : undefined;
  const audit = auditDeck(deck, measure, article);
  const { stats } = audit;
  const problems = [...audit.problems];
  const lineOf = (needle: string): number => {
    if (!source) return 1;
    const index = source.body.split('\n').findIndex((line) => line.includes(needle));
    return index + 1 || 1;
  };
  if (source && article) {
    const raw = await rawHtmlFor(article.tree);
    problems.push(...imageProblems({ file: sourceFile, shown: deck.meta.source, source, tree: article.tree, options: deck.options, ...(raw ? { raw } : {}) }));
  }
  for (const file of new Set(measure.missing)) problems.push({ line: lineOf(basename(file)), slide: 'image', message: `not found: ${file}` });
  for (const url of new Set(measure.requests)) problems.push({ line: lineOf(url), slide: 'deck', message: `requests the network: ${url}` });
  const format = (problem: Problem): string => formatProblem(deck.meta.source, problem);
  return { dir, source: deck.meta.source, problems: problems.map(format), broken: audit.problems.map(format), stats, articleChecked: Boolean(article) };
}

/** Returns a problem as one line: `file:line: "Slide" message`. */
export function formatProblem(file: string, problem: Problem): string {
  return `${file}:${problem.line}: "${problem.slide}" ${problem.message}`;
}

/** Returns the built deck of an article: the deck under the output folder whose source is that file. */
async function deckOfArticle(path: string, request: CheckRequest): Promise<string> {
  const outDir = request.outDir ?? 'dist';
  const wanted = resolve(request.cwd, path);
  const decks = await findDecks(resolve(request.cwd, outDir), outDir).catch(() => [] as string[]);
  for (const dir of decks) {
    const deck = JSON.parse(await readFile(join(dir, deckFileName), 'utf8')) as Deck;
    if (resolve(request.cwd, deck.meta.source) === wanted) return dir;
  }
  throw new DeckError(`no built deck of this article in ${outDir}/`, { code: ExitCode.input, file: path, hint: `run \`briefdeck build ${path}\` first (or name the output folder with --out)` });
}

/** Returns the deck folders at `path`: the folder itself when it holds a deck.json, else its sub-folders that do. */
async function findDecks(path: string, shown: string): Promise<string[]> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new DeckError('not a built deck folder', { code: ExitCode.input, file: shown, hint: 'check takes built decks: run `briefdeck build` first, then `briefdeck check dist`' });
  }
  if (await holdsDeck(path)) return [path];
  const found: string[] = [];
  for (const dir of await deckDirs(path)) if (await holdsDeck(dir)) found.push(dir);
  if (found.length === 0) throw new DeckError('no built decks in this folder', { code: ExitCode.input, file: shown, hint: 'run `briefdeck build` first' });
  return found;
}
