// Continuation slides: estimates each block's height from the theme's metrics and splits a slide that would not fit
// into parts, between blocks, list items, code lines or table rows — never inside a sentence.
import type { Code, Html, List, ListItem, RootContent, Table } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { countWords } from '../words.js';
import { lineCount, type SlideMetrics } from './metrics.js';
import type { Unit } from './notes.js';

/** One slide's worth of blocks and their notes. */
export interface Part {
  blocks: RootContent[];
  notes: RootContent[];
  condensed: boolean;
}

export interface ContinueOptions {
  metrics: SlideMetrics;
  /** The slide's title (its lines take room). */
  title?: string;
  /** Whether a kicker (section name) sits above the title. */
  kicker: boolean;
  lang: string;
  /** Multiplies the room for the body (the fit stage lowers it for a slide that overflowed). */
  budget?: number;
}

/** A piece that cannot be split further, with its estimated height (px) and words. */
interface Piece {
  node: RootContent;
  notes: RootContent[];
  condensed: boolean;
  glue: boolean;
  height: number;
  words: number;
  /** Pieces cut from one list or table re-join when they land on the same slide. */
  from?: { kind: 'list' | 'table'; source: RootContent; index: number };
}

/** Returns the room (px) for a slide body below its title. */
export function bodyRoom(options: ContinueOptions): number {
  const m = options.metrics;
  const titleLines = options.title ? lineCount(options.title, m.width - 2 * m.padX, m.titleSize, m, 0.56) : 0;
  const title = options.title ? titleLines * m.titleSize * m.titleLineHeight + m.titleExtra + (options.kicker ? m.kicker : 0) : 0;
  return (m.height - m.padTop - m.padBottom - title) * (options.budget ?? 1);
}

/** Returns the parts of a slide: one when everything fits, else continuation parts of about equal height. */
export function continueSlide(units: readonly Unit[], options: ContinueOptions): Part[] {
  const m = options.metrics;
  const room = bodyRoom(options);
  const width = m.width - 2 * m.padX;
  const wordRoom = Math.max(12, Math.round(m.maxWords * Math.min(1, options.budget ?? 1)));
  const pieces = units.flatMap((unit) => piecesOf(unit, { width, room, metrics: m, lang: options.lang }));
  if (pieces.length === 0) return [{ blocks: [], notes: units.flatMap((unit) => unit.notes), condensed: false }];
  let groups = pack(pieces, room, wordRoom);
  if (groups.length > 1) {
    // Even the parts out: aim for equal shares, keep the count.
    const total = pieces.reduce((sum, piece) => sum + piece.height, 0);
    const words = pieces.reduce((sum, piece) => sum + piece.words, 0);
    const even = pack(pieces, Math.min(room, (total / groups.length) * 1.12), Math.min(wordRoom, Math.ceil((words / groups.length) * 1.12)));
    if (even.length === groups.length) groups = even;
  }
  return groups.map(toPart);
}

/** Greedy packing: a new part starts when the next piece (with any pieces glued to it) would not fit. */
function pack(pieces: Piece[], room: number, wordRoom: number): Piece[][] {
  const groups: Piece[][] = [[]];
  let height = 0;
  let words = 0;
  for (let index = 0; index < pieces.length; ) {
    // A glued piece travels with the pieces after it.
    let end = index;
    while (pieces[end]!.glue && end + 1 < pieces.length) end++;
    const run = pieces.slice(index, end + 1);
    const runHeight = run.reduce((sum, piece) => sum + piece.height, 0);
    const runWords = run.reduce((sum, piece) => sum + piece.words, 0);
    const current = groups[groups.length - 1]!;
    if (current.length > 0 && (height + runHeight > room || words + runWords > wordRoom)) {
      groups.push([]);
      height = 0;
      words = 0;
    }
    groups[groups.length - 1]!.push(...run);
    height += runHeight;
    words += runWords;
    index = end + 1;
  }
  return groups;
}

