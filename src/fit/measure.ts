// Measures a built deck in Chromium at its slide size: every slide's overflow, smallest text, words, notes;
// the network requests it makes and the local images it misses. Shared by the fit stage, `check` and the tests.
import { pathToFileURL } from 'node:url';
import type { Page } from 'puppeteer';
import type { BrowserSession } from './browser.js';

/** What one slide looks like in the browser, in slide pixels. */
export interface SlideMeasure {
  index: number;
  id: string;
  /** How far content reaches past the slide's box on each side (px, 0 when inside). */
  overflow: { top: number; right: number; bottom: number; left: number };
  /** The smallest text on the slide (px as seen, after any scaling; -1 when it has no text), and a sample of it. */
  minFont: number;
  minFontText: string;
  /** The slide's kind and, for a content slide, its layout (`data-kind`, `data-layout`). */
  kind: string;
  layout: string;
  /** Everything a person reads on the slide, image alt text included; a formula reads as its TeX. */
  text: string;
  /** The text of its code blocks and the TeX of its formulas (part of `text`; not counted as words). */
  code: string;
  /** The body's visible text: `text` without the title, the section name, the deck's chrome and pictures' alt text
   * (code and TeX included). */
  body: string;
  /** The text of the body's code blocks and formulas (part of `body`). */
  bodyCode: string;
  /** What the body holds besides text (display formulas counted with code). */
  holds: { pictures: number; tables: number; code: number };
  /** The span from the top of the first text (section name or title) to the bottom of the last block, as a share of
   * the slide's height (0 for a slide without body). */
  fill: number;
  /** The speaker notes' text. */
  notes: string;
  /** Content scale set by the fit stage (1 when none). */
  scale: number;
}

export interface DeckMeasure {
  width: number;
  height: number;
  slides: SlideMeasure[];
  /** URLs other than file: and data: that the deck asked for (they are blocked). */
  requests: string[];
  /** Local files the deck asked for that do not exist. */
  missing: string[];
}

export interface MeasureOptions {
  width: number;
  height: number;
  /** Milliseconds for each wait. */
  timeout: number;
  /** Which view to measure: the presentation (default) or Reveal's print view, which the PDFs are printed from. */
  view?: 'present' | 'print';
}

/** Returns the measurements of the deck page `htmlFile`, loaded with the network blocked and the in-deck guard off. */
export async function measureDeck(session: BrowserSession, htmlFile: string, options: MeasureOptions): Promise<DeckMeasure> {
  const page = await session.newPage({ width: options.width, height: options.height });
  const requests: string[] = [];
  const missing: string[] = [];
  try {
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      const url = request.url();
      if (url.startsWith('file:') || url.startsWith('data:') || url.startsWith('blob:')) void request.continue();
      else {
        requests.push(url);
        void request.abort();
      }
    });
    page.on('requestfailed', (request) => {
      if (request.url().startsWith('file:')) missing.push(decodeURIComponent(new URL(request.url()).pathname));
    });
    const query = options.view === 'print' ? '?print-pdf&briefdeck-measure' : '?briefdeck-measure';
    await page.goto(`${pathToFileURL(htmlFile).href}${query}`, { waitUntil: 'load', timeout: options.timeout });
    await page.waitForFunction(() => document.documentElement.getAttribute('data-briefdeck-ready') === 'true', { timeout: options.timeout });
    const slides = await page.evaluate(measureSlides, options.view === 'print');
    return { width: options.width, height: options.height, slides, requests, missing };
  } finally {
    await page.close().catch(() => undefined);
  }
}

/**
 * Returns the measurements of the deck page `htmlFile` loaded in `page` in Reveal's print view with the guard off (the
 * page that then prints the slides PDF: `releaseGuard` turns the guard on). Requests are not watched: the lists are empty.
 */
