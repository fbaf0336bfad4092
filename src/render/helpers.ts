// Handlebars helpers for themes, registered on each render's own environment.
import type Handlebars from 'handlebars';
import { escapeHtml } from '../model/html.js';
import { formatDate, labelsFor, type DateStyle, type Labels } from './labels.js';

/** The names of briefdeck's helpers and Handlebars' own, for checking templates before they run. */
export const helperNames = [
  'json', 'eq', 'gt', 'lt', 'or', 'and', 'not', 'concat', 'formatDate', 'label', 'pad', 'inc', 'attrs', 'slideNumber', 'slideTotal', 'upper', 'cssString',
  'if', 'unless', 'each', 'with', 'lookup', 'log',
] as const;

type Options = Handlebars.HelperOptions;

/** Returns the helper's options object (always the last argument Handlebars passes). */
function optionsOf(args: unknown[]): Options {
  return args[args.length - 1] as Options;
}

/** Returns the deck's language from the render's root context. */
function rootLang(options: Options): string {
  const root = (options.data as { root?: { lang?: unknown } } | undefined)?.root;
  return typeof root?.lang === 'string' ? root.lang : 'en';
}

/** Registers briefdeck's helpers on a Handlebars environment (never the global one). */
export function registerHelpers(hb: typeof Handlebars): void {
  hb.registerHelper('json', (value: unknown) => new hb.SafeString(JSON.stringify(value).replace(/</g, '\\u003c')));
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hb.registerHelper('gt', (a: unknown, b: unknown) => Number(a) > Number(b));
  hb.registerHelper('lt', (a: unknown, b: unknown) => Number(a) < Number(b));
  hb.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  hb.registerHelper('and', (...args: unknown[]) => args.slice(0, -1).every(Boolean));
  hb.registerHelper('not', (value: unknown) => !value);
  /** `{{concat "layout-" layout}}`: its arguments joined as text (for a partial's name, say). */
  hb.registerHelper('concat', (...args: unknown[]) => args.slice(0, -1).map((value) => String(value ?? '')).join(''));
  /** `{{formatDate date}}`, `{{formatDate date lang}}`, `{{formatDate date lang "short"}}`: a date written in the deck's language. */
  hb.registerHelper('formatDate', (...args: unknown[]) => {
    const options = optionsOf(args);
    const [date, lang, style] = args.slice(0, -1);
    if (typeof date !== 'string') return '';
    return formatDate(date, typeof lang === 'string' && lang ? lang : rootLang(options), isDateStyle(style) ? style : 'long');
  });
  /** `{{label "agenda"}}` (or `{{label "agenda" "ko"}}`): an interface label in the deck's language. */
  hb.registerHelper('label', (...args: unknown[]) => {
    const options = optionsOf(args);
    const [key, lang] = args.slice(0, -1);
    const labels = labelsFor(typeof lang === 'string' && lang ? lang : rootLang(options));
    return typeof key === 'string' && key in labels ? labels[key as keyof Labels] : String(key);
  });
  hb.registerHelper('pad', (value: unknown, width: unknown) => String(value).padStart(typeof width === 'number' ? width : 2, '0'));
  hb.registerHelper('inc', (value: unknown) => Number(value) + 1);
  hb.registerHelper('upper', (value: unknown) => String(value ?? '').toLocaleUpperCase());
  /** `{{cssString text}}`: the text as a quoted CSS string (for `content:` in @page rules). */
  hb.registerHelper('cssString', (value: unknown) => new hb.SafeString(`"${String(value ?? '').replace(/[\\"]/g, (c) => `\\${c}`).replace(/[\n\r<>]/g, ' ')}"`));
  /** `{{slideNumber}}` inside a slide: its number from 1 in the deck (or `{{slideNumber id}}`). */
  hb.registerHelper('slideNumber', function (this: unknown, ...args: unknown[]) {
    const options = optionsOf(args);
    const id = typeof args[0] === 'string' && args.length > 1 ? args[0] : (this as { id?: unknown } | undefined)?.id;
    const slides = (options.data as { root?: { deck?: { slides?: Array<{ id: string }> } } } | undefined)?.root?.deck?.slides ?? [];
    const index = slides.findIndex((slide) => slide.id === id);
    return index < 0 ? '' : index + 1;
  });
  /** `{{slideTotal}}`: the number of slides in the deck. */
  hb.registerHelper('slideTotal', (options: Options) => (options.data as { root?: { deck?: { slides?: unknown[] } } } | undefined)?.root?.deck?.slides?.length ?? 0);
  /** Renders `name="value"` pairs from an object, escaped; only `class` and `data-*` names pass. */
  hb.registerHelper('attrs', (attributes: unknown) => {
    if (typeof attributes !== 'object' || attributes === null) return '';
    const pairs = Object.entries(attributes as Record<string, unknown>)
      .filter(([name]) => /^(class|data-[\w-]+)$/.test(name))
      .map(([name, value]) => ` ${name}="${escapeHtml(String(value))}"`);
    return new hb.SafeString(pairs.join(''));
  });
}

function isDateStyle(value: unknown): value is DateStyle {
  return value === 'long' || value === 'medium' || value === 'short' || value === 'full' || value === 'year' || value === 'month';
}
