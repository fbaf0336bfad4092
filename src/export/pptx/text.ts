// Paragraphs of runs -> pptxgenjs text runs: faces, sizes, colours, list levels, links and language tags.
import type { HyperlinkProps, TextProps, TextPropsOptions } from './pptxgen.js';
import type { Paragraph, Run } from './blocks.js';
import { paragraphGap, paragraphIndent, paragraphSize } from './measure.js';
import type { Face, PptxStyle } from './style.js';

/** Points per CSS pixel of the theme's slide (the PowerPoint slide is 960 pt wide). */
export function pointsPerPx(style: PptxStyle): number {
  return 960 / style.width;
}

/** Returns a size in CSS pixels as points, rounded to what PowerPoint stores (hundredths). */
export function pt(px: number, style: PptxStyle): number {
  return Math.round(px * pointsPerPx(style) * 100) / 100;
}

/** Returns the BCP 47 tag of a run of text: Hangul is Korean and kana Japanese, whatever the deck's language; else the deck's. */
export function runLanguage(text: string, deckLang: string): string {
  if (/\p{Script=Hangul}/u.test(text)) return 'ko-KR';
  if (/[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(text)) return 'ja-JP';
  return deckLang;
}

/** How a paragraph's runs look when nothing in them says otherwise. */
export interface TextLook {
  face: Face;
  color: string;
  /** Font size in px at scale 1 is the style's; this scales it. */
  scale: number;
  bold?: boolean;
  italic?: boolean;
  /** A fixed size (px) instead of the paragraph's own. */
  size?: number;
  /** Colour of heading, lead-in and link runs. */
  accent: string;
}

/** Turns a link target into what PowerPoint links to: a slide (from `#/<id>`) or a web or mail address; anything else is no link. */
export type LinkResolver = (href: string) => HyperlinkProps | undefined;

/** Returns the pptxgenjs text runs of paragraphs: one paragraph each, list levels and bullets on their first run. */
export function textRuns(paragraphs: readonly Paragraph[], style: PptxStyle, look: TextLook, link: LinkResolver): TextProps[] {
  const props: TextProps[] = [];
  paragraphs.forEach((paragraph, index) => {
    const size = look.size ?? paragraphSize(paragraph, style, look.scale);
    const next = paragraphs[index + 1];
    const runs = paragraph.runs.length > 0 ? paragraph.runs : [{ text: '' }];
    runs.forEach((run, position) => {
      const options = runOptions(run, paragraph, style, look, size, link);
      if (position === 0) Object.assign(options, paragraphOptions(paragraph, style, size, next && !look.size ? paragraphGap(paragraph, next, size) : 0));
      if (position === runs.length - 1 && next) options.breakLine = true;
      props.push({ text: run.text, options });
    });
  });
  return props;
}

function paragraphOptions(paragraph: Paragraph, style: PptxStyle, size: number, gap: number): TextPropsOptions {
  const options: TextPropsOptions = { lineSpacingMultiple: lineSpacing(style) };
  if (gap > 0) options.paraSpaceAfter = pt(gap, style);
  if (paragraph.role === 'heading' && gap === 0) options.paraSpaceBefore = 0;
  const list = paragraph.list;
  if (list) {
    const indent = pt(paragraphIndent(paragraph, size) / (list.level + 1), style);
    if (!list.marker) options.bullet = { characterCode: '00A0', indent };
    else if (list.ordered) options.bullet = { type: 'number', indent, ...(list.start ? { numberStartAt: list.start } : {}) };
    else options.bullet = list.level === 0 ? { indent } : { characterCode: '2013', indent };
    if (list.level > 0) options.indentLevel = list.level;
  }
  return options;
}

/** Returns PowerPoint's line spacing (a multiple of single spacing, about 1.2 em) for the theme's line height. */
export function lineSpacing(style: PptxStyle): number {
  return Math.round((style.px.line / 1.2) * 100) / 100;
}

function runOptions(run: Run, paragraph: Paragraph, style: PptxStyle, look: TextLook, size: number, link: LinkResolver): TextPropsOptions {
  const face = run.code || run.tex ? style.fonts.mono : look.face;
  const strong = run.bold || look.bold || paragraph.role === 'heading' || paragraph.role === 'lead-in';
  const options: TextPropsOptions = {
    fontFace: face.latin,
    fontSize: pt(run.code ? Math.max(size * 0.88, Math.min(size, style.height * 0.03)) : size, style),
    // Bold is set in the ink, in headings and lead-ins too, as the themes set `strong`.
    color: run.token ? (style.colors.code[run.token] ?? look.color) : run.bold ? look.color : paragraph.role === 'heading' || paragraph.role === 'lead-in' ? look.accent : paragraph.role === 'footnote' || paragraph.role === 'caption' ? style.colors.muted : look.color,
    lang: runLanguage(run.text, style.lang),
  };
  if (strong) options.bold = true;
  if ((run.italic || look.italic) && !/[\p{Script=Hangul}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(run.text)) options.italic = true;
  if (run.strike) options.strike = 'sngStrike';
  if (run.underline) options.underline = { style: 'sng' };
  if (run.sup) options.superscript = true;
  if (run.sub) options.subscript = true;
  if (run.breakBefore) options.softBreakBefore = true;
  const target = run.link ? link(run.link) : undefined;
  if (target) {
    options.hyperlink = target;
    options.color = look.accent;
  }
  return options;
}
