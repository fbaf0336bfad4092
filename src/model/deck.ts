// The Deck model: plain, serialisable data passed between the planner and the themes.

/** Where something starts in the source file (1-based). */
export interface Position {
  line: number;
  column: number;
}

/** How prose is treated on slides: condensed into notes, kept as a lead sentence only, or left whole. */
export type ProseMode = 'notes' | 'lead' | 'slide';

/** Resolved options for one deck: defaults < config file < front matter `deck:` < CLI flags. */
export interface DeckOptions {
  theme: string;
  agenda: boolean;
  closing: boolean;
  prose: ProseMode;
  /** A paragraph longer than this many words is condensed for the screen. */
  proseWords: number;
  /** Smallest content scale the fit stage may use as a last resort. */
  minScale: number;
  lang: string;
  /** Also write an editable PowerPoint, `<slug>.pptx` (absent: no). */
  pptx?: boolean;
}

export interface DeckMeta {
  title: string;
  subtitle?: string;
  author?: string;
  /** ISO date (YYYY-MM-DD) as written in the front matter, when there is one. */
  date?: string;
  lang: string;
  tags: string[];
  image?: string;
  slug: string;
  ref?: string;
  /** The source file, as given to the build. */
  source: string;
}

export type SlideKind = 'title' | 'agenda' | 'section' | 'content' | 'closing';

/**
 * How a content slide is laid out, chosen by the planner from what it holds; each has a partial a theme may override:
 * statement (one short sentence or quote, large and centred), list, columns (a long list of short items in two
 * columns), picture (a picture beside its text), table, code, text (anything else).
 */
export type SlideLayout = 'statement' | 'list' | 'columns' | 'picture' | 'table' | 'code' | 'text';

export interface Slide {
  /** Stable id from the heading slug (+ -2, -3 for continuations and repeats). */
  id: string;
  kind: SlideKind;
  /** The layout of a content slide (absent on other kinds). */
  layout?: SlideLayout;
  /** Plain-text title. */
  title?: string;
  /** The title with inline markup, rendered and sanitised. */
  titleHtml?: string;
  /** Slides sharing a stack id form one vertical column. */
  stack?: string;
  /** The slide body, rendered and sanitised. */
  html: string;
  /** The `picture` layout's picture(s), rendered and sanitised, shown beside `html`. */
  media?: string;
  /** Speaker notes, as HTML paragraphs. */
  notes: string[];
  continued?: { part: number; of: number };
  /** Reveal.js attributes passed through from `<!-- .slide: … -->`. */
  attributes?: Record<string, string>;
  position: Position;
}

export interface Deck {
  meta: DeckMeta;
  options: DeckOptions;
  slides: Slide[];
}
