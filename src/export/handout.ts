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
 * Returns a handout page that lays nothing out on screen (its body hidden there; printing lays it out for the paper),
 * for the export, which only prints it. The style goes first in the page's head, before anything is laid out; a page
 * without a head is returned as it is. As nothing lays the page out, nothing asks for its font files: the in-deck
 * runtime asks for those of every weight the page declares that its characters need, a few more than laying it out
 * would (the seed's handout: 30 files rather than 5 to 9), so this pays only for a long handout (the seed's body 40
 * times over loads in 0.5 s rather than 2.3; the seed's alone in about the same time either way).
 */
export function printOnly(html: string): string {
  const head = /<head(?:\s[^>]*)?>/i.exec(html);
  if (!head) return html;
  const at = head.index + head[0].length;
  return `${html.slice(0, at)}<style>@media screen { body { display: none !important; } }</style>${html.slice(at)}`;
}

/**
 * Loads the handout page `htmlFile` to be printed and waits until it is ready: its fonts in (its text laid out, unless
 * it is `printOnly`), and each slide in a `.handout-slide-box` left out, a slot in its place for `stampSlides` to draw
 * the slide into from the slides PDF. Returns the page's slots.
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
