// The export stage: prints a written deck's slides PDF and handout through a shared page pool, then adds metadata and outlines.
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DeckError, ExitCode } from '../model/errors.js';
import type { Deck } from '../model/deck.js';
import type { Theme } from '../render/theme.js';
import { writeFileAtomic } from '../write/files.js';
import { finishPdf } from './finish.js';
import { printHandout } from './handout.js';
import { handoutAnchor, handoutWordsFor, loadDefaultHandout, renderHandout, type PageSize } from './handout-page.js';
import { downloadNames } from './names.js';
import { pdfMetadataOf } from './metadata.js';
import { outlineOf } from './outline.js';
import { printSlides } from './pdf.js';
import type { PagePool } from './pool.js';

export interface ExportRequest {
  deck: Deck;
  theme: Theme;
  themeVars: Record<string, string>;
  /** The deck's (staged) folder, holding its index.html. */
  dir: string;
  /** Relative URL from the deck's folder to the shared assets. */
  shared: string;
  pool: PagePool;
  slides: boolean;
  handout: boolean;
  pageSize: PageSize;
  /** Milliseconds for each browser wait. */
  timeout: number;
  /** Told what is being printed, for progress on a terminal. */
  progress?: (message: string) => void;
}

export interface ExportResult {
  /** Pages of the slides PDF. */
  pages?: number;
  handoutPages?: number;
}

/** Writes `<slug>.pdf` and `<slug>-handout.pdf` into the deck's folder (those asked for), printed at the same time. */
export async function exportDeck(request: ExportRequest): Promise<ExportResult> {
  const { deck } = request;
  const names = downloadNames(deck.meta.slug);
  const outline = outlineOf(deck);
  const version = await packageVersion();
  const result: ExportResult = {};
  const slides = async (): Promise<void> => {
    const printed = await printSlides(request.pool, join(request.dir, 'index.html'), { width: request.theme.reveal.width, height: request.theme.reveal.height, timeout: request.timeout });
    if (printed.pages !== deck.slides.length) {
      throw new DeckError(`the PDF has ${printed.pages} pages for ${deck.slides.length} slides`, { code: ExitCode.browser, file: deck.meta.source, hint: 'report this with the article attached' });
    }
    const finished = await finishPdf(printed.pdf, { metadata: pdfMetadataOf(deck, { version }), outline });
    await writeFileAtomic(join(request.dir, names.slides), finished.pdf);
    result.pages = finished.pages;
    request.progress?.(`slides PDF ${finished.pages} pages`);
  };
  const handout = async (): Promise<void> => {
    const page = join(request.dir, '.handout.html');
    try {
      const fallback = request.theme.handout ? {} : { fallback: await loadDefaultHandout() };
      await writeFileAtomic(page, renderHandout(deck, request.theme, { shared: request.shared, themeVars: request.themeVars, pageSize: request.pageSize, ...fallback }));
      const printed = await printHandout(request.pool, page, { timeout: request.timeout });
      const finished = await finishPdf(printed, { metadata: pdfMetadataOf(deck, { kind: handoutWordsFor(deck.meta.lang).handout, version }), outline, destinationOf: handoutAnchor });
      await writeFileAtomic(join(request.dir, names.handout), finished.pdf);
      result.handoutPages = finished.pages;
      request.progress?.(`handout ${finished.pages} pages`);
    } finally {
      await rm(page, { force: true });
    }
  };
  request.progress?.(`printing ${[request.slides ? 'the slides PDF' : '', request.handout ? 'the handout' : ''].filter(Boolean).join(' and ')}`);
  const settled = await Promise.allSettled([request.slides ? slides() : undefined, request.handout ? handout() : undefined]);
  const failed = settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failed) throw failed.reason;
  return result;
}

/** Returns briefdeck's version from its package.json, for the PDFs' Creator. */
async function packageVersion(): Promise<string> {
  const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
