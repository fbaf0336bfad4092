// Lays out a content slide's body by its layout: blocks stacked (text, list, table, code), a statement large and
// centred, a list in two columns, a picture beside its text. Type is scaled to fit, as the deck does.
import type { PptxSlide } from './pptxgen.js';
import type { SlideLayout } from '../../model/deck.js';
import type { Block, Paragraph } from './blocks.js';
import { drawBlock, type DrawContext, type Frame } from './draw.js';
import { blockHeight, paragraphsHeight } from './measure.js';
import type { TextLook } from './text.js';

/** The smallest type scale the PowerPoint uses before leaving the rest to the text boxes' shrink-on-overflow. */
const minScale = 0.6;

/** A sparse text slide's type is set larger, as the deck's guard does: the first of these steps that keeps it within 85% of the room. */
const growSteps = [1.4, 1.3, 1.2, 1.1];
/** A statement is set up to 1.6 times larger, within 85% of the room. */
const statement = { scale: 1.6, fill: 0.85 };
/** Images give up to this share of their height before type is made smaller. */
const smallestPicture = 0.4;

/** Returns the gap (px) between two blocks at a type scale. */
function blockGap(context: DrawContext, scale: number): number {
  return context.style.px.body * scale * 0.6;
}

/** Returns the height (px) of blocks stacked in a column `width` px wide. */
export function stackHeight(blocks: readonly Block[], width: number, context: DrawContext, scale: number, pictureScale = 1): number {
  return blocks.reduce((sum, block, index) => sum + blockHeight(block, width, context, scale, pictureScale) + (index > 0 ? blockGap(context, scale) : 0), 0);
}

/** Returns the largest type scale from `most` down to the minimum at which `height(scale)` fits `room`. */
export function fitScale(height: (scale: number) => number, room: number, most = 1): number {
  for (let scale = most; scale > minScale; scale = Math.round((scale - 0.02) * 100) / 100) {
    if (height(scale) <= room) return scale;
  }
  return minScale;
}

/** Returns the type and picture scales of stacked blocks: pictures give way first, then type; a sparse text slide grows. */
export function stackScales(blocks: readonly Block[], width: number, room: number, context: DrawContext, grow = true): { scale: number; pictureScale: number } {
  const height = (s: number, p = 1): number => stackHeight(blocks, width, context, s, p);
  if (grow && blocks.every((block) => block.type === 'text') && height(1) <= room * 0.5) {
    return { scale: growSteps.find((step) => height(step) <= room * 0.85) ?? 1, pictureScale: 1 };
  }
  if (height(1) <= room) return { scale: 1, pictureScale: 1 };
  const pictures = blocks.filter((block) => block.type === 'image');
  const pictureHeight = pictures.reduce((sum, block) => sum + blockHeight(block, width, context, 1), 0);
  const pictureScale = pictureHeight > 0 ? Math.min(1, Math.max(smallestPicture, 1 - (height(1) - room) / pictureHeight)) : 1;
  return { scale: fitScale((s) => height(s, pictureScale), room), pictureScale };
}

/** Draws a content slide's body (`html` blocks, and the `picture` layout's `media`) in its frame. */
export function drawBody(slide: PptxSlide, layout: SlideLayout, blocks: Block[], media: Block[], frame: Frame, context: DrawContext): void {
  const pictures = media.length > 0 ? media : layout === 'picture' ? blocks.filter((block) => block.type === 'image') : [];
  if (pictures.length > 0) {
    drawBeside(slide, blocks.filter((block) => !pictures.includes(block)), pictures, frame, context);
    return;
  }
  const only = blocks.length === 1 ? blocks[0] : undefined;
  if (layout === 'statement' && only?.type === 'text') {
    const scale = fitScale((s) => stackHeight(blocks, frame.w, context, s), frame.h * statement.fill, statement.scale);
    drawBlock(slide, only, frame, context, { look: look(context, scale), align: 'center', valign: 'middle', name: 'Statement' });
    return;
  }
  if (layout === 'columns' && only?.type === 'text' && only.paragraphs.length > 1) {
    drawColumns(slide, only.paragraphs, frame, context);
    return;
  }
  drawStack(slide, blocks, frame, context);
}

