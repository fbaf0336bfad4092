// Each kind of slide as the theme draws it: title, agenda, section, content and closing, with the title in a title
// placeholder, the slide number, and the house marks.
import type { PptxSlide, TextProps, TextPropsOptions } from './pptxgen.js';
import type { Deck, Slide } from '../../model/deck.js';
import { lineCount, textWidth } from '../../plan/metrics.js';
import { formatDate, type Labels } from '../../render/labels.js';
import { htmlBlocks, type Paragraph, type Run } from './blocks.js';
import { runsText } from './measure.js';
import { drawBody, drawStack, fitScale, splitColumns } from './body.js';
import { mixColors } from './colors.js';
import { inches, position, type DrawContext, type Frame, type Picture } from './draw.js';
import type { Face, PptxStyle } from './style.js';
import { pt, runLanguage, textRuns } from './text.js';

/** What the slides of a deck share. */
export interface DeckContext extends DrawContext {
  deck: Deck;
  labels: Labels;
  /** Each section (stack) by its id: its number and its kicker. */
  sections: Record<string, { title: string; kicker: string; number: number }>;
  /** The house marks: a footer line and a logo picture. */
  brand: { footer?: string; logo?: Picture };
  /** The title slide's background picture (the front matter `image`), when it is a local file. */
  cover?: Picture;
  /** Names a slide master with a title placeholder in a frame, or none (defined once per frame, look and background). */
  master: (frame: Frame | undefined, look: TitleLook | undefined, background: string) => string;
}

/** How a title placeholder's text looks. */
export interface TitleLook {
  face: Face;
  size: number;
  color: string;
  bold: boolean;
  /** Where the title sits in its box: on a content slide at the bottom, on the rule under it, however many lines it takes. */
  anchor: 'top' | 'bottom';
}

/** Draws a slide of the deck, by its kind. */
export function drawSlide(context: DeckContext, slide: Slide): PptxSlide {
  switch (slide.kind) {
    case 'title':
      return titleSlide(context, slide);
    case 'section':
      return sectionSlide(context, slide);
    case 'closing':
      return closingSlide(context);
    default:
      return contentSlide(context, slide);
  }
}

/** Returns the title's height (px) when set `size` px large in a box `width` px wide; a `small` tail (the `(1/3)` of a continued slide) is set at 0.7 of the size. */
function titleHeight(text: string, width: number, size: number, lineHeight: number, context: DeckContext, small = ''): number {
  const wide = textWidth(text.trim(), size, context.metrics) + textWidth(small, size * 0.7, context.metrics);
  return Math.max(1, Math.ceil((wide * 1.08) / Math.max(width, 1))) * size * lineHeight;
}

/** Returns the runs of a title: its text, with the inline markup of `html` (code, emphasis) when given, and a small muted tail. */
function titleRuns(text: string, look: TitleLook, style: PptxStyle, options: { html?: string | undefined; tail?: string } = {}): TextProps[] {
  const base = (run: string): TextPropsOptions => ({ fontFace: look.face.latin, fontSize: pt(look.size, style), color: look.color, bold: look.bold, lang: runLanguage(run, style.lang) });
  const marked = options.html ? htmlBlocks(`<p>${options.html}</p>`).flatMap((block) => (block.type === 'text' ? block.paragraphs.flatMap((paragraph) => paragraph.runs) : [])) : [];
  const runs: Run[] = marked.length > 0 ? marked : [{ text }];
  return [
    ...runs.map((run) => ({
      text: run.text,
      options: { ...base(run.text), ...(run.code || run.tex ? { fontFace: style.fonts.mono.latin } : {}), ...(run.italic && !/\p{Script=Hangul}/u.test(run.text) ? { italic: true } : {}), ...(run.breakBefore ? { softBreakBefore: true } : {}) },
    })),
    ...(options.tail ? [{ text: options.tail, options: { ...base(options.tail), bold: false, fontSize: pt(look.size * 0.7, style), color: style.colors.muted } }] : []),
  ];
}

/** Adds a slide on a master whose title placeholder sits in `frame`, and puts the title in it. */
function addTitled(context: DeckContext, frame: Frame, look: TitleLook, background: string, runs: TextProps[]): PptxSlide {
  const slide = context.pptx.addSlide({ masterName: context.master(frame, look, background) });
  slide.addText(runs, { placeholder: 'title', fit: 'shrink', lang: context.style.lang });
  return slide;
}

