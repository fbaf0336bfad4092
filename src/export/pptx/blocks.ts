// A slide's HTML (already rendered and sanitised) -> plain blocks a PowerPoint slide is made of: paragraphs of
// formatted runs (with list levels), tables, pictures, code and display formulas.
import type { Element, ElementContent, Root, RootContent } from 'hast';
import { fromHtml } from 'hast-util-from-html';

/** A piece of text with one formatting. */
export interface Run {
  text: string;
  bold?: boolean;
  italic?: boolean;
  strike?: boolean;
  underline?: boolean;
  /** Inline code or keyboard input: set in the monospace face. */
  code?: boolean;
  sub?: boolean;
  sup?: boolean;
  /** A URL, or `#/<slide id>` for a slide of the deck. */
  link?: string;
  /** The highlight kind of a code token (`keyword`, `string`, …). */
  token?: string;
  /** A line break before this run, inside the same paragraph. */
  breakBefore?: boolean;
  /** The run is a formula, written as its TeX. */
  tex?: boolean;
}

export type ParagraphRole = 'body' | 'heading' | 'lead-in' | 'footnote' | 'caption';

export interface Paragraph {
  runs: Run[];
  role: ParagraphRole;
  /** A list item's paragraph: its level from 0, and whether it shows its marker (later paragraphs of an item do not). */
  list?: { ordered: boolean; level: number; marker: boolean; start?: number };
}

export interface TableCell {
  runs: Run[];
  header: boolean;
  align?: 'left' | 'center' | 'right';
  colspan?: number;
  rowspan?: number;
}

export type Block =
  | { type: 'text'; paragraphs: Paragraph[]; quote?: boolean }
  | { type: 'table'; rows: TableCell[][] }
  | { type: 'image'; src: string; alt: string; caption?: Run[] }
  | { type: 'code'; lines: Run[][]; language?: string }
  | { type: 'math'; tex: string };

type Format = Omit<Run, 'text' | 'breakBefore'>;

interface Context {
  role: ParagraphRole;
  list?: { ordered: boolean; level: number; start?: number };
  quote: boolean;
}

const blockTags = new Set(['p', 'div', 'ul', 'ol', 'li', 'table', 'pre', 'blockquote', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'figure', 'figcaption', 'hr', 'dl', 'dt', 'dd', 'details', 'summary', 'section', 'article', 'aside', 'header', 'footer', 'nav', 'address', 'main']);

/** Returns the blocks of a slide's HTML, in order; consecutive paragraphs (lists included) share one text block. */
export function htmlBlocks(html: string): Block[] {
  const tree: Root = fromHtml(html, { fragment: true });
  const blocks: Block[] = [];
  let pending: Run[] = [];
  let marker = true;
  const textBlock = (quote: boolean): Extract<Block, { type: 'text' }> => {
    const last = blocks[blocks.length - 1];
    if (last?.type === 'text' && (last.quote ?? false) === quote) return last;
    const block: Extract<Block, { type: 'text' }> = quote ? { type: 'text', paragraphs: [], quote } : { type: 'text', paragraphs: [] };
    blocks.push(block);
    return block;
  };
  const flush = (context: Context): void => {
    const runs = tidyRuns(pending);
    pending = [];
    if (runs.length === 0) return;
    const paragraph: Paragraph = { runs, role: context.role };
    if (context.list) paragraph.list = { ...context.list, marker };
    if (context.list) marker = false;
    textBlock(context.quote).paragraphs.push(paragraph);
  };

  const flow = (nodes: readonly (RootContent | ElementContent)[], context: Context): void => {
    for (const node of nodes) {
      if (node.type === 'text') pending.push({ text: node.value });
      else if (node.type === 'element') {
        if (blockTags.has(node.tagName) || isDisplayMath(node) || (node.tagName === 'img' && pending.every((run) => !run.text.trim()))) {
          flush(context);
          block(node, context);
        } else inline(node, {}, pending);
      }
    }
  };

  const block = (node: Element, context: Context): void => {
    const tag = node.tagName;
    if (isDisplayMath(node)) {
      blocks.push({ type: 'math', tex: texOf(node) });
      return;
    }
    switch (tag) {
      case 'hr':
        return;
      case 'img':
        if (!imageBlock(node)) {
          inline(node, {}, pending);
          flush(context);
        } else pushImage(node, blocks);
        return;
      case 'p':
        if (onlyImages(node)) {
          for (const image of images(node)) pushImage(image, blocks);
          return;
        }
        flow(node.children, { ...context, role: hasClass(node, 'lead-in') ? 'lead-in' : hasClass(node, 'footnote') ? 'footnote' : context.role });
        flush({ ...context, role: hasClass(node, 'lead-in') ? 'lead-in' : hasClass(node, 'footnote') ? 'footnote' : context.role });
        return;
      case 'h1': case 'h2': case 'h3': case 'h4': case 'h5': case 'h6': case 'dt': case 'summary':
        flow(node.children, { ...context, role: 'heading' });
        flush({ ...context, role: 'heading' });
        return;
      case 'ul':
      case 'ol': {
        const level = context.list ? context.list.level + 1 : 0;
        const start = Number(node.properties['start']);
        for (const item of node.children) {
          if (item.type !== 'element' || item.tagName !== 'li') continue;
          marker = !hasClass(item, 'continued-item');
          const list = { ordered: tag === 'ol', level, ...(tag === 'ol' && Number.isFinite(start) && start > 1 ? { start } : {}) };
          const itemContext: Context = { ...context, role: 'body', list };
          flow(item.children, itemContext);
          flush(itemContext);
        }
        // Paragraphs after a nested list belong to the item that holds it: no marker of their own.
        marker = !context.list;
        return;
      }
      case 'blockquote':
        flow(node.children, { ...context, quote: true });
        flush({ ...context, quote: true });
        return;
      case 'pre':
        blocks.push(codeBlock(node));
        return;
      case 'table':
        blocks.push({ type: 'table', rows: tableRows(node) });
        return;
      case 'figure': {
        const caption = node.children.find((child): child is Element => child.type === 'element' && child.tagName === 'figcaption');
        const pictures = images(node);
        if (pictures.length === 1 && caption) {
          const runs: Run[] = [];
          inline(caption, {}, runs);
          const image = imageBlock(pictures[0]!);
          if (image) blocks.push({ ...image, caption: tidyRuns(runs) });
          return;
        }
        flow(node.children, context);
        flush(context);
        return;
      }
      case 'figcaption':
        flow(node.children, { ...context, role: 'caption' });
        flush({ ...context, role: 'caption' });
        return;
      default:
        flow(node.children, context);
        flush(context);
    }
  };

  const top: Context = { role: 'body', quote: false };
  flow(tree.children, top);
  flush(top);
  return blocks.filter((item) => item.type !== 'text' || item.paragraphs.length > 0);
}

