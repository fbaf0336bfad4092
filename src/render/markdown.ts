// Renders mdast fragments to sanitised HTML strings: mdast -> hast -> (raw HTML parsed) -> sanitised -> formulas
// typeset and code highlighted -> HTML. Formulas and code are finished after sanitising: the sanitiser sees their
// source as text, and what KaTeX (with `trust: false`) and the highlighter make from it is trusted.
import type { Root as HastRoot, Element, ElementContent, RootContent as HastContent } from 'hast';
import type { Definition, FootnoteDefinition, PhrasingContent, RootContent } from 'mdast';
import type { InlineMath, Math } from 'mdast-util-math';
import { defaultSchema, sanitize, type Schema } from 'hast-util-sanitize';
import { toHtml } from 'hast-util-to-html';
import { toHast } from 'mdast-util-to-hast';
import type { Root } from 'mdast';
import { DeckError, ExitCode } from '../model/errors.js';
import { escapeHtml, isScriptUrl } from '../model/html.js';
import type { SlideRenderer } from '../plan/renderer.js';
import { markImageLines, rewriteImages, type ImageRewrite } from './images.js';
import type { Highlighter } from './highlight.js';
import { isMathElement, mathElement, type MathRenderer } from './math.js';

/** Re-exported from model/: whether a URL would run as script. */
export { isScriptUrl };

export interface MarkdownContext {
  /** Link and footnote definitions of the whole article, so references resolve on any slide. */
  definitions: Array<Definition | FootnoteDefinition>;
  /** Trust raw HTML in the article (no sanitising). */
  unsafeHtml: boolean;
  /** Rewrites image URLs (local images are copied into the deck's assets/); absent: URLs stay as written. */
  images?: ImageRewrite;
  /** Typesets formulas; absent: a formula shows its TeX. */
  math?: MathRenderer;
  /** Highlights code blocks; absent: code is one colour. */
  highlight?: Highlighter;
  /** Parses the raw HTML written in the article into the tree; needed when the article has some (see `RawHtml`). */
  raw?: RawHtml;
}

/**
 * Parses a tree's raw HTML nodes into elements (hast-util-raw's `raw`). It loads an HTML parser, 375 KB of bundled code,
 * so a build imports it only for an article that has HTML in it (`renderTools`); a slide holding raw HTML with none
 * given is an error in the caller, not a slide shown without its HTML.
 */
export type RawHtml = (tree: HastRoot) => HastRoot;

