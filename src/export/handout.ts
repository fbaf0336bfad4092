// Prints a deck's handout page to PDF: paper size from the page's @page rule, page numbers in its margin boxes.
import { pathToFileURL } from 'node:url';
import { DeckError, ExitCode } from '../model/errors.js';
import { settleImages } from './pdf.js';
import type { PagePool } from './pool.js';

export interface HandoutPrintOptions {
  /** Milliseconds for each wait (load, layout, printing). */
  timeout: number;
}

/** Returns the PDF bytes of the handout page `htmlFile`. */
export async function printHandout(pool: PagePool, htmlFile: string, options: HandoutPrintOptions): Promise<Uint8Array> {
  return pool.use({ width: 1000, height: 1400 }, async (page) => {
    try {
      await page.goto(pathToFileURL(htmlFile).href, { waitUntil: 'domcontentloaded', timeout: options.timeout });
      await page.waitForFunction(() => document.documentElement.getAttribute('data-briefdeck-ready') === 'true', { timeout: options.timeout, polling: 50 });
      await settleImages(page, Math.min(options.timeout, 8_000));
      return await page.pdf({ preferCSSPageSize: true, printBackground: true, timeout: options.timeout });
    } catch (error) {
      const message = (error as Error).message.split('\n')[0] ?? 'unknown error';
      throw new DeckError(`printing the handout failed: ${message}`, { code: ExitCode.browser, file: htmlFile, hint: 'run again with --debug; use --no-handout to skip the handout', cause: error });
    }
  });
}
