// The library's one-article functions: plan an article (Markdown text or a file) into a Deck, render a Deck with a
// theme, load a theme. Nothing is written; nothing reads the command line or prints.
import { resolve } from 'node:path';
import { loadConfigFile } from '../load/config.js';
import { displayPath } from '../load/inputs.js';
import { safeSlug } from '../load/source.js';
import type { Deck } from '../model/deck.js';
import { DeckError, ExitCode } from '../model/errors.js';
import { renderDeck as renderPage } from '../render/deck.js';
import { loadTheme as loadThemeFrom, type Theme } from '../render/theme.js';
import { sharedDirName, withFontsOf } from '../write/shared.js';
import { prepareDeck } from './build.js';

/** What planDeck() plans: an article's Markdown or its file, with the command line's options that change the plan. */
export interface PlanOptions {
  /** The article's Markdown, front matter included; when absent, `file` is read. */
  markdown?: string | undefined;
  /** The article's path, relative to `cwd`: read when `markdown` is absent; it names the article in messages, and its folder bounds its local images. */
  file?: string | undefined;
  /** The folder that `file`, theme paths and `briefdeck.config.*` are found from (default: the process's). */
  cwd?: string | undefined;
  /** A built-in theme name or the path of a theme folder, as `--theme` (its metrics shape the plan). */
  theme?: string | undefined;
  /** Add (true) or leave out (false) the agenda slide, as `--agenda` / `--no-agenda`. */
  agenda?: boolean | undefined;
  /** Keep the article's raw HTML instead of sanitising it, as `--unsafe-html`. */
  unsafeHtml?: boolean | undefined;
}

/** A planned article: the Deck, the theme variables its front matter and config set, and the warnings. */
export interface PlannedDeck {
  deck: Deck;
  /** Theme variables from the config file and the front matter's `theme_vars`, for renderDeck(). */
  themeVars: Record<string, string>;
  /** Warnings about the article (dropped markup, missing images, …), each one line. */
  warnings: string[];
}

/** What renderDeck() draws the deck with. */
export interface RenderDeckOptions {
  /** A theme from loadTheme(), or a built-in name or theme folder (default: the deck's own, `deck.options.theme`). */
  theme?: Theme | string | undefined;
  /** Theme variables that override the theme's (default: none; pass planDeck()'s `themeVars`). */
  themeVars?: Record<string, string> | undefined;
  /** The folder theme paths are found from (default: the process's). */
  cwd?: string | undefined;
  /** URL of the shared assets (Reveal.js, fonts, theme CSS) relative to the page (default: `../_shared`, where build() writes them). */
  shared?: string | undefined;
  /** Download links the page shows, relative to it (default: none). */
  downloads?: { slides?: string; handout?: string } | undefined;
}

/**
 * Returns the Deck planned from one article, as build() plans it (same options, config file, theme metrics and image
 * checks: local images point into the deck's `assets/`). Throws a DeckError (exit code 3 or 4) for a broken article or theme.
 */
export async function planDeck(options: PlanOptions): Promise<PlannedDeck> {
  const cwd = options.cwd ?? process.cwd();
  if (options.markdown === undefined && options.file === undefined) {
    throw new DeckError('planDeck needs the article: give `markdown` or `file`', { code: ExitCode.usage });
  }
  const file = resolve(cwd, options.file ?? 'article.md');
  const shown = options.file === undefined ? 'article.md' : displayPath(file, cwd);
  const flags = { ...(options.theme === undefined ? {} : { theme: options.theme }), ...(options.agenda === undefined ? {} : { agenda: options.agenda }) };
  const warnings: string[] = [];
  const prepared = await prepareDeck(file, shown, {
    config: await loadConfigFile(cwd),
    flags,
    unsafeHtml: options.unsafeHtml ?? false,
    themeFor: (name) => loadThemeFrom(name, { cwd }),
    warn: (message) => void warnings.push(message),
    ...(options.markdown === undefined ? {} : { text: options.markdown }),
  });
  const { deck } = prepared;
  // Text without a file or a front matter slug is named after its title, not the placeholder file name.
  if (options.file === undefined && prepared.source.frontMatter.slug === undefined) deck.meta.slug = safeSlug(deck.meta.title) || 'deck';
  return { deck, themeVars: prepared.themeVars, warnings };
}

/** Returns the HTML page of a deck (a Reveal.js page that loads the shared assets build() writes beside the decks). */
export async function renderDeck(deck: Deck, options: RenderDeckOptions = {}): Promise<string> {
  const wanted = options.theme ?? deck.options.theme;
  const theme = typeof wanted === 'string' ? await loadTheme(wanted, { cwd: options.cwd }) : wanted;
  const shared = options.shared ?? `../${sharedDirName}`;
  const html = renderPage(deck, theme, {
    shared,
    ...(options.themeVars ? { themeVars: options.themeVars } : {}),
    ...(options.downloads ? { downloads: options.downloads } : {}),
  });
  return withFontsOf(theme, html, shared);
}

/** Returns a theme, loaded and checked: a built-in name or a theme folder (default: `briefing`); throws a DeckError (exit code 4) when it is missing or broken. */
export function loadTheme(nameOrPath = 'briefing', options: { cwd?: string | undefined } = {}): Promise<Theme> {
  return loadThemeFrom(nameOrPath, { cwd: options.cwd ?? process.cwd() });
}