/** The slide number and the footer line of the house marks, bottom right and bottom left. */
function chrome(context: DeckContext, slide: PptxSlide, color: string, footer: boolean): void {
  const { style } = context;
  slide.slideNumber = { ...position({ x: style.width - 92 - 120, y: style.height - 34, w: 120, h: 22 }, style), fontFace: style.fonts.body.latin, fontSize: pt(14, style), color, align: 'right', margin: 0 };
  const mark = 40;
  let x = style.px.padX;
  const logo = context.brand.logo;
  if (logo) {
    const w = Math.min(200, (logo.width / Math.max(1, logo.height)) * mark);
    slide.addImage({ data: logo.data, ...position({ x, y: style.height - 12 - mark, w, h: (w / logo.width) * logo.height || mark }, style), altText: 'Logo', objectName: 'Logo' });
    x += w + 20;
  }
  if (footer && context.brand.footer) {
    slide.addText(context.brand.footer, { ...position({ x, y: style.height - 12 - mark, w: style.width - 180 - x, h: mark }, style), fontFace: style.fonts.body.latin, fontSize: pt(Math.max(22, style.height * 0.03), style), color, valign: 'middle', margin: 0, fit: 'shrink', lang: runLanguage(context.brand.footer, style.lang), objectName: 'Footer' });
  }
}

function titleSlide(context: DeckContext, slide: Slide): PptxSlide {
  const { style, deck } = context;
  const meta = deck.meta;
  const title = slide.title ?? meta.title;
  const bar = 18;
  const x = bar + 96;
  const w = style.width - x - 120;
  const size = title.length > 260 ? 27 : title.length > 120 ? 40 : 58;
  const tags = meta.tags.length > 0 ? 34 + 26 : 0;
  const heading = titleHeight(title, w, size, size === 27 ? 1.25 : 1.1, context);
  const subtitle = meta.subtitle ? titleHeight(meta.subtitle, Math.min(w, 56 * 24), 24, 1.45, context) : 0;
  const byline = meta.author || meta.date ? 24 * 1.45 : 0;
  const total = tags + heading + 24 + (subtitle ? subtitle + 30 : 0) + byline;
  let y = Math.max(style.px.padTop, (style.height - total) / 2);
  const look: TitleLook = { face: style.fonts.heading, size, color: style.colors.ink, bold: true, anchor: 'top' };
  const page = addTitled(context, { x, y: y + tags, w, h: heading }, look, style.colors.bg, titleRuns(title, look, style));
  if (context.cover) page.addImage({ data: context.cover.data, x: 0, y: 0, w: inches(style.width, style), h: inches(style.height, style), sizing: { type: 'cover', w: inches(style.width, style), h: inches(style.height, style) }, transparency: 86, altText: meta.title, objectName: 'Cover picture' });
  page.addShape('rect', { ...position({ x: 0, y: 0, w: bar, h: style.height }, style), fill: { color: style.colors.accent }, line: { type: 'none' } });
  if (tags) drawTags(context, page, meta.tags, { x, y, w, h: 34 });
  y += tags + heading + 24;
  if (meta.subtitle) {
    page.addText(meta.subtitle, { ...position({ x, y, w: Math.min(w, 56 * 24), h: subtitle }, style), ...bodyText(style, 24, style.colors.muted, meta.subtitle), lineSpacingMultiple: 1.2, objectName: 'Subtitle' });
    y += subtitle + 30;
  }
  if (byline) {
    const runs: TextProps[] = [];
    const base = bodyText(style, 24, style.colors.ink, meta.author ?? '');
    if (meta.author) runs.push({ text: meta.author, options: { ...base, bold: true } });
    if (meta.date) {
      const date = formatDate(meta.date, meta.lang);
      runs.push({ text: `${meta.author ? '    ' : ''}${date}`, options: { ...base, color: style.colors.muted, lang: runLanguage(date, style.lang) } });
    }
    page.addText(runs, { ...position({ x, y, w, h: byline }, style), margin: 0, valign: 'top', objectName: 'Byline' });
  }
  chrome(context, page, style.colors.muted, false);
  return page;
}

/** The tags as pills in a row, wrapping where the row is full. */
function drawTags(context: DeckContext, page: PptxSlide, tags: string[], frame: Frame): void {
  const { style } = context;
  let x = frame.x;
  for (const tag of tags) {
    const w = textWidth(tag, 22, context.metrics) * 1.08 + 28;
    if (x + w > frame.x + frame.w) break;
    page.addText(tag, {
      ...position({ x, y: frame.y, w, h: frame.h }, style),
      shape: 'roundRect',
      rectRadius: inches(frame.h / 2, style),
      fill: { color: style.colors.accentSoft },
      line: { type: 'none' },
      ...bodyText(style, 22, style.colors.accent, tag),
      bold: true,
      align: 'center',
      valign: 'middle',
      objectName: 'Tag',
    });
    x += w + 8;
  }
}

