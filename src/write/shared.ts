// Writes what every deck of an output folder shares, once, under `_shared/`: Reveal.js, the in-deck runtime, the fonts,
// and each theme's CSS and assets (files already up to date are left alone).
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Theme } from '../render/theme.js';
import { writeFileAtomic } from './files.js';
import { writeFonts } from './fonts.js';
import { writeKatex } from './katex.js';

const require = createRequire(import.meta.url);

/** The folder, beside the decks, that holds Reveal.js, theme CSS and fonts shared by every deck. */
export const sharedDirName = '_shared';

/** The Reveal.js files a deck loads, relative to the reveal.js package's dist/ folder. */
const revealFiles = ['reset.css', 'reveal.css', 'reveal.js', 'plugin/notes.js'];

/** The in-deck runtime shipped with briefdeck. */
export const runtimeFile = fileURLToPath(new URL('../../templates/_shared/briefdeck.js', import.meta.url));

/** Writes the shared assets (Reveal.js, the runtime, the fonts, the theme's CSS and assets) under `<outDir>/_shared/`. */
export async function writeShared(outDir: string, themes: Theme[]): Promise<void> {
  const shared = join(outDir, sharedDirName);
  const revealDist = dirname(require.resolve('reveal.js'));
  await Promise.all([
    ...revealFiles.map((file) => copyIfChanged(join(revealDist, file), join(shared, 'reveal', file))),
    copyIfChanged(runtimeFile, join(shared, 'briefdeck.js')),
    writeFonts(shared),
    writeKatex(shared),
  ]);
  for (const theme of themes) {
    const dir = join(shared, 'themes', theme.name);
    const css = theme.css.map((file) => `/* ${file.file.split(/[\\/]/).slice(-2).join('/')} */\n${file.source}`).join('\n');
    await writeIfChanged(join(dir, 'theme.css'), css);
    for (const [name, file] of Object.entries(theme.assets)) await copyIfChanged(file, join(dir, 'assets', name));
  }
}

async function writeIfChanged(path: string, data: string): Promise<void> {
  const current = await readFile(path, 'utf8').catch(() => undefined);
  if (current !== data) await writeFileAtomic(path, data);
}

async function copyIfChanged(from: string, to: string): Promise<void> {
  const [source, current] = await Promise.all([readFile(from), readFile(to).catch(() => undefined)]);
  if (!current || !source.equals(current)) await writeFileAtomic(to, source);
}
