// The text of a block as a slide shows it, for the planner's estimates: a formula counts as what it draws (one word,
// about one character per symbol), not as its TeX source.
import type { Nodes } from 'mdast';
import { toString } from 'mdast-util-to-string';

/** Returns a node's text like mdast-util-to-string, inline formulas shortened to what they draw. */
export function shownText(node: Nodes, options: { includeHtml?: boolean; includeImageAlt?: boolean } = {}): string {
  if (!hasMath(node)) return toString(node, options);
  const parts: string[] = [];
  const stack: Nodes[] = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (current.type === 'inlineMath' || current.type === 'math') parts.push(drawn(current.value));
    else if (current.type === 'html') {
      if (options.includeHtml !== false) parts.push(current.value);
    } else if (current.type === 'image') {
      if (options.includeImageAlt !== false) parts.push(current.alt ?? '');
    } else if ('value' in current && typeof current.value === 'string') parts.push(current.value);
    else if ('children' in current) for (let i = current.children.length - 1; i >= 0; i--) stack.push(current.children[i] as Nodes);
  }
  return parts.join('');
}

/** Returns roughly what a TeX formula draws: one character per command, no braces, scripts or spacing commands. */
function drawn(tex: string): string {
  return tex.replace(/\\(left|right|big|Big|bigg|Bigg|[,;:!]|quad|qquad)\b/g, '').replace(/\\[a-zA-Z]+/g, 'x').replace(/[{}^_\s]/g, '') || 'x';
}

function hasMath(node: Nodes): boolean {
  const stack: Nodes[] = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (current.type === 'inlineMath' || current.type === 'math') return true;
    if ('children' in current) stack.push(...(current.children as Nodes[]));
  }
  return false;
}
