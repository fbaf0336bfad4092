// Loads what an article's slides need beyond Markdown: KaTeX when it has formulas, highlight.js (with only the grammars
// it names) when it has code. An article with neither loads nothing.
import type { Root, RootContent } from 'mdast';
import type { Highlighter } from './highlight.js';
import type { MathRenderer, MathWarn } from './math.js';

export interface RenderTools {
  math?: MathRenderer;
  highlight?: Highlighter;
}

/** Returns the formula typesetter and the code highlighter an article needs, each imported only when it is needed. */
export async function renderTools(tree: Root, warn: MathWarn): Promise<RenderTools> {
  let math = false;
  const langs = new Set<string>();
  const stack: Array<Root | RootContent> = [tree];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'math' || node.type === 'inlineMath') math = true;
    else if (node.type === 'code' && node.lang) langs.add(node.lang);
    else if (node.type === 'html') for (const [, lang] of node.value.matchAll(/class=["'][^"']*\blanguage-([\w+#.-]+)/g)) langs.add(lang!);
    if ('children' in node) stack.push(...node.children);
  }
  const [mathRenderer, highlighter] = await Promise.all([
    math ? import('./math.js').then(({ loadMathRenderer }) => loadMathRenderer(warn)) : undefined,
    langs.size > 0 ? import('./highlight.js').then(({ grammarOf, loadHighlighter }) => ([...langs].some((lang) => grammarOf(lang)) ? loadHighlighter(langs) : undefined)) : undefined,
  ]);
  return { ...(mathRenderer ? { math: mathRenderer } : {}), ...(highlighter ? { highlight: highlighter } : {}) };
}
