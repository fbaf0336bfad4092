// Plain text of inline (phrasing) content and cutting it at a character offset, markup kept.
import type { PhrasingContent } from 'mdast';

/** Returns the plain text a reader sees in inline content (images, HTML and footnote marks count as nothing). */
export function plainText(nodes: readonly PhrasingContent[]): string {
  let text = '';
  for (const node of nodes) {
    if (node.type === 'html') continue;
    if (node.type === 'break') text += '\n';
    else if ('children' in node) text += plainText(node.children as PhrasingContent[]);
    else if ('value' in node && typeof node.value === 'string') text += node.value;
  }
  return text;
}

/** Returns the inline content covering the first `length` characters of its plain text; nodes cut in two keep their markup. */
export function slicePhrasing(nodes: readonly PhrasingContent[], length: number): PhrasingContent[] {
  const out: PhrasingContent[] = [];
  let used = 0;
  for (const node of nodes) {
    if (used >= length) break;
    const size = plainText([node]).length;
    if (used + size <= length) {
      out.push(node);
    } else if (node.type === 'text') {
      out.push({ ...node, value: node.value.slice(0, length - used) });
    } else if ('children' in node) {
      out.push({ ...node, children: slicePhrasing(node.children as PhrasingContent[], length - used) } as PhrasingContent);
    } else {
      out.push(node);
    }
    used += size;
  }
  return trimEnd(out);
}

function trimEnd(nodes: PhrasingContent[]): PhrasingContent[] {
  const last = nodes[nodes.length - 1];
  if (last?.type === 'text') nodes[nodes.length - 1] = { ...last, value: last.value.replace(/\s+$/, '') };
  return nodes;
}
