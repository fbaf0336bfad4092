// The export stage: prints a written deck's slides PDF and handout through a shared page pool, then adds metadata and outlines.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DeckError, ExitCode } from '../model/errors.js';
import { packageVersion } from '../model/package.js';
import type { Deck } from '../model/deck.js';
import type { Theme } from '../render/theme.js';
import { writeFileAtomic } from '../write/files.js';
import { finishPdf, openPdf } from './finish.js';
import { handoutViewport, loadHandout, printLoadedHandout, printOnly } from './handout.js';
import { handoutAnchor, handoutWordsFor, loadDefaultHandout, renderHandout, type PageSize } from './handout-page.js';
import { downloadNames } from './names.js';
import { pdfMetadataOf } from './metadata.js';
import { stampSlides } from './stamp.js';
import { outlineOf } from './outline.js';
import { loadPrintView, printLoaded } from './pdf.js';
import { browserFailure } from '../fit/browser.js';
import { eachPart, measureInParts, measurePrintView, measureView, releaseGuard, slideRanges, type DeckMeasure } from '../fit/measure.js';
import type { PDFDocument } from 'pdf-lib';
import type { Page } from 'puppeteer';
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
  /** Writes the shared assets the handout page needs (its font slices) before it loads; returns the page linking only those slices. */
  fonts?: (html: string) => Promise<string>;
  /** Runs the fit stage first, measuring with the function given (in the page that then prints the slides). */
  fit?: (measure: (file: string) => Promise<DeckMeasure>) => Promise<FitOutcome>;
  /** Told once the browser has printed all this export asks of it, before the PDFs are put together (not when it fails). */
  printed?: () => void;
}

export interface ExportResult {
  /** Pages of the slides PDF. */
  pages?: number;
  handoutPages?: number;
}

/** What the fit stage gives back to the export: the deck to print, and whether the page it measured last shows it. */
export interface FitOutcome {
  deck: Deck;
  /** True when the last page measured is the deck as it is now (then it prints without loading it again). */
  current: boolean;
}

/**
 * Slides above which a deck is large: its slides are measured and printed in parts of at most this many (merged in
 * order), and its slides PDF and handout are laid out one after the other rather than side by side, so the browser's
 * memory stays about that of a deck of this size however long the article.
 */
const largeDeck = 150;

/**
 * Writes `<slug>.pdf` and `<slug>-handout.pdf` into the deck's folder (those asked for), printed at the same time.
 * With `fit`, the fit stage measures in the slides page (Reveal's print view), which then prints with no second load;
 * meanwhile the handout of the planned deck is loaded, and loaded again only when the fit stage changed the deck. The
 * handout's page lays out its text only: its slides are drawn into it from the printed slides (`stampSlides`).
 */
