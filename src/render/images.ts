// Rewrites the image URLs of a rendered fragment (Markdown images and raw HTML <img> alike), knowing each one's source line.
import type { Comment, Element, Nodes, Root as HastRoot, RootContent } from 'hast';
import { decodeUrlPart } from '../model/html.js';

/** Returns the URL an image should use in the deck, or undefined to show a placeholder card with its alt text instead. */
export type ImageRewrite = (url: string, line: number | undefined) => string | undefined;

/** NUL cannot occur in an article (load rejects it), so no author's comment looks like a marker. */
const markerPrefix = '\u0000briefdeck-line:';

/** Inserts, before every positioned image and raw HTML node, a comment marker holding its source line (hast-util-raw drops positions, keeps comments). */
export function markImageLines(tree: HastRoot): void {
  const stack: Array<HastRoot | Element> = [tree];
  while (stack.length > 0) {
    const parent = stack.pop()!;
    const children: RootContent[] = [];
    for (const child of parent.children) {
      const line = child.position?.start.line;
      if (line !== undefined && (child.type === 'raw' || (child.type === 'element' && child.tagName === 'img'))) {
        children.push({ type: 'comment', value: `${markerPrefix}${line}` });
      }
      children.push(child);
      if (child.type === 'element') stack.push(child);
    }
    parent.children = children as typeof parent.children;
  }
}

/** Removes the line markers and rewrites every `<img src>` through `rewrite`, in document order (iterative). */
export function rewriteImages(tree: HastRoot, rewrite: ImageRewrite): void {
  let line: number | undefined;
  const visit = (parent: HastRoot | Element): void => {
    const work: Array<{ parent: HastRoot | Element; index: number }> = [{ parent, index: 0 }];
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const node = frame.parent.children[frame.index] as Nodes | undefined;
      if (node === undefined) {
        work.pop();
        continue;
      }
      if (node.type === 'comment' && isMarker(node)) {
        line = Number(node.value.slice(markerPrefix.length));
        frame.parent.children.splice(frame.index, 1);
        continue;
      }
      frame.index++;
      if (node.type !== 'element') continue;
      if (node.tagName === 'img') rewriteSrc(node, rewrite, line);
      work.push({ parent: node.tagName === 'template' && node.content ? (node.content as unknown as Element) : node, index: 0 });
    }
  };
  visit(tree);
}

function isMarker(node: Comment): boolean {
  return node.value.startsWith(markerPrefix);
}

function rewriteSrc(image: Element, rewrite: ImageRewrite, line: number | undefined): void {
  const src = image.properties['src'];
  if (typeof src !== 'string') return;
  const next = rewrite(src, line);
  if (next === src) return;
  if (next === undefined) showPlaceholder(image, src);
  else image.properties['src'] = next;
  delete image.properties['srcSet'];
}

/** Turns an image that cannot be shown into a placeholder card holding its alt text (else its file name): never a blank. */
function showPlaceholder(image: Element, src: string): void {
  const alt = typeof image.properties['alt'] === 'string' ? image.properties['alt'].trim() : '';
  const name = src.replace(/[?#].*$/s, '').split('/').filter(Boolean).pop() ?? src;
  image.tagName = 'span';
  image.properties = { className: ['image-missing'] };
  image.children = [{ type: 'text', value: alt || decodeUrlPart(name) }];
}