export async function measurePrintView(page: Page, htmlFile: string, options: MeasureOptions & { range?: SlideRange }): Promise<DeckMeasure> {
  await loadPrintView(page, htmlFile, { timeout: options.timeout, measuring: true, ...(options.range ? { range: options.range } : {}) });
  const from = options.range?.from ?? 0;
  const slides = (await page.evaluate(measureSlides, true)).map((slide) => ({ ...slide, index: slide.index + from }));
  return { width: options.width, height: options.height, slides, requests: [], missing: [] };
}

/**
 * Loads the deck page `htmlFile` (or slides `range.from` to `range.to - 1` of it) in Reveal's print view and waits
 * until it is laid out: with the guard, as it prints, or `measuring` (without it, as the fit stage measures).
 */
export async function loadPrintView(page: Page, htmlFile: string, options: { timeout: number; range?: SlideRange; measuring?: boolean }): Promise<void> {
  const range = options.range ? `&briefdeck-range=${options.range.from}-${options.range.to}` : '';
  await page.goto(`${pathToFileURL(htmlFile).href}?print-pdf${options.measuring ? '&briefdeck-measure' : ''}${range}`, { waitUntil: 'domcontentloaded', timeout: options.timeout });
  await page.waitForFunction(
    () => document.documentElement.getAttribute('data-briefdeck-ready') === 'true' && document.querySelectorAll('.pdf-page').length > 0,
    { timeout: options.timeout, polling: 50 },
  );
}

/** Slides `from` to `to - 1` (from 0) of a deck: a part of a large deck, measured or printed on its own. */
export interface SlideRange {
  from: number;
  to: number;
}

/** Returns the parts of `count` slides, `size` at most each (one part when they fit). */
export function slideRanges(count: number, size: number): SlideRange[] {
  const parts = Math.max(1, Math.ceil(count / size));
  const each = Math.ceil(count / parts);
  return Array.from({ length: parts }, (_, part) => ({ from: part * each, to: Math.min(count, (part + 1) * each) }));
}

/**
 * Returns the measurements of a deck page measured in the print view part by part, `size` slides at most a part, over
 * the pages given (a part to each page in turn: two pages lay out two parts side by side); `measured` is called with
 * each part while it is still loaded in its page (to print it from there).
 */
export async function measureInParts(
  pages: readonly Page[],
  htmlFile: string,
  options: MeasureOptions & { size: number; measured?: (page: Page, part: number) => Promise<void> },
): Promise<DeckMeasure> {
  const measurePart = async (page: Page, part: number): Promise<SlideMeasure[]> => {
    const { slides } = await measurePrintView(page, htmlFile, { ...options, range: { from: part * options.size, to: (part + 1) * options.size } });
    await options.measured?.(page, part);
    return slides;
  };
  const first = pages[0]!;
  const firstSlides = await measurePart(first, 0);
  // The first part's page says how many slides the whole deck has.
  const total = Number(await first.evaluate(() => document.documentElement.getAttribute('data-briefdeck-slides')));
  const parts = Number.isFinite(total) ? Math.max(1, Math.ceil(total / options.size)) : 1;
  const rest = await eachPart(pages, parts - 1, (page, part) => measurePart(page, part + 1));
  return { width: options.width, height: options.height, slides: [firstSlides, ...rest].flat(), requests: [], missing: [] };
}

/**
 * Runs `work` for parts 0 to count-1 over pages, each page taking the next part when it is done with one; returns the
 * results in part order. After a failure no part starts, and the failure is thrown once every page has stopped (so no
 * page is still working when its lender takes it back).
 */
export async function eachPart<T>(pages: readonly Page[], count: number, work: (page: Page, part: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  let failed = false;
  const settled = await Promise.allSettled(
    pages.map(async (page) => {
      while (next < count && !failed) {
        const part = next++;
        try {
          results[part] = await work(page, part);
        } catch (error) {
          failed = true;
          throw error;
        }
      }
    }),
  );
  const failure = settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failure) throw failure.reason;
  return results;
}