/** The sanitising schema: GitHub's, plus the harmless tags blog posts use. */
export const schema: Schema = {
  ...defaultSchema,
  clobberPrefix: '',
  tagNames: [...(defaultSchema.tagNames ?? []), 'abbr', 'cite', 'address', 'figure', 'figcaption', 'mark', 'small', 'u', 'time', 'dfn', 'bdi', 'bdo', 'wbr'],
  attributes: {
    ...defaultSchema.attributes,
    code: [['className', /^language-[\w+#.-]+$/]],
    pre: [['className', /^language-[\w+#.-]+$/]],
    span: [['className', 'math', 'math-inline', 'image-missing']],
    div: [...(defaultSchema.attributes?.['div'] ?? []), ['className', 'math', 'math-display']],
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
  /** Typesets formulas (KaTeX, loaded when the article has math). */
  math?: MathRenderer;
  /** Highlights code blocks (loaded when the article has code). */
  highlight?: Highlighter;
  /** Parses raw HTML (loaded when the article has some). */
  raw?: RawHtml;
}

/** Returns the renderer the planner uses for an article's slides: its blocks to sanitised HTML, references resolved against the whole tree. */
export function slideRenderer(tree: Root, options: SlideRendererOptions = {}): SlideRenderer {
  const definitions = tree.children.filter((node): node is Definition | FootnoteDefinition => node.type === 'definition' || node.type === 'footnoteDefinition');
  const context: MarkdownContext = {
    definitions,
    unsafeHtml: options.unsafeHtml ?? false,
    ...(options.images ? { images: options.images } : {}),
    ...(options.math ? { math: options.math } : {}),
    ...(options.highlight ? { highlight: options.highlight } : {}),
    ...(options.raw ? { raw: options.raw } : {}),
  };
  return {
    blocks: (nodes) => renderBlocks(nodes, context),
    inline: (nodes) => renderInline(nodes, context),
    attributes: (attributes) => (context.unsafeHtml ? { ...attributes } : safeSlideAttributes(attributes)),
  };
}

/** Returns whether a hast tree holds raw HTML (from HTML written in the article). */
function holdsRaw(tree: HastRoot): boolean {
  const stack: Array<HastRoot | HastContent | ElementContent> = [tree];
  while (stack.length > 0) {
    const node = stack.pop()!;
    // An empty one (a placeholder of the planner's) needs no parsing.
    if (node.type === 'raw' && node.value !== '') return true;
    if ('children' in node) for (const child of node.children) stack.push(child);
  }
  return false;
}

/** Returns the context's parser of raw HTML; throws when it has none (the caller did not load it for an article with HTML). */
function rawOf(context: MarkdownContext): RawHtml {
  if (context.raw) return context.raw;
  throw new DeckError('a slide has HTML in it, but no HTML parser was loaded for its article', { code: ExitCode.internal, hint: 'report this with the article attached' });
}

/** Returns the sanitised HTML of a run of block nodes. */
export function renderBlocks(blocks: RootContent[], context: MarkdownContext): string {
  const children = blocks.map((block) => (block.type === 'footnoteDefinition' ? footnoteParagraph(block) : block));
  const mdast = { type: 'root' as const, children: [...children, ...context.definitions] };
  const mathLines = new Map<string, number>();
  const formula = (display: boolean) => (_state: unknown, node: Math | InlineMath): Element => {
    const line = node.position?.start.line;
    if (line !== undefined && !mathLines.has(`${display}${node.value}`)) mathLines.set(`${display}${node.value}`, line);
    return mathElement(node.value, display);
  };
  const hast = toHast(mdast, { allowDangerousHtml: true, footnoteLabel: 'Notes', handlers: { math: formula(true), inlineMath: formula(false) } }) as HastRoot;
  dropFootnoteSection(hast);
  if (context.images) markImageLines(hast);
  // Parsing the tree again with its raw HTML costs as much as the rest together, so it is done only when there is some.
  let tree = holdsRaw(hast) ? rawOf(context)(hast) : hast;
  if (context.images) rewriteImages(tree, context.images);
  if (!context.unsafeHtml) tree = sanitize(tree, schema) as HastRoot;
  if (context.math || context.highlight) finishMathAndCode(tree, context, mathLines);
  // The only raw nodes left are KaTeX's output, added after sanitising.
  return toHtml(tree, { allowDangerousHtml: true }).trim();
}

/** Typesets the formulas and highlights the code blocks of a sanitised tree (in place, iterative). */
function finishMathAndCode(tree: HastRoot, context: MarkdownContext, mathLines: Map<string, number>): void {
  const stack: Array<HastRoot | Element> = [tree];
  while (stack.length > 0) {
    const parent = stack.pop()!;
    for (const node of parent.children as HastContent[]) {
      if (node.type !== 'element') continue;
      if (context.math && isMathElement(node)) {
        typeset(node, context.math, mathLines);
        continue;
      }
      if (context.highlight && node.tagName === 'pre') {
        const code = node.children.find((child): child is Element => child.type === 'element' && child.tagName === 'code');
        if (code && highlightCode(code, context.highlight)) continue;
      }
      stack.push(node);
    }
  }
}

function typeset(element: Element, math: MathRenderer, lines: Map<string, number>): void {
  const display = element.tagName === 'div';
  const tex = textOf(element);
  const { html, error } = math.render(tex.trim(), display, lines.get(`${display}${tex}`));
  element.children = [{ type: 'raw', value: html } as unknown as ElementContent];
  if (error !== undefined) {
    element.properties = { ...element.properties, className: ['math', display ? 'math-display' : 'math-inline', 'math-error'], title: `TeX error: ${error}` };
  }
}

/** Highlights a `<code class="language-x">` holding only text; false when it has no language the highlighter knows. */
function highlightCode(code: Element, highlighter: Highlighter): boolean {
  const classes = code.properties['className'];
  const lang = Array.isArray(classes) ? classes.map(String).find((name) => name.startsWith('language-'))?.slice('language-'.length) : undefined;
  if (!lang || !code.children.every((child) => child.type === 'text')) return false;
  const highlighted = highlighter.highlight(textOf(code), lang);
  if (!highlighted) return false;
  code.children = highlighted;
  return true;
}

function textOf(element: Element): string {
  return element.children.map((child) => (child.type === 'text' ? child.value : child.type === 'element' ? textOf(child) : '')).join('');
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

