// Writes build output safely: files atomically (temporary file, then rename), a deck's folder staged and swapped in whole.
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DeckError, ExitCode } from '../model/errors.js';
import { fontEntries, releaseOf } from './fonts.js';
import { syncShared, type SharedEntry } from './manifest.js';
import type { Theme } from '../render/theme.js';

const require = createRequire(import.meta.url);

/** The folder, beside the decks, that holds Reveal.js, theme CSS and fonts shared by every deck. */
export const sharedDirName = '_shared';

/** Returns a unique suffix for temporary names. */
function tempSuffix(): string {
  return `${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** Puts a file in place atomically: `fill` writes a temporary file beside `path`, which is then renamed over it. */
async function replaceAtomic(path: string, fill: (temp: string) => Promise<void>): Promise<void> {
  const temp = join(dirname(path), `.briefdeck-tmp-${tempSuffix()}`);
  try {
    await mkdir(dirname(path), { recursive: true });
    await fill(temp);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw outputError(path, error);
  }
}

/** Writes a file atomically: a temporary file beside it, then a rename over the target. */
export function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  return replaceAtomic(path, (temp) => writeFile(temp, data));
}

/** Copies a file atomically. */
export function copyFileAtomic(from: string, to: string): Promise<void> {
  return replaceAtomic(to, (temp) => copyFile(from, temp));
}

/** Returns a DeckError (exit 7) for a failed write. */
export function outputError(path: string, error: unknown): DeckError {
  const code = (error as NodeJS.ErrnoException).code ?? 'error';
  const reasons: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'read-only file system',
    ENOSPC: 'disk full',
    EDQUOT: 'disk quota exceeded',
    EFBIG: 'file too large for a size limit',
    ENOTDIR: 'a file is in the way of a folder',
    EISDIR: 'a folder is in the way of a file',
  };
  // Name the file where it was going, not the staging folder that no longer exists.
  const shown = path.replace(/\.briefdeck-tmp-(.+?)-\d+-[0-9a-f]{8}(?=[\\/]|$)/, '$1');
  return new DeckError(`cannot write output (${reasons[code] ?? code})`, { code: ExitCode.output, file: shown, hint: 'check that the output folder is writable and has room', cause: error });
}

/** A deck's folder being built beside its final place; nothing replaces the old folder until `commit`. */
export interface Stage {
  /** The folder being written. */
  dir: string;
  /** Replaces the deck's folder with the staged one. */
  commit(): Promise<void>;
  /** Removes the staged folder, leaving the old output as it was. */
  discard(): Promise<void>;
}

/** Returns a fresh staging folder for `dist/<slug>/`, as a sibling so relative links to `_shared/` work alike. */
export async function stageDeck(outDir: string, slug: string): Promise<Stage> {
  const dir = join(outDir, `.briefdeck-tmp-${slug}-${tempSuffix()}`);
  const target = join(outDir, slug);
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw outputError(outDir, error);
  }
  return {
    dir,
    async commit() {
      const old = join(outDir, `.briefdeck-tmp-old-${slug}-${tempSuffix()}`);
      let moved = false;
      try {
        await rename(target, old).then(() => (moved = true), (error: NodeJS.ErrnoException) => {
          if (error.code !== 'ENOENT') throw error;
        });
        await rename(dir, target);
      } catch (error) {
        if (moved) await rename(old, target).catch(() => undefined);
        await rm(dir, { recursive: true, force: true }).catch(() => undefined);
        throw outputError(target, error);
      }
      if (moved) await rm(old, { recursive: true, force: true }).catch(() => undefined);
    },
    async discard() {
      await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    },
  };
}

/** The Reveal.js files a deck loads, relative to the reveal.js package's dist/ folder. */
const revealFiles = ['reset.css', 'reveal.css', 'reveal.js', 'plugin/notes.js'];

/** The in-deck runtime shipped with briefdeck. */
export const runtimeFile = fileURLToPath(new URL('../../templates/_shared/briefdeck.js', import.meta.url));

/** Returns the shared files of a run: Reveal.js, the runtime, the fonts, and each theme's CSS and assets. */
export async function sharedEntries(themes: Theme[]): Promise<SharedEntry[]> {
  const revealDist = dirname(require.resolve('reveal.js'));
  const release = await releaseOf(join(revealDist, revealFiles[0]!));
  const entries: SharedEntry[] = [
    ...revealFiles.map((file) => ({ path: `reveal/${file}`, from: join(revealDist, file), release })),
    { path: 'briefdeck.js', from: runtimeFile },
    ...(await fontEntries()).entries,
  ];
  for (const theme of themes) {
    const css = theme.css.map((file) => `/* ${file.file.split(/[\\/]/).slice(-2).join('/')} */\n${file.source}`).join('\n');
    entries.push({ path: `themes/${theme.name}/theme.css`, data: css });
    for (const [name, file] of Object.entries(theme.assets)) entries.push({ path: `themes/${theme.name}/assets/${name}`, from: file });
  }
  return entries;
}

/**
 * Writes the shared assets (Reveal.js, the runtime, the fonts, the theme's CSS and assets) under `<outDir>/_shared/`:
 * only what is missing or changed, tracked by `_shared/manifest.json`. Returns the paths written.
 */
export async function writeShared(outDir: string, themes: Theme[]): Promise<string[]> {
  return syncShared(join(outDir, sharedDirName), await sharedEntries(themes));
}