/** Appends the runs of an inline element (and what it holds) to `runs`, with the formatting it adds to `format`. */
function inline(node: Element, format: Format, runs: Run[]): void {
  const tag = node.tagName;
  if (tag === 'br') {
    runs.push({ ...format, text: '', breakBefore: true });
    return;
  }
  if (hasClass(node, 'math') || hasClass(node, 'katex')) {
    runs.push({ ...format, text: texOf(node), tex: true });
    return;
  }
  if (tag === 'img') {
    const alt = String(node.properties['alt'] ?? '').trim();
    if (alt) runs.push({ ...format, italic: true, text: alt });
    return;
  }
  if (tag === 'input' && node.properties['type'] === 'checkbox') {
    runs.push({ ...format, text: node.properties['checked'] ? '☑ ' : '☐ ' });
    return;
  }
  const next: Format = { ...format };
  if (tag === 'strong' || tag === 'b') next.bold = true;
  else if (tag === 'em' || tag === 'i' || tag === 'cite' || tag === 'dfn') next.italic = true;
  else if (tag === 'del' || tag === 's' || tag === 'strike') next.strike = true;
  else if (tag === 'u' || tag === 'ins') next.underline = true;
  else if (tag === 'code' || tag === 'kbd' || tag === 'samp') next.code = true;
  else if (tag === 'sub') next.sub = true;
  else if (tag === 'sup') next.sup = true;
  else if (tag === 'a' && typeof node.properties['href'] === 'string') next.link = node.properties['href'];
  const token = classes(node).find((name) => name.startsWith('hl-'));
  if (token) next.token = token.slice(3);
  for (const child of node.children) {
    if (child.type === 'text') runs.push({ ...next, text: child.value });
    else if (child.type === 'element') inline(child, next, runs);
  }
}

/** Returns runs with HTML's white space collapsed, empty runs dropped and neighbours of one format joined. */
export function tidyRuns(runs: readonly Run[]): Run[] {
  const out: Run[] = [];
  for (const run of runs) {
    const text = run.text.replace(/[ \t\n\r\f]+/g, ' ');
    const previous = out[out.length - 1];
    const collapsed = previous && !run.breakBefore && /\s$/.test(previous.text) ? text.replace(/^ /, '') : text;
    if (!collapsed && !run.breakBefore) continue;
    if (previous && !run.breakBefore && sameFormat(previous, run)) previous.text += collapsed;
    else out.push({ ...run, text: run.breakBefore ? collapsed.replace(/^ /, '') : collapsed });
  }
  if (out[0]) out[0].text = out[0].text.replace(/^ /, '');
  const last = out[out.length - 1];
  if (last) last.text = last.text.replace(/ $/, '');
  return out.filter((run, index) => run.text !== '' || (run.breakBefore && index > 0 && index < out.length - 1));
}

function sameFormat(a: Run, b: Run): boolean {
  const keys: Array<keyof Format> = ['bold', 'italic', 'strike', 'underline', 'code', 'sub', 'sup', 'link', 'token', 'tex'];
  return keys.every((key) => a[key] === b[key]);
}

