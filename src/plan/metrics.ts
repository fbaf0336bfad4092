// A theme's type metrics, which the planner uses to estimate how tall a slide's blocks are.

/** Sizes in CSS pixels (at the theme's slide size) and widths in em; from `metrics` in theme.json. */
export interface SlideMetrics {
  width: number;
  height: number;
  padX: number;
  padTop: number;
  padBottom: number;
  fontSize: number;
  /** The smallest body size a dense slide may be set at (the deck's runtime sets each body between it and the
   * theme's largest size, as its room allows). */
  denseFontSize: number;
  lineHeight: number;
  /** Average width of a Latin character, in em. */
  charWidth: number;
  /** Width of a CJK or Hangul character, in em. */
  wideCharWidth: number;
  titleSize: number;
  titleLineHeight: number;
  /** Room the title takes besides its lines: rule, margins (px). */
  titleExtra: number;
  /** Height of the kicker (section name) above a stacked slide's title (px). */
  kicker: number;
  codeSize: number;
  codeLineHeight: number;
  codeCharWidth: number;
  /** Vertical padding and border of a code block (px). */
  codePad: number;
  /** Space after a block, in em. */
  blockGap: number;
  /** Tallest image on a slide (px). */
  imageHeight: number;
  /** Most words of body text (title, section name and code excluded) the planner puts on one slide. */
  maxWords: number;
  /** Fewest words of body text in a continued part, unless it holds a picture, table or code. */
  partWords: number;
}

/** Metrics of the default theme (briefing at 1280×720). */
export const defaultMetrics: SlideMetrics = {
  width: 1280,
  height: 720,
  padX: 80,
  padTop: 60,
  padBottom: 64,
  fontSize: 28,
  denseFontSize: 24,
  lineHeight: 1.42,
  charWidth: 0.48,
  wideCharWidth: 1,
  titleSize: 44,
  titleLineHeight: 1.16,
  titleExtra: 51,
  kicker: 40,
  codeSize: 22,
  codeLineHeight: 1.45,
  codeCharWidth: 0.6,
  codePad: 34,
  blockGap: 0.6,
  imageHeight: 440,
  maxWords: 60,
  partWords: 18,
};

/** Returns the metrics of a dense slide: its body set at the smallest size the theme allows. */
export function denseMetrics(metrics: SlideMetrics): SlideMetrics {
  const factor = Math.min(1, metrics.denseFontSize / metrics.fontSize);
  return { ...metrics, fontSize: metrics.fontSize * factor, codeSize: Math.max(22, metrics.codeSize * factor) };
}

/** Returns complete metrics: the defaults with a theme's own values over them. */
export function resolveMetrics(partial: Partial<SlideMetrics> | Record<string, number> = {}): SlideMetrics {
  return { ...defaultMetrics, ...(partial as Partial<SlideMetrics>) };
}

/** Returns the width in px of a text set at `size` px, wide (CJK) characters counted apart. */
export function textWidth(text: string, size: number, metrics: SlideMetrics, charWidth = metrics.charWidth): number {
  let width = 0;
  for (const char of text) {
    width += /[\p{Script=Han}\p{Script=Hangul}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303f\uff00-\uffef]/u.test(char) ? metrics.wideCharWidth : charWidth;
  }
  return width * size;
}

/** Returns how many lines a text takes in a box `width` px wide (words wrap, so lines are not full). */
export function lineCount(text: string, width: number, size: number, metrics: SlideMetrics, charWidth = metrics.charWidth): number {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (!clean) return 0;
  return Math.max(1, Math.ceil((textWidth(clean, size, metrics, charWidth) * 1.08) / Math.max(width, 1)));
}
