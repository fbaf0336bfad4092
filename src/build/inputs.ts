// What a deck's output depends on, as one hash recorded in its deck.json: a deck whose inputs did not change is not
// built again. The inputs: the article, its image files (local ones, and fetched ones by their cached file), the theme
// chain's files, the resolved options and flags, and briefdeck itself (its version, code and built-in templates).
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Deck, DeckOptions } from '../model/deck.js';
import type { Theme } from '../render/theme.js';
import { deckDirs, deckFileName, holdsDeck } from '../write/decks.js';
import type { TranslationLink } from '../write/translations.js';

/** What deck.json records of a build, beside the deck: enough to tell, next time, that nothing changed. */
export interface InputsRecord {
  /** SHA-256 over every input (see `inputsHash`). */
  hash: string;
  /** The image files the deck uses or looked for, relative to the build's working folder (a missing one counts as missing). */
  images: string[];
  /** The links to other-language versions its page carries (they depend on other articles). */
  translations: TranslationLink[];
  /** Files of the deck's folder, relative to it; all must still be there to skip the deck. */
  outputs: string[];
  /** Pages of the PDFs, for the output line of a skipped deck. */
  pages?: number;
  handoutPages?: number;
  /** Warnings the build gave about the article, repeated when it is skipped. */
  warnings: string[];
}

/** A deck.json as the build writes it: the deck and the record of its inputs. */
export type DeckRecord = Deck & { inputs?: InputsRecord };

/** Everything a deck's output depends on besides the files hashed by content. */
export interface InputParts {
  /** briefdeck's identity (see `toolIdentity`). */
  tool: string;
  /** The article as named to the build, and its bytes. */
  shown: string;
  article: Uint8Array;
  /** The folder paths are named from (the build's working folder), so a hash does not depend on where the project is. */
  cwd: string;
  /** The folder that bounds the article's images. */
  root: string;
  options: DeckOptions;
  themeVars: Record<string, string>;
  /** What the build was asked for beyond the options (PDF, handout, fit, paper, raw HTML). */
  flags: Record<string, unknown>;
  theme: Theme;
  images: string[];
}

/** Returns the hash of a deck's inputs; image files and theme assets are read and hashed by content. */
export async function inputsHash(parts: InputParts): Promise<string> {
  const hash = createHash('sha256');
  const field = (name: string, value: string | Uint8Array): void => {
    hash.update(`${name}\u0000${typeof value === 'string' ? Buffer.byteLength(value) : value.length}\u0000`);
    hash.update(value);
  };
  field('tool', parts.tool);
  field('article', parts.shown);
  field('bytes', parts.article);
  field('root', relativePath(parts.cwd, parts.root));
  field('options', stableJson(parts.options));
  field('themeVars', stableJson(parts.themeVars));
  field('flags', stableJson(parts.flags));
  field('theme', await themeFingerprint(parts.theme));
  for (const image of [...new Set(parts.images)].sort()) field(`image ${relativePath(parts.cwd, image)}`, await fileHash(image));
  return hash.digest('hex');
}

/** Returns a hash of a theme chain: its settings, templates, CSS and asset files (by content). */
export async function themeFingerprint(theme: Theme): Promise<string> {
  const { name, variables, reveal, fonts, metrics, brand, layout, handout, partials, css, assets } = theme;
  const files = Object.fromEntries(await Promise.all(Object.entries(assets).map(async ([path, file]) => [path, await fileHash(file)] as const)));
  const text = stableJson({
    name, variables, reveal, fonts, metrics, brand,
    layout: layout.source,
    handout: handout?.source ?? null,
    partials: Object.fromEntries(Object.entries(partials).map(([key, file]) => [key, file.source])),
    css: css.map((file) => file.source),
    assets: files,
  });
  return createHash('sha256').update(text).digest('hex');
}

/** Returns `path` relative to `from`, with `/` separators (what deck.json records). */
export function relativePath(from: string, path: string): string {
  return relative(from, path).split(sep).join('/') || '.';
}

/** Returns the hash of a file's content, or `missing`. */
async function fileHash(path: string): Promise<string> {
  return readFile(path).then((bytes) => createHash('sha256').update(bytes).digest('hex'), () => 'missing');
}

/**
 * Returns briefdeck's identity: its version and a hash of its code and built-in templates, so an upgrade (or a rebuilt
 * checkout) rebuilds every deck. `here` is the folder of the running code (lib/bundle/, or a stage's folder).
 */
export async function toolIdentity(here = dirname(fileURLToPath(import.meta.url))): Promise<string> {
  // The code that runs: the bundle's folder when bundled (lib/bundle/), else the compiled (or source) tree.
  const bundled = basename(here) === 'bundle';
  const root = dirname(dirname(here));
  const hash = createHash('sha256');
  const pkg = await readFile(join(root, 'package.json'));
  hash.update(pkg);
  // The bundle's hash is written beside it when it is made (scripts/bundle.mjs): five megabytes not read on every build.
  const written = bundled ? await readFile(join(here, codeHashFile), 'utf8').then((text) => text.trim(), () => undefined) : undefined;
  hash.update(written && /^[0-9a-f]{64}$/.test(written) ? written : await codeHash(bundled ? here : dirname(here)));
  hash.update(await codeHash(join(root, 'templates')));
  const version = (JSON.parse(pkg.toString('utf8')) as { version?: string }).version ?? '0';
  return `${version}+${hash.digest('hex').slice(0, 16)}`;
}

/** The file beside the bundle holding its hash (`codeHash` of lib/bundle/). */
export const codeHashFile = 'code.sha256';

/** Returns a hash of the files under a folder: their paths within it and their content. */
export async function codeHash(dir: string): Promise<string> {
  const hash = createHash('sha256');
  for (const file of await listFiles(dir)) {
    if (basename(file) === codeHashFile) continue;
    hash.update(`${relativePath(dir, file)}\u0000`);
    hash.update(await readFile(file));
  }
  return hash.digest('hex');
}

/** Returns the files under a folder, sorted (source maps and type declarations left out). */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile() && !/\.(map|d\.ts)$/.test(entry.name))
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name))
    .sort();
}

/** Returns JSON with object keys sorted, so equal values always give equal text. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

/** Returns whether an output folder holds a built deck (a folder with a `deck.json`), so a build may skip one. */
export async function hasBuiltDecks(outDir: string): Promise<boolean> {
  for (const dir of await deckDirs(outDir)) if (await holdsDeck(dir)) return true;
  return false;
}

/** Returns the recorded inputs of the deck in `dir` when all its outputs are still there; otherwise undefined. */
export async function previousBuild(dir: string): Promise<{ deck: DeckRecord; inputs: InputsRecord } | undefined> {
  const text = await readFile(join(dir, deckFileName), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  let deck: DeckRecord;
  try {
    deck = JSON.parse(text) as DeckRecord;
  } catch {
    return undefined;
  }
  const inputs = deck.inputs;
  if (!inputs || typeof inputs.hash !== 'string' || !Array.isArray(inputs.images) || !Array.isArray(inputs.outputs)) return undefined;
  const present = await Promise.all(inputs.outputs.map((file) => stat(join(dir, file)).then((info) => info.isFile(), () => false)));
  return present.every(Boolean) ? { deck, inputs } : undefined;
}