function codeBlock(pre: Element): Extract<Block, { type: 'code' }> {
  const code = pre.children.find((child): child is Element => child.type === 'element' && child.tagName === 'code') ?? pre;
  const language = [...classes(code), ...classes(pre)].find((name) => name.startsWith('language-'))?.slice('language-'.length);
  const runs: Run[] = [];
  const walk = (node: Element, token: string | undefined): void => {
    const own = classes(node).find((name) => name.startsWith('hl-'))?.slice(3) ?? token;
    for (const child of node.children) {
      if (child.type === 'text') runs.push(own ? { text: child.value, token: own } : { text: child.value });
      else if (child.type === 'element') walk(child, own);
    }
  };
  walk(code, undefined);
  const lines: Run[][] = [[]];
  for (const run of runs) {
    run.text.split('\n').forEach((part, index) => {
      if (index > 0) lines.push([]);
      if (part) lines[lines.length - 1]!.push({ ...run, text: part.replace(/\t/g, '    ') });
    });
  }
  while (lines.length > 1 && lines[lines.length - 1]!.length === 0) lines.pop();
  return language ? { type: 'code', lines, language } : { type: 'code', lines };
}

function tableRows(table: Element): TableCell[][] {
  const rows: TableCell[][] = [];
  const visit = (node: Element): void => {
    for (const child of node.children) {
      if (child.type !== 'element') continue;
      if (child.tagName === 'tr') {
        rows.push(
          child.children
            .filter((cell): cell is Element => cell.type === 'element' && (cell.tagName === 'td' || cell.tagName === 'th'))
            .map(tableCell),
        );
      } else if (child.tagName === 'thead' || child.tagName === 'tbody' || child.tagName === 'tfoot') visit(child);
    }
  };
  visit(table);
  return rows.filter((row) => row.length > 0);
}

function tableCell(cell: Element): TableCell {
  const runs: Run[] = [];
  let first = true;
  for (const child of cell.children) {
    if (child.type === 'element' && blockTags.has(child.tagName)) {
      const before = runs.length;
      inline(child, {}, runs);
      if (!first && runs[before]) runs[before]!.breakBefore = true;
      first = false;
    } else if (child.type === 'element') inline(child, {}, runs);
    else if (child.type === 'text') runs.push({ text: child.value });
  }
  const result: TableCell = { runs: tidyRuns(runs), header: cell.tagName === 'th' };
  const align = String(cell.properties['align'] ?? /text-align:\s*(left|center|right)/.exec(String(cell.properties['style'] ?? ''))?.[1] ?? '');
  if (align === 'left' || align === 'center' || align === 'right') result.align = align;
  const colspan = Number(cell.properties['colSpan']);
  const rowspan = Number(cell.properties['rowSpan']);
  if (colspan > 1) result.colspan = colspan;
  if (rowspan > 1) result.rowspan = rowspan;
  return result;
}

function pushImage(node: Element, blocks: Block[]): void {
  const image = imageBlock(node);
  if (image) blocks.push(image);
}

function imageBlock(node: Element): Extract<Block, { type: 'image' }> | undefined {
  const src = node.properties['src'];
  const alt = String(node.properties['alt'] ?? '');
  return typeof src === 'string' && src ? { type: 'image', src, alt } : undefined;
}

/** Returns the images of an element (also inside links), in order. */
function images(node: Element): Element[] {
  const found: Element[] = [];
  for (const child of node.children) {
    if (child.type !== 'element') continue;
    if (child.tagName === 'img') found.push(child);
    else found.push(...images(child));
  }
  return found;
}

/** Returns whether an element holds images and nothing else but white space, line breaks and the links around them. */
function onlyImages(node: Element): boolean {
  let count = 0;
  const check = (parent: Element): boolean =>
    parent.children.every((child) => {
      if (child.type === 'text') return !child.value.trim();
      if (child.type !== 'element') return true;
      if (child.tagName === 'img') return typeof child.properties['src'] === 'string' && ++count > 0;
      if (child.tagName === 'br') return true;
      if (child.tagName === 'a') return check(child);
      return false;
    });
  return check(node) && count > 0;
}

function isDisplayMath(node: Element): boolean {
  return hasClass(node, 'math-display') || (node.tagName === 'div' && hasClass(node, 'math'));
}

/** Returns the TeX of a formula: its `<annotation encoding="application/x-tex">`, else its text. */
export function texOf(node: Element): string {
  let tex: string | undefined;
  let text = '';
  const walk = (parent: Element): void => {
    for (const child of parent.children) {
      if (child.type === 'text') text += child.value;
      else if (child.type === 'element') {
        if (child.tagName === 'annotation' && String(child.properties['encoding'] ?? '') === 'application/x-tex') {
          tex ??= child.children.map((part) => (part.type === 'text' ? part.value : '')).join('');
        } else if (!hasClass(child, 'katex-html')) walk(child);
      }
    }
  };
  walk(node);
  return (tex ?? text).trim();
}

function classes(node: Element): string[] {
  const value = node.properties['className'];
  if (Array.isArray(value)) return value.map(String);
  return typeof value === 'string' ? (value as string).split(/\s+/) : [];
}

function hasClass(node: Element, name: string): boolean {
  return classes(node).includes(name);
}
