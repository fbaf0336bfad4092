// KaTeX's stylesheet and fonts, shipped in `_shared/katex/` so typeset formulas render (and print with real fonts)
// offline. Only the woff2 files are copied, and the stylesheet is rewritten to name only them.
import { readdir, readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { copyFileAtomic, writeFileAtomic } from './files.js';

const require = createRequire(import.meta.url);

/** The folder under `_shared/` that holds KaTeX's stylesheet (`katex.css`) and its `fonts/`. */
export const katexDirName = 'katex';

/** Writes KaTeX's stylesheet and woff2 fonts under `<sharedDir>/katex/` (unchanged files are left alone). */
export async function writeKatex(sharedDir: string): Promise<void> {
  const dist = join(dirname(require.resolve('katex/package.json')), 'dist');
  const target = join(sharedDir, katexDirName);
  const css = katexCss(await readFile(join(dist, 'katex.min.css'), 'utf8'));
  const fonts = (await readdir(join(dist, 'fonts'))).filter((file) => file.endsWith('.woff2'));
  await Promise.all([
    readFile(join(target, 'katex.css'), 'utf8').then((current) => current === css, () => false).then((same) => (same ? undefined : writeFileAtomic(join(target, 'katex.css'), css))),
    ...fonts.map(async (file) => {
      const [source, current] = await Promise.all([stat(join(dist, 'fonts', file)), stat(join(target, 'fonts', file)).catch(() => undefined)]);
      if (!current || current.size !== source.size) await copyFileAtomic(join(dist, 'fonts', file), join(target, 'fonts', file));
    }),
  ]);
}

/** Returns KaTeX's stylesheet with each `@font-face` naming only its woff2 file (the only format shipped). */
export function katexCss(css: string): string {
  return css.replace(/src:\s*url\(([^)]+\.woff2)\)\s*format\("woff2"\)(?:\s*,\s*url\([^)]+\)\s*format\("[^"]+"\))*/g, 'src:url($1) format("woff2")');
}
