// The PowerPoint export of a written deck: `<slug>.pptx` beside its index.html, its pictures from the deck's assets/,
// formulas (and SVG/WebP/AVIF images) drawn by the browser when the deck has any.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Deck } from '../../model/deck.js';
import { packageVersion } from '../../model/package.js';
import { resolveMetrics } from '../../plan/metrics.js';
import { mergeVariables } from '../../render/brand.js';
import { isUrl, type Theme } from '../../render/theme.js';
import { writeFileAtomic } from '../../write/files.js';
import { downloadNames } from '../names.js';
import type { PagePool } from '../pool.js';
import { deckToPptx } from './deck.js';
import type { Picture } from './draw.js';
import { deckPictures, loadPictures, pictureOf } from './pictures.js';
import { pptxStyle } from './style.js';

export interface PptxRequest {
  deck: Deck;
  theme: Theme;
  themeVars: Record<string, string>;
  /** The deck's (staged) folder, holding its index.html and assets/. */
  dir: string;
  /** Pages of a browser, asked for only when the deck has formulas or images PowerPoint cannot show as they are. */
  pages: () => Promise<PagePool>;
  /** Milliseconds for each browser wait. */
  timeout: number;
  /** Told about what the PowerPoint shows differently (no browser for formulas, say). */
  warn: (message: string) => void;
}

export interface PptxResult {
  /** The file written, in the deck's folder. */
  file: string;
  slides: number;
}

/** Writes `<slug>.pptx` into the deck's folder (atomically) and returns its name and slide count. */
export async function exportPptx(request: PptxRequest): Promise<PptxResult> {
  const { deck, theme } = request;
  const variables = mergeVariables(theme, request.themeVars);
  const style = pptxStyle(variables, { lang: deck.meta.lang, width: theme.reveal.width, height: theme.reveal.height, codeSize: theme.metrics['codeSize'] });
  const wanted = deckPictures(deck);
  const loaded = await loadPictures(wanted.images, request.dir);
  let formulas = new Map<string, Picture>();
  const images = loaded.pictures;
  if (wanted.formulas.size > 0 || loaded.missing.length > 0) {
    try {
      const { capturePictures } = await import('./capture.js');
      const captured = await capturePictures(await request.pages(), {
        file: join(request.dir, 'index.html'), formulas: wanted.formulas, images: new Set(loaded.missing),
        width: theme.reveal.width, height: theme.reveal.height, timeout: request.timeout,
      });
      formulas = captured.formulas;
      for (const [src, picture] of captured.images) images.set(src, picture);
    } catch (error) {
      // Without a browser the PowerPoint is still written: formulas as their TeX, such images as their alt text.
      request.warn(`${deck.meta.source}: the PowerPoint shows ${describe(wanted.formulas.size, loaded.missing.length)} as text: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  const brand = await brandOf(theme, request.themeVars);
  const bytes = await deckToPptx({ deck, style, metrics: resolveMetrics(theme.metrics), images, formulas, brand, creator: `briefdeck ${packageVersion()}` });
  const name = downloadNames(deck.meta.slug).pptx;
  await writeFileAtomic(join(request.dir, name), bytes);
  return { file: name, slides: deck.slides.length };
}


function describe(formulas: number, images: number): string {
  const parts = [formulas ? `${formulas} ${formulas === 1 ? 'formula' : 'formulas'}` : '', images ? `${images} ${images === 1 ? 'image' : 'images'} (SVG, WebP or AVIF)` : ''];
  return parts.filter(Boolean).join(' and ');
}

/** Returns the house marks for the PowerPoint: the footer line and the logo, when it is a PNG, JPEG or GIF file of the theme. */
async function brandOf(theme: Theme, overrides: Record<string, string>): Promise<{ footer?: string; logo?: Picture }> {
  const footer = overrides['footer'] ?? theme.brand.footer;
  const logo = overrides['logo'] ?? theme.brand.logo;
  const result: { footer?: string; logo?: Picture } = {};
  if (footer) result.footer = footer;
  if (logo && logo !== 'none' && !isUrl(logo)) {
    const file = theme.assets[logo.replace(/^\.\//, '').replace(/^assets\//, '')];
    const picture = file ? await readFile(file).then(pictureOf, () => undefined) : undefined;
    if (picture) result.logo = picture;
  }
  return result;
}
