// Renders a Deck to the HTML of a Reveal.js page with a theme's Handlebars templates.
import Handlebars from 'handlebars';
import { compileOptions, templateOf } from './precompiled.js';
import { eachTemplateNode, type TemplateNode } from './template-tree.js';
import { DeckError, ExitCode } from '../model/errors.js';
import type { Deck, Slide } from '../model/deck.js';
import { mergeVariables, resolveBrand } from './brand.js';
import { helperNames, registerHelpers } from './helpers.js';
import { kickerOf } from '../plan/kicker.js';
import { labelsFor, languageName } from './labels.js';
import { linkMathStyles, usesMath } from './math-styles.js';
import type { Theme, ThemeFile } from './theme.js';

export interface RenderOptions {
  /** Relative URL from the deck's page to the shared assets folder. */
  shared: string;
  /** Theme variables that override the theme's own (front matter `theme_vars`, config). */
  themeVars?: Record<string, string>;
  /** Links to the deck's downloads, relative to its page; absent ones are not shown. */
  downloads?: { slides?: string; handout?: string; pptx?: string };
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
  return Object.entries(mergeVariables(theme, overrides))
    .map(([name, value]) => `${name}: ${value.replace(/[<>{};]/g, '')};`)
    .join(' ');
}

/** Returns a compiled template function of a theme file; a syntax error, an unknown helper or partial names the file and line. */
export function compile(hb: typeof Handlebars, template: ThemeFile, known: { partials?: Set<string> } = {}): Handlebars.TemplateDelegate {
  const ahead = template.compiled;
  // A template compiled ahead is one of briefdeck's own, whose helpers the tests check against every built-in theme;
  // the partials it calls depend on the theme using it, and are checked here.
  const run =
    ahead && ahead.partials.every((name) => known.partials?.has(name) ?? true) ? templateOf(hb, ahead) : compileNow(hb, template, known.partials);
  return (context, options) => {
    try {
      return run(context, options);
    } catch (error) {
      throw templateError(template, error);
    }
  };
}

/** Parses, checks and compiles a template; a syntax error, an unknown helper or partial throws a DeckError at its line. */
function compileNow(hb: typeof Handlebars, template: ThemeFile, partials: Set<string> | undefined): Handlebars.TemplateDelegate {
  let program: hbs.AST.Program;
  try {
    program = hb.parse(template.source);
  } catch (error) {
    throw templateError(template, error);
  }
  checkReferences(program, template, partials);
  // Compiled from the tree just checked: the template is parsed once.
  return hb.compile(program, compileOptions);
}

/** Throws a DeckError at the first helper call or partial that the theme does not define. */
function checkReferences(program: hbs.AST.Program, template: ThemeFile, partials: Set<string> | undefined): void {
  const helpers = new Set<string>(helperNames);
  const fail = (message: string, node: TemplateNode, hint: string): never => {
    throw new DeckError(message, {
      code: ExitCode.theme,
      file: template.file,
      ...(node.loc ? { line: node.loc.start.line, column: node.loc.start.column + 1 } : {}),
      hint,
    });
  };
  eachTemplateNode(program, (node) => {
    const path = node.path;
    const callsHelper =
      node.type === 'SubExpression' ||
      ((node.type === 'MustacheStatement' || node.type === 'BlockStatement') && ((node.params?.length ?? 0) > 0 || (node.hash?.pairs?.length ?? 0) > 0));
    if (callsHelper && path?.type === 'PathExpression' && !path.data && path.parts?.length === 1 && typeof path.original === 'string' && !helpers.has(path.original)) {
      fail(`unknown helper "${path.original}"`, node, `helpers: ${[...helpers].sort().join(', ')}`);
    }
    if ((node.type === 'PartialStatement' || node.type === 'PartialBlockStatement') && partials && node.name?.type === 'PathExpression') {
      const name = String(node.name.original);
      if (!partials.has(name) && node.type === 'PartialStatement') fail(`unknown partial "${name}"`, node, `partials of this theme: ${[...partials].sort().join(', ')}`);
    }
  });
}

/** An error thrown by a helper while a template runs, with where in the template the helper was called. */
class HelperError extends Error {
  constructor(readonly original: unknown, readonly line: number | undefined, readonly column: number | undefined) {
    super(original instanceof Error ? original.message : String(original));
  }
}

