// Estimated sizes of blocks on a PowerPoint slide, in the theme's CSS pixels, from the theme's type metrics: enough
// to place blocks one under another and to pick a type scale that fits (text boxes also shrink on overflow, as a guard).
import { lineCount, type SlideMetrics } from '../../plan/metrics.js';
import type { Block, Paragraph, Run, TableCell } from './blocks.js';
import type { PptxStyle } from './style.js';

/** The natural size of a picture, in CSS pixels. */
export interface PictureSize {
  width: number;
  height: number;
}

/** What measuring needs besides the blocks. */
export interface MeasureContext {
  style: PptxStyle;
  metrics: SlideMetrics;
  /** The size of an image (by its src) or a formula picture (by its TeX), when there is a picture. */
  picture: (block: Extract<Block, { type: 'image' | 'math' }>) => PictureSize | undefined;
}

/** Smallest text the PowerPoint sets, as in the deck: 3% of the slide height. */
export function minText(style: PptxStyle): number {
  return Math.round(style.height * 0.03 * 10) / 10;
}

/** Returns the font size (px) of a paragraph at `scale`. */
export function paragraphSize(paragraph: Paragraph, style: PptxStyle, scale: number): number {
  const body = style.px.body * scale;
  const floor = Math.min(minText(style), body);
  if (paragraph.role === 'footnote' || paragraph.role === 'caption') return Math.max(floor, body * 0.8);
  if (paragraph.role === 'heading') return body * 0.95;
  if (paragraph.list && paragraph.list.level > 0) return Math.max(floor, body * 0.9);
  return body;
}

/** Returns the space after a paragraph (px), given the one that follows. */
export function paragraphGap(paragraph: Paragraph, next: Paragraph | undefined, size: number): number {
  if (!next) return 0;
  if (next.role === 'heading' || next.role === 'lead-in') return size * 0.7;
  if (paragraph.role === 'heading' || paragraph.role === 'lead-in') return size * 0.3;
  if (paragraph.list && next.list) return size * 0.32;
  return size * 0.6;
}

/** Returns the left indent (px) of a paragraph set at `size`. */
export function paragraphIndent(paragraph: Paragraph, size: number): number {
  return paragraph.list ? (paragraph.list.level + 1) * size * 1.3 : 0;
}

/** Returns the plain text of runs (a line break counts as a space). */
export function runsText(runs: readonly Run[]): string {
  return runs.map((run) => (run.breakBefore ? ` ${run.text}` : run.text)).join('');
}

/** Returns the estimated height (px) of paragraphs set in a box `width` px wide. */
export function paragraphsHeight(paragraphs: readonly Paragraph[], width: number, context: MeasureContext, scale: number): number {
  let height = 0;
  paragraphs.forEach((paragraph, index) => {
    const size = paragraphSize(paragraph, context.style, scale);
    const breaks = paragraph.runs.filter((run) => run.breakBefore).length;
    const widthFor = width - paragraphIndent(paragraph, size);
    const bold = paragraph.role !== 'body' ? 1.06 : 1;
    const lines = Math.max(1, lineCount(runsText(paragraph.runs), widthFor / bold, size, context.metrics)) + breaks;
    height += lines * size * context.style.px.line + paragraphGap(paragraph, paragraphs[index + 1], size);
  });
  return height;
}

/** Returns the estimated height (px) of a block `width` px wide at a type scale (images at `pictureScale` of their room). */
export function blockHeight(block: Block, width: number, context: MeasureContext, scale: number, pictureScale = 1): number {
  const { style, metrics } = context;
  switch (block.type) {
    case 'text': {
      const pad = block.quote ? style.px.body * scale * 0.9 : 0;
      return paragraphsHeight(block.paragraphs, width - 2 * pad - 6, context, scale) + pad * 1.1;
    }
    case 'code': {
      const size = codeSize(style, scale);
      const lines = block.lines.reduce((sum, line) => sum + Math.max(1, lineCount(runsText(line), width - 40, size, metrics, metrics.codeCharWidth)), 0);
      return lines * size * 1.4 + 34;
    }
    case 'table': {
      const size = tableSize(style, scale);
      const widths = columnWidths(block.rows, width);
      return block.rows.reduce((sum, row) => sum + rowHeight(row, widths, size, context), 0);
    }
    case 'image':
    case 'math': {
      const picture = context.picture(block);
      if (!picture) return style.px.body * scale * style.px.line * (block.type === 'math' ? 1.2 : 1);
      const fitted = block.type === 'math' ? fitPicture({ width: picture.width * scale, height: picture.height * scale }, width, Number.POSITIVE_INFINITY) : fitPicture(picture, width, metrics.imageHeight * pictureScale);
      return fitted.height + (block.type === 'image' && block.caption?.length ? tableSize(style, scale) * 1.6 : 0);
    }
  }
}

/** Returns a picture's size scaled down (never up) to fit `width` × `height`. */
export function fitPicture(picture: PictureSize, width: number, height: number): PictureSize {
  const ratio = Math.min(1, width / Math.max(1, picture.width), height / Math.max(1, picture.height));
  return { width: picture.width * ratio, height: picture.height * ratio };
}

/** Returns the size (px) of code at a type scale. */
export function codeSize(style: PptxStyle, scale: number): number {
  return Math.max(Math.min(minText(style), style.px.code), style.px.code * Math.min(1, scale));
}

/** Returns the size (px) of table text at a type scale: 0.8 of the body, never below the text floor. */
export function tableSize(style: PptxStyle, scale: number): number {
  return Math.max(minText(style), style.px.body * scale * 0.8);
}

/** Returns column widths (px) sharing `width` by how much text each column holds. */
export function columnWidths(rows: readonly TableCell[][], width: number): number[] {
  const count = Math.max(0, ...rows.map((row) => row.reduce((sum, cell) => sum + (cell.colspan ?? 1), 0)));
  if (count === 0) return [];
  const weights = Array.from({ length: count }, () => 4);
  for (const row of rows) {
    let column = 0;
    for (const cell of row) {
      if ((cell.colspan ?? 1) === 1) weights[column] = Math.max(weights[column]!, Math.min(60, runsText(cell.runs).length));
      column += cell.colspan ?? 1;
    }
  }
  const total = weights.reduce((sum, weight) => sum + Math.sqrt(weight), 0);
  return weights.map((weight) => (width * Math.sqrt(weight)) / total);
}

function rowHeight(row: readonly TableCell[], widths: readonly number[], size: number, context: MeasureContext): number {
  let column = 0;
  let lines = 1;
  for (const cell of row) {
    const span = cell.colspan ?? 1;
    const width = widths.slice(column, column + span).reduce((sum, value) => sum + value, 0) - size * 1.2;
    lines = Math.max(lines, lineCount(runsText(cell.runs), Math.max(width, size), size, context.metrics) + cell.runs.filter((run) => run.breakBefore).length);
    column += span;
  }
  return lines * size * 1.3 + size * 0.7;
}