/** Returns a part from packed pieces: neighbouring list items and table rows re-joined into one list or table. */
function toPart(pieces: Piece[]): Part {
  const blocks: RootContent[] = [];
  let open: { source: RootContent; node: List | Table } | undefined;
  for (const piece of pieces) {
    if (piece.from && open && open.source === piece.from.source) {
      if (piece.from.kind === 'list') (open.node as List).children.push(...(piece.node as List).children);
      else (open.node as Table).children.push(...(piece.node as Table).children.slice(1));
      continue;
    }
    const node = piece.from ? structuredClone(piece.node) as List | Table : piece.node;
    blocks.push(node);
    open = piece.from ? { source: piece.from.source, node: node as List | Table } : undefined;
  }
  return { blocks, notes: pieces.flatMap((piece) => piece.notes), condensed: pieces.some((piece) => piece.condensed) };
}

interface Frame {
  width: number;
  room: number;
  metrics: SlideMetrics;
  lang: string;
}

/** Returns a unit cut into the pieces a slide may break between. */
function piecesOf(unit: Unit, frame: Frame): Piece[] {
  const { node } = unit;
  if (node.type === 'html' && !(node as Html).value.trim()) {
    return unit.notes.length ? [{ node, notes: unit.notes, condensed: unit.condensed, glue: false, height: 0, words: 0 }] : [];
  }
  const whole = (): Piece[] => [{ node, notes: unit.notes, condensed: unit.condensed, glue: unit.glue, height: estimateHeight(node, frame.width, frame.metrics.fontSize, frame.metrics), words: wordsOnSlide(node, frame.lang) }];
  if (node.type === 'list' && node.children.length > 1) {
    const start = node.start ?? 1;
    return node.children.map((item, index) => {
      const list: List = { ...node, children: [item] };
      if (node.ordered) list.start = start + index;
      const own = unit.itemNotes?.[index] ?? [];
      const explicit = unit.notes.filter((note) => !unit.itemNotes?.some((notes) => notes.includes(note)));
      const piece: Piece = { node: list, notes: index === node.children.length - 1 ? [...own, ...explicit] : own, condensed: own.length > 0, glue: false, height: estimateHeight(list, frame.width, frame.metrics.fontSize, frame.metrics), words: wordsOnSlide(item, frame.lang), from: { kind: 'list', source: node, index } };
      return piece;
    });
  }
  if (node.type === 'table' && node.children.length > 2) {
    const [head, ...rows] = node.children;
    const headHeight = estimateHeight({ ...node, children: [head!] }, frame.width, frame.metrics.fontSize, frame.metrics);
    return rows.map((row, index) => {
      const table: Table = { ...node, children: [head!, row] };
      return { node: table, notes: index === rows.length - 1 ? unit.notes : [], condensed: unit.condensed, glue: false, height: estimateHeight(table, frame.width, frame.metrics.fontSize, frame.metrics) - (index === 0 ? 0 : headHeight), words: wordsOnSlide(row, frame.lang) + (index === 0 ? wordsOnSlide(head!, frame.lang) : 0), from: { kind: 'table', source: node, index } };
    });
  }
  if (node.type === 'code') {
    const height = estimateHeight(node, frame.width, frame.metrics.fontSize, frame.metrics);
    if (height > frame.room) return codeChunks(node, unit, frame);
  }
  return whole();
}

/** Cuts a code block too tall for a slide into runs of lines, preferring blank lines as cut points. */
function codeChunks(node: Code, unit: Unit, frame: Frame): Piece[] {
  const m = frame.metrics;
  const lines = node.value.split('\n');
  const lineHeight = m.codeSize * m.codeLineHeight;
  const perLine = (line: string): number => Math.max(1, lineCount(line || ' ', frame.width - 42, m.codeSize, m, m.codeCharWidth));
  const room = frame.room - m.codePad - m.blockGap * m.fontSize;
  const chunks: string[][] = [[]];
  let used = 0;
  for (const line of lines) {
    const height = perLine(line) * lineHeight;
    if (used + height > room && chunks[chunks.length - 1]!.length > 0) {
      chunks.push([]);
      used = 0;
    }
    chunks[chunks.length - 1]!.push(line);
    used += height;
  }
  return chunks.map((chunk, index) => {
    const code: Code = { ...node, value: chunk.join('\n') };
    return { node: code, notes: index === chunks.length - 1 ? unit.notes : [], condensed: unit.condensed, glue: false, height: estimateHeight(code, frame.width, m.fontSize, m), words: 0 };
  });
}

