// The fonts shipped with every deck: Pretendard (Hangul and Latin) and Noto Emoji from npm packages, cut
// by unicode-range into slices so a deck loads only the slices its text uses, in static weights so
// Chromium embeds real fonts in PDFs (variable fonts, and glyphs no font has, print as Type 3).
import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DeckError, ExitCode } from '../model/errors.js';
import { packageRoot } from '../model/package.js';
import { firstAtLeast } from '../model/search.js';
import { syncShared, type SharedEntry } from './manifest.js';

const require = createRequire(import.meta.url);

/** The folder under `_shared/` that holds the font files and their stylesheet. */
export const fontsDirName = 'fonts';

/** The stylesheet, under `_shared/fonts/`, that every layout links. */
export const fontsCssName = 'fonts.css';

/** The weights shipped: body 400, 500, semibold 600, bold 700 and extra bold 800 (what the themes use). */
export const defaultWeights: readonly number[] = [400, 500, 600, 700, 800];

/** The family every theme names first; it also carries Noto Emoji's pictographs, which Pretendard lacks. */
export const fontFamily = 'Pretendard';

/** One `@font-face` slice of a family. */
export interface FontFace {
  family: string;
  /** The `font-weight` descriptor: one weight or a range ("100 500"). */
  weight: string;
  /** The woff2 file name, without folder. */
  file: string;
  unicodeRange: string;
  /** `unicodeRange` read as code point ranges, when parsed: each range's first and last code point, one range after
   * another (`[from, to, from, to, …]`: a flat list, which a stored font set reads back three times as fast). */
  ranges?: number[];
}

/** Returns the woff2 `@font-face` slices declared in a stylesheet (Pretendard's dynamic subset, Fontsource's), for the chosen weights. */
export function parseFontFaces(css: string, weights: readonly number[] = defaultWeights): FontFace[] {
  const keep = new Set(weights);
  const faces: FontFace[] = [];
  for (const [, block = ''] of css.matchAll(/@font-face\s*\{([^}]*)\}/g)) {
    // The weight first: most of a stylesheet's faces are of weights not shipped, and the other patterns cost more.
    const weight = Number(/font-weight:\s*(\d+)/.exec(block)?.[1]);
    if (!keep.has(weight)) continue;
    const family = /font-family:\s*['"]?([^'";]+?)['"]?\s*;/.exec(block)?.[1];
    const url = /url\(\s*['"]?([^'")]+\.woff2)['"]?\s*\)/.exec(block)?.[1];
    const file = url?.slice(url.lastIndexOf('/') + 1);
    const unicodeRange = /unicode-range:\s*([^;]+);/.exec(block)?.[1]?.trim();
    if (!family || !file || !unicodeRange) continue;
    faces.push({ family, weight: String(weight), file, unicodeRange, ranges: rangesOf(unicodeRange) });
  }
  return faces;
}

/** Returns the stylesheet declaring the faces, each file under `folder/` relative to it; faces listed later win where ranges overlap. */
export function fontFaceCss(groups: Array<{ folder: string; faces: FontFace[] }>, notice: string): string {
  const rules = groups.flatMap(({ folder, faces }) =>
    faces.map(
      (face) => `@font-face {
  font-family: "${face.family}";
  font-style: normal;
  font-weight: ${face.weight};
  font-display: swap;
  src: url(${folder}/${face.file}) format("woff2");
  unicode-range: ${face.unicodeRange};
}`,
    ),
  );
  return `${notice.trim()}\n${rules.join('\n')}\n`;
}

/** A font package's stylesheet and the folder of the woff2 files it names. */
export interface FontPackage {
  css: string;
  dir: string;
}

/** Returns where Pretendard's static web fonts are (the package's woff2 dynamic-subset folder and its stylesheet). */
export function pretendardPackage(): FontPackage {
  const web = join(fontPackageRoot('pretendard', 'pretendard/package.json'), 'dist', 'web', 'static');
  return { css: join(web, 'pretendard-dynamic-subset.css'), dir: join(web, 'woff2-dynamic-subset') };
}

