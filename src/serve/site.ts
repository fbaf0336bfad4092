// The preview site: every article's deck rendered (HTML only) into an output folder, rebuilt one article at a time as files change.
import { readdir, rm, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { contentRootOf, copyImage } from '../write/assets.js';
import { prepareDeck } from '../build/build.js';
import { configFileNames, loadConfigFile, type PartialOptions } from '../load/config.js';
import { DeckError, formatError } from '../model/errors.js';
import { deckFileName } from '../write/decks.js';
import { writeIndex } from '../write/index-page.js';
import { displayPath, findArticles } from '../load/inputs.js';
import { slugFromPath } from '../load/source.js';
import { renderDeck } from '../render/deck.js';
import { escapeHtml } from '../model/html.js';
import { translationsOf, type DeckRef } from '../write/translations.js';
import { loadTheme, type Theme } from '../render/theme.js';
import { writeFileAtomic } from '../write/files.js';
import { sharedDirName, writeShared } from '../write/shared.js';
import type { Problem } from './events.js';
import { isMedia } from './paths.js';

export interface SiteOptions {
  /** Files and folders of articles, relative to `cwd` or absolute. */
  inputs: string[];
  cwd: string;
  /** The folder the site is written to (the server's root). */
  outDir: string;
  flags: PartialOptions;
  unsafeHtml: boolean;
  /** Show stack traces in problems (for errors that are not the user's to fix). */
  debug?: boolean;
}

/** One deck written by a rebuild. */
export interface BuiltDeck {
  file: string;
  slug: string;
  slides: number;
  ms: number;
  /** Whether the page differs from the one served before (an unchanged rebuild reloads nothing). */
  changed: boolean;
}

/** What one rebuild did. */
export interface RebuildReport {
  built: BuiltDeck[];
  failed: Problem[];
  removed: Array<{ file: string; slug: string }>;
  /** URL folders whose open pages should reload ('' is the index). */
  reload: string[];
  /** Whether the list of problems differs from before the rebuild. */
  problemsChanged: boolean;
  /** Warnings about the articles rebuilt. */
  warnings: string[];
  /** Changed articles found empty (half-saved): pass them to `rebuild` again shortly; an article still empty then is built (and fails). */
  deferred: string[];
  /** The `ref`s of decks whose title, language, address or ref changed: their translations' links change too. */
  refsChanged: Set<string>;
}

interface Article {
  file: string;
  shown: string;
  slug?: string;
  /** The page last written for the deck (or a placeholder while it has never built). */
  html?: string;
  json?: string;
  placeholder?: boolean;
  /** What other decks' translation links need to know of this one (from its last good build). */
  meta?: DeckRef;
  themeKey?: string;
  problem?: Problem;
}

export interface PreviewSite {
  /** Rebuilds what the changed paths touch (everything when none are given); never throws for an article's error. */
  rebuild(changed?: Set<string>): Promise<RebuildReport>;
  /** The current build problems, one per failing article (and one for a broken config file). */
  problems(): Problem[];
  /** The folders to watch: the articles' folders, the themes' folders and the working folder (for the config file). */
  folders(): Promise<string[]>;
  /** Whether a change of `path` can matter to a rebuild (an article, an image beside one, a theme's file, the config file). */
  accepts(path: string): boolean;
  /** The folder of the article whose deck lives at `slug` (its images are served from there). */
  articleFolder(slug: string): string | undefined;
  /** The deck's current URL folder when `slug` is one it had before. */
  movedTo(slug: string): string | undefined;
  /** Every deck's URL folder and its article, in order. */
  decks(): Array<{ slug: string; file: string; built: boolean }>;
}

/** Returns a preview site writing into `options.outDir`; call `rebuild()` once to build everything. */
export function createPreviewSite(options: SiteOptions): PreviewSite {
  const cwd = resolve(options.cwd);
  const outDir = resolve(options.outDir);
  const inputs = options.inputs.map((input) => resolve(cwd, input));
  const debug = options.debug ?? false;
  const configFiles = new Set(configFileNames.map((name) => join(cwd, name)));
  const articles = new Map<string, Article>();
  const themes = new Map<string, Promise<Theme>>();
  const themeDirs = new Map<string, string[]>();
  /** The rebuild in which each loaded theme's shared files (CSS, assets) were written. */
  const written = new WeakMap<Theme, number>();
  let rebuilds = 0;
  const moved = new Map<string, string>();
  const deferred = new Set<string>();
  let config: PartialOptions = {};
  let configProblem: Problem | undefined;
  let inputProblems: Problem[] = [];
  let first = true;

  const themeFor = (name: string): Promise<Theme> => {
    let theme = themes.get(name);
    if (!theme) {
      theme = loadTheme(name, { cwd });
      themes.set(name, theme);
      theme.then(
        (loaded) => themeDirs.set(name, loaded.dirs),
        () => {
          themes.delete(name);
          // A theme named by path that fails to load is still watched, so fixing it rebuilds its decks.
          if (!themeDirs.has(name) && /[\\/]|^\./.test(name)) themeDirs.set(name, [resolve(cwd, name)]);
        },
      );
    }
    return theme;
  };

  const problems = (): Problem[] => [
    ...(configProblem ? [configProblem] : []),
    ...inputProblems,
    ...[...articles.values()].flatMap((article) => (article.problem ? [article.problem] : [])),
  ];

  const slugTaken = (slug: string, except: Article): boolean =>
    slug === sharedDirName || [...articles.values()].some((other) => other !== except && other.slug === slug);

  const uniqueSlug = (slug: string, article: Article): string => {
    let unique = slug;
    for (let n = 2; slugTaken(unique, article); n++) unique = `${slug}-${n}`;
    return unique;
  };

  async function findAll(): Promise<string[]> {
    const found: string[] = [];
    const problemsNow: Problem[] = [];
    for (const input of inputs) {
      try {
        found.push(...(await findArticles([input])));
      } catch (error) {
        const known = [...articles.keys()].filter((file) => file === input || file.startsWith(input + sep));
        found.push(...known);
        problemsNow.push({ slug: known.length === 1 ? (articles.get(known[0]!)?.slug ?? '') : '', file: displayPath(input, cwd), text: problemText(error, displayPath(input, cwd), cwd, debug) });
      }
    }
    inputProblems = problemsNow;
    return [...new Set(found.map((file) => resolve(file)))].sort((a, b) => a.localeCompare(b));
  }

  async function buildArticle(article: Article, report: RebuildReport, force: boolean): Promise<boolean> {
    const started = performance.now();
    const wasProblem = article.problem;
    let indexChanged = false;
    try {
      const root = contentRootOf(article.file, inputs, cwd);
      const prepared = await prepareDeck(article.file, article.shown, { config, flags: options.flags, unsafeHtml: options.unsafeHtml, themeFor, root, warn: (message) => report.warnings.push(message) });
      const { deck, theme } = prepared;
      const slug = article.slug !== undefined && !article.placeholder && slugFromBase(article.slug, deck.meta.slug) ? article.slug : uniqueSlug(deck.meta.slug, article);
      deck.meta.slug = slug;
      if (!written.has(theme)) {
        await writeShared(outDir, [theme]);
        written.set(theme, rebuilds);
      }
      // A theme reloaded in this rebuild may have changed only its CSS or assets: its decks reload even when their HTML is the same.
      const themeRefreshed = written.get(theme) === rebuilds;
      const peers = [...articles.values()].flatMap((other) => (other !== article && other.meta ? [other.meta] : []));
      const translations = translationsOf(deck.meta, peers);
      const html = renderDeck(deck, theme, { shared: `../${sharedDirName}`, themeVars: prepared.themeVars, downloads: {}, translations });
      const json = `${JSON.stringify(deck, null, 2)}\n`;
      const previous = article.slug;
      if (previous !== undefined && previous !== slug) {
        await rm(join(outDir, previous), { recursive: true, force: true });
        moved.set(previous, slug);
        report.reload.push(previous);
        indexChanged = true;
      }
      moved.delete(slug);
      for (const copy of prepared.images?.copies() ?? []) await copyImage(copy, join(outDir, slug));
      const changed = previous !== slug || html !== article.html || themeRefreshed || force;
      if (changed) {
        await writeFileAtomic(join(outDir, slug, 'index.html'), html);
        report.reload.push(slug);
      }
      if (previous !== slug || json !== article.json) {
        await writeFileAtomic(join(outDir, slug, deckFileName), json);
        indexChanged = indexChanged || article.placeholder === true || deckSummary(json) !== deckSummary(article.json);
      }
      const meta: DeckRef = { slug, lang: deck.meta.lang, title: deck.meta.title, ...(deck.meta.ref ? { ref: deck.meta.ref } : {}) };
      if (JSON.stringify(meta) !== JSON.stringify(article.meta)) for (const ref of [meta.ref, article.meta?.ref]) if (ref) report.refsChanged.add(ref);
      Object.assign(article, { slug, html, json, meta, placeholder: false, themeKey: deck.options.theme });
      delete article.problem;
      const before = report.built.findIndex((built) => built.file === article.shown);
      const entry = { file: article.shown, slug, slides: deck.slides.length, ms: performance.now() - started, changed: changed || report.built[before]?.changed === true };
      if (before === -1) report.built.push(entry);
      else report.built[before] = entry;
    } catch (error) {
      if (article.slug === undefined) {
        const slug = uniqueSlug(slugFromPath(article.file), article);
        const html = placeholderPage(article.shown);
        await writeFileAtomic(join(outDir, slug, 'index.html'), html);
        Object.assign(article, { slug, html, placeholder: true });
      }
      article.problem = { slug: article.slug ?? '', file: article.shown, text: problemText(error, article.shown, cwd, debug) };
      report.failed.push(article.problem);
    }
    if (wasProblem?.text !== article.problem?.text) report.problemsChanged = true;
    return indexChanged;
  }

  return {
    async rebuild(changed) {
      const report: RebuildReport = { built: [], failed: [], removed: [], reload: [], problemsChanged: false, warnings: [], deferred: [], refsChanged: new Set() };
      rebuilds++;
      const before = JSON.stringify(problems());
      const all = changed === undefined || first;
      first = false;
      const paths = [...(changed ?? [])].map((path) => resolve(path)).filter((path) => !isEditorLitter(path));

      let everything = all;
      if (all || paths.some((path) => configFiles.has(path))) {
        try {
          config = await loadConfigFile(cwd);
          configProblem = undefined;
        } catch (error) {
          configProblem = { slug: '', file: 'config', text: problemText(error, 'config', cwd, debug) };
        }
        everything = true;
      }
      const staleThemes = [...themeDirs.entries()].filter(([, dirs]) => paths.some((path) => dirs.some((dir) => inside(path, dir)))).map(([key]) => key);
      for (const key of staleThemes) themes.delete(key);
      const touchesArticles =
        all || paths.some((path) => inputs.some((input) => inside(path, input) || inside(input, path) || (isMedia(basename(path)) && inside(path, dirname(input)))));
      if (!everything && staleThemes.length === 0 && !touchesArticles) return report;

      const files = await findAll();
      let indexChanged = all;
      for (const [file, article] of [...articles.entries()]) {
        if (files.includes(file)) continue;
        articles.delete(file);
        if (article.slug !== undefined) {
          await rm(join(outDir, article.slug), { recursive: true, force: true });
          report.removed.push({ file: article.shown, slug: article.slug });
          report.reload.push(article.slug);
        }
        indexChanged = true;
      }
      const retryFailed = everything || staleThemes.length > 0;
      for (const file of files) {
        let article = articles.get(file);
        const isNew = !article;
        if (!article) {
          article = { file, shown: displayPath(file, cwd) };
          articles.set(file, article);
        }
        // An image beside the article changed: rebuild (so a copied image is copied again) and reload.
        const media = paths.some((path) => inside(path, dirname(file)) && isMedia(basename(path)));
        const dirty =
          everything ||
          isNew ||
          media ||
          paths.includes(file) ||
          (article.themeKey !== undefined && staleThemes.includes(article.themeKey)) ||
          (retryFailed && article.problem !== undefined);
        if (!dirty) continue;
        // Editors that save in place empty the file first: a changed article found empty is looked at again a moment later.
        if (paths.includes(file) && article.html !== undefined && !deferred.has(file) && (await stat(file).catch(() => undefined))?.size === 0) {
          deferred.add(file);
          report.deferred.push(file);
          continue;
        }
        deferred.delete(file);
        if (await buildArticle(article, report, media)) indexChanged = true;
      }
      // Decks that translate a rebuilt deck (same `ref`) link to it by title and address: rebuild them when those changed.
      for (const article of articles.values()) {
        if (!article.meta?.ref || !report.refsChanged.has(article.meta.ref) || article.problem) continue;
        if (await buildArticle(article, report, false)) indexChanged = true;
      }
      if (indexChanged) {
        await writeIndex(outDir);
        report.reload.push('');
      }
      report.reload = [...new Set(report.reload)];
      report.problemsChanged = report.problemsChanged || JSON.stringify(problems()) !== before;
      return report;
    },

    problems,

    accepts(path) {
      const full = resolve(path);
      if (isEditorLitter(full)) return false;
      if (configFiles.has(full)) return true;
      if ([...themeDirs.values()].some((dirs) => dirs.some((dir) => inside(full, dir)))) return true;
      const name = basename(full);
      // Under an article folder: articles, images, and names without an extension (most likely a new folder).
      const kind = /\.md$/i.test(name) || isMedia(name) || !name.includes('.');
      return inputs.some((input) => full === input || inside(input, full) || (kind && inside(full, input)) || (isMedia(name) && inside(full, dirname(input))));
    },

    async folders() {
      const dirs = new Set<string>([cwd]);
      for (const input of inputs) {
        const info = await stat(input).catch(() => undefined);
        if (info?.isDirectory()) for (const dir of await subfolders(input)) dirs.add(dir);
        else dirs.add(dirname(input));
      }
      for (const themeDirList of themeDirs.values()) {
        for (const dir of themeDirList) {
          dirs.add(dir);
          dirs.add(join(dir, 'partials'));
          for (const sub of await subfolders(join(dir, 'assets'))) dirs.add(sub);
        }
      }
      const existing: string[] = [];
      for (const dir of dirs) if ((await stat(dir).catch(() => undefined))?.isDirectory()) existing.push(dir);
      return existing;
    },

    articleFolder(slug) {
      for (const article of articles.values()) if (article.slug === slug) return dirname(article.file);
      return undefined;
    },

    movedTo: (slug) => moved.get(slug),

    decks: () => [...articles.values()].filter((article) => article.slug !== undefined).map((article) => ({ slug: article.slug!, file: article.shown, built: !article.placeholder })),
  };
}

/** Returns whether `path` is `dir` or lies inside it. */
function inside(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir + sep);
}

