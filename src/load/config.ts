// Resolves a deck's options: defaults < config file < front matter < command-line flags.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { DeckError, ExitCode } from '../model/errors.js';
import type { FrontMatter } from './source.js';
import type { DeckOptions, ProseMode } from '../model/deck.js';

export const defaultOptions: DeckOptions = {
  theme: 'briefing',
  agenda: false,
  closing: true,
  prose: 'notes',
  proseWords: 30,
  minScale: 0.8,
  lang: 'auto',
};

/** Options as they may appear in a config file, `deck:` front matter or flags: every key optional. `fetch: false` keeps
 * remote pictures' addresses instead of fetching them at build time (a build setting, not part of the Deck). */
export type PartialOptions = Partial<DeckOptions> & { themeVars?: Record<string, string>; fetch?: boolean };

export const configFileNames = ['briefdeck.config.json', 'briefdeck.config.yaml', 'briefdeck.config.yml'] as const;

/** Returns the options in the project config file of `dir`, or {} when there is none. */
export async function loadConfigFile(dir: string): Promise<PartialOptions> {
  for (const name of configFileNames) {
    const file = join(dir, name);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      continue;
    }
    let data: unknown;
    try {
      data = name.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
    } catch (error) {
      throw new DeckError(`invalid config file: ${(error as Error).message.split('\n')[0]}`, { code: ExitCode.usage, file: name, hint: 'fix the syntax' });
    }
    return validateOptions(data ?? {}, name);
  }
  return {};
}

/** Returns the options checked from untyped data (config file, `deck:` front matter); throws on wrong keys or types. */
export function validateOptions(data: unknown, file: string, line?: number): PartialOptions {
  const where = line === undefined ? { file } : { file, line };
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new DeckError('options must be a mapping of keys to values', { code: ExitCode.usage, ...where });
  }
  const result: PartialOptions = {};
  const wrong = (key: string, expected: string): DeckError =>
    new DeckError(`option \`${key}\` must be ${expected}`, { code: ExitCode.usage, ...where, hint: 'see the README for the options' });
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    switch (key) {
      case 'theme':
      case 'lang':
        if (typeof value !== 'string' || !value) throw wrong(key, 'text');
        result[key] = value;
        break;
      case 'agenda':
      case 'closing':
      case 'fetch':
      case 'pptx':
        if (typeof value !== 'boolean') throw wrong(key, 'true or false');
        result[key] = value;
        break;
      case 'prose':
        if (value !== 'notes' && value !== 'lead' && value !== 'slide') throw wrong(key, 'notes, lead or slide');
        result.prose = value as ProseMode;
        break;
      case 'proseWords':
      case 'prose_words':
        if (typeof value !== 'number' || !(value >= 5)) throw wrong(key, 'a number of words (5 or more)');
        result.proseWords = value;
        break;
      case 'minScale':
      case 'min_scale':
        if (typeof value !== 'number' || !(value >= 0.5 && value <= 1)) throw wrong(key, 'a number from 0.5 to 1');
        result.minScale = value;
        break;
      case 'theme_vars':
      case 'themeVars':
        if (typeof value !== 'object' || value === null || Array.isArray(value)) throw wrong(key, 'a mapping of names to values');
        result.themeVars = Object.fromEntries(Object.entries(value).map(([name, v]) => [name, String(v)]));
        break;
      default:
        throw new DeckError(`unknown option \`${key}\``, { code: ExitCode.usage, ...where, hint: `known options: theme, lang, agenda, closing, prose, proseWords, minScale, theme_vars, fetch, pptx` });
    }
  }
  return result;
}

/** Returns the deck's options: defaults < config file < front matter < flags. */
export function resolveOptions(layers: { config?: PartialOptions; frontMatter?: FrontMatter; file?: string; flags?: PartialOptions }): DeckOptions {
  const fm = layers.frontMatter;
  const fromFrontMatter: PartialOptions = fm ? { ...validateOptions(fm.deck, layers.file ?? 'front matter') } : {};
  if (fm?.toc !== undefined) fromFrontMatter.agenda = fm.toc;
  if (fm?.lang !== undefined) fromFrontMatter.lang = fm.lang;
  if (fm?.theme !== undefined) fromFrontMatter.theme = fm.theme;
  if (fm?.pptx !== undefined) fromFrontMatter.pptx = fm.pptx;
  const merged: DeckOptions = { ...defaultOptions };
  for (const layer of [layers.config ?? {}, fromFrontMatter, layers.flags ?? {}]) {
    for (const [key, value] of Object.entries(layer)) {
      if (value !== undefined && key !== 'themeVars' && key !== 'fetch') (merged as unknown as Record<string, unknown>)[key] = value;
    }
  }
  return merged;
}

/** Returns whether remote pictures are fetched for an article: config file < front matter `deck: { fetch }` < flags (default yes). */
export function resolveFetch(layers: { config?: PartialOptions; frontMatter?: FrontMatter; flags?: PartialOptions }): boolean {
  const fromFrontMatter = layers.frontMatter?.deck['fetch'];
  return layers.flags?.fetch ?? (typeof fromFrontMatter === 'boolean' ? fromFrontMatter : undefined) ?? layers.config?.fetch ?? true;
}

/** Returns theme variables: config file < front matter `theme_vars:` < flags. */
export function resolveThemeVars(layers: { config?: PartialOptions; frontMatter?: FrontMatter; flags?: PartialOptions }): Record<string, string> {
  return { ...layers.config?.themeVars, ...layers.frontMatter?.themeVars, ...layers.flags?.themeVars };
}