/** Returns where Noto Emoji's (monochrome) web fonts of a weight are. */
export function notoEmojiPackage(weight: number): FontPackage {
  const root = fontPackageRoot('@fontsource/noto-emoji', '@fontsource/noto-emoji');
  return { css: join(root, `${weight}.css`), dir: join(root, 'files') };
}

function fontPackageRoot(name: string, entry: string): string {
  try {
    const resolved = require.resolve(entry);
    return dirname(resolved);
  } catch (error) {
    throw new DeckError(`the font package "${name}" is not installed`, { code: ExitCode.internal, hint: 'run npm install in the briefdeck folder', cause: error });
  }
}

/** Returns `name@version` of the npm package that holds a file (from the nearest package.json with a name above it). */
export async function releaseOf(file: string): Promise<string> {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    const pkg = await readFile(join(dir, 'package.json'), 'utf8').then((text) => JSON.parse(text) as { name?: string; version?: string }, () => undefined);
    if (pkg?.name && pkg.version) return `${pkg.name}@${pkg.version}`;
  }
  return file;
}

/** The emoji weight drawn for a text weight: bold text gets bold pictographs, never synthesised ones. */
function emojiWeightFor(weight: number): number {
  return weight >= 600 ? 700 : 400;
}

/** The shipped fonts as read from their packages: the faces, the stylesheet naming them all, and where their files are. */
export interface FontSet {
  text: FontFace[];
  emoji: FontFace[];
  /** `fonts/fonts.css`. */
  sheet: string;
  textDir: string;
  emojiDir: string;
  textRelease: string;
  emojiRelease: string;
}

/** The shipped fonts as stored when the package was built: a `FontSet` without its folders (they are this machine's). */
export type StoredFontSet = Omit<FontSet, 'textDir' | 'emojiDir'> & { format: number; weights: number[] };

/** The stored font set's format: raised whenever what `readFontSet` gives for the same font packages changes. */
const fontSetFormat = 1;

/**
 * Where the package keeps its fonts as read when it was built (lib/font-set.json, written by scripts/bundle.mjs), so a
 * build need not read 540 KB of stylesheets and turn 17,000 unicode ranges into numbers (20 ms of every build).
 */
export function fontSetFile(): string {
  return fileURLToPath(new URL('lib/font-set.json', packageRoot()));
}

/**
 * Returns the shipped fonts (once a run: the stylesheets are large): as stored in `stored` when it was written in this
 * format, for the same weights, from the same releases of the font packages, and not before this module was (a
 * compile without the package build leaves the file of the code before); else read from the packages (`readFontSet`).
 */
export async function loadFontSet(weights: readonly number[] = defaultWeights, stored = fontSetFile()): Promise<FontSet> {
  const pretendard = pretendardPackage();
  const emoji = notoEmojiPackage(400);
  const dirs = { textDir: pretendard.dir, emojiDir: emoji.dir };
  const [saved, textRelease, emojiRelease, fresh] = await Promise.all([
    readFile(stored, 'utf8').then((text) => JSON.parse(text) as StoredFontSet).catch(() => undefined),
    releaseOf(pretendard.css),
    releaseOf(emoji.css),
    Promise.all([stat(stored), stat(fileURLToPath(import.meta.url))]).then(([file, code]) => file.mtimeMs >= code.mtimeMs, () => false),
  ]);
  const current = fresh && saved?.format === fontSetFormat && saved.textRelease === textRelease && saved.emojiRelease === emojiRelease;
  if (current && String(saved.weights) === String(weights)) {
    const { format: _format, weights: _weights, ...fonts } = saved;
    return { ...fonts, ...dirs };
  }
  return readFontSet(weights);
}

/** Returns the font set to store for `loadFontSet` (scripts/bundle.mjs writes it to `fontSetFile()`). */
export async function storedFontSet(weights: readonly number[] = defaultWeights): Promise<StoredFontSet> {
  const { textDir: _text, emojiDir: _emoji, ...fonts } = await readFontSet(weights);
  return { format: fontSetFormat, weights: [...weights], ...fonts };
}

/**
 * Reads the shipped fonts from their packages. Emoji slices come first in the stylesheet so that, where ranges overlap
 * (digits, #, ©), Pretendard's own glyphs win (Chromium tries the last-declared slice first).
 */