/** Draws blocks one under another from the top of the frame, the type scaled so that they fit (and grown when sparse, with `grow`). */
export function drawStack(slide: PptxSlide, blocks: readonly Block[], frame: Frame, context: DrawContext, grow = true): void {
  const { scale, pictureScale } = stackScales(blocks, frame.w, frame.h, context, grow);
  let y = frame.y;
  blocks.forEach((block, index) => {
    const measured = blockHeight(block, frame.w, context, scale, pictureScale);
    const text = block.type === 'text' && !block.quote;
    // Text takes the rest of the room when it comes last, else a little slack: estimates that run short do not shrink it.
    const h = text && index === blocks.length - 1 ? Math.max(measured, frame.y + frame.h - y) : text ? measured * 1.08 : measured;
    drawBlock(slide, block, { x: frame.x, y, w: frame.w, h }, context, { look: look(context, scale) });
    y += measured + blockGap(context, scale);
  });
}

/** Draws a long list in two text boxes side by side, split between items where the halves are most even. */
function drawColumns(slide: PptxSlide, paragraphs: Paragraph[], frame: Frame, context: DrawContext): void {
  const gap = 56;
  const width = (frame.w - gap) / 2;
  const [left, right] = splitColumns(paragraphs, (part) => paragraphsHeight(part, width, context, 1));
  const scale = fitScale((s) => Math.max(paragraphsHeight(left, width, context, s), paragraphsHeight(right, width, context, s)), frame.h);
  drawBlock(slide, { type: 'text', paragraphs: left }, { ...frame, w: width }, context, { look: look(context, scale), name: 'Column 1' });
  drawBlock(slide, { type: 'text', paragraphs: right }, { ...frame, x: frame.x + width + gap, w: width }, context, { look: look(context, scale), name: 'Column 2' });
}

/** Returns paragraphs split in two before a top-level item (never inside one), the taller half as short as it can be. */
export function splitColumns(paragraphs: Paragraph[], height: (part: Paragraph[]) => number): [Paragraph[], Paragraph[]] {
  let best: [Paragraph[], Paragraph[]] = [paragraphs, []];
  let bestHeight = Number.POSITIVE_INFINITY;
  for (let index = 1; index < paragraphs.length; index++) {
    const paragraph = paragraphs[index]!;
    if (paragraph.list && (paragraph.list.level > 0 || !paragraph.list.marker)) continue;
    const left = paragraphs.slice(0, index);
    const right = paragraphs.slice(index);
    const taller = Math.max(height(left), height(right));
    if (taller < bestHeight) {
      bestHeight = taller;
      best = [left, right];
    }
  }
  // A numbered list goes on counting in the second column.
  const first = best[1][0];
  if (first?.list?.ordered) {
    const counted = best[0].filter((paragraph) => paragraph.list?.ordered && paragraph.list.level === 0 && paragraph.list.marker).length;
    best[1] = [{ ...first, list: { ...first.list, start: (best[0][0]?.list?.start ?? 1) + counted } }, ...best[1].slice(1)];
  }
  return best;
}

/** Draws the text on the left and the pictures (with their captions) on the right, the pictures centred in their half. */
function drawBeside(slide: PptxSlide, text: Block[], pictures: Block[], frame: Frame, context: DrawContext): void {
  const gap = 40;
  const textWidth = text.length > 0 ? (frame.w - gap) * 0.52 : 0;
  const pictureFrame: Frame = text.length > 0 ? { ...frame, x: frame.x + textWidth + gap, w: frame.w - textWidth - gap } : frame;
  if (text.length > 0) drawStack(slide, text, { ...frame, w: textWidth }, context, false);
  const heights = pictures.map((block) => blockHeight(block, pictureFrame.w, context, 1));
  const total = heights.reduce((sum, h) => sum + h, 0) + (pictures.length - 1) * blockGap(context, 1);
  const share = total > pictureFrame.h ? pictureFrame.h / total : 1;
  let y = pictureFrame.y + Math.max(0, (pictureFrame.h - total * share) / 2);
  pictures.forEach((block, index) => {
    const h = heights[index]! * share;
    drawBlock(slide, block, { ...pictureFrame, y, h }, context, { look: look(context, 1), align: 'center' });
    y += h + blockGap(context, 1) * share;
  });
}

function look(context: DrawContext, scale: number): TextLook {
  const { style } = context;
  return { face: style.fonts.body, color: style.colors.ink, scale, accent: style.colors.accent };
}
