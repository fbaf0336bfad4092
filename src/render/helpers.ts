// Handlebars helpers for themes, registered on each render's own environment.
import type Handlebars from 'handlebars';
import { escapeHtml } from './markdown.js';
import { formatDate, labelsFor, type Labels } from './labels.js';

/** Registers briefdeck's helpers on a Handlebars environment (never the global one). */
export function registerHelpers(hb: typeof Handlebars): void {
  hb.registerHelper('json', (value: unknown) => new hb.SafeString(JSON.stringify(value).replace(/</g, '\\u003c')));
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hb.registerHelper('gt', (a: unknown, b: unknown) => Number(a) > Number(b));
  hb.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  hb.registerHelper('and', (...args: unknown[]) => args.slice(0, -1).every(Boolean));
  hb.registerHelper('not', (value: unknown) => !value);
  hb.registerHelper('formatDate', (date: unknown, lang: unknown) => (typeof date === 'string' ? formatDate(date, typeof lang === 'string' ? lang : 'en') : ''));
  hb.registerHelper('label', (key: unknown, lang: unknown) => {
    const labels = labelsFor(typeof lang === 'string' ? lang : 'en');
    return typeof key === 'string' && key in labels ? labels[key as keyof Labels] : String(key);
  });
  hb.registerHelper('pad', (value: unknown, width: unknown) => String(value).padStart(typeof width === 'number' ? width : 2, '0'));
  hb.registerHelper('inc', (value: unknown) => Number(value) + 1);
  /** Renders `name="value"` pairs from an object, escaped; only `class` and `data-*` names pass. */
  hb.registerHelper('attrs', (attributes: unknown) => {
    if (typeof attributes !== 'object' || attributes === null) return '';
    const pairs = Object.entries(attributes as Record<string, unknown>)
      .filter(([name]) => /^(class|data-[\w-]+)$/.test(name))
      .map(([name, value]) => ` ${name}="${escapeHtml(String(value))}"`);
    return new hb.SafeString(pairs.join(''));
  });
}
