// The pictures a deck's PowerPoint embeds: its local images (the copies in the deck's assets/ folder), read from disk.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { imageSize } from 'image-size';
import type { Deck } from '../../model/deck.js';
import { decodeUrlPart } from '../../model/html.js';
import { isInside, isLocalUrl } from '../../write/assets.js';
import { htmlBlocks } from './blocks.js';
import type { Picture } from './draw.js';

/** Image types PowerPoint shows as they are; others (SVG, WebP, AVIF) need a browser to become PNG. */
const embeddable = new Set(['png', 'jpg', 'gif', 'bmp']);

/** Returns every image `src` and display formula TeX of a deck's slides (html and media), the title slide's picture included. */
export function deckPictures(deck: Deck): { images: Set<string>; formulas: Set<string> } {
  const images = new Set<string>();
  const formulas = new Set<string>();
  if (deck.meta.image) images.add(deck.meta.image);
  for (const slide of deck.slides) {
    for (const html of [slide.html, slide.media ?? '']) {
      if (!html.includes('<img') && !html.includes('math')) continue;
      for (const block of htmlBlocks(html)) {
        if (block.type === 'image') images.add(block.src);
        if (block.type === 'math') formulas.add(block.tex);
      }
    }
  }
  return { images, formulas };
}

/** Returns a picture of image bytes when PowerPoint can show them as they are (PNG, JPEG, GIF, BMP), else undefined. */
export function pictureOf(bytes: Uint8Array): Picture | undefined {
  let size: { width?: number | undefined; height?: number | undefined; orientation?: number; type?: string };
  try {
    size = imageSize(bytes);
  } catch {
    return undefined;
  }
  const type = size.type === 'jpeg' ? 'jpg' : size.type;
  if (!type || !embeddable.has(type) || !size.width || !size.height) return undefined;
  const mime = type === 'jpg' ? 'image/jpeg' : `image/${type}`;
  // A rotated JPEG (EXIF orientation 5–8) is shown turned, as browsers show it.
  const turned = (size.orientation ?? 1) >= 5;
  return { data: `${mime};base64,${Buffer.from(bytes).toString('base64')}`, width: turned ? size.height : size.width, height: turned ? size.width : size.height };
}

/** Returns the embeddable pictures of local images (relative `src`s inside the deck's folder), by `src`; the others are left out. */
export async function loadPictures(sources: Iterable<string>, dir: string): Promise<{ pictures: Map<string, Picture>; missing: string[] }> {
  const pictures = new Map<string, Picture>();
  const missing: string[] = [];
  for (const src of sources) {
    if (!isLocalUrl(src)) continue;
    const file = resolve(dir, decodeUrlPart(src.replace(/[?#].*$/s, '')));
    if (!isInside(resolve(dir), file)) continue;
    const picture = await readFile(file).then(pictureOf, () => undefined);
    if (picture) pictures.set(src, picture);
    else missing.push(src);
  }
  return { pictures, missing };
}

