// Loads what an article's slides need beyond Markdown: KaTeX when it has formulas, highlight.js (with only the grammars
// it names) when it has code, an HTML parser when it has HTML (footnotes included: they are shown with a bit of HTML).
// An article with none of them loads nothing.
import type { Root as HastRoot } from 'hast';
import type { Root, RootContent } from 'mdast';
import type { Highlighter } from './highlight.js';
import type { RawHtml } from './markdown.js';
import type { MathRenderer, MathWarn } from './math.js';

export interface RenderTools {
  math?: MathRenderer;
  highlight?: Highlighter;
  raw?: RawHtml;
}

/** Returns the formula typesetter, the code highlighter and the HTML parser an article needs, each imported only when it is needed. */
export async function renderTools(tree: Root, warn: MathWarn): Promise<RenderTools> {
  let math = false;
  let html = false;
  const langs = new Set<string>();
  const stack: Array<Root | RootContent> = [tree];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'math' || node.type === 'inlineMath') math = true;
    else if (node.type === 'code' && node.lang) langs.add(node.lang);
    else if (node.type === 'html') for (const [, lang] of node.value.matchAll(/class=["'][^"']*\blanguage-([\w+#.-]+)/g)) langs.add(lang!);
    html ||= showsHtml(node);
    if ('children' in node) stack.push(...node.children);
  }
  const [mathRenderer, highlighter, raw] = await Promise.all([
    math ? import('./math.js').then(({ loadMathRenderer }) => loadMathRenderer(warn)) : undefined,
    langs.size > 0 ? import('./highlight.js').then(({ grammarOf, loadHighlighter }) => ([...langs].some((lang) => grammarOf(lang)) ? loadHighlighter(langs) : undefined)) : undefined,
    html ? importRawHtml() : undefined,
  ]);
  return { ...(mathRenderer ? { math: mathRenderer } : {}), ...(highlighter ? { highlight: highlighter } : {}), ...(raw ? { raw } : {}) };
}

/** Returns whether an article's slides show raw HTML, which only an HTML parser turns into elements (`RawHtml`). */
export function needsRawHtml(tree: Root): boolean {
  const stack: Array<Root | RootContent> = [tree];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (showsHtml(node)) return true;
    if ('children' in node) stack.push(...node.children);
  }
  return false;
}

/** Returns the HTML parser an article's slides need (imported then), or none when they show no raw HTML. */
export async function rawHtmlFor(tree: Root): Promise<RawHtml | undefined> {
  return needsRawHtml(tree) ? importRawHtml() : undefined;
}

/** Whether a node is shown with raw HTML: HTML written in the article, or a footnote (shown with a bit of HTML). */
function showsHtml(node: Root | RootContent): boolean {
  return node.type === 'html' || node.type === 'footnoteDefinition';
}

function importRawHtml(): Promise<RawHtml> {
  return import('hast-util-raw').then(({ raw }) => (root) => raw(root) as HastRoot);
}
