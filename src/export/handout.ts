// Prints a deck's handout page to PDF: paper size from the page's @page rule, page numbers in its margin boxes.
import { pathToFileURL } from 'node:url';
import type { Page } from 'puppeteer';
import { DeckError, ExitCode } from '../model/errors.js';
import { settleImages } from './pdf.js';

export interface HandoutPrintOptions {
  /** Milliseconds for each wait (load, layout, printing). */
  timeout: number;
}

/** The viewport a handout page is laid out in (the paper comes from its @page rule). */
export const handoutViewport = { width: 1000, height: 1400 };

/**
 * Loads the handout page `htmlFile` and waits until it is laid out but not filled: `fillHandout` then fills it (with
 * the fills its deck's page found, or by itself). With `stamp`, each slide's box holds a slot rather than the slide,
 * for `stampSlides` to draw the slide into from the slides PDF.
 */
export async function loadHandout(page: Page, htmlFile: string, options: HandoutPrintOptions & { stamp?: boolean }): Promise<void> {
  try {
    await page.goto(`${pathToFileURL(htmlFile).href}?briefdeck-fill=later${options.stamp ? '&briefdeck-stamp' : ''}`, { waitUntil: 'domcontentloaded', timeout: options.timeout });
    await page.waitForFunction(() => document.documentElement.getAttribute('data-briefdeck-laid-out') === 'true', { timeout: options.timeout, polling: 50 });
  } catch (error) {
    throw handoutFailure(error, htmlFile);
  }
}

/** Each content slide's fill (type size, spacing, picture height), by slide id, as the in-deck runtime sets it. */
export type SlideFills = Record<string, { size: string; gap: string; media: string; fill: string }>;

/** Returns the fills of the slides a deck page shows (loaded and filled). */
export async function slideFillsOf(page: Page): Promise<SlideFills> {
  return page.evaluate(() => (window as unknown as { briefdeckFills: () => SlideFills }).briefdeckFills());
}

/** Fills a handout loaded by `loadHandout`: as `fills` say (the slides they name), else by itself; waits until it is ready. */
export async function fillHandout(page: Page, htmlFile: string, fills: SlideFills | undefined, options: HandoutPrintOptions): Promise<void> {
  try {
    await page.evaluate((given: SlideFills | null) => (window as unknown as { briefdeckFill: (fills: SlideFills | null) => void }).briefdeckFill(given), fills ?? null);
    await page.waitForFunction(() => document.documentElement.getAttribute('data-briefdeck-ready') === 'true', { timeout: options.timeout, polling: 50 });
  } catch (error) {
    throw handoutFailure(error, htmlFile);
  }
}

/** Returns the PDF bytes of a handout page already loaded by `loadHandout`. */
export async function printLoadedHandout(page: Page, htmlFile: string, options: HandoutPrintOptions): Promise<Uint8Array> {
  try {
    await settleImages(page, Math.min(options.timeout, 8_000));
    return await page.pdf({ preferCSSPageSize: true, printBackground: true, timeout: options.timeout });
  } catch (error) {
    throw handoutFailure(error, htmlFile);
  }
}

function handoutFailure(error: unknown, htmlFile: string): DeckError {
  const message = (error as Error).message.split('\n')[0] ?? 'unknown error';
  return new DeckError(`printing the handout failed: ${message}`, { code: ExitCode.browser, file: htmlFile, hint: 'run again with --debug; use --no-handout to skip the handout', cause: error });
}