export async function readFontSet(weights: readonly number[] = defaultWeights): Promise<FontSet> {
  const pretendard = pretendardPackage();
  const pretendardCss = await readFile(pretendard.css, 'utf8');
  const text = parseFontFaces(pretendardCss, weights);
  // Chromium combines unicode-range slices only across faces with identical descriptors, so every
  // text weight gets its own copy of the emoji slices.
  const emojiFaces = new Map<number, FontFace[]>();
  for (const weight of new Set(weights.map(emojiWeightFor))) {
    emojiFaces.set(weight, parseFontFaces(await readFile(notoEmojiPackage(weight).css, 'utf8'), [weight]));
  }
  const emoji = weights.flatMap((weight) => (emojiFaces.get(emojiWeightFor(weight)) ?? []).map((face) => ({ ...face, family: fontFamily, weight: String(weight) })));
  if (text.length === 0 || emoji.length === 0) {
    throw new DeckError('no web fonts found in the font packages', { code: ExitCode.internal, file: pretendard.css, hint: 'reinstall briefdeck\'s dependencies' });
  }
  const notice = [
    /^\/\*[\s\S]*?\*\//.exec(pretendardCss)?.[0] ?? '/* Pretendard, SIL Open Font License 1.1 */',
    '/* Noto Emoji: Copyright 2013 Google LLC, SIL Open Font License 1.1. Served as part of the "Pretendard" family for the pictographs Pretendard lacks. */',
  ].join('\n');
  const sheet = fontFaceCss([{ folder: 'noto-emoji', faces: emoji }, { folder: 'pretendard', faces: text }], notice);
  const [textRelease, emojiRelease] = await Promise.all([releaseOf(pretendard.css), releaseOf(notoEmojiPackage(400).css)]);
  return { text, emoji, sheet, textDir: pretendard.dir, emojiDir: notoEmojiPackage(400).dir, textRelease, emojiRelease };
}

/**
 * Returns the shared files of the fonts (paths under the shared folder): `fonts/fonts.css`, which names every slice,
 * and the slices: all of them, or with `shown` (a text, or its characters' code points) only those its characters need.
 */
export function fontEntriesOf(fonts: FontSet, shown?: string | readonly number[]): SharedEntry[] {
  const needed = shown === undefined ? () => true : slicesFor(shown);
  return [
    ...fonts.text.filter(needed).map((face) => ({ path: `${fontsDirName}/pretendard/${face.file}`, from: join(fonts.textDir, face.file), release: fonts.textRelease })),
    ...[...new Set(fonts.emoji.filter(needed).map((face) => face.file))].map((file) => ({ path: `${fontsDirName}/noto-emoji/${file}`, from: join(fonts.emojiDir, file), release: fonts.emojiRelease })),
    { path: `${fontsDirName}/${fontsCssName}`, data: fonts.sheet },
  ];
}

/**
 * Returns `html` with its link to the shared stylesheet of every slice (`<link rel="stylesheet" href="<shared>/fonts/fonts.css">`,
 * as the built-in layouts write it) replaced by a stylesheet of the slices holding one of `points` (the page's
 * characters): the same faces in the same order, so the page looks the same, but Chromium matches its text against a
 * few dozen faces rather than five hundred, which lays a deck out about a tenth faster. A page without that link, or
 * whose shared folder's address would need quoting in CSS (`url(…)` is written bare), is returned as it is.
 */
export function withPageFonts(html: string, fonts: FontSet, points: readonly number[], shared: string): string {
  const link = `<link rel="stylesheet" href="${shared}/${fontsDirName}/${fontsCssName}">`;
  const at = html.indexOf(link);
  if (at < 0 || !/^[\w.~/:%+-]*$/.test(shared)) return html;
  const needed = slicesFor(points);
  const base = `${shared}/${fontsDirName}`;
  const notice = `/* Pretendard and Noto Emoji (SIL Open Font License 1.1; see ${base}/${fontsCssName}): the slices this page shows. */`;
  const css = fontFaceCss([{ folder: `${base}/noto-emoji`, faces: fonts.emoji.filter(needed) }, { folder: `${base}/pretendard`, faces: fonts.text.filter(needed) }], notice);
  return `${html.slice(0, at)}<style>\n${css}</style>${html.slice(at + link.length)}`;
}

