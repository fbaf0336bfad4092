// Cleans an SVG picture before it is copied into a deck (fetched or local alike): only drawing elements are kept, and
// no script, no event handler, no `<foreignObject>`, no animation that could set a link, and no reference outside the
// file (links, `<use>`, `<image>`, `url(…)` and `@import` must point inside it, or be an embedded raster picture).
import type { Element, ElementContent, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';

const svgElements = new Set(
  [
    'a', 'animateMotion', 'animateTransform', 'circle', 'clipPath', 'defs', 'desc', 'ellipse', 'feBlend', 'feColorMatrix',
    'feComponentTransfer', 'feComposite', 'feConvolveMatrix', 'feDiffuseLighting', 'feDisplacementMap', 'feDistantLight',
    'feDropShadow', 'feFlood', 'feFuncA', 'feFuncB', 'feFuncG', 'feFuncR', 'feGaussianBlur', 'feImage', 'feMerge',
    'feMergeNode', 'feMorphology', 'feOffset', 'fePointLight', 'feSpecularLighting', 'feSpotLight', 'feTile',
    'feTurbulence', 'filter', 'g', 'image', 'line', 'linearGradient', 'marker', 'mask', 'metadata', 'mpath', 'path',
    'pattern', 'polygon', 'polyline', 'radialGradient', 'rect', 'stop', 'style', 'svg', 'switch', 'symbol', 'text',
    'textPath', 'title', 'tspan', 'use', 'view',
  ].map((name) => name.toLowerCase()),
);

/** A link target that stays inside the file, or a raster picture embedded in it. */
const internalLink = /^\s*(#|data:image\/(png|jpe?g|gif|webp|avif);base64,)/i;

/** Returns the SVG text cleaned, or undefined when it holds no `<svg>` element. */
export function cleanSvg(text: string): string | undefined {
  const tree = fromHtml(text, { fragment: true });
  const root = tree.children.find((child): child is Element => child.type === 'element' && child.tagName === 'svg');
  if (!root) return undefined;
  clean(root);
  root.properties['xmlns'] = 'http://www.w3.org/2000/svg';
  if (usesXlink(root)) root.properties['xmlnsXLink'] = 'http://www.w3.org/1999/xlink';
  const document: Root = { type: 'root', children: [root] };
  return `${toHtml(document, { space: 'svg', closeEmptyElements: true, tightSelfClosing: false, allowDangerousCharacters: false })}\n`;
}

/** Cleans an element and its subtree in place (iterative). */
function clean(top: Element): void {
  const stack: Element[] = [top];
  while (stack.length > 0) {
    const element = stack.pop()!;
    cleanProperties(element);
    element.children = element.children.flatMap((child): ElementContent[] => {
      if (child.type === 'text') return [element.tagName === 'style' ? { ...child, value: cleanCss(child.value) } : child];
      if (child.type !== 'element' || !svgElements.has(child.tagName.toLowerCase())) return [];
      stack.push(child);
      return [child];
    });
  }
}

function cleanProperties(element: Element): void {
  for (const [name, value] of Object.entries(element.properties)) {
    const text = Array.isArray(value) ? value.join(' ') : String(value);
    const lower = name.toLowerCase();
    const drop =
      lower.startsWith('on') ||
      ((lower === 'href' || lower === 'xlinkhref') && !internalLink.test(text)) ||
      /url\s*\(\s*['"]?\s*(?!#)/i.test(text) ||
      /@import|expression\s*\(|javascript:/i.test(text);
    if (drop) delete element.properties[name];
  }
}

/** Removes `@import` rules and every `url(…)` that does not point inside the file from a style sheet. */
function cleanCss(css: string): string {
  return css.replace(/@import[^;]*;?/gi, '').replace(/url\s*\(\s*(['"]?)\s*(?!#)[^)]*\)/gi, 'none');
}

function usesXlink(element: Element): boolean {
  const stack: Element[] = [element];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (Object.keys(current.properties).some((name) => name.startsWith('xLink'))) return true;
    for (const child of current.children) if (child.type === 'element') stack.push(child);
  }
  return false;
}
