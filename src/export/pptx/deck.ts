// A Deck -> the bytes of an editable PowerPoint file: one slide per deck slide, in order, in the theme's colours and faces.
import type { Deck } from '../../model/deck.js';
import { decodeUrlPart } from '../../model/html.js';
import type { SlideMetrics } from '../../plan/metrics.js';
import { labelsFor } from '../../render/labels.js';
import { sectionsOf } from '../../render/deck.js';
import type { Block } from './blocks.js';
import { inches, type Picture } from './draw.js';
import { noteParagraphs, notesXml } from './notes.js';
import { loadPptxGen, type HyperlinkProps } from './pptxgen.js';
import { repairPackage } from './repair.js';
import { drawSlide, type DeckContext, type TitleLook } from './slides.js';
import type { PptxStyle } from './style.js';
import { pt } from './text.js';

export interface PptxInput {
  deck: Deck;
  style: PptxStyle;
  metrics: SlideMetrics;
  /** Pictures of the deck's local images, by their `src` as the slides write it (`assets/chart.png`). */
  images: ReadonlyMap<string, Picture>;
  /** Pictures of display formulas, by their TeX; a formula without one is written as its TeX. */
  formulas: ReadonlyMap<string, Picture>;
  brand: { footer?: string; logo?: Picture };
  /** The application named in the file's properties. */
  creator: string;
}

/** Returns the PPTX bytes of a deck. */
export async function deckToPptx(input: PptxInput): Promise<Uint8Array> {
  const { deck, style } = input;
  const PptxGen = await loadPptxGen();
  const pptx = new PptxGen();
  pptx.defineLayout({ name: 'briefdeck', width: inches(style.width, style), height: inches(style.height, style) });
  pptx.layout = 'briefdeck';
  pptx.title = deck.meta.title;
  if (deck.meta.author) pptx.author = deck.meta.author;
  if (deck.meta.subtitle) pptx.subject = deck.meta.subtitle;
  pptx.company = input.creator;
  pptx.theme = { headFontFace: style.fonts.heading.latin, bodyFontFace: style.fonts.body.latin };

  const slideNumbers = new Map(deck.slides.map((slide, index) => [slide.id, index + 1]));
  const link = (href: string): HyperlinkProps | undefined => {
    const id = /^#\/?(.+)$/.exec(href)?.[1];
    if (id !== undefined) {
      const slide = slideNumbers.get(decodeUrlPart(id));
      return slide === undefined ? undefined : { slide };
    }
    return /^(https?:|mailto:)/i.test(href) ? { url: href } : undefined;
  };
  const masters = new Map<string, string>();
  const master = (frame: { x: number; y: number; w: number; h: number } | undefined, look: TitleLook | undefined, background: string): string => {
    const key = JSON.stringify([frame, look, background]);
    let name = masters.get(key);
    if (name) return name;
    name = `briefdeck ${masters.size + 1}`;
    masters.set(key, name);
    pptx.defineSlideMaster({
      title: name,
      background: { color: background },
      objects: !frame || !look ? [] : [
        {
          placeholder: {
            options: {
              name: 'title', type: 'title', x: inches(frame.x, style), y: inches(frame.y, style), w: inches(frame.w, style), h: inches(frame.h, style),
              fontFace: look.face.latin, fontSize: pt(look.size, style), color: look.color, bold: look.bold, align: 'left', valign: look.anchor, margin: 0,
            },
            text: '',
          },
        },
      ],
    });
    return name;
  };
  const pictureData = (block: Extract<Block, { type: 'image' | 'math' }>): Picture | undefined => (block.type === 'image' ? input.images.get(block.src) : input.formulas.get(block.tex));
  const context: DeckContext = {
    pptx,
    style,
    metrics: input.metrics,
    picture: pictureData,
    link,
    deck,
    labels: labelsFor(deck.meta.lang),
    sections: sectionsOf(deck.slides),
    brand: input.brand,
    master,
    ...(deck.meta.image && input.images.get(deck.meta.image) ? { cover: input.images.get(deck.meta.image)! } : {}),
  };
  const notes: string[] = [];
  // List markers in the accent (nested ones muted); on a section slide, which the accent fills, in the accent's ink.
  const markers = deck.slides.map((slide) => (slide.kind === 'section' ? { bullet: style.colors.accentInk, nested: style.colors.accentInk } : { bullet: style.colors.accent, nested: style.colors.muted }));
  // pptxgenjs gives every slide a notes page; the repair below writes each one's paragraphs (bold, italic, languages).
  for (const slide of deck.slides) {
    drawSlide(context, slide);
    notes.push(notesXml(noteParagraphs(slide.notes), style.lang, style.fonts.mono.latin));
  }
  const written = (await pptx.write({ outputType: 'uint8array' })) as Uint8Array;
  const eastAsian: Record<string, string> = {};
  for (const face of [style.fonts.mono, style.fonts.heading, style.fonts.body]) eastAsian[face.latin] = face.ea;
  return repairPackage(written, { notes, eastAsian, monospace: style.fonts.mono.latin, markers, fonts: style.fonts, lang: style.lang, keywords: deck.meta.tags });
}

