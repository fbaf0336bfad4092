// Decides, for each image an article names, whether it is copied into the deck's assets/ folder: only real image
// files inside the content folder are; a missing one is warned about, one outside (absolute, `..`, symlink) is refused.
// Remote pictures are fetched (through the build's fetcher and its cache) and copied the same way; SVGs are cleaned.
import { realpathSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, extname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { ImageRewrite } from '../render/images.js';
import { isScriptUrl } from '../model/html.js';
import { isRemoteUrl, type ImageFetcher } from './fetch.js';
import { copyFileAtomic, writeFileAtomic } from './files.js';

/** The deck's folder for copied images, relative to its page. */
export const assetsDirName = 'assets';

/** Image file types that are copied; anything else an article points at stays where it is. */
const imageExtensions = new Set(['.png', '.jpg', '.jpeg', '.gif', '.webp', '.avif', '.svg', '.bmp', '.ico']);

export interface LocalImagesOptions {
  /** The article's path on disk. */
  file: string;
  /** The article's path as shown in messages. */
  shown: string;
  /** The content folder: no image outside it is ever copied. */
  root: string;
  warn: (message: string) => void;
  /** Told of every image refused, with its reason (for `check`, which reports them as problems). */
  refused?: (refusal: ImageRefusal) => void;
  /** Fetches remote pictures into the deck; absent (`--no-fetch`): remote addresses stay as written. */
  fetcher?: ImageFetcher;
}

/** An image the build does not copy, and why. */
export interface ImageRefusal {
  line: number | undefined;
  url: string;
  /** `missing` when the file does not exist (then `path` is where it was looked for). */
  reason: 'absolute' | 'outside' | 'not-image' | 'missing' | 'link-outside' | 'not-file' | 'unreachable';
  /** The warning's words: `is an absolute path, outside the content folder: not copied`. */
  problem: string;
  path?: string;
}

export interface AssetCopy {
  from: string;
  /** File name under the deck's assets/ folder. */
  name: string;
}

export interface LocalImages {
  /** Rewrites an image URL: local (and fetched remote) ones point into assets/ or are dropped; others stay. */
  rewrite: ImageRewrite;
  /** The files to copy into the deck's assets/ folder. */
  copies(): AssetCopy[];
  /** Waits for the remote pictures being fetched; true when a rewrite gave a provisional answer (plan the deck again). */
  settle(): Promise<boolean>;
  /** How many provisional answers (pictures still being fetched) rewrites have given so far. */
  provisionals(): number;
}

/** Returns true for a URL that names a file on disk (no scheme, not protocol-relative, not a fragment). */
export function isLocalUrl(url: string): boolean {
  const trimmed = url.trim();
  return trimmed !== '' && !trimmed.startsWith('#') && !trimmed.startsWith('//') && !/^[a-z][a-z\d+.-]*:/i.test(trimmed);
}

/** Returns true when `path` is `dir` or inside it. */
export function isInside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/** Returns the image resolver of one article; it reads the disk (sync: a few stats per image) but never writes. */
export function localImages(options: LocalImagesOptions): LocalImages {
  const byReal = new Map<string, string>();
  const names = new Set<string>();
  const warned = new Set<string>();
  const warn = (line: number | undefined, url: string, problem: string, reason: ImageRefusal['reason'], path?: string): void => {
    const key = `${line ?? ''}\u0000${url}\u0000${problem}`;
    if (warned.has(key)) return;
    warned.add(key);
    options.warn(`${options.shown}${line === undefined ? '' : `:${line}`}: image "${url}" ${problem}`);
    options.refused?.({ line, url, reason, problem, ...(path === undefined ? {} : { path }) });
  };
  let realRoot: string | undefined;
  const rootReal = (): string => (realRoot ??= safeRealpath(options.root) ?? resolve(options.root));
  const byUrl = new Map<string, string>();
  const fetched: AssetCopy[] = [];
  const pending: Array<Promise<unknown>> = [];
  // Provisional answers given so far, and how many of them the last settle() had seen.
  let provisionals = 0;
  let settledAt = 0;

  /** A remote picture: its fetched copy in assets/; a placeholder answer while it is being fetched; dropped when it cannot be. */
  const remote = (fetcher: ImageFetcher, url: string, line: number | undefined): string | undefined => {
    const known = fetcher.peek(url);
    if (known === undefined) {
      pending.push(fetcher.get(url));
      provisionals++;
      return `${assetsDirName}/${encodeURIComponent(remoteStem(url))}`;
    }
    if (!known.ok) {
      warn(line, url, `could not be fetched (${known.problem}): not in the deck (--no-fetch keeps the remote address)`, 'unreachable');
      return undefined;
    }
    let name = byUrl.get(url);
    if (name === undefined) {
      name = uniqueName(`${remoteStem(url)}.${known.extension}`, names);
      byUrl.set(url, name);
      fetched.push({ from: known.file, name });
    }
    return `${assetsDirName}/${encodeURIComponent(name)}`;
  };

  const rewrite: ImageRewrite = (url, line) => {
    if (options.fetcher && isRemoteUrl(url)) return remote(options.fetcher, url, line);
    if (!isLocalUrl(url)) return url;
    const path = decodePath(url);
    if (isAbsolute(path) || /^[a-z]:[\\/]/i.test(path) || path.startsWith('\\')) {
      warn(line, url, 'is an absolute path, outside the content folder: not copied', 'absolute');
      return undefined;
    }
    const target = resolve(dirname(options.file), path);
    if (!isInside(resolve(options.root), target)) {
      warn(line, url, 'is outside the content folder: not copied', 'outside');
      return undefined;
    }
    if (!imageExtensions.has(extname(target).toLowerCase())) {
      warn(line, url, 'is not an image file (png, jpg, gif, webp, avif, svg): not copied', 'not-image');
      return undefined;
    }
    const real = safeRealpath(target);
    if (real === undefined) {
      warn(line, url, 'not found: the deck shows its alt text instead', 'missing', target);
      return undefined;
    }
    if (!isInside(rootReal(), real)) {
      warn(line, url, 'is a link to a file outside the content folder: not copied', 'link-outside');
      return undefined;
    }
    if (!statSync(real, { throwIfNoEntry: false })?.isFile()) {
      warn(line, url, 'is not a file: not copied', 'not-file');
      return undefined;
    }
    let name = byReal.get(real);
    if (name === undefined) {
      name = uniqueName(basename(real), names);
      byReal.set(real, name);
    }
    return `${assetsDirName}/${encodeURIComponent(name)}`;
  };
  return {
    rewrite,
    copies: () => [...[...byReal].map(([from, name]) => ({ from, name })), ...fetched],
    provisionals: () => provisionals,
    async settle() {
      while (pending.length > 0) await Promise.all(pending.splice(0));
      const again = provisionals > settledAt;
      settledAt = provisionals;
      return again;
    },
  };
}

/** Returns a file name stem for a remote picture: the last segment of its path, without its extension. */
function remoteStem(url: string): string {
  const path = url.trim().replace(/^[a-z]+:/i, '').replace(/^\/\/[^/]*/, '').replace(/[?#].*$/s, '');
  const last = decodePath(path.split('/').filter(Boolean).pop() ?? '');
  const stem = last.slice(0, last.length - extname(last).length).replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^[.-]+/, '').slice(0, 60);
  return stem || 'image';
}

/** Copies one picture into a deck's assets/ folder, atomically; an SVG is cleaned first (no script, no outside references). */
export async function copyImage(copy: AssetCopy, dir: string): Promise<void> {
  const target = resolve(dir, assetsDirName, copy.name);
  if (extname(copy.name).toLowerCase() !== '.svg') return copyFileAtomic(copy.from, target);
  // The SVG cleaner brings an HTML parser: imported only for an SVG (the build's start-up path imports this module).
  const { cleanSvg } = await import('./svg.js');
  const cleaned = cleanSvg(await readFile(copy.from, 'utf8'));
  await writeFileAtomic(target, cleaned ?? '<svg xmlns="http://www.w3.org/2000/svg"/>\n');
}

/** Returns the folder that bounds an article's images: the input folder that holds it, else the article's own folder. */
export function contentRootOf(file: string, inputs: string[], cwd: string): string {
  const absolute = resolve(cwd, file);
  const folders = inputs.map((input) => resolve(cwd, input)).filter((input) => input !== absolute && isInside(input, absolute));
  return folders.sort((a, b) => b.length - a.length)[0] ?? dirname(absolute);
}

function decodePath(url: string): string {
  const bare = url.trim().replace(/[?#].*$/s, '');
  try {
    return decodeURIComponent(bare);
  } catch {
    return bare;
  }
}

function safeRealpath(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

function uniqueName(name: string, taken: Set<string>): string {
  const clean = name.replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^\.+/, '') || 'image';
  const extension = extname(clean);
  const stem = clean.slice(0, clean.length - extension.length);
  let unique = clean;
  for (let n = 2; taken.has(unique.toLowerCase()); n++) unique = `${stem}-${n}${extension}`;
  taken.add(unique.toLowerCase());
  return unique;
}

/** Rewrites the title slide's background image (front matter `image`) like any other image; drops it when refused. */
function rewriteMetaImage(meta: { image?: string }, images: LocalImages, line: number | undefined): void {
  if (meta.image === undefined) return;
  const url = isScriptUrl(meta.image) ? undefined : images.rewrite(meta.image, line);
  if (url === undefined) delete meta.image;
  else meta.image = url;
}

/** The deck's own picture addresses that `dressImages` rewrote: its cover and its slides' backgrounds. */
export interface PlannedImages {
  image?: string;
  backgrounds: Array<string | undefined>;
}

/** A planned deck, as far as its cover and slide backgrounds go. */
interface DressedDeck {
  meta: { image?: string };
  slides: Array<{ attributes?: Record<string, string>; position: { line: number } }>;
}

/**
 * Rewrites a planned deck's cover and slide backgrounds (which planning never reads) like any other picture, and
 * returns them as they were, so that `redressImages` can rewrite them again once remote pictures have arrived.
 */
export function dressImages(deck: DressedDeck, images: LocalImages, imageLine: number | undefined): PlannedImages {
  const planned: PlannedImages = { backgrounds: deck.slides.map((slide) => slide.attributes?.['data-background-image']) };
  if (deck.meta.image !== undefined) planned.image = deck.meta.image;
  rewriteMetaImage(deck.meta, images, imageLine);
  rewriteSlideBackgrounds(deck.slides, images);
  return planned;
}

/** Puts back what `dressImages` rewrote and rewrites it again: a deck waiting only on its cover or backgrounds needs no second plan. */
export function redressImages(deck: DressedDeck, planned: PlannedImages, images: LocalImages, imageLine: number | undefined): void {
  if (planned.image === undefined) delete deck.meta.image;
  else deck.meta.image = planned.image;
  deck.slides.forEach((slide, index) => {
    const url = planned.backgrounds[index];
    if (url !== undefined) slide.attributes = { ...slide.attributes, 'data-background-image': url };
  });
  dressImages(deck, images, imageLine);
}

/** Rewrites every slide's `data-background-image` like any other image (copied into assets/, or dropped when refused). */
function rewriteSlideBackgrounds(slides: Array<{ attributes?: Record<string, string>; position: { line: number } }>, images: LocalImages): void {
  for (const slide of slides) {
    const url = slide.attributes?.['data-background-image'];
    if (url === undefined || isScriptUrl(url)) continue;
    const next = images.rewrite(url, slide.position.line);
    if (next === undefined) delete slide.attributes!['data-background-image'];
    else slide.attributes!['data-background-image'] = next;
  }
}
