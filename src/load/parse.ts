// Parses an article's Markdown body into an mdast tree (CommonMark + GFM, and math when the article has it).
//
// micromark, remark-parse's tokenizer, edits one event list for the whole document once per paragraph, so its time
// grows with the square of the document's size: the seed's body 40 times over took 1.7 s where its 40 copies one by one
// take 0.4 s. A long article is therefore parsed in pieces cut just before top-level `#` headings (see `pieces`), each
// piece's positions shifted to the whole text, and the trees joined: the tree is the one a single parse gives.
import type { Root, RootContent } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified, type Processor } from 'unified';
import { closesFence, openingFence, type Fence } from './fences.js';
import { settleMath, type MathSyntax } from './math.js';

export interface ParseOptions {
  /** The math syntax (from `loadMathSyntax`); absent: dollars and `\(` are plain Markdown. */
  math?: MathSyntax;
  /** The least size of a piece when a long text is parsed in pieces (default 8 KB); tests cut at every heading with 1. */
  pieceSize?: number;
}

const defaultPieceSize = 8 * 1024;

/** Returns the mdast tree of a Markdown text; positions are those of the text. */
export function parseMarkdown(text: string, options: ParseOptions = {}): Root {
  const cuts = pieces(text, options.pieceSize);
  const tree = cuts.length === 0 ? parseWhole(text, options) : parseInPieces(text, cuts, options);
  if (options.math) settleMath(tree, text);
  return tree;
}

function parseInPieces(text: string, cuts: number[], options: ParseOptions): Root {
  const children: RootContent[] = [];
  let start = 0;
  let lines = 0;
  for (const end of [...cuts, text.length]) {
    const part = parseWhole(text.slice(start, end), options);
    // A piece is cut wrongly only when its last block would have taken in the heading after the cut (an unclosed fence,
    // formula block or raw HTML): then the piece grows to the next cut and is parsed again.
    if (end < text.length && mayRunOn(lastBlock(part), text, start, end)) continue;
    shift(part, start, lines);
    children.push(...part.children);
    lines += countLines(text, start, end);
    start = end;
  }
  return { type: 'root', children, position: { start: { line: 1, column: 1, offset: 0 }, end: endPoint(text, lines) } };
}

function parseWhole(text: string, options: ParseOptions): Root {
  const processor = unified().use(remarkParse).use(remarkGfm);
  const math = options.math;
  if (math) processor.use(function (this: Processor) {
    const data = this.data();
    (data.micromarkExtensions ??= []).push(math.micromark(text));
    (data.fromMarkdownExtensions ??= []).push(math.fromMarkdown);
  });
  return processor.runSync(processor.parse(text)) as Root;
}

/**
 * Returns where a text may be cut into pieces that parse alone as they parse together: the starts of top-level ATX
 * heading lines outside fenced code, at least `pieceSize` apart. None when the text is short, or when it may hold link
 * or footnote definitions (a reference anywhere may point at a definition in another piece).
 */
export function pieces(text: string, pieceSize = defaultPieceSize): number[] {
  if (text.length < 2 * pieceSize || /^[ \t>*+\-\d.)]*\[[^\n]*\]:/m.test(text)) return [];
  const cuts: number[] = [];
  let fence: Fence | undefined;
  let last = 0;
  for (let at = 0; at < text.length; ) {
    const next = text.indexOf('\n', at);
    const end = next < 0 ? text.length : next + 1;
    const line = text.slice(at, end);
    if (fence) {
      if (closesFence(line, fence)) fence = undefined;
    } else if ((fence = openingFence(line))) {
      // Inside code from here on.
    } else if (/^#{1,6}(?:[ \t\r\n]|$)/.test(line) && at - last >= pieceSize) {
      cuts.push(at);
      last = at;
    }
    at = end;
  }
  return cuts;
}

/** Returns the innermost block a tree ends with: its last child, or that child's last child while it is a container. */
function lastBlock(tree: Root): RootContent | undefined {
  let block = tree.children.at(-1);
  while (block && (block.type === 'list' || block.type === 'listItem' || block.type === 'blockquote') && block.children.length > 0) {
    block = block.children.at(-1);
  }
  return block;
}

/**
 * Returns whether a block ending a piece could, in the whole text, have run on into the heading after the cut (a
 * top-level one), or ends later there (one in a list or quote, closed by the heading rather than the piece's end).
 */
function mayRunOn(block: RootContent | undefined, text: string, start: number, end: number): boolean {
  if (!block || (block.type !== 'code' && block.type !== 'html' && block.type !== 'math')) return false;
  const from = start + (block.position?.start.offset ?? 0);
  const to = start + (block.position?.end.offset ?? end - start);
  const source = text.slice(from, to);
  const lines = source.split('\n');
  if (block.type === 'html') {
    // Raw HTML that ends at a blank line is closed before the cut; a comment, `<pre>`, `<script>`… runs to its closer.
    const blankAfter = /\n[ \t]*\n/.test(text.slice(to, end));
    return !blankAfter || /^ {0,3}<(?:!--|\?|![A-Za-z]|!\[CDATA\[|(?:pre|script|style|textarea)(?:[\s>]|$))/i.test(source);
  }
  const opener = /^[ \t>]*(`{3,}|~{3,}|\$\$)/.exec(lines[0] ?? '');
  if (!opener) return false; // indented code ends at the first line that is not indented
  const mark = opener[1]!;
  const closer = lines.length > 1 ? /^[ \t>]*(`{3,}|~{3,}|\$\$)[ \t]*$/.exec(lines.at(-1)!) : null;
  return !(closer && closer[1]![0] === mark[0] && closer[1]!.length >= (mark === '$$' ? 2 : mark.length));
}

/** Moves the positions of a piece's tree, parsed alone, to where the piece starts in the whole text (after `lines` line breaks). */
function shift(tree: Root, offset: number, lines: number): void {
  if (offset === 0) return;
  const stack: Array<Root | RootContent> = [...tree.children];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const position = node.position;
    if (position) {
      position.start = { line: position.start.line + lines, column: position.start.column, offset: (position.start.offset ?? 0) + offset };
      position.end = { line: position.end.line + lines, column: position.end.column, offset: (position.end.offset ?? 0) + offset };
    }
    if ('children' in node) for (const child of node.children) stack.push(child);
  }
}

/** Returns the number of line breaks in text[from, to). */
function countLines(text: string, from: number, to: number): number {
  let count = 0;
  for (let at = text.indexOf('\n', from); at >= 0 && at < to; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

/** Returns the point at the end of a text that holds `breaks` line breaks. */
function endPoint(text: string, breaks: number): { line: number; column: number; offset: number } {
  return { line: breaks + 1, column: text.length - (text.lastIndexOf('\n') + 1) + 1, offset: text.length };
}