/** Returns the shared files of the fonts (see `fontEntriesOf`) and every face the stylesheet declares. */
export async function fontEntries(weights: readonly number[] = defaultWeights, shown?: string): Promise<{ entries: SharedEntry[]; faces: FontFace[] }> {
  const fonts = await loadFontSet(weights);
  return { entries: fontEntriesOf(fonts, shown), faces: [...fonts.emoji, ...fonts.text] };
}

/**
 * Returns a test of whether a slice covers a character of `shown` (a text, or code points in ascending order). A
 * browser loads a slice only for the characters a page shows, so the slices a page needs are those whose unicode-range
 * holds one of the page's characters.
 */
export function slicesFor(shown: string | readonly number[]): (face: FontFace) => boolean {
  const points = typeof shown === 'string' ? pointsOf(shown) : shown;
  const holdsOneIn = (low: number, high: number): boolean => {
    const at = firstAtLeast(points, low);
    return at < points.length && points[at]! <= high;
  };
  return (face) => {
    const ranges = face.ranges ?? rangesOf(face.unicodeRange);
    for (let i = 0; i + 1 < ranges.length; i += 2) if (holdsOneIn(ranges[i]!, ranges[i + 1]!)) return true;
    return false;
  };
}

/** Returns the code points of the characters a text shows, in ascending order, those written as escapes included. */
export function pointsOf(text: string): number[] {
  // One pass over UTF-16 code units, marking each in a table: a built page can be megabytes long.
  const basic = new Uint8Array(0x10000);
  const astral = new Set<number>(escapedPoints(text)); // escaped characters of any plane, then those above the basic one
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const low = unit >= 0xd800 && unit <= 0xdbff ? text.charCodeAt(i + 1) : NaN;
    if (low >= 0xdc00 && low <= 0xdfff) {
      astral.add((unit - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000);
      i++;
    } else basic[unit] = 1;
  }
  const points: number[] = [];
  for (let point = 0; point < 0x10000; point++) {
    // An escaped character of the basic plane is taken off the astral set whether or not it is also written as itself.
    const escaped = astral.delete(point);
    if (basic[point] || escaped) points.push(point);
  }
  return points.concat([...astral].sort((a, b) => a - b));
}

/** Returns a `unicode-range` value as code point ranges, flat: `U+0-ff, U+131, U+4??` gives [0, 255, 305, 305, 1024, 1279]. */
export function rangesOf(unicodeRange: string): number[] {
  const ranges: number[] = [];
  for (const [, low = '', high] of unicodeRange.matchAll(/U\+([0-9a-f?]+)(?:-([0-9a-f]+))?/gi)) {
    // A wildcard range (U+4??) spans its ?s from 0 to F.
    const wild = low.includes('?');
    const from = parseInt(wild ? low.replace(/\?/g, '0') : low, 16);
    const to = high !== undefined ? parseInt(high, 16) : wild ? parseInt(low.replace(/\?/g, 'f'), 16) : from;
    ranges.push(from, to);
  }
  return ranges;
}

/** Returns the characters a text writes as escapes: HTML character references (`&#x1F5BC;`) and CSS escapes (`\1F5BC`). */
function escapedPoints(text: string): number[] {
  const points: number[] = [];
  for (const match of text.matchAll(/&#x([0-9a-f]{1,6});|&#(\d{1,7});|\\([0-9a-f]{1,6})/gi)) {
    const point = match[1] ? parseInt(match[1], 16) : match[2] ? Number(match[2]) : parseInt(match[3]!, 16);
    if (point <= 0x10ffff) points.push(point);
  }
  return points;
}

/** Writes `<sharedDir>/fonts/fonts.css` and the font slices it names (files already current are left alone). */
export async function writeFonts(sharedDir: string, weights: readonly number[] = defaultWeights): Promise<FontFace[]> {
  const { entries, faces } = await fontEntries(weights);
  await syncShared(sharedDir, entries);
  return faces;
}
