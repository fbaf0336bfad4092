// Prints a built deck to a slides PDF with Reveal.js's print view: one page per slide.
import { pathToFileURL } from 'node:url';
import type { Page } from 'puppeteer';

export interface PdfOptions {
  width: number;
  height: number;
  /** Milliseconds for each wait (load, layout, printing). */
  timeout: number;
}

/** Loads the deck page `htmlFile` (or slides `range.from` to `range.to - 1` of it) in Reveal's print view and waits until it is laid out (guard included). */
export async function loadPrintView(page: Page, htmlFile: string, options: PdfOptions & { range?: { from: number; to: number } }): Promise<void> {
  const range = options.range ? `&briefdeck-range=${options.range.from}-${options.range.to}` : '';
  await page.goto(`${pathToFileURL(htmlFile).href}?print-pdf${range}`, { waitUntil: 'domcontentloaded', timeout: options.timeout });
  await page.waitForFunction(
    () => document.documentElement.getAttribute('data-briefdeck-ready') === 'true' && document.querySelectorAll('.pdf-page').length > 0,
    { timeout: options.timeout, polling: 50 },
  );
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
