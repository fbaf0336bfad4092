// Renders mdast fragments to sanitised HTML strings: mdast -> hast -> (raw HTML parsed) -> sanitised -> HTML.
import type { Root as HastRoot, Element, ElementContent } from 'hast';
import type { Definition, FootnoteDefinition, PhrasingContent, RootContent } from 'mdast';
import { raw } from 'hast-util-raw';
import { defaultSchema, sanitize, type Schema } from 'hast-util-sanitize';
import { toHtml } from 'hast-util-to-html';
import { toHast } from 'mdast-util-to-hast';
import type { Root } from 'mdast';
import { escapeHtml, isScriptUrl } from '../model/html.js';
import type { SlideRenderer } from '../plan/renderer.js';
import { markImageLines, rewriteImages, type ImageRewrite } from './images.js';

/** Re-exported from model/: whether a URL would run as script. */
export { isScriptUrl };

export interface MarkdownContext {
  /** Link and footnote definitions of the whole article, so references resolve on any slide. */
  definitions: Array<Definition | FootnoteDefinition>;
  /** Trust raw HTML in the article (no sanitising). */
  unsafeHtml: boolean;
  /** Rewrites image URLs (local images are copied into the deck's assets/); absent: URLs stay as written. */
  images?: ImageRewrite;
}

/** The sanitising schema: GitHub's, plus the harmless tags blog posts use. */
export const schema: Schema = {
  ...defaultSchema,
  clobberPrefix: '',
  tagNames: [...(defaultSchema.tagNames ?? []), 'abbr', 'cite', 'address', 'figure', 'figcaption', 'mark', 'small', 'u', 'time', 'dfn', 'bdi', 'bdo', 'wbr'],
  attributes: {
    ...defaultSchema.attributes,
    code: [['className', /^language-[\w+#.-]+$/]],
    pre: [['className', /^language-[\w+#.-]+$/]],
    abbr: ['title'],
    time: ['dateTime'],
    p: [['className', 'footnote', 'lead-in']],
    li: [['className', 'task-list-item', 'continued-item']],
    sup: [['className', 'footnote-ref']],
  },
};

export interface SlideRendererOptions {
  /** Trust raw HTML in the article (no sanitising). */
  unsafeHtml?: boolean;
  /** Rewrites image URLs (local images are copied into the deck's assets/). */
  images?: ImageRewrite;
}

/** Returns the renderer the planner uses for an article's slides: its blocks to sanitised HTML, references resolved against the whole tree. */
export function slideRenderer(tree: Root, options: SlideRendererOptions = {}): SlideRenderer {
  const definitions = tree.children.filter((node): node is Definition | FootnoteDefinition => node.type === 'definition' || node.type === 'footnoteDefinition');
  const context: MarkdownContext = { definitions, unsafeHtml: options.unsafeHtml ?? false, ...(options.images ? { images: options.images } : {}) };
  return {
    blocks: (nodes) => renderBlocks(nodes, context),
    inline: (nodes) => renderInline(nodes, context),
    attributes: (attributes) => (context.unsafeHtml ? { ...attributes } : safeSlideAttributes(attributes)),
  };
}

/** Returns the sanitised HTML of a run of block nodes. */
export function renderBlocks(blocks: RootContent[], context: MarkdownContext): string {
  const children = blocks.map((block) => (block.type === 'footnoteDefinition' ? footnoteParagraph(block) : block));
  const mdast = { type: 'root' as const, children: [...children, ...context.definitions] };
  const hast = toHast(mdast, { allowDangerousHtml: true, footnoteLabel: 'Notes' }) as HastRoot;
  dropFootnoteSection(hast);
  if (context.images) markImageLines(hast);
  let tree = raw(hast) as HastRoot;
  if (context.images) rewriteImages(tree, context.images);
  if (!context.unsafeHtml) tree = sanitize(tree, schema) as HastRoot;
  return toHtml(tree).trim();
}

/** Returns the sanitised HTML of inline content (a heading's text, say), without a wrapping element. */
export function renderInline(nodes: PhrasingContent[], context: MarkdownContext): string {
  const html = renderBlocks([{ type: 'paragraph', children: nodes }], context);
  return html.replace(/^<p>/, '').replace(/<\/p>$/, '');
}

/** Footnote definitions are shown where they stand, as a small paragraph with their label. */
function footnoteParagraph(node: FootnoteDefinition): RootContent {
  const first = node.children[0];
  const inline: PhrasingContent[] = first && first.type === 'paragraph' ? first.children : [];
  return {
    type: 'paragraph',
    data: { hProperties: { className: ['footnote'] } },
    children: [{ type: 'html', value: `<sup class="footnote-ref">${escapeHtml(node.label ?? node.identifier)}</sup> ` }, ...inline],
    ...(node.position ? { position: node.position } : {}),
  };
}

/** mdast-util-to-hast appends a footnotes section for the whole tree; slides show definitions in place instead. */
function dropFootnoteSection(tree: HastRoot): void {
  tree.children = tree.children.filter(
    (child) => !(child.type === 'element' && (child as Element).tagName === 'section' && hasFootnotesFlag(child as Element)),
  );
  const visit = (nodes: ElementContent[] | HastRoot['children']): void => {
    for (const node of nodes) {
      if (node.type === 'element') {
        if (node.tagName === 'sup' && node.children[0]?.type === 'element' && node.children[0].tagName === 'a') {
          const link = node.children[0];
          node.properties = { className: ['footnote-ref'] };
          node.children = link.children;
        } else {
          visit(node.children);
        }
      }
    }
  };
  visit(tree.children);
}

function hasFootnotesFlag(element: Element): boolean {
  return element.properties?.['dataFootnotes'] !== undefined;
}


/** Returns slide attributes without values that could run script (a `javascript:` iframe background, say). */
export function safeSlideAttributes(attributes: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(attributes).filter(([, value]) => !isScriptUrl(value)));
}

