// Prints a built deck to a slides PDF with Reveal.js's print view: one page per slide.
import type { Page } from 'puppeteer';

/** Re-exported from fit/: the print view is loaded the same way to measure and to print. */
export { loadPrintView } from '../fit/measure.js';

export interface PdfOptions {
  width: number;
  height: number;
  /** Milliseconds for each wait (load, layout, printing). */
  timeout: number;
}

/** Returns the PDF of a deck page already laid out in the print view, and its page count. */
export async function printLoaded(page: Page, options: PdfOptions): Promise<{ pdf: Uint8Array; pages: number }> {
  await settleImages(page, Math.min(options.timeout, 8_000));
  const pages = await page.evaluate(() => document.querySelectorAll('.pdf-page').length);
  const pdf = await page.pdf({
    width: `${options.width}px`,
    height: `${options.height}px`,
    printBackground: true,
    preferCSSPageSize: true,
    timeout: options.timeout,
  });
  return { pdf, pages };
}

/** Waits (at most `timeout` ms) for the page's images to load or fail, so printing never hangs on a slow image. */
export async function settleImages(page: Page, timeout: number): Promise<void> {
  await page.evaluate(async (limit: number) => {
    const images = Array.from(document.images).filter((image) => !image.complete);
    const all = Promise.all(images.map((image) => new Promise((done) => { image.addEventListener('load', done, { once: true }); image.addEventListener('error', done, { once: true }); })));
    await Promise.race([all, new Promise((done) => setTimeout(done, limit))]);
  }, timeout);
}