export async function exportDeck(request: ExportRequest): Promise<ExportResult> {
  const names = downloadNames(request.deck.meta.slug);
  const version = packageVersion();
  const result: ExportResult = {};
  const slideOptions = { width: request.theme.reveal.width, height: request.theme.reveal.height, timeout: request.timeout };
  const htmlFile = join(request.dir, 'index.html');
  // The deck to print, once the fit stage has settled it.
  let settle: (deck: Deck) => void = () => undefined;
  let fail: (error: unknown) => void = () => undefined;
  const fitted = new Promise<Deck>((resolve, reject) => ((settle = resolve), (fail = reject)));
  fitted.catch(() => undefined);
  // The handout takes its page only after the slides took theirs: a handout waiting for the fit stage never holds the
  // page the fit stage needs (decks print side by side over one pool).
  let started: () => void = () => undefined;
  const slidesStarted = new Promise<void>((resolve) => (started = resolve));
  let slidesPrinted: () => void = () => undefined;
  const slidesPrintedPromise = new Promise<void>((resolve) => (slidesPrinted = resolve));
  let handoutPrinted: () => void = () => undefined;
  const handoutPrintedPromise = new Promise<void>((resolve) => (handoutPrinted = resolve));
  if (!request.handout) handoutPrinted();
  void Promise.all([slidesPrintedPromise, handoutPrintedPromise]).then(() => request.printed?.());
  // Once the handout's page has loaded (or no handout comes): a large deck's slides PDF is put together only then.
  let handoutLoaded: () => void = () => undefined;
  const handoutLoadedPromise = new Promise<void>((resolve) => (handoutLoaded = resolve));
  if (!request.handout) handoutLoaded();
  // The printed slides, which the handout draws its slides from (also when no slides PDF is written).
  let slidesOpened: (pdf: PDFDocument) => void = () => undefined;
  let slidesLost: (error: unknown) => void = () => undefined;
  const slidesPdf = new Promise<PDFDocument>((resolve, reject) => ((slidesOpened = resolve), (slidesLost = reject)));
  slidesPdf.catch(() => undefined);

  // What the slides page does, to the user: printing the slides PDF, or, for a handout alone, the slides it draws in.
  const printingSlides = request.slides ? 'printing the PDF' : 'printing the slides for the handout';
  // What this export prints, for progress on a terminal.
  const printing = `printing ${[request.slides ? 'the slides PDF' : '', request.handout ? 'the handout' : ''].filter(Boolean).join(' and ')}`;
  const slides = async (): Promise<void> => {
    if (!request.slides && !request.handout) return (slidesPrinted(), started());
    const { deck, printed } = await request.pool.use(slideOptions, async (page) => {
      started();
      let deck = request.deck;
      let current = false;
      const printedParts: Array<{ pdf: Uint8Array; pages: number }> = [];
      const measuredPart = async (loaded: Page, part: number): Promise<void> => {
        await releaseGuard(loaded);
        printedParts[part] = await printLoaded(loaded, slideOptions);
      };
      // A large deck's parts are laid out two at a time when the pool has a page to spare (the handout of a large deck
      // waits for its slides, so one deck alone always has); they are printed from the page that measured them.
      const overPages = async <T>(work: (pages: Page[]) => Promise<T>): Promise<T> => {
        let ran = false;
        const spared = request.pool.useSpare(slideOptions, async (spare) => {
          ran = true;
          try {
            return await work([page, spare]);
          } finally {
            await spare.close().catch(() => undefined);
          }
        });
        if (!spared) return work([page]);
        // A spare page that could not be opened leaves the work to the one page.
        return spared.catch((error: unknown) => (ran ? Promise.reject(error) : work([page])));
      };
      try {
        if (request.fit) {
          // The first measure is in the print view, which then prints when nothing needs re-planning; the rounds
          // after a re-plan measure in the presentation view (Reveal's print layout of a large deck costs more).
          let rounds = 0;
          ({ deck, current } = await request.fit((file) => {
            if (request.deck.slides.length > largeDeck) {
              // A large deck's parts print as soon as each is measured, from the same page: when the fit stage
              // changes nothing (most decks), they are the PDF, and no part is loaded twice.
              const first = rounds++ === 0;
              return overPages((pages) => measureInParts(pages, file, { ...slideOptions, size: largeDeck, ...(first ? { measured: measuredPart } : {}) }));
            }
            return rounds++ === 0 ? measurePrintView(page, file, slideOptions) : measureView(page, file, slideOptions);
          }));
          current &&= rounds === 1;
        }
        settle(deck);
      } catch (error) {
        fail(error);
        // Measuring happens in the page that prints: to the user, both are printing the PDF.
        throw browserFailure(error, request.timeout, { pending: request.pool.pending(page), doing: printingSlides });
      }
      request.progress?.(printing);
      let printed: { pdf: Uint8Array | Uint8Array[]; pages: number };
      try {
        if (current && printedParts.length > 0) {
          printed = { pdf: printedParts.map((part) => part.pdf), pages: printedParts.reduce((sum, part) => sum + part.pages, 0) };
        } else if (deck.slides.length > largeDeck) {
          const ranges = slideRanges(deck.slides.length, largeDeck);
          const parts = await overPages((pages) =>
            eachPart(pages, ranges.length, async (loaded, part) => {
              await loadPrintView(loaded, htmlFile, { ...slideOptions, range: ranges[part]! });
              return printLoaded(loaded, slideOptions);
            }),
          );
          printed = { pdf: parts.map((part) => part.pdf), pages: parts.reduce((sum, part) => sum + part.pages, 0) };
        } else {
          if (current) await releaseGuard(page);
          else await loadPrintView(page, htmlFile, slideOptions);
          printed = await printLoaded(page, slideOptions);
        }
      } catch (error) {
        throw browserFailure(error, request.timeout, { pending: request.pool.pending(page), doing: printingSlides });
      }
      // The browser is done with the slides: a large deck's slides page is closed, as its spare was, for its renderer
      // holds what every part it laid out left behind (hundreds of MB); its handout then loads in a fresh page. The
      // page goes back to the pool before the PDF is put together.
      if (deck.slides.length > largeDeck) await page.close().catch(() => undefined);
      return { deck, printed };
    });
    slidesPrinted();
    // A large deck's PDF is put together while its handout prints, not while the handout's page is opened and loaded:
    // parsing a thousand printed pages holds Node's event loop for a second or more.
    if (deck.slides.length > largeDeck) await handoutLoadedPromise;
    if (printed.pages !== deck.slides.length) {
      throw new DeckError(`the PDF has ${printed.pages} pages for ${deck.slides.length} slides`, { code: ExitCode.browser, file: deck.meta.source, hint: 'report this with the article attached' });
    }
    const opened = await openPdf(printed.pdf);
    slidesOpened(opened);
    if (!request.slides) return;
    const finished = await finishPdf(opened, { metadata: pdfMetadataOf(deck, { version }), outline: outlineOf(deck) });
    await writeFileAtomic(join(request.dir, names.slides), finished.pdf);
    result.pages = finished.pages;
    request.progress?.(`slides PDF ${finished.pages} pages`);
  };
  if (!request.fit) settle(request.deck);

  const handout = async (): Promise<void> => {
    const file = join(request.dir, '.handout.html');
    const fallback = request.theme.handout ? {} : { fallback: await loadDefaultHandout() };
    // Renders and writes the handout's page (with the font slices it shows).
    const write = async (deck: Deck): Promise<void> => {
      const page = renderHandout(deck, request.theme, { shared: request.shared, themeVars: request.themeVars, pageSize: request.pageSize, ...fallback });
      // A large deck's handout is laid out only as it prints (`printOnly`).
      const rendered = deck.slides.length > largeDeck ? printOnly(page) : page;
      await writeFileAtomic(file, request.fonts ? await request.fonts(rendered) : rendered);
    };
    // The planned deck's handout is written at once, while the slides are measured (the fit stage rarely changes the
    // deck): for a large deck, a page of a few megabytes is ready when its turn for a page comes.
    const written = write(request.deck);
    written.catch(() => undefined);
    try {
      await slidesStarted;
      // A large deck's parts are measured two at a time, on the pool's spare page: its handout takes a page only once
      // its slides are printed (and their PDF is put together once the handout's page has loaded).
      if (request.deck.slides.length > largeDeck) await Promise.race([slidesPrintedPromise, slidesDone]);
      const { deck, slots, printed } = await request.pool.use(handoutViewport, async (page) => {
        // The planned deck's handout loads while the slides are measured.
        await written;
        let slots = await loadHandout(page, file, { timeout: request.timeout });
        const deck = await fitted;
        if (deck !== request.deck) {
          await write(deck);
          slots = await loadHandout(page, file, { timeout: request.timeout });
        }
        handoutLoaded();
        return { deck, slots, printed: await printLoadedHandout(page, file, { timeout: request.timeout }) };
      });
      handoutPrinted();
      // Each slide is drawn in from the slides as printed, so both PDFs show it alike; the page is back in the pool
      // meanwhile (the slides PDF may still be on its way).
      const pdf = await openPdf(printed);
      const slideAt = new Map(deck.slides.map((slide, index) => [slide.id, index]));
      const textOf = new Map(slots.map((slot) => [slot.id, slot.text]));
      const drawn = await stampSlides(pdf, await slidesPdf, { slideOf: (id) => slideAt.get(id), altOf: (id) => textOf.get(id) });
      if (drawn !== slots.length) {
        const what = drawn < slots.length ? `only ${drawn} of the handout's ${slots.length} slide boxes printed where a slide could be drawn in` : `the handout's ${slots.length} slide boxes printed in ${drawn} pieces`;
        throw new DeckError(what, {
          code: ExitCode.theme,
          file: deck.meta.source,
          hint: "give the theme's .handout-slide-box a width and height of its own and keep it on one page (the slide in it is not laid out); use --no-handout to skip the handout",
        });
      }
      const finished = await finishPdf(pdf, { metadata: pdfMetadataOf(deck, { kind: handoutWordsFor(deck.meta.lang).handout, version }), outline: outlineOf(deck), destinationOf: handoutAnchor });
      await writeFileAtomic(join(request.dir, names.handout), finished.pdf);
      result.handoutPages = finished.pages;
      request.progress?.(`handout ${finished.pages} pages`);
    } finally {
      await written.catch(() => undefined);
      await rm(file, { force: true });
    }
  };
  if (!request.fit) request.progress?.(printing);
  const slidesDone = slides().finally(started);
  // The slides failing before the fit stage settled (no page for them, say) fails the handout waiting for it too.
  slidesDone.catch(fail);
  // The handout waits for the printed slides: they fail with the slides, and never come when the slides did not print.
  slidesDone.then(() => slidesLost(new Error('the slides were not printed')), slidesLost);
  slidesDone.catch(() => undefined);
  // However the handout ends (also before it took a page), a large deck's slides stop waiting for it.
  const settled = await Promise.allSettled([slidesDone, request.handout ? handout().finally(handoutLoaded) : undefined]);
  const failed = settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failed) throw failed.reason;
  return result;
}

