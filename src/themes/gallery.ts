// The theme gallery: one article rendered in every theme, a picture of each slide kind and each layout, side by side
// in one page.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserSession } from '../fit/browser.js';
import { prepareDeck, type PrepareContext } from '../build/build.js';
import type { PartialOptions } from '../load/config.js';
import type { Slide, SlideKind, SlideLayout } from '../model/deck.js';
import { countWords } from '../model/words.js';
import { renderDeck } from '../render/deck.js';
import { escapeHtml } from '../model/html.js';
import type { Theme } from '../render/theme.js';
import { settleImages } from '../export/pdf.js';
import { copyImage } from '../write/assets.js';
import { writeFileAtomic } from '../write/files.js';
import { sharedDirName, writeShared } from '../write/shared.js';

/** The folder of the gallery under the output folder. */
export const galleryDirName = '_themes';

/** The slide kinds a gallery shows, in this order: the first slide of each that the article has (content slides by layout). */
const shownKinds: SlideKind[] = ['title', 'agenda', 'section', 'content', 'closing'];

/** The layouts a gallery shows, in this order: the first content slide of each. */
const shownLayouts: SlideLayout[] = ['statement', 'list', 'columns', 'picture', 'table', 'code', 'text'];

/** A content slide with at least this many words of body text is shown as the dense one (set at the theme's smallest size). */
const denseWords = 45;

export interface GalleryTheme {
  theme: Theme;
  /** How a user names it: a built-in name or a path. */
  ref: string;
  /** `built-in` or the folder it lives in. */
  origin: string;
}

export interface GalleryRequest {
  article: string;
  /** The article as shown to the user. */
  shown: string;
  themes: GalleryTheme[];
  outDir: string;
  config: PartialOptions;
  browser: BrowserSession;
  timeout: number;
}

export interface GalleryResult {
  /** The gallery page. */
  index: string;
  pictures: number;
}

/** A slide of the gallery and what it shows: its kind, or its layout for a content slide (`dense` for the busiest). */
export interface GallerySlide {
  slide: Slide;
  label: string;
}

/** Returns the slides a gallery shows: the first of each kind, in the order title, agenda, section, content (the first of
 * each layout, then the busiest slide as the dense one), closing. */
export function gallerySlides(slides: Slide[], lang = 'en'): GallerySlide[] {
  const content = slides.filter((slide) => slide.kind === 'content');
  return shownKinds.flatMap((kind): GallerySlide[] => {
    if (kind !== 'content') return slides.filter((slide) => slide.kind === kind).slice(0, 1).map((slide) => ({ slide, label: kind }));
    const byLayout = shownLayouts.flatMap((layout) => content.filter((slide) => slide.layout === layout).slice(0, 1).map((slide) => ({ slide, label: layout })));
    const words = (slide: Slide): number => countWords(slide.html.replace(/<[^>]*>/g, ' '), lang);
    const busiest = [...content].sort((a, b) => words(b) - words(a))[0];
    const dense = busiest && words(busiest) >= denseWords ? [{ slide: busiest, label: 'dense' }] : [];
    return [...byLayout.filter((shown) => shown.slide !== busiest || dense.length === 0), ...dense];
  });
}

/** Renders the article in every theme under `<out>/_themes/<theme>/`, takes a picture of each shown slide and writes the gallery page. */
export async function writeGallery(request: GalleryRequest): Promise<GalleryResult> {
  const root = join(request.outDir, galleryDirName);
  const rows: string[] = [];
  let pictures = 0;
  for (const [index, entry] of request.themes.entries()) {
    const folder = `${String(index + 1).padStart(2, '0')}-${entry.theme.name}`;
    const context: PrepareContext = { config: request.config, flags: { theme: entry.ref }, unsafeHtml: false, themeFor: async () => entry.theme };
    const { deck, themeVars, images } = await prepareDeck(request.article, request.shown, context);
    await writeShared(request.outDir, [entry.theme]);
    const html = renderDeck(deck, entry.theme, { shared: `../../${sharedDirName}`, themeVars, downloads: {} });
    const page = join(root, folder, 'index.html');
    await writeFileAtomic(page, html);
    for (const copy of images?.copies() ?? []) await copyImage(copy, join(root, folder));
    const shown = gallerySlides(deck.slides, deck.meta.lang);
    const shots = await shoot(request.browser, page, shown.map(({ slide }) => slide.id), entry.theme, request.timeout);
    const cells: string[] = [];
    for (const [n, { slide, label }] of shown.entries()) {
      const name = `${label}.jpg`;
      await writeFileAtomic(join(root, folder, name), shots[n]!);
      pictures++;
      cells.push(`<a class="shot" href="${folder}/index.html#/${encodeURIComponent(slide.id)}" title="${escapeHtml(label)}"><img src="${folder}/${name}" alt="${escapeHtml(`${entry.theme.name}: ${label} slide`)}" width="${entry.theme.reveal.width}" height="${entry.theme.reveal.height}" loading="lazy"><span>${escapeHtml(label)}</span></a>`);
    }
    rows.push(`<section class="theme">
  <header><h2>${escapeHtml(entry.theme.name)}</h2><p class="origin">${escapeHtml(entry.origin)}${entry.theme.dirs.length > 1 ? ` · extends ${escapeHtml(parentName(entry.theme))}` : ''}</p>
  <p class="description">${escapeHtml(entry.theme.description)}</p>
  <p class="use"><code>briefdeck build --theme ${escapeHtml(entry.ref)}</code> · <code>theme: ${escapeHtml(entry.ref)}</code> · <a href="${folder}/index.html">open the deck</a></p></header>
  <div class="shots">${cells.join('')}</div>
</section>`);
  }
  const index = join(root, 'index.html');
  await writeFileAtomic(index, galleryPage(request.shown, rows));
  return { index, pictures };
}