/** Returns the measurements of the deck page `htmlFile` loaded in `page` in the presentation view with the guard off (cheaper to lay out than the print view for a large deck). */
export async function measureView(page: Page, htmlFile: string, options: MeasureOptions): Promise<DeckMeasure> {
  await page.goto(`${pathToFileURL(htmlFile).href}?briefdeck-measure`, { waitUntil: 'domcontentloaded', timeout: options.timeout });
  await page.waitForFunction(() => document.documentElement.getAttribute('data-briefdeck-ready') === 'true', { timeout: options.timeout, polling: 50 });
  const slides = await page.evaluate(measureSlides, false);
  return { width: options.width, height: options.height, slides, requests: [], missing: [] };
}

/** Turns the in-deck guard on in a page measured by `measurePrintView`, so it prints as a deck shows. */
export async function releaseGuard(page: Page): Promise<void> {
  await page.evaluate(() => (window as unknown as { briefdeckRelease?: () => void }).briefdeckRelease?.());
}

/**
 * Runs in the page: measures every slide. In the presentation view it first shows every slide at once (Reveal hides far
 * ones) and has the deck lay out the ones it had not; Reveal's print view (`printView`) shows them all, laid out and
 * filled when the deck was ready, so they are measured as they are (filling them again gave the same sizes at the cost
 * of a second fill: a tenth of a second for the seed, half a second for each part of a large deck).
 */