/** Wraps every helper of an environment so that an error it throws says which template line called it. */
function locateHelperErrors(hb: typeof Handlebars): void {
  for (const [name, helper] of Object.entries(hb.helpers)) {
    hb.registerHelper(name, function (this: unknown, ...args: unknown[]) {
      try {
        return (helper as (...values: unknown[]) => unknown).apply(this, args);
      } catch (error) {
        if (error instanceof HelperError || error instanceof DeckError) throw error;
        const loc = (args[args.length - 1] as { loc?: { start?: { line: number; column: number } } } | undefined)?.loc?.start;
        throw new HelperError(error, loc?.line, loc === undefined ? undefined : loc.column + 1);
      }
    });
  }
}

function templateError(template: ThemeFile, error: unknown): DeckError {
  if (error instanceof DeckError) return error;
  if (error instanceof HelperError) {
    const message = error.message.split('\n')[0] ?? error.message;
    return new DeckError(`template error: ${message}`, {
      code: ExitCode.theme,
      file: template.file,
      ...(error.line === undefined ? {} : { line: error.line }),
      ...(error.column === undefined ? {} : { column: error.column }),
      hint: 'fix the Handlebars template',
      cause: error.original,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  const lineNumber = (error as { lineNumber?: unknown } | null)?.lineNumber;
  const line = typeof lineNumber === 'number' ? lineNumber : Number(/line (\d+)/.exec(message)?.[1] ?? /- (\d+):\d+$/.exec(message)?.[1] ?? NaN);
  const firstLine = message.split('\n').find((text) => text.trim() && !/^Parse error on line/.test(text)) ?? message;
  const unclosed = /got 'EOF'/.test(message) ? unclosedBlock(template.source) : undefined;
  if (unclosed) {
    return new DeckError(`template syntax error: {{#${unclosed.name}}} is never closed`, {
      code: ExitCode.theme,
      file: template.file,
      line: unclosed.line,
      hint: `add {{/${unclosed.name}}} where the block ends`,
      cause: error,
    });
  }
  const summary = /Expecting/.test(message) ? `template syntax error: ${message.split('\n').pop()}` : `template error: ${firstLine.replace(/ - \d+:\d+$/, '')}`;
  return new DeckError(summary, {
    code: ExitCode.theme,
    file: template.file,
    ...(Number.isFinite(line) ? { line } : {}),
    hint: 'fix the Handlebars template',
    cause: error,
  });
}

/** Returns the innermost block (`{{#name}}`) left open at the end of a template, with its line, if any. */
export function unclosedBlock(source: string): { name: string; line: number } | undefined {
  const open: Array<{ name: string; line: number }> = [];
  const text = source.replace(/\{\{!--[\s\S]*?--\}\}|\{\{![\s\S]*?\}\}/g, (comment) => comment.replace(/[^\n]/g, ' '));
  for (const match of text.matchAll(/\{\{~?([#/])\s*>?\s*([\w.-]+)/g)) {
    const line = text.slice(0, match.index).split('\n').length;
    if (match[1] === '#') open.push({ name: match[2]!, line });
    else if (open[open.length - 1]?.name === match[2]) open.pop();
  }
  return open.pop();
}

/** Returns a fresh Handlebars environment with the theme's partials and briefdeck's helpers. */
export function themeEnvironment(theme: Theme): typeof Handlebars {
  const hb = Handlebars.create();
  registerHelpers(hb);
  locateHelperErrors(hb);
  const partials = new Set(Object.keys(theme.partials));
  for (const [name, partial] of Object.entries(theme.partials)) hb.registerPartial(name, compile(hb, partial, { partials }));
  return hb;
}

/** Returns the full HTML page of a deck. */
export function renderDeck(deck: Deck, theme: Theme, options: RenderOptions): string {
  const hb = themeEnvironment(theme);
  const layout = compile(hb, theme.layout, { partials: new Set(Object.keys(theme.partials)) });
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
  const page = layout({
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
    brand: resolveBrand(theme, options.themeVars ?? {}, options.shared),
    reveal,
    downloads: options.downloads ?? {},
    languageName: languageName(deck.meta.lang),
    translations: (options.translations ?? []).map((translation) => ({ ...translation, name: languageName(translation.lang) })),
  });
  return usesMath(deck) ? linkMathStyles(page, options.shared) : page;
}