function bodyText(style: PptxStyle, size: number, color: string, text: string): TextPropsOptions {
  return { fontFace: style.fonts.body.latin, fontSize: pt(size, style), color, margin: 0, valign: 'top', lang: runLanguage(text, style.lang), fit: 'shrink' };
}

function sectionSlide(context: DeckContext, slide: Slide): PptxSlide {
  const { style } = context;
  const title = slide.title ?? '';
  const x = style.px.padX;
  const w = Math.min(style.width - 2 * x, 22 * 52);
  const number = slide.stack !== undefined ? context.sections[slide.stack]?.number : undefined;
  const blocks = slide.html ? htmlBlocks(slide.html) : [];
  const heading = titleHeight(title, w, 52, 1.15, context);
  const body = blocks.length > 0 ? Math.min(style.height * 0.4, blocks.length * style.px.body * 3) : 0;
  const numberHeight = number !== undefined ? 30 * 1.2 + 12 : 0;
  const total = numberHeight + heading + (body ? body + 24 : 0);
  let y = Math.max(style.px.padTop, (style.height - total) / 2);
  const ink = style.colors.accentInk;
  const look: TitleLook = { face: style.fonts.heading, size: 52, color: ink, bold: true, anchor: 'top' };
  const page = addTitled(context, { x, y: y + numberHeight, w, h: heading }, look, style.colors.accent, titleRuns(title, look, style, { html: slide.titleHtml }));
  if (number !== undefined) {
    const label = String(number).padStart(2, '0');
    page.addText(label, { ...position({ x, y, w, h: 30 * 1.2 }, style), ...bodyText(style, 30, mixColors(ink, style.colors.accent, 0.85), label), bold: true, charSpacing: 3, objectName: 'Section number' });
  }
  y += numberHeight + heading + 24;
  // On the accent, everything is set in the accent's ink.
  if (body) drawStack(page, blocks, { x, y, w, h: body }, { ...context, style: { ...style, colors: { ...style.colors, ink, muted: ink, accent: ink } } }, false);
  chrome(context, page, ink, true);
  return page;
}

function closingSlide(context: DeckContext): PptxSlide {
  const { style, deck, labels } = context;
  const x = style.px.padX;
  const w = style.width - 2 * x;
  const deckTitle = deck.slides[0]?.title ?? deck.meta.title;
  const titleLines = titleHeight(deckTitle, Math.min(w, 44 * 26), 26, 1.4, context);
  const total = 64 * 1.2 + 16 + titleLines + 8 + (deck.meta.author ? 22 * 1.4 : 0);
  let y = (style.height - total) / 2;
  const look: TitleLook = { face: style.fonts.heading, size: 64, color: style.colors.accent, bold: true, anchor: 'top' };
  const page = addTitled(context, { x, y, w, h: 64 * 1.2 }, look, mixColors(style.colors.accentSoft, style.colors.bg, 0.6), titleRuns(labels.thanks, look, style));
  y += 64 * 1.2 + 16;
  page.addText(deckTitle, { ...position({ x, y, w: Math.min(w, 44 * 26), h: titleLines }, style), ...bodyText(style, 26, style.colors.ink, deckTitle), bold: true, objectName: 'Deck title' });
  y += titleLines + 8;
  if (deck.meta.author) page.addText(deck.meta.author, { ...position({ x, y, w, h: 22 * 1.4 }, style), ...bodyText(style, 22, style.colors.muted, deck.meta.author), objectName: 'Author' });
  chrome(context, page, style.colors.muted, true);
  return page;
}