/** Returns the words of a block a person reads on the slide (code blocks excluded). */
export function wordsOnSlide(node: RootContent | ListItem, lang: string): number {
  if (node.type === 'code') return 0;
  if (node.type === 'html') return countWords(stripTags((node as Html).value), lang);
  return countWords(toString(node, { includeHtml: false }), lang);
}

function stripTags(html: string): string {
  return html.replace(/<!--[\s\S]*?-->/g, ' ').replace(/<[^>]*>/g, ' ');
}

/** Returns the estimated height (px) of a block set `width` px wide at `size` px. */
export function estimateHeight(node: RootContent | ListItem, width: number, size: number, m: SlideMetrics): number {
  const gap = m.blockGap * size;
  const text = (content: string, factor = 1): number => lineCount(content, width, size * factor, m) * size * factor * m.lineHeight;
  switch (node.type) {
    case 'paragraph': {
      const images = node.children.filter((child) => child.type === 'image').length;
      const words = toString(node, { includeImageAlt: false }).trim();
      if (images > 0 && !words) return m.imageHeight + gap;
      return text(toString(node, { includeImageAlt: false })) + (images > 0 ? m.imageHeight : 0) + gap;
    }
    case 'heading':
      return lineCount(toString(node), width, size * 0.95, m) * size * 0.95 * 1.25 + 1.1 * size;
    case 'list': {
      const inner = width - 1.45 * size;
      const nested = size === m.fontSize ? size * 0.9 : size;
      let height = 0;
      for (const item of node.children) {
        height += 0.32 * size;
        for (const child of item.children) {
          height += child.type === 'list' ? estimateHeight(child, inner, nested, m) + 0.3 * size - 0.6 * nested : estimateHeight(child, inner, size, m) - (child.type === 'paragraph' ? gap : 0);
        }
      }
      return height + gap;
    }
    case 'listItem':
      return node.children.reduce((sum, child) => sum + estimateHeight(child, width, size, m), 0);
    case 'code': {
      const lines = node.value.split('\n').reduce((sum, line) => sum + Math.max(1, lineCount(line || ' ', width - 42, m.codeSize, m, m.codeCharWidth)), 0);
      return lines * m.codeSize * m.codeLineHeight + m.codePad + 0.7 * size;
    }
    case 'table': {
      const cell = size * 0.8;
      const columns = Math.max(1, node.children[0]?.children.length ?? 1);
      return node.children.reduce((sum, row) => {
        const lines = Math.max(1, ...row.children.map((c) => lineCount(toString(c), width / columns - 0.8 * size, cell, m)));
        return sum + lines * cell * m.lineHeight + 0.7 * cell + 2;
      }, 0) + 0.7 * size;
    }
    case 'blockquote':
      return node.children.reduce((sum, child) => sum + estimateHeight(child, width - 1.8 * size - 6, size, m), 0) + size + 0.8 * size - gap;
    case 'html': {
      const value = (node as Html).value;
      if (/^<!--[\s\S]*-->$/.test(value.trim())) return 0;
      const media = /<(img|iframe|video|svg|canvas|object|embed)\b/i.test(value) ? m.imageHeight : 0;
      const blocks = (value.match(/<(p|div|h\d|li|tr|br|blockquote|pre|dl|dt|dd)\b/gi) ?? []).length;
      return media + text(stripTags(value)) + blocks * 0.3 * size + (value.includes('<pre') ? value.split('\n').length * m.codeSize * m.codeLineHeight : 0) + gap;
    }
    case 'thematicBreak':
    case 'definition':
      return 0;
    case 'footnoteDefinition':
      return node.children.reduce((sum, child) => sum + estimateHeight(child, width, size * 0.8, m), 0);
    default:
      return text(toString(node)) + gap;
  }
}
