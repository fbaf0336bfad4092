// Writes what every deck of an output folder shares, under `_shared/`: Reveal.js, the in-deck runtime, the fonts,
// KaTeX, and each theme's CSS and assets; only what is missing or changed, tracked by `_shared/manifest.json`.
import { packageRoot } from '../model/package.js';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Theme } from '../render/theme.js';
import { fontEntriesOf, loadFontSet, releaseOf, type FontSet } from './fonts.js';
import { katexEntries } from './katex.js';
import { syncShared, type SharedEntry } from './manifest.js';

const require = createRequire(import.meta.url);

/** The folder, beside the decks, that holds Reveal.js, theme CSS and fonts shared by every deck. */
export const sharedDirName = '_shared';

/** The Reveal.js files a deck loads, relative to the reveal.js package's dist/ folder. */
const revealFiles = ['reset.css', 'reveal.css', 'reveal.js', 'plugin/notes.js'];

/** The in-deck runtime shipped with briefdeck. */
export const runtimeFile = fileURLToPath(new URL('templates/_shared/briefdeck.js', packageRoot()));

/**
 * Returns the shared files of a run: Reveal.js, the runtime, the fonts, KaTeX, and each theme's CSS and assets. With
 * `shown` (the pages' text), only the font slices its characters need (the stylesheet names them all), and KaTeX only
 * when a page links it.
 */
export async function sharedEntries(themes: Theme[], shown?: string, fonts?: Promise<FontSet>): Promise<SharedEntry[]> {
  const revealDist = dirname(require.resolve('reveal.js'));
  const release = await releaseOf(join(revealDist, revealFiles[0]!));
  const entries: SharedEntry[] = [
    ...revealFiles.map((file) => ({ path: `reveal/${file}`, from: join(revealDist, file), release })),
    { path: 'briefdeck.js', from: runtimeFile },
    ...fontEntriesOf(await (fonts ?? loadFontSet()), shown === undefined ? undefined : shown + themes.map((theme) => theme.css.map((file) => file.source).join('')).join('')),
    // KaTeX only for pages that link it (those with formulas).
    ...(shown === undefined || shown.includes('/katex/katex.css') ? await katexEntries() : []),
  ];
  for (const theme of themes) {
    const css = theme.css.map((file) => `/* ${file.file.split(/[\\/]/).slice(-2).join('/')} */\n${file.source}`).join('\n');
    entries.push({ path: `themes/${theme.name}/theme.css`, data: css });
    for (const [name, file] of Object.entries(theme.assets)) entries.push({ path: `themes/${theme.name}/assets/${name}`, from: file });
  }
  return entries;
}

/**
 * Writes the shared assets under `<outDir>/_shared/`: only what is missing or changed. Returns the paths written.
 * With `shown`, the text of the pages about to use them, the font slices are those its characters need: slices are
 * added as pages need them, never removed, so every page written before still has its own. `fonts`: the fonts read
 * once for a run of several writes.
 */
export async function writeShared(outDir: string, themes: Theme[], shown?: string, fonts?: Promise<FontSet>): Promise<string[]> {
  return syncShared(join(outDir, sharedDirName), await sharedEntries(themes, shown, fonts));
}