function contentSlide(context: DeckContext, slide: Slide): PptxSlide {
  const { style } = context;
  const x = style.px.padX;
  const w = style.width - 2 * x;
  let y = style.px.padTop;
  const section = slide.stack !== undefined ? context.sections[slide.stack] : undefined;
  const agenda = slide.kind === 'agenda';
  const title = agenda ? context.labels.agenda : slide.title ?? '';
  if (!title) {
    // A slide without a title (after a `---`) has no header, as in the deck.
    const page = context.pptx.addSlide({ masterName: context.master(undefined, undefined, style.colors.bg) });
    drawBody(page, slide.layout ?? 'text', htmlBlocks(slide.html), slide.media ? htmlBlocks(slide.media) : [], { x, y, w, h: style.height - style.px.padBottom - y }, context);
    chrome(context, page, style.colors.muted, true);
    return page;
  }
  const kicker = !agenda && section && section.title !== slide.title ? section.kicker : undefined;
  if (kicker) y += context.metrics.kicker;
  const continued = slide.continued ? ` (${slide.continued.part}/${slide.continued.of})` : '';
  const size = style.px.title;
  const heading = titleHeight(title, w, size, 1.16, context, continued);
  const look: TitleLook = { face: style.fonts.heading, size, color: style.colors.ink, bold: true, anchor: 'bottom' };
  const page = addTitled(context, { x, y, w, h: heading }, look, style.colors.bg, titleRuns(title, look, style, { html: agenda ? undefined : slide.titleHtml, tail: continued }));
  if (kicker) {
    const text = kicker.toLocaleUpperCase(style.lang);
    page.addText(text, { ...position({ x, y: style.px.padTop, w, h: 22 * 1.3 }, style), ...bodyText(style, 22, style.colors.accent, text), bold: true, charSpacing: 1.5, objectName: 'Kicker' });
  }
  y += heading + 18;
  page.addShape('rect', { ...position({ x, y, w: 72, h: 5 }, style), fill: { color: style.colors.accent }, line: { type: 'none' }, rectRadius: 0 });
  y += 5 + 28;
  const frame: Frame = { x, y, w, h: style.height - style.px.padBottom - y };
  if (agenda) drawAgenda(context, page, slide, frame);
  else drawBody(page, slide.layout ?? 'text', htmlBlocks(slide.html), slide.media ? htmlBlocks(slide.media) : [], frame, context);
  chrome(context, page, style.colors.muted, true);
  return page;
}

/**
 * The agenda: each section numbered 01, 02… above a rule, in two columns as the deck sets it. The titles are plain
 * text, not links to their slides: pptxgenjs puts a box's link on every run, and LibreOffice cannot wrap a linked run.
 */
function drawAgenda(context: DeckContext, page: PptxSlide, slide: Slide, frame: Frame): void {
  const { style } = context;
  const items = htmlBlocks(slide.html).flatMap((block) => (block.type === 'text' ? block.paragraphs : []));
  let next = items[0]?.list?.start ?? 1;
  const entries = items.map((item) => ({ number: item.list?.marker === false ? '' : String(next++).padStart(2, '0'), item }));
  const gap = 56;
  const columns = entries.length > 4 ? 2 : 1;
  const width = (frame.w - gap * (columns - 1)) / columns;
  const numberWidth = 22 * 1.6 + 16;
  const heightOf = (item: Paragraph, scale: number): number => lineCount(runsText(item.runs), width - numberWidth, 24 * scale, context.metrics) * 24 * scale * 1.3 + 20 * scale;
  const columnsAt = (scale: number): Array<typeof entries> => {
    if (columns === 1) return [entries];
    const [left, right] = splitColumns(items, (part) => part.reduce((sum, item) => sum + heightOf(item, scale), 0));
    return [entries.slice(0, left.length), entries.slice(left.length, left.length + right.length)];
  };
  const scale = fitScale((s) => Math.max(...columnsAt(s).map((column) => column.reduce((sum, entry) => sum + heightOf(entry.item, s), 0))), frame.h);
  columnsAt(scale).forEach((column, index) => {
    const x = frame.x + index * (width + gap);
    let y = frame.y;
    for (const { number, item } of column) {
      const h = heightOf(item, scale);
      if (number) page.addText(number, { ...position({ x, y, w: numberWidth, h }, style), ...bodyText(style, 22 * scale, style.colors.accent, number), bold: true, valign: 'middle', objectName: 'Agenda number' });
      const runs = textRuns([{ role: 'body', runs: item.runs.map(({ link: _link, ...run }) => run) }], style, { face: style.fonts.body, color: style.colors.ink, scale, size: 24 * scale, accent: style.colors.accent }, context.link);
      page.addText(runs, { ...position({ x: x + numberWidth, y, w: width - numberWidth, h }, style), margin: 0, valign: 'middle', fit: 'shrink', lang: style.lang, objectName: 'Agenda entry' });
      page.addShape('line', { ...position({ x, y: y + h, w: width, h: 0 }, style), line: { color: style.colors.rule, width: 0.75 } });
      y += h;
    }
  });
}