function parentName(theme: Theme): string {
  const parent = theme.dirs[1] ?? '';
  return parent.split(/[\\/]/).filter(Boolean).pop() ?? parent;
}

/** Returns JPEG pictures of the slides `ids` of a deck page, as a person sees them (no controls). */
async function shoot(session: BrowserSession, htmlFile: string, ids: string[], theme: Theme, timeout: number): Promise<Uint8Array[]> {
  const page = await session.newPage({ width: theme.reveal.width, height: theme.reveal.height });
  try {
    await page.goto(pathToFileURL(htmlFile).href, { waitUntil: 'load', timeout });
    await page.waitForFunction(() => document.documentElement.getAttribute('data-briefdeck-ready') === 'true', { timeout });
    await settleImages(page, Math.min(timeout, 5_000));
    const pictures: Uint8Array[] = [];
    for (const id of ids) {
      await page.evaluate((slideId: string) => {
        const reveal = (window as unknown as { Reveal: RevealApi }).Reveal;
        reveal.configure({ transition: 'none', backgroundTransition: 'none', controls: false });
        const slide = document.getElementById(slideId);
        if (slide) {
          const { h, v } = reveal.getIndices(slide);
          reveal.slide(h, v);
        }
        return new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
      }, id);
      pictures.push(await page.screenshot({ type: 'jpeg', quality: 88 }));
    }
    return pictures;
  } finally {
    await page.close().catch(() => undefined);
  }
}

interface RevealApi {
  configure(options: Record<string, unknown>): void;
  getIndices(slide: Element): { h: number; v: number };
  slide(h: number, v: number): void;
}

function galleryPage(article: string, rows: string[]): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Themes — briefdeck</title>
<style>
body { margin: 0; background: #eef1f5; color: #17212b; font-family: "Pretendard", "Noto Sans KR", "Noto Sans CJK KR", "Noto Sans", system-ui, sans-serif; }
main { padding: 32px 32px 64px; }
h1 { font-size: 26px; margin: 0 0 4px; }
.lead { margin: 0 0 28px; color: #4f5b68; }
.theme { background: #fff; border: 1px solid #d3dbe4; border-radius: 12px; padding: 20px 24px 24px; margin: 0 0 24px; }
.theme header { margin: 0 0 16px; }
h2 { font-size: 22px; margin: 0; display: inline; }
.origin { display: inline; margin: 0 0 0 12px; color: #4f5b68; font-size: 14px; }
.description { margin: 6px 0; max-width: 70em; }
.use { margin: 0; font-size: 14px; color: #4f5b68; }
.use code { background: #f3f5f8; padding: 2px 6px; border-radius: 4px; }
.use a { color: #0b4f8f; font-weight: 600; }
.shots { display: grid; grid-template-columns: repeat(auto-fit, minmax(220px, 1fr)); gap: 14px; }
.shot { display: block; color: #4f5b68; text-decoration: none; font-size: 13px; }
.shot img { display: block; width: 100%; height: auto; aspect-ratio: 16 / 9; border-radius: 6px; box-shadow: 0 1px 3px rgba(0,0,0,.18); }
.shot:hover img { outline: 3px solid #0b4f8f; }
.shot span { display: block; margin-top: 6px; text-transform: capitalize; }
</style>
</head>
<body>
<main>
<h1>Themes</h1>
<p class="lead">${escapeHtml(article)} in every theme. Click a slide to open that deck there.</p>
${rows.join('\n')}
</main>
</body>
</html>
`;
}