/** Whether `current` is the slug a deck already has for the same base slug (`talk-2` for `talk`), so a rebuild keeps its URL. */
function slugFromBase(current: string, base: string): boolean {
  return current === base || new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-\\d+$`).test(current);
}

/** Returns the part of a deck's JSON the index shows (title, date, author, excerpt, slide count). */
function deckSummary(json: string | undefined): string {
  if (!json) return '';
  const deck = JSON.parse(json) as { meta: Record<string, unknown>; slides: unknown[] };
  return JSON.stringify([deck.meta['title'], deck.meta['date'], deck.meta['author'], deck.meta['subtitle'], deck.meta['lang'], deck.meta['ref'], deck.slides.length]);
}

/** Returns the one line shown for an error: its file as the terminal names it (relative to `cwd`), or the article when the error names none. */
function problemText(error: unknown, shown: string, cwd: string, debug: boolean): string {
  if (!(error instanceof DeckError) || !error.file) return `${shown}: ${formatError(error, debug)}`;
  const file = isAbsolute(error.file) ? displayPath(error.file, cwd) : error.file;
  const text = formatError(new DeckError(error.message, { code: error.code, file, ...place(error), ...(error.hint ? { hint: error.hint } : {}) }));
  return debug && error.stack ? `${text}\n${error.stack}` : text;
}

function place(error: DeckError): { line?: number; column?: number } {
  return { ...(error.line !== undefined ? { line: error.line } : {}), ...(error.column !== undefined ? { column: error.column } : {}) };
}

/** Returns whether a changed path is an editor's temporary or backup file, not worth a rebuild. */
function isEditorLitter(path: string): boolean {
  const name = basename(path);
  return name.startsWith('.') || name.endsWith('~') || /\.(swp|swx|tmp)$/i.test(name) || name === '4913' || /^#.*#$/.test(name);
}

async function subfolders(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const dirs = [dir];
  for (const entry of entries) {
    if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules') dirs.push(...(await subfolders(join(dir, entry.name))));
  }
  return entries.length === 0 && !(await stat(dir).catch(() => undefined)) ? [] : dirs;
}

/** Returns the page shown at a deck's address while its article has never built. */
function placeholderPage(file: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(file)} — not built yet</title>
<style>body { font: 22px/1.5 system-ui, sans-serif; margin: 0; padding: 48px; background: #f5f7fa; color: #17212b; }</style>
</head>
<body>
<h1>${escapeHtml(file)}</h1>
<p>This deck has not built yet. Fix the error and save: the page updates by itself.</p>
</body>
</html>
`;
}