export function measureSlides(printView: boolean): SlideMeasure[] {
  // The scale the transforms between an element and its slide apply (the fit stage's and the guard's), read from the
  // transforms themselves: a box's width over its offsetWidth misreads inline text, whose offsetWidth is rounded.
  const scaleWithin = (element: Element, slide: Element): number => {
    let scale = 1;
    for (let node: Element | null = element; node && node !== slide; node = node.parentElement) {
      const transform = getComputedStyle(node).transform;
      if (transform && transform !== 'none') {
        const matrix = new DOMMatrixReadOnly(transform);
        scale *= Math.hypot(matrix.a, matrix.b);
      }
    }
    return scale;
  };
  /** The body of a slide: what a content slide shows below its header (its text and its pictures). */
  const bodiesOf = (slide: Element): HTMLElement[] => {
    const notes = slide.querySelector(':scope > aside.notes');
    return Array.from(slide.querySelectorAll<HTMLElement>('.slide-body, .slide-media')).filter((element) => !notes?.contains(element) && !element.parentElement?.closest('.slide-body, .slide-media'));
  };
  let style: HTMLStyleElement | undefined;
  if (!printView) {
    style = document.createElement('style');
    style.textContent = '.reveal .slides section { display: block !important; visibility: visible !important; }';
    document.head.appendChild(style);
    // Slides far from the current one were not laid out, so not filled: the deck lays every one out now as it is
    // shown (its type filled to the room, display formulas set to fit their width).
    document.dispatchEvent(new Event('briefdeck:layout'));
  }
  const slides = Array.from(document.querySelectorAll<HTMLElement>('.reveal .slides section.slide'));
  const geometry = slides.map((slide, index) => {
    const box = slide.getBoundingClientRect();
    const k = slide.offsetWidth > 0 ? box.width / slide.offsetWidth : 1;
    const notes = slide.querySelector(':scope > aside.notes');
    const overflow = { top: 0, right: 0, bottom: 0, left: 0 };
    let minFont = Infinity;
    let minFontText = '';
    for (const element of Array.from(slide.querySelectorAll<HTMLElement>('*'))) {
      if (notes && notes.contains(element)) continue;
      // A formula's MathML is for screen readers: clipped to nothing on screen, so it never overflows nor reads small.
      if (element.closest('.katex-mathml')) continue;
      // A formula's text is as large as the formula: its scripts are smaller by design, like any typeset maths.
      const inFormula = element.closest('.katex') !== null && !element.classList.contains('katex');
      const css = getComputedStyle(element);
      if (css.display === 'none') continue;
      const rect = element.getBoundingClientRect();
      if (rect.width > 0 || rect.height > 0) {
        overflow.top = Math.max(overflow.top, (box.top - rect.top) / k);
        overflow.right = Math.max(overflow.right, (rect.right - box.right) / k);
        overflow.bottom = Math.max(overflow.bottom, (rect.bottom - box.bottom) / k);
        overflow.left = Math.max(overflow.left, (box.left - rect.left) / k);
      }
      const ownText = element.classList.contains('katex') ? (element.textContent ?? '').trim() : inFormula ? '' : Array.from(element.childNodes).filter((node) => node.nodeType === Node.TEXT_NODE && (node.textContent ?? '').trim()).map((node) => node.textContent ?? '').join(' ');
      if (ownText && (rect.width > 0 || rect.height > 0) && css.visibility !== 'hidden') {
        const seen = parseFloat(css.fontSize) * scaleWithin(element, slide);
        if (seen < minFont) {
          minFont = seen;
          minFontText = ownText.trim().slice(0, 40);
        }
      }
    }
    // Fill: from the top of the header (section name, title) or the body, to the lowest block of the body.
    let fill = 0;
    const header = slide.querySelector<HTMLElement>(':scope > .slide-frame > .slide-header');
    const blocks = bodiesOf(slide).flatMap((element) => Array.from(element.children)).filter((block) => block.getClientRects().length > 0);
    if (blocks.length > 0) {
      const top = (header ?? bodiesOf(slide)[0]!).getBoundingClientRect().top;
      const bottom = Math.max(...blocks.map((block) => block.getBoundingClientRect().bottom));
      fill = Math.max(0, (bottom - top) / k / slide.offsetHeight);
    }
    return { index, id: slide.id, kind: slide.getAttribute('data-kind') ?? '', layout: slide.getAttribute('data-layout') ?? '', overflow, minFont: Number.isFinite(minFont) ? minFont : -1, minFontText, fill, scale: Number(slide.getAttribute('data-fit-scale') ?? 1) };
  });
  // Geometry is done: each typeset formula now reads as its TeX (its annotation), in place, for the text below; it is
  // put back afterwards, since the page measured in the print view is the page that then prints.
  const typeset: Array<[Element, Element]> = [];
  for (const formula of Array.from(document.querySelectorAll('.reveal .slides .katex'))) {
    const tex = formula.querySelector('annotation[encoding="application/x-tex"]')?.textContent ?? '';
    const span = document.createElement('span');
    span.className = 'measured-tex';
    span.textContent = ` ${tex} `;
    formula.replaceWith(span);
    typeset.push([span, formula]);
  }
  const result = slides.map((slide, index) => {
    const notes = slide.querySelector(':scope > aside.notes');
    const frame = Array.from(slide.children).filter((child) => child !== notes) as HTMLElement[];
    const alts = (within: Element[]): string[] => within.flatMap((element) => Array.from(element.querySelectorAll('img[alt]'))).filter((image) => !notes?.contains(image)).map((image) => image.getAttribute('alt') ?? '');
    const codeOf = (within: Element[]): string => within.flatMap((element) => Array.from(element.querySelectorAll<HTMLElement>('pre, .measured-tex, .math-error'))).filter((element) => !notes?.contains(element)).map((element) => element.innerText).join('\n');
    const text = [...frame.map((element) => element.innerText), ...alts(frame)].join('\n');
    const noteText = notes ? Array.from(notes.childNodes).map((node) => node.textContent ?? '').join('\n') : '';
    const bodies = bodiesOf(slide);
    // What a person reads there: a picture's alt text is not shown (unless the picture is missing and its card shows it).
    const body = bodies.map((element) => element.innerText).join('\n');
    const count = (selector: string): number => bodies.reduce((sum, element) => sum + element.querySelectorAll(selector).length, 0);
    // A display formula counts as code: the audit judges it by fit, as it does a code block, not by its words.
    const holds = { pictures: count('img, svg, video, iframe, .image-missing'), tables: count('table'), code: count('pre, .math-display') };
    const measure: SlideMeasure = { ...geometry[index]!, text, code: codeOf(frame), body, bodyCode: codeOf(bodies), holds, notes: noteText };
    return measure;
  });
  for (const [span, formula] of typeset) span.replaceWith(formula);
  style?.remove();
  return result;
}
