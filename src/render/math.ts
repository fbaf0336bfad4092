// Typesets formulas at build time with KaTeX (imported only for articles with math): HTML for the eye and MathML with
// the TeX in `<annotation encoding="application/x-tex">` for screen readers and exporters, inside
// `<span class="math math-inline">` or `<div class="math math-display">`. A TeX error shows the source in a marked box.
import type { Element, ElementContent } from 'hast';
import { escapeHtml } from '../model/html.js';

/** KaTeX's API as briefdeck uses it. */
interface Katex {
  renderToString(tex: string, options: Record<string, unknown>): string;
}

/** Typesets one formula; made by `loadMathRenderer`. */
export interface MathRenderer {
  /** Returns the formula's content as trusted HTML (KaTeX's output, or the escaped source of a formula that fails). */
  render(tex: string, display: boolean, line: number | undefined): { html: string; error?: string };
}

/** Reports a formula KaTeX cannot read, at its source line. */
export type MathWarn = (line: number | undefined, message: string) => void;

/** Returns the formula typesetter (loads KaTeX); errors go to `warn`, once per formula and line. */
export async function loadMathRenderer(warn: MathWarn = () => undefined): Promise<MathRenderer> {
  const katex = ((await import('katex')) as unknown as { default: Katex }).default;
  const cache = new Map<string, { html: string; error?: string }>();
  const warned = new Set<string>();
  return {
    render(tex, display, line) {
      const key = `${display ? 'D' : 'I'}${tex}`;
      let result = cache.get(key);
      if (!result) {
        try {
          // trust: false keeps \href, \url, \includegraphics and \html… out; maxExpand bounds macro loops.
          const html = katex.renderToString(tex, { displayMode: display, output: 'htmlAndMathml', throwOnError: true, strict: 'ignore', trust: false, maxExpand: 1000, maxSize: 50 });
          result = { html };
        } catch (error) {
          const message = (error instanceof Error ? error.message : String(error)).replace(/^KaTeX parse error:\s*/, '').split('\n')[0] ?? 'cannot be typeset';
          result = { html: `<code class="math-source">${escapeHtml(tex)}</code>`, error: message };
        }
        cache.set(key, result);
      }
      if (result.error !== undefined) {
        const once = `${line ?? ''}\u0000${key}`;
        if (!warned.has(once)) {
          warned.add(once);
          warn(line, `TeX error: ${result.error}; the slide shows the formula's source`);
        }
      }
      return result;
    },
  };
}

/** Returns the wrapper of a formula (`span.math.math-inline`, `div.math.math-display`) holding its TeX as text. */
export function mathElement(tex: string, display: boolean): Element {
  return {
    type: 'element',
    tagName: display ? 'div' : 'span',
    properties: { className: ['math', display ? 'math-display' : 'math-inline'] },
    children: [{ type: 'text', value: tex }],
  };
}

/** Returns whether a hast element is a formula wrapper (`.math.math-inline` or `.math.math-display`). */
export function isMathElement(node: ElementContent): node is Element {
  if (node.type !== 'element' || (node.tagName !== 'span' && node.tagName !== 'div')) return false;
  const classes = node.properties['className'];
  return Array.isArray(classes) && classes.includes('math') && (classes.includes('math-inline') || classes.includes('math-display'));
}
