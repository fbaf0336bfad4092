// Draws blocks onto a pptxgenjs slide: text boxes (shrinking on overflow), tables, pictures, code boxes, formulas.
import type { Presentation, PptxSlide, TableCellProps, TableRow } from './pptxgen.js';
import type { Block, TableCell } from './blocks.js';
import { codeSize, columnWidths, fitPicture, tableSize, type MeasureContext, type PictureSize } from './measure.js';
import type { PptxStyle } from './style.js';
import { pt, textRuns, type LinkResolver, type TextLook } from './text.js';

/** A picture to embed: base64 data as pptxgenjs takes it (`image/png;base64,…`) and its size in CSS pixels. */
export interface Picture extends PictureSize {
  data: string;
}

/** A rectangle on the slide, in the theme's CSS pixels. */
export interface Frame {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** What drawing needs: the slide, the style, how to measure, the pictures and how links resolve. */
export interface DrawContext extends MeasureContext {
  pptx: Presentation;
  /** The embeddable picture of an image (by src) or a formula (by TeX); measuring reads only its size. */
  picture: (block: Extract<Block, { type: 'image' | 'math' }>) => Picture | undefined;
  link: LinkResolver;
}

/** Returns a length in CSS pixels of the theme's slide as inches of the PowerPoint slide. */
export function inches(px: number, style: PptxStyle): number {
  return Math.round(((px * 13.333) / style.width) * 10000) / 10000;
}

/** Returns pptxgenjs position options for a frame. */
export function position(frame: Frame, style: PptxStyle): { x: number; y: number; w: number; h: number } {
  return { x: inches(frame.x, style), y: inches(frame.y, style), w: inches(Math.max(frame.w, 1), style), h: inches(Math.max(frame.h, 1), style) };
}

/** How a text block is set: its look and alignment. */
export interface TextBoxOptions {
  look: TextLook;
  align?: 'left' | 'center' | 'right';
  valign?: 'top' | 'middle' | 'bottom';
  /** The shape's name in PowerPoint's selection pane. */
  name?: string;
}

/** Draws one block in a frame (its height as measured, or more). */
export function drawBlock(slide: PptxSlide, block: Block, frame: Frame, context: DrawContext, options: TextBoxOptions): void {
  const { style } = context;
  switch (block.type) {
    case 'text': {
      if (block.quote) {
        const pad = style.px.body * options.look.scale;
        slide.addShape('rect', { ...position(frame, style), fill: { color: style.colors.accentSoft }, line: { type: 'none' } });
        slide.addShape('rect', { ...position({ ...frame, w: 6 }, style), fill: { color: style.colors.accent }, line: { type: 'none' } });
        addText(slide, block, { x: frame.x + 6 + pad * 0.9, y: frame.y + pad * 0.5, w: frame.w - 6 - pad * 1.8, h: frame.h - pad }, context, { ...options, look: { ...options.look, italic: true } });
      } else addText(slide, block, frame, context, options);
      return;
    }
    case 'code':
      drawCode(slide, block, frame, context, options.look.scale);
      return;
    case 'table':
      drawTable(slide, block.rows, frame, context, options.look.scale);
      return;
    case 'image':
    case 'math':
      drawPicture(slide, block, frame, context, options);
  }
}

function addText(slide: PptxSlide, block: Extract<Block, { type: 'text' }>, frame: Frame, context: DrawContext, options: TextBoxOptions): void {
  slide.addText(textRuns(block.paragraphs, context.style, options.look, context.link), {
    ...position(frame, context.style),
    margin: 0,
    valign: options.valign ?? 'top',
    align: options.align ?? 'left',
    fit: 'shrink',
    isTextBox: true,
    lang: context.style.lang,
    ...(options.name ? { objectName: options.name } : {}),
  });
}

function drawCode(slide: PptxSlide, block: Extract<Block, { type: 'code' }>, frame: Frame, context: DrawContext, scale: number): void {
  const { style } = context;
  const size = codeSize(style, scale);
  const paragraphs = block.lines.map((line) => ({ runs: line.length > 0 ? line.map((run) => ({ ...run, code: false })) : [{ text: '' }], role: 'body' as const }));
  const runs = textRuns(paragraphs, style, { face: style.fonts.mono, color: style.colors.ink, scale, size, accent: style.colors.accent }, context.link);
  for (const run of runs) if (run.options) run.options.lineSpacingMultiple = Math.round((1.4 / 1.2) * 100) / 100;
  slide.addText(runs, {
    ...position(frame, style),
    margin: [pt(16, style), pt(20, style), pt(16, style), pt(20, style)],
    valign: 'top',
    fill: { color: style.colors.codeBg },
    line: { color: style.colors.rule, width: 0.75 },
    fit: 'shrink',
    isTextBox: true,
    lang: style.lang,
    objectName: block.language ? `Code (${block.language})` : 'Code',
  });
}

function drawTable(slide: PptxSlide, rows: TableCell[][], frame: Frame, context: DrawContext, scale: number): void {
  const { style } = context;
  const size = tableSize(style, scale);
  const widths = columnWidths(rows, frame.w);
  const padY = inches(size * 0.35, style);
  const padX = inches(size * 0.6, style);
  const none = { type: 'none' as const };
  const data: TableRow[] = rows.map((row) =>
    row.map((cell) => {
      const header = cell.header;
      const below = header
        ? { type: 'solid' as const, pt: 1.5, color: style.colors.accent }
        : { type: 'solid' as const, pt: 0.75, color: style.colors.rule };
      const look: TextLook = { face: style.fonts.body, color: style.colors.ink, scale, size, accent: style.colors.accent, ...(header ? { bold: true } : {}) };
      const options: TableCellProps = {
        border: [none, none, below, none],
        margin: [padY, padX, padY, padX],
        valign: 'top',
        align: cell.align ?? 'left',
      };
      if (cell.colspan) options.colspan = cell.colspan;
      if (cell.rowspan) options.rowspan = cell.rowspan;
      return { text: textRuns([{ runs: cell.runs, role: 'body' }], style, look, context.link), options };
    }),
  );
  slide.addTable(data, {
    x: inches(frame.x, style),
    y: inches(frame.y, style),
    w: inches(frame.w, style),
    colW: widths.map((width) => inches(width, style)),
    fontFace: style.fonts.body.latin,
    fontSize: pt(size, style),
    color: style.colors.ink,
    autoPage: false,
  });
}

function drawPicture(slide: PptxSlide, block: Extract<Block, { type: 'image' | 'math' }>, frame: Frame, context: DrawContext, options: TextBoxOptions): void {
  const { style } = context;
  const picture = context.picture(block);
  const alt = block.type === 'math' ? block.tex : block.alt;
  const caption = block.type === 'image' && block.caption?.length ? block.caption : undefined;
  const captionHeight = caption ? tableSize(style, options.look.scale) * 1.6 : 0;
  if (!picture) {
    // No picture to embed (a remote image, a formula without a browser): its words, so nothing is lost.
    const text = block.type === 'math' ? block.tex : block.alt || block.src;
    const runs = block.type === 'math' ? [{ text, tex: true }] : [{ text, italic: true, ...(/^https?:/.test(block.src) ? { link: block.src } : {}) }];
    addText(slide, { type: 'text', paragraphs: [{ runs, role: 'body' }] }, frame, context, { ...options, align: block.type === 'math' ? 'center' : options.align ?? 'left' });
    return;
  }
  const room = Math.min(frame.h - captionHeight, block.type === 'image' ? context.metrics.imageHeight : Number.POSITIVE_INFINITY);
  const size = block.type === 'math' ? fitPicture({ width: picture.width * options.look.scale, height: picture.height * options.look.scale }, frame.w, room) : fitPicture(picture, frame.w, room);
  const centred = block.type === 'math' || options.align === 'center';
  const x = centred ? frame.x + (frame.w - size.width) / 2 : frame.x;
  slide.addImage({ data: picture.data, ...position({ x, y: frame.y, w: size.width, h: size.height }, style), altText: alt, objectName: block.type === 'math' ? 'Formula' : 'Picture' });
  if (caption) {
    addText(slide, { type: 'text', paragraphs: [{ runs: caption, role: 'caption' }] }, { x: frame.x, y: frame.y + size.height + 4, w: frame.w, h: captionHeight }, context, options);
  }
}
