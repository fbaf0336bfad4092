// KaTeX's stylesheet and fonts, shipped in `_shared/katex/` so typeset formulas render (and print with real fonts)
// offline. Only the woff2 files are shipped, and the stylesheet is rewritten to name only them.
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { releaseOf } from './fonts.js';
import type { SharedEntry } from './manifest.js';

const require = createRequire(import.meta.url);

/** The folder under `_shared/` that holds KaTeX's stylesheet (`katex.css`) and its `fonts/`. */
export const katexDirName = 'katex';

/** Returns the shared files of KaTeX: its stylesheet (woff2 only) and its woff2 fonts, under `katex/`. */
export async function katexEntries(): Promise<SharedEntry[]> {
  const dist = join(dirname(require.resolve('katex/package.json')), 'dist');
  const [css, fonts, release] = await Promise.all([readFile(join(dist, 'katex.min.css'), 'utf8'), readdir(join(dist, 'fonts')), releaseOf(join(dist, 'katex.min.css'))]);
  return [
    { path: `${katexDirName}/katex.css`, data: katexCss(css) },
    ...fonts.filter((file) => file.endsWith('.woff2')).map((file) => ({ path: `${katexDirName}/fonts/${file}`, from: join(dist, 'fonts', file), release })),
  ];
}

/** Returns KaTeX's stylesheet with each `@font-face` naming only its woff2 file (the only format shipped). */
export function katexCss(css: string): string {
  return css.replace(/src:\s*url\(([^)]+\.woff2)\)\s*format\("woff2"\)(?:\s*,\s*url\([^)]+\)\s*format\("[^"]+"\))*/g, 'src:url($1) format("woff2")');
}
