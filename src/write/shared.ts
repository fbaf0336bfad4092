// Writes what every deck of an output folder shares, under `_shared/`: Reveal.js, the in-deck runtime, the fonts,
// KaTeX, and each theme's CSS and assets; only what is missing or changed, tracked by `_shared/manifest.json`.
import { packageRoot } from '../model/package.js';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Theme } from '../render/theme.js';
import { fontEntriesOf, loadFontSet, pointsOf, releaseOf, withPageFonts, type FontSet } from './fonts.js';
import { katexEntries } from './katex.js';
import { syncShared, type SharedEntry } from './manifest.js';

const require = createRequire(import.meta.url);

/** The folder, beside the decks, that holds Reveal.js, theme CSS and fonts shared by every deck. */
export const sharedDirName = '_shared';

/** The Reveal.js files a deck loads, relative to the reveal.js package's dist/ folder. */
const revealFiles = ['reset.css', 'reveal.css', 'reveal.js', 'plugin/notes.js'];

/** The in-deck runtime shipped with briefdeck. */
export const runtimeFile = fileURLToPath(new URL('templates/_shared/briefdeck.js', packageRoot()));

/** What the pages about to be written need of the optional shared files. */
export interface PageNeeds {
  /** The characters they show (code points, ascending): the font slices copied are those holding one. */
  characters: readonly number[];
  /** Whether one links KaTeX (has formulas). */
  katex: boolean;
}

/** The stylesheet a page with formulas links, under the shared folder. */
const katexLink = '/katex/katex.css';

/** Returns what a page of this text, in this theme, needs: its characters and its theme's CSS escapes, and KaTeX when it links it. */
function needsOf(theme: Theme | undefined, shown: string): PageNeeds {
  return { characters: pointsOf(shown + (theme?.css.map((file) => file.source).join('') ?? '')), katex: shown.includes(katexLink) };
}

/**
 * Returns the shared files of a run: Reveal.js, the runtime, the fonts, KaTeX, and each theme's CSS and assets. With
 * `needs`, only the font slices its characters need (the stylesheet names them all), and KaTeX only when asked for.
 */
export async function sharedEntries(themes: Theme[], needs?: PageNeeds, fonts?: Promise<FontSet>): Promise<SharedEntry[]> {
  const revealDist = dirname(require.resolve('reveal.js'));
  const release = await releaseOf(join(revealDist, revealFiles[0]!));
  const entries: SharedEntry[] = [
    ...revealFiles.map((file) => ({ path: `reveal/${file}`, from: join(revealDist, file), release })),
    { path: 'briefdeck.js', from: runtimeFile },
    ...fontEntriesOf(await (fonts ?? loadFontSet()), needs?.characters),
    ...(needs === undefined || needs.katex ? await katexEntries() : []),
  ];
  for (const theme of themes) {
    const css = theme.css.map((file) => `/* ${file.file.split(/[\\/]/).slice(-2).join('/')} */\n${file.source}`).join('\n');
    entries.push({ path: `themes/${theme.name}/theme.css`, data: css });
    for (const [name, file] of Object.entries(theme.assets)) entries.push({ path: `themes/${theme.name}/assets/${name}`, from: file });
  }
  return entries;
}

/** Writes all the shared assets under `<outDir>/_shared/` (every font slice, KaTeX): only what is missing or changed. Returns the paths written. */
export async function writeShared(outDir: string, themes: Theme[]): Promise<string[]> {
  return syncShared(join(outDir, sharedDirName), await sharedEntries(themes));
}

/** Returns a page of a theme linking only the font slices it shows (`withPageFonts`), as a build writes it; `shared` is where it finds the shared folder. */
export async function withFontsOf(theme: Theme | undefined, html: string, shared: string, fonts: Promise<FontSet> = loadFontSet()): Promise<string> {
  return withPageFonts(html, await fonts, needsOf(theme, html).characters, shared);
}

/**
 * Writes the shared assets a page about to be written needs: its theme's, and those its text shows. Given where the
 * page finds the shared folder (`../_shared`), returns the page linking only the font slices it shows (`withPageFonts`);
 * else returns it as it is.
 */
export type SharedWriter = (theme: Theme | undefined, html: string, shared?: string) => Promise<string>;

/**
 * Returns the writer of one build's shared assets. A page's needs are checked against what earlier pages of the run
 * asked for, and only the rest is written (so a hundred decks in one theme and one script cost one check, not a
 * hundred): a theme's files once, KaTeX once, font slices for characters not seen yet. The fonts are read from their
 * packages once. Writes run one at a time (they share the manifest).
 */
export function sharedWriter(outDir: string): SharedWriter {
  let chain: Promise<void> = Promise.resolve();
  let fonts: Promise<FontSet> | undefined;
  const done = new Set<string>();
  const seen = new Set<number>();
  const themes = new Set<string>();
  let katex = false;
  const write = async (theme: Theme | undefined, html: string, shared?: string): Promise<string> => {
    const newTheme = theme !== undefined && !themes.has(theme.name) ? [theme] : [];
    const needs = needsOf(theme, html);
    const characters = needs.characters.filter((point) => !seen.has(point));
    const wantsKatex = needs.katex && !katex;
    if (done.size === 0 || newTheme.length > 0 || characters.length > 0 || wantsKatex) {
      const entries = (await sharedEntries(newTheme, { characters, katex: wantsKatex }, (fonts ??= loadFontSet()))).filter((entry) => !done.has(entry.path));
      await syncShared(join(outDir, sharedDirName), entries);
      for (const entry of entries) done.add(entry.path);
      for (const point of characters) seen.add(point);
      for (const { name } of newTheme) themes.add(name);
      katex ||= wantsKatex;
    }
    return shared === undefined ? html : withPageFonts(html, await (fonts ??= loadFontSet()), needs.characters, shared);
  };
  return (theme, html, shared) => {
    const written = chain.then(() => write(theme, html, shared));
    // The next write waits for this one, failed or not (its caller is told of a failure, the next write is not).
    chain = written.then(
      () => undefined,
      () => undefined,
    );
    return written;
  };
}
