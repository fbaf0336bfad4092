// The fonts shipped with every deck: Pretendard (Hangul and Latin) from its npm package, cut by
// unicode-range into slices so a deck loads only the slices its text uses, and static weights so
// Chromium embeds real fonts in PDFs (variable fonts are printed as Type 3 outlines).
import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DeckError, ExitCode } from './errors.js';
import { copyFileAtomic, writeFileAtomic } from './write.js';

const require = createRequire(import.meta.url);

/** The folder under `_shared/` that holds the font files and their stylesheet. */
export const fontsDirName = 'fonts';

/** The stylesheet, under `_shared/fonts/`, that every layout links. */
export const fontsCssName = 'fonts.css';

/** The weights shipped: body 400, 500, semibold 600, bold 700 and extra bold 800 (what the themes use). */
export const defaultWeights: readonly number[] = [400, 500, 600, 700, 800];

/** One `@font-face` slice of a family. */
export interface FontFace {
  family: string;
  weight: number;
  /** The woff2 file name, without folder. */
  file: string;
  unicodeRange: string;
}

export interface FontSelection {
  /** Weights to keep (default: `defaultWeights`). */
  weights?: readonly number[];
}

/** Returns the static woff2 `@font-face` slices declared in Pretendard's dynamic-subset stylesheet, for the chosen weights. */
export function parseFontFaces(css: string, selection: FontSelection = {}): FontFace[] {
  const weights = new Set(selection.weights ?? defaultWeights);
  const faces: FontFace[] = [];
  for (const [, block = ''] of css.matchAll(/@font-face\s*\{([^}]*)\}/g)) {
    const family = /font-family:\s*['"]?([^'";]+?)['"]?\s*;/.exec(block)?.[1];
    const weight = Number(/font-weight:\s*(\d+)/.exec(block)?.[1]);
    const file = /url\(\s*['"]?[^'")]*?([^/'")]+\.woff2)['"]?\s*\)/.exec(block)?.[1];
    const unicodeRange = /unicode-range:\s*([^;]+);/.exec(block)?.[1]?.trim();
    if (!family || !file || !unicodeRange || !weights.has(weight)) continue;
    faces.push({ family, weight, file, unicodeRange });
  }
  return faces;
}

/** Returns the stylesheet declaring the faces, with files under `folder/` relative to it, headed by the font's licence notice. */
export function fontFaceCss(faces: FontFace[], folder: string, notice: string): string {
  const rules = faces.map(
    (face) => `@font-face {
  font-family: "${face.family}";
  font-style: normal;
  font-weight: ${face.weight};
  font-display: swap;
  src: url(${folder}/${face.file}) format("woff2");
  unicode-range: ${face.unicodeRange};
}`,
  );
  return `${notice.trim()}\n${rules.join('\n')}\n`;
}

/** Where Pretendard's web fonts are: the package's static woff2 dynamic-subset folder and its stylesheet. */
export function pretendardPaths(): { css: string; dir: string } {
  let root: string;
  try {
    root = dirname(require.resolve('pretendard/package.json'));
  } catch (error) {
    throw new DeckError('the font package "pretendard" is not installed', { code: ExitCode.internal, hint: 'run npm install in the briefdeck folder', cause: error });
  }
  const web = join(root, 'dist', 'web', 'static');
  return { css: join(web, 'pretendard-dynamic-subset.css'), dir: join(web, 'woff2-dynamic-subset') };
}

/** Writes `<sharedDir>/fonts/fonts.css` and copies the font slices it names (unchanged files are left alone). */
export async function writeFonts(sharedDir: string, selection: FontSelection = {}): Promise<FontFace[]> {
  const source = pretendardPaths();
  const css = await readFile(source.css, 'utf8');
  const faces = parseFontFaces(css, selection);
  if (faces.length === 0) {
    throw new DeckError('no web fonts found in the "pretendard" package', { code: ExitCode.internal, file: source.css, hint: 'reinstall briefdeck\'s dependencies' });
  }
  const notice = /^\/\*[\s\S]*?\*\//.exec(css)?.[0] ?? '/* Pretendard, SIL Open Font License 1.1 */';
  const target = join(sharedDir, fontsDirName);
  await Promise.all(faces.map((face) => copyIfSizeDiffers(join(source.dir, face.file), join(target, 'pretendard', face.file))));
  const sheet = fontFaceCss(faces, 'pretendard', notice);
  const current = await readFile(join(target, fontsCssName), 'utf8').catch(() => undefined);
  if (current !== sheet) await writeFileAtomic(join(target, fontsCssName), sheet);
  return faces;
}

/** Copies a font file unless a file of the same size is already there (font files of one release never change). */
async function copyIfSizeDiffers(from: string, to: string): Promise<void> {
  const [source, current] = await Promise.all([stat(from), stat(to).catch(() => undefined)]);
  if (!current || current.size !== source.size) await copyFileAtomic(from, to);
}
