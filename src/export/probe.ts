// Prints a one-page test PDF in a browser session, to tell whether this machine can print decks (`briefdeck doctor`).
import { PDFDocument } from 'pdf-lib';
import { browserFailure, type BrowserSession } from '../fit/browser.js';

/** What printing the test page showed. */
export interface PrintProbe {
  /** The browser's product and version, as it reports them (`HeadlessChrome/131.0.6778.85`). */
  browser: string;
  /** Pages of the printed PDF (1 when printing works). */
  pages: number;
  bytes: number;
  ms: number;
}

/** A page with Latin and Hangul text, printed on A4 as decks and handouts are. */
const testPage = `<!doctype html><html lang="ko"><meta charset="utf-8"><title>briefdeck doctor</title>
<body style="font: 24px sans-serif; margin: 2cm"><h1>briefdeck</h1><p>Printing works. 인쇄가 됩니다.</p></body></html>`;

/** Returns what printing a one-page PDF in the session showed; throws the browser's failure as a DeckError (exit code 5). */
export async function printTestPage(session: BrowserSession, timeout: number): Promise<PrintProbe> {
  const started = performance.now();
  const page = await session.newPage({ width: 800, height: 600 });
  try {
    const browser = await page.browser().version();
    await page.setContent(testPage, { waitUntil: 'load', timeout });
    const pdf = await page.pdf({ format: 'a4', printBackground: true, timeout });
    const pages = (await PDFDocument.load(pdf)).getPageCount();
    return { browser, pages, bytes: pdf.length, ms: performance.now() - started };
  } catch (error) {
    throw browserFailure(error, timeout, { doing: 'printing a test PDF', pending: session.pending(page) });
  } finally {
    await page.close().catch(() => undefined);
  }
}
