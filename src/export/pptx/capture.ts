// Pictures only a browser can make: display formulas (KaTeX HTML) and images PowerPoint cannot show as they are
// (SVG, WebP, AVIF), screenshotted from the written deck page in its print view, at twice the resolution.
import { browserFailure } from '../../fit/browser.js';
import { loadPrintView, settleImages } from '../pdf.js';
import type { PagePool } from '../pool.js';
import type { Picture } from './draw.js';

export interface CaptureRequest {
  /** The deck page (its index.html). */
  file: string;
  /** TeX of the display formulas wanted. */
  formulas: ReadonlySet<string>;
  /** `src` of the images wanted as PNG. */
  images: ReadonlySet<string>;
  width: number;
  height: number;
  timeout: number;
}

/** Returns PNG pictures of the formulas (by TeX) and images (by src) found on the deck page; ones not found are left out. */
export async function capturePictures(pool: PagePool, request: CaptureRequest): Promise<{ formulas: Map<string, Picture>; images: Map<string, Picture> }> {
  const formulas = new Map<string, Picture>();
  const images = new Map<string, Picture>();
  if (request.formulas.size === 0 && request.images.size === 0) return { formulas, images };
  return pool.use({ width: request.width, height: request.height }, async (page) => {
    try {
      await page.setViewport({ width: request.width, height: request.height, deviceScaleFactor: 2 });
      await loadPrintView(page, request.file, request);
      await settleImages(page, Math.min(request.timeout, 8_000));
      const targets = await page.evaluate(
        (wantedFormulas: string[], wantedImages: string[]) => {
          const found: Array<{ id: number; kind: 'formula' | 'image'; key: string }> = [];
          const seen = new Set<string>();
          const mark = (element: Element, kind: 'formula' | 'image', key: string): void => {
            if (seen.has(`${kind}:${key}`)) return;
            seen.add(`${kind}:${key}`);
            element.setAttribute('data-briefdeck-capture', String(found.length));
            found.push({ id: found.length, kind, key });
          };
          for (const math of Array.from(document.querySelectorAll('.slides .math-display, .slides div.math'))) {
            if (math.closest('aside.notes')) continue;
            const annotation = math.querySelector('annotation[encoding="application/x-tex"]');
            const tex = (annotation?.textContent ?? math.textContent ?? '').trim();
            if (!wantedFormulas.includes(tex)) continue;
            // The formula's own box, not the full-width display block around it.
            const target = math.querySelector('.katex') ?? math;
            (target as HTMLElement).style.display = 'inline-block';
            mark(target, 'formula', tex);
          }
          for (const image of Array.from(document.querySelectorAll('.slides img'))) {
            const src = image.getAttribute('src') ?? '';
            if (wantedImages.includes(src) && (image as HTMLImageElement).naturalWidth > 0) mark(image, 'image', src);
          }
          return found;
        },
        [...request.formulas],
        [...request.images],
      );
      for (const target of targets) {
        const element = await page.$(`[data-briefdeck-capture="${target.id}"]`);
        const box = await element?.boundingBox();
        if (!element || !box || box.width < 1 || box.height < 1) continue;
        const png = await element.screenshot({ type: 'png', omitBackground: true });
        const picture: Picture = { data: `image/png;base64,${Buffer.from(png).toString('base64')}`, width: box.width, height: box.height };
        (target.kind === 'formula' ? formulas : images).set(target.key, picture);
      }
      return { formulas, images };
    } catch (error) {
      throw browserFailure(error, request.timeout, { doing: 'drawing the formulas for the PowerPoint', pending: pool.pending(page) });
    }
  });
}
