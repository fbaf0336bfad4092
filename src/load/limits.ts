// Guards against hostile structure: indentation and nesting so deep that the parser slows to minutes or
// the recursive tree utilities overflow the stack. Both flatten the excess and keep every word.
import type { Parent, PhrasingContent, Root, RootContent } from 'mdast';
import { DeckError, ExitCode } from '../model/errors.js';
import { parseMarkdown, type ParseOptions } from './parse.js';

/** Leading indentation, in columns, beyond which lines are read as if indented this much. */
export const maxIndentColumns = 200;

/** Tree depth (root = 0) below which the article's nodes are kept as they are. */
export const maxTreeDepth = 100;

export interface Clamped {
  text: string;
  /** The first line (1-based) whose indentation was reduced, if any. */
  line?: number;
}

/** Returns the text with every line's leading indentation cut to `max` columns (tabs count to the next multiple of 4). */
export function clampIndentation(text: string, max = maxIndentColumns): Clamped {
  let first: number | undefined;
  let lineNumber = 0;
  // With the m flag, ^ matches once at the start of every line, so the callback counts lines.
  const clamped = text.replace(/^[ \t]*/gm, (lead) => {
    lineNumber++;
    if (lead.length <= max / 4) return lead;
    let columns = 0;
    for (const char of lead) columns = char === '\t' ? columns + 4 - (columns % 4) : columns + 1;
    if (columns <= max) return lead;
    first ??= lineNumber;
    return ' '.repeat(max);
  });
  return first === undefined ? { text } : { text: clamped, line: first };
}

/**
 * Returns the text with every line's run of leading quote and list markers (`> `, `- `, `1. `) cut to `max` markers.
 * A line with more is nested deeper than the tree keeps anyway (flattenDeepNesting shows those levels as plain text and
 * says so), so nothing visible changes; but the parser's work grows with markers times lines, and an article of
 * thousands of ever deeper quotes ran out of memory after minutes.
 */
export function clampContainerMarkers(text: string, max = maxTreeDepth): string {
  return text.replace(/^(?:[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])))+/gm, (lead) => {
    let count = 0;
    const kept = lead.replace(/[ \t]*(?:>|[-*+]|\d{1,9}[.)])/g, (marker) => (++count <= max ? marker : ''));
    return count <= max ? lead : kept;
  });
}

export interface Flattened {
  /** The first line (1-based) where nesting was flattened, if any. */
  line?: number;
}

/** Flattens, in place and without recursion, every node deeper than `max`: its content becomes plain text at that depth. */
export function flattenDeepNesting(tree: Root, max = maxTreeDepth): Flattened {
  let first: number | undefined;
  const stack: Array<{ node: Root | RootContent; depth: number }> = [{ node: tree, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (!('children' in node)) continue;
    const parent = node as Parent;
    if (depth >= max - 2 && parent.children.some((child) => 'children' in child) && flatten(parent)) {
      first ??= node.position?.start.line;
      continue;
    }
    for (const child of parent.children) stack.push({ node: child, depth: depth + 1 });
  }
  return first === undefined ? {} : { line: first };
}

/** Replaces a parent's children with the plain text of its whole subtree, in a shape its type allows; false when it cannot. */
function flatten(parent: Parent): boolean {
  const text: PhrasingContent = { type: 'text', value: plainText(parent as RootContent) };
  switch (parent.type) {
    case 'list':
      parent.children = [{ type: 'listItem', spread: false, children: [{ type: 'paragraph', children: [text] }] }] as Parent['children'];
      break;
    case 'listItem':
    case 'blockquote':
    case 'footnoteDefinition':
      parent.children = [{ type: 'paragraph', children: [text] }] as Parent['children'];
      break;
    case 'table':
    case 'tableRow':
      // A table keeps its shape; its cells flatten instead.
      return false;
    default:
      parent.children = [text] as Parent['children'];
  }
  return true;
}

/** Returns the words of a subtree as one space-separated text (iterative: safe at any depth). */
export function plainText(node: Root | RootContent): string {
  const parts: string[] = [];
  const stack: Array<Root | RootContent> = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if ('value' in current && typeof current.value === 'string' && current.type !== 'html') parts.push(current.value);
    else if (current.type === 'html') parts.push(current.value.replace(/<[^>]*>/g, ' '));
    if ('alt' in current && typeof current.alt === 'string') parts.push(current.alt);
    if ('children' in current) for (let i = current.children.length - 1; i >= 0; i--) stack.push(current.children[i]!);
  }
  return parts.join(' ').replace(/\s+/g, ' ').trim();
}

/** Returns the mdast tree of an article body with hostile indentation and nesting flattened; says so (and that a body is empty) through `warn`. */
export function parseGuarded(body: string, shown: string, warn: (message: string) => void, options: ParseOptions = {}): Root {
  if (body.trim() === '') warn(`${shown}: nothing after the front matter; the deck has only its title slide`);
  const clamped = clampIndentation(body);
  if (clamped.line !== undefined) {
    warn(`${shown}:${clamped.line}: indented more than ${maxIndentColumns} columns; read as ${maxIndentColumns} (nesting that deep cannot be shown)`);
  }
  const tree = parseMarkdown(clampContainerMarkers(clamped.text), options);
  const flattened = flattenDeepNesting(tree);
  if (flattened.line !== undefined) {
    warn(`${shown}:${flattened.line}: nested more than ${maxTreeDepth} levels deep; the deeper levels are shown as plain text`);
  }
  return tree;
}

/** Returns fn's result; a stack overflow in the tree utilities (nesting too deep) becomes a one-line DeckError (exit 3) at
 * the first block of `tree` on which `probe` (the work fn does, for one block) overflows. */
export function withinStack<T>(shown: string, tree: Root, fn: () => T, probe: (block: RootContent) => unknown): T {
  try {
    return fn();
  } catch (error) {
    if (!isStackOverflow(error)) throw error;
    const line = overflowingLine(tree, probe);
    throw new DeckError('the article is nested too deeply to render', {
      code: ExitCode.input,
      file: shown,
      ...(line === undefined ? {} : { line }),
      hint: 'flatten its deepest lists, quotes or HTML',
      cause: error,
    });
  }
}

function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

/** Returns the line of the first top-level block that overflows the stack when probed alone. */
function overflowingLine(tree: Root, probe: (block: RootContent) => unknown): number | undefined {
  for (const block of tree.children) {
    try {
      probe(block);
    } catch (error) {
      if (isStackOverflow(error)) return block.position?.start.line;
    }
  }
  return undefined;
}
