// Renders a Deck to the HTML of a Reveal.js page with a theme's Handlebars templates.
import Handlebars from 'handlebars';
import { DeckError, ExitCode } from '../errors.js';
import type { Deck, Slide } from '../model.js';
import { registerHelpers } from './helpers.js';
import { kickerOf } from './kicker.js';
import { labelsFor } from './labels.js';
import type { Theme, ThemeFile } from './theme.js';

export interface RenderOptions {
  /** Relative URL from the deck's page to the shared assets folder. */
  shared: string;
  /** Theme variables that override the theme's own (front matter `theme_vars`, config). */
  themeVars?: Record<string, string>;
  /** Links to the deck's downloads, relative to its page; absent ones are not shown. */
  downloads?: { slides?: string; handout?: string };
  /** Other-language versions of the deck (same `ref`). */
  translations?: Array<{ lang: string; title: string; href: string }>;
}

/** A horizontal step of the deck: one slide, or a vertical stack of them. */
export interface Column {
  stacked: boolean;
  slides: Slide[];
}

/** Returns the slides grouped into columns: slides sharing a stack id form one vertical column. */
export function columnsOf(slides: Slide[]): Column[] {
  const columns: Column[] = [];
  for (const slide of slides) {
    const last = columns[columns.length - 1];
    if (slide.stack !== undefined && last && last.slides[0]?.stack === slide.stack) last.slides.push(slide);
    else columns.push({ stacked: false, slides: [slide] });
  }
  for (const column of columns) column.stacked = column.slides.length > 1;
  return columns;
}

/** Returns each section (stack) by its id: the id of its first slide, its plain title and its number from 1. */
export function sectionsOf(slides: Slide[]): Record<string, { id: string; title: string; kicker: string; number: number }> {
  const sections: Record<string, { id: string; title: string; kicker: string; number: number }> = {};
  let number = 0;
  for (const slide of slides) {
    if (slide.stack !== undefined && !(slide.stack in sections)) {
      sections[slide.stack] = { id: slide.id, title: slide.title ?? '', kicker: kickerOf(slide.title ?? ''), number: ++number };
    }
  }
  return sections;
}

/** Returns the CSS declarations for a theme's variables, with overrides applied. */
export function variablesCss(theme: Theme, overrides: Record<string, string> = {}): string {
  const merged: Record<string, string> = { ...theme.variables };
  for (const [name, value] of Object.entries(overrides)) merged[name.startsWith('--') ? name : `--${name}`] = value;
  return Object.entries(merged)
    .map(([name, value]) => `${name}: ${value.replace(/[<>{};]/g, '')};`)
    .join(' ');
}

/** Returns a compiled template function of a theme file; a syntax error names the file and line. */
export function compile(hb: typeof Handlebars, template: ThemeFile): Handlebars.TemplateDelegate {
  try {
    hb.parse(template.source);
  } catch (error) {
    throw templateError(template, error);
  }
  const run = hb.compile(template.source, { strict: false, noEscape: false });
  return (context, options) => {
    try {
      return run(context, options);
    } catch (error) {
      throw templateError(template, error);
    }
  };
}

function templateError(template: ThemeFile, error: unknown): DeckError {
  const message = error instanceof Error ? error.message : String(error);
  const line = /line (\d+)/.exec(message)?.[1];
  const firstLine = message.split('\n').find((text) => text.trim() && !/^Parse error on line/.test(text)) ?? message;
  const summary = /Expecting/.test(message) ? `template syntax error: ${message.split('\n').pop()}` : `template error: ${firstLine}`;
  return new DeckError(summary, {
    code: ExitCode.theme,
    file: template.file,
    ...(line ? { line: Number(line) } : {}),
    hint: 'fix the Handlebars template',
    cause: error,
  });
}

/** Returns a fresh Handlebars environment with the theme's partials and briefdeck's helpers. */
export function themeEnvironment(theme: Theme): typeof Handlebars {
  const hb = Handlebars.create();
  registerHelpers(hb);
  for (const [name, partial] of Object.entries(theme.partials)) hb.registerPartial(name, compile(hb, partial));
  return hb;
}

/** Returns the full HTML page of a deck. */
export function renderDeck(deck: Deck, theme: Theme, options: RenderOptions): string {
  const hb = themeEnvironment(theme);
  const layout = compile(hb, theme.layout);
  const reveal = {
    hash: true,
    slideNumber: 'c/t',
    center: false,
    margin: 0,
    minScale: 0.1,
    maxScale: 3,
    pdfMaxPagesPerSlide: 1,
    pdfSeparateFragments: false,
    ...theme.reveal,
  };
  return layout({
    deck,
    meta: deck.meta,
    options: deck.options,
    lang: deck.meta.lang,
    labels: labelsFor(deck.meta.lang),
    columns: columnsOf(deck.slides),
    sections: sectionsOf(deck.slides),
    slideCount: deck.slides.length,
    theme: { name: theme.name, description: theme.description, fonts: theme.fonts },
    shared: options.shared,
    themeCss: `${options.shared}/themes/${theme.name}/theme.css`,
    variables: variablesCss(theme, options.themeVars),
    reveal,
    downloads: options.downloads ?? {},
    translations: options.translations ?? [],
  });
}
