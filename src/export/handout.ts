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

/** A place in a loaded handout page where a slide is drawn in: the slide's id and what the slide says. */
export interface HandoutSlot {
  id: string;
  text: string;
}

/**
 * Loads the handout page `htmlFile` to be printed and waits until it is ready: its text laid out, and each slide in a
 * `.handout-slide-box` left out, a slot in its place for `stampSlides` to draw the slide into from the slides PDF.
 * Returns the page's slots.
 */
export async function loadHandout(page: Page, htmlFile: string, options: HandoutPrintOptions): Promise<HandoutSlot[]> {
  try {
    await page.goto(`${pathToFileURL(htmlFile).href}?briefdeck-stamp`, { waitUntil: 'domcontentloaded', timeout: options.timeout });
    await page.waitForFunction(() => document.documentElement.getAttribute('data-briefdeck-ready') === 'true', { timeout: options.timeout, polling: 50 });
    return await page.evaluate(() => Array.from(document.querySelectorAll('a.briefdeck-slot'), (slot) => ({ id: slot.getAttribute('data-slide') ?? '', text: slot.getAttribute('aria-label') ?? '' })));
  } catch (error) {
    throw handoutFailure(error, htmlFile);
  }
}

/** Returns the PDF bytes of a handout page already loaded by `loadHandout`. */
export async function printLoadedHandout(page: Page, htmlFile: string, options: HandoutPrintOptions): Promise<Uint8Array> {
  try {
    await settleImages(page, Math.min(options.timeout, 8_000));
    // Tagged (Puppeteer's default, said here): the handout's structure is what a screen reader follows, its drawn slides included.
    return await page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: true, timeout: options.timeout });
  } catch (error) {
    throw handoutFailure(error, htmlFile);
  }
}

function handoutFailure(error: unknown, htmlFile: string): DeckError {
  const message = (error as Error).message.split('\n')[0] ?? 'unknown error';
  return new DeckError(`printing the handout failed: ${message}`, { code: ExitCode.browser, file: htmlFile, hint: 'run again with --debug; use --no-handout to skip the handout', cause: error });
}
