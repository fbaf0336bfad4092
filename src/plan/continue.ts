// Continuation slides: estimates each block's height from the theme's metrics and splits a slide that would not fit
// into parts, between blocks, list items, code lines or table rows — never inside a sentence.
import type { Code, Html, List, ListItem, RootContent, Table, TableCell, TableRow } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { clonePlain } from '../model/clone.js';
import { countWords } from '../model/words.js';
import { isPicture, suitsColumns } from './layout.js';
import { lineCount, type SlideMetrics } from './metrics.js';
import { notesIn, type Unit } from './notes.js';
import { shownText } from './shown.js';

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
  /** The kicker (section name) above the title, when there is one. */
  kicker?: string;
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
  const titleLines = options.title ? lineCount(options.title, m.width - 2 * m.padX, m.titleSize, m, 0.5) : 0;
  const title = options.title ? titleLines * m.titleSize * m.titleLineHeight + m.titleExtra + (options.kicker ? m.kicker * lineCount(options.kicker, m.width - 2 * m.padX, 22, m, 0.62) : 0) : 0;
  return (m.height - m.padTop - m.padBottom - title) * (options.budget ?? 1);
}

/** Returns the room of a slide's body: its height (px) and the most words of body text it may carry. */
export function roomOf(options: ContinueOptions): { room: number; wordRoom: number } {
  const m = options.metrics;
  return { room: bodyRoom(options), wordRoom: Math.max(m.partWords, Math.round(m.maxWords * Math.min(1, options.budget ?? 1))) };
}

/** Returns the words of body text and the estimated height (px) of a slide's units, as one slide. */
export function loadOf(units: readonly Unit[], options: ContinueOptions): { words: number; height: number } {
  const m = options.metrics;
  const frame = { width: m.width - 2 * m.padX, ...roomOf(options), metrics: m, lang: options.lang };
  let words = 0;
  let height = 0;
  for (const unit of units) {
    if (unit.node.type === 'html' && !(unit.node as Html).value.trim()) continue;
    words += wordsOnSlide(unit.node, options.lang);
    height += heightOf(unit.node, frame);
  }
  return { words, height };
}

/** Returns the parts of a slide: one when everything fits, else continuation parts of about equal load, none thin. */
export function continueSlide(units: readonly Unit[], options: ContinueOptions): Part[] {
  const m = options.metrics;
  const { room, wordRoom } = roomOf(options);
  const width = m.width - 2 * m.padX;
  const pieces = units.flatMap((unit) => piecesOf(unit, { width, room, wordRoom, metrics: m, lang: options.lang }));
  if (pieces.length === 0) return [{ blocks: [], notes: units.flatMap((unit) => [...notesIn(unit.node), ...unit.notes]), condensed: false }];
  const groups = mergeThin(balance(pieces, room, wordRoom, m.partWords), room, wordRoom, m.partWords);
  return groups.map(toPart);
}

/** When the fewest parts still leave a thin one (a deep list whose items cannot be cut evenly, say), it joins its
 * lighter neighbour if the two together are estimated at most 1.7 slides' load. Estimates of deeply nested lists run
 * high (each level's margins counted in full), a continuation of a handful of words says less than a fuller slide, and
 * a slide that does overflow in the browser is split again by the fit stage. */
function mergeThin(groups: Piece[][], room: number, wordRoom: number, partWords: number): Piece[][] {
  const load = (group: Piece[]): number => Math.max(sum(group, 'height') / room, sum(group, 'words') / wordRoom);
  const thin = (group: Piece[]): boolean => sum(group, 'words') < partWords && !group.some((piece) => holdsMedia(piece.node));
  const parts = [...groups];
  for (let index = 0; index < parts.length && parts.length > 1; ) {
    if (!thin(parts[index]!)) {
      index++;
      continue;
    }
    const neighbours = [index - 1, index + 1].filter((at) => at >= 0 && at < parts.length);
    const at = neighbours.sort((a, b) => load(parts[a]!) - load(parts[b]!))[0]!;
    const joined = at < index ? [...parts[at]!, ...parts[index]!] : [...parts[index]!, ...parts[at]!];
    if (load(joined) > 1.7) {
      index++;
      continue;
    }
    parts.splice(Math.min(at, index), 2, joined);
    index = Math.min(at, index);
  }
  return parts;
}

function sum(pieces: Piece[], key: 'height' | 'words'): number {
  return pieces.reduce((total, piece) => total + piece[key], 0);
}

/** The estimated height of a block: a list of short items counted in two columns, a picture as a third of the room
 * (the picture layout sets pictures beside the text, scaled to the room they share). */
function heightOf(node: RootContent, frame: Frame): number {
  const m = frame.metrics;
  if (isPicture(node)) return frame.room / 3;
  if (node.type === 'list' && suitsColumns(node, frame.lang)) return columnsHeight(node, frame);
  return estimateHeight(node, frame.width, m.fontSize, m);
}

/** The height of a list set in two columns: half its items, each line half as wide. */
function columnsHeight(list: List, frame: Frame): number {
  const m = frame.metrics;
  const half = (frame.width - 56) / 2;
  return estimateHeight(list, half, m.fontSize, m) / 2 + m.fontSize;
}

/** Returns the pieces in runs that stay together: a glued piece travels with the pieces after it. */
function runsOf(pieces: Piece[]): Piece[][] {
  const runs: Piece[][] = [];
  for (let index = 0; index < pieces.length; ) {
    let end = index;
    while (pieces[end]!.glue && end + 1 < pieces.length) end++;
    runs.push(pieces.slice(index, end + 1));
    index = end + 1;
  }
  return runs;
}

/** Packs the pieces into the fewest parts that fit (greedy), then evens the parts out (the fullest part as empty as it
 * can be), avoiding parts of fewer than `partWords` words that hold no picture, table or code. */
function balance(pieces: Piece[], room: number, wordRoom: number, partWords: number): Piece[][] {
  const runs = runsOf(pieces);
  const height = runs.map((run) => run.reduce((sum, piece) => sum + piece.height, 0));
  const words = runs.map((run) => run.reduce((sum, piece) => sum + piece.words, 0));
  const held = runs.map((run) => run.some((piece) => holdsMedia(piece.node)));
  // Greedy gives the fewest parts.
  let parts = 1;
  let usedHeight = 0;
  let usedWords = 0;
  for (const [index] of runs.entries()) {
    if ((usedHeight > 0 || usedWords > 0) && (usedHeight + height[index]! > room || usedWords + words[index]! > wordRoom)) {
      parts++;
      usedHeight = 0;
      usedWords = 0;
    }
    usedHeight += height[index]!;
    usedWords += words[index]!;
  }
  if (parts === 1) return [pieces];
  // Linear partition into `parts` parts minimising the heaviest part's load.
  const n = runs.length;
  const prefixH = [0];
  const prefixW = [0];
  const prefixM = [0];
  for (let i = 0; i < n; i++) {
    prefixH.push(prefixH[i]! + height[i]!);
    prefixW.push(prefixW[i]! + words[i]!);
    prefixM.push(prefixM[i]! + (held[i] ? 1 : 0));
  }
  const thin = (from: number, to: number): boolean => prefixW[to]! - prefixW[from]! < partWords && prefixM[to]! - prefixM[from]! === 0;
  const inside = (at: number): boolean => {
    const before = runs[at - 1]![runs[at - 1]!.length - 1]!.from?.source;
    return before !== undefined && before === runs[at]![0]!.from?.source;
  };
  const load = (from: number, to: number): number => Math.max((prefixH[to]! - prefixH[from]!) / room, (prefixW[to]! - prefixW[from]!) / wordRoom);
  // Fewest parts first; among those, the lightest heaviest part plus penalties for cuts inside a list or table and for
  // thin parts. A part holds at most a slide's load (or one run), so each run looks back over one slide's worth of
  // runs: linear in the draft's size.
  interface State { parts: number; worst: number; penalty: number; from: number }
  const better = (a: State, b: State | undefined): boolean => !b || (a.parts !== b.parts ? a.parts < b.parts : a.worst + a.penalty < b.worst + b.penalty - 1e-9);
  const best: Array<State | undefined> = [{ parts: 0, worst: 0, penalty: 0, from: 0 }];
  for (let i = 1; i <= n; i++) {
    for (let j = i - 1; j >= 0; j--) {
      const part = load(j, i);
      if (part > 1 && i - j > 1) break;
      const previous = best[j];
      if (!previous) continue;
      const candidate: State = { parts: previous.parts + 1, worst: Math.max(previous.worst, part), penalty: previous.penalty + (j > 0 && inside(j) ? 0.12 : 0) + (thin(j, i) ? 1 : 0), from: j };
      if (better(candidate, best[i])) best[i] = candidate;
    }
  }
  const groups: Piece[][] = [];
  for (let end = n; end > 0; ) {
    const start = best[end]!.from;
    groups.unshift(runs.slice(start, end).flat());
    end = start;
  }
  return groups;
}

/** Returns a part from packed pieces: neighbouring list items and table rows re-joined into one list or table. */
function toPart(pieces: Piece[]): Part {
  const blocks: RootContent[] = [];
  let open: { source: RootContent; node: List | Table } | undefined;
  for (const piece of pieces) {
    const node = clonePlain(piece.node);
    if (piece.from && open && open.source === piece.from.source) {
      if (piece.from.kind === 'list') mergeLists(open.node as List, node as List);
      else (open.node as Table).children.push(...(node as Table).children.slice(1));
      continue;
    }
    blocks.push(node);
    open = piece.from ? { source: piece.from.source, node: node as List | Table } : undefined;
  }
  const notes = pieces.flatMap((piece) => [...notesIn(piece.node), ...piece.notes]);
  return { blocks, notes, condensed: pieces.some((piece) => piece.condensed) };
}

/** Appends list `b` to list `a`; when b starts with the continuation of a's last item, the item is joined, at any depth. */
function mergeLists(a: List, b: List): void {
  const last = a.children[a.children.length - 1];
  const first = b.children[0];
  if (last && first && samePlace(last, first)) {
    const tail = last.children[last.children.length - 1];
    const head = first.children[0];
    if (tail?.type === 'list' && head?.type === 'list' && samePlace(tail, head)) {
      mergeLists(tail, head);
      last.children.push(...first.children.slice(1));
    } else {
      last.children.push(...first.children);
    }
    a.children.push(...b.children.slice(1));
  } else {
    a.children.push(...b.children);
  }
}

function samePlace(a: List | ListItem, b: List | ListItem): boolean {
  return a.position?.start.offset !== undefined && a.position.start.offset === b.position?.start.offset;
}

interface Frame {
  width: number;
  room: number;
  wordRoom: number;
  metrics: SlideMetrics;
  lang: string;
}

/** Returns a unit cut into the pieces a slide may break between. */
function piecesOf(unit: Unit, frame: Frame): Piece[] {
  const { node } = unit;
  if (node.type === 'html' && !(node as Html).value.trim()) {
    return unit.notes.length ? [{ node, notes: unit.notes, condensed: unit.condensed, glue: false, height: 0, words: 0 }] : [];
  }
  const m = frame.metrics;
  const whole = (): Piece[] => [{ node, notes: unit.notes, condensed: notesIn(node).length > 0, glue: unit.glue, height: heightOf(node, frame), words: wordsOnSlide(node, frame.lang) }];
  // A list is cut between its items only when it is a large share of a slide; a short list (a lead-in's points, say)
  // stays whole, so that slides break between groups.
  if (node.type === 'list' && (heightOf(node, frame) > frame.room * 0.5 || wordsOnSlide(node, frame.lang) > frame.wordRoom * 0.5)) {
    // Short items of a long list go in two columns: each takes half its one-column height.
    const columns = suitsColumns(node, frame.lang);
    const pieces = listPieces(node, columns ? { ...frame, width: (frame.width - 56) / 2 } : frame, (list) => list, node);
    if (columns) for (const piece of pieces) piece.height /= 2;
    const last = pieces[pieces.length - 1];
    if (last) last.notes = unit.notes;
    return pieces;
  }
  if (node.type === 'table' && node.children.length > 2) {
    const [head, ...rows] = node.children;
    const headHeight = estimateHeight({ ...node, children: [head!] }, frame.width, m.fontSize, m);
    return rows.map((row, index) => {
      const table: Table = { ...node, children: [head!, row] };
      return { node: table, notes: index === rows.length - 1 ? unit.notes : [], condensed: unit.condensed, glue: false, height: estimateHeight(table, frame.width, m.fontSize, m) - (index === 0 ? 0 : headHeight), words: wordsOnSlide(row, frame.lang) + (index === 0 ? wordsOnSlide(head!, frame.lang) : 0), from: { kind: 'table', source: node, index } };
    });
  }
  if (node.type === 'code') {
    const height = estimateHeight(node, frame.width, m.fontSize, m);
    if (height > frame.room) return codeChunks(node, unit, frame);
  }
  return whole();
}

/** Returns a list cut between its items; an item too big for a slide is cut between its blocks (its first block kept
 * with what follows), and its nested lists between their items. `wrap` puts a piece back inside its parent items. */
function listPieces(list: List, frame: Frame, wrap: (list: List) => List, source: List): Piece[] {
  const m = frame.metrics;
  const start = list.start ?? 1;
  const pieces: Piece[] = [];
  list.children.forEach((item, index) => {
    const one = (children: ListItem['children'], continued = false): List => {
      const part: ListItem = { ...item, children };
      // A piece that does not start its item shows no marker when it opens a slide.
      if (continued) part.data = { ...item.data, hProperties: { ...(item.data?.hProperties ?? {}), className: ['continued-item'] } };
      const single: List = { ...list, children: [part] };
      if (list.ordered) single.start = start + index;
      return single;
    };
    const piece = (node: List, words: number, glue: boolean): Piece => ({ node, notes: [], condensed: notesIn(node).length > 0, glue, height: estimateHeight(node, frame.width, m.fontSize, m), words, from: { kind: 'list', source, index } });
    const words = wordsOnSlide(item, frame.lang);
    const big = item.children.length > 1 && (words > frame.wordRoom * 0.6 || estimateHeight(one(item.children), frame.width, m.fontSize, m) > frame.room * 0.6);
    if (!big) {
      pieces.push(piece(wrap(one(item.children)), words, false));
      return;
    }
    item.children.forEach((child, childIndex) => {
      if (child.type === 'list') {
        pieces.push(...listPieces(child, frame, (inner) => wrap(one([inner], true)), source));
      } else {
        pieces.push(piece(wrap(one([child], childIndex > 0)), wordsOnSlide(child, frame.lang), childIndex === 0));
      }
    });
  });
  return pieces;
}

/** Cuts a code block too tall for a slide into runs of lines of about equal height (no short tail). */
function codeChunks(node: Code, unit: Unit, frame: Frame): Piece[] {
  const m = frame.metrics;
  const lines = node.value.split('\n');
  const lineHeight = m.codeSize * m.codeLineHeight;
  const heights = lines.map((line) => Math.max(1, lineCount(line || ' ', frame.width - 42, m.codeSize, m, m.codeCharWidth)) * lineHeight);
  const room = frame.room - m.codePad - m.blockGap * m.fontSize;
  const total = heights.reduce((sum, height) => sum + height, 0);
  // As many chunks as the room needs, each filled to an even share of the lines (never past the room).
  let count = Math.max(1, Math.ceil(total / room));
  let chunks: string[][] = [];
  for (; count <= lines.length; count++) {
    const share = Math.min(room, total / count);
    chunks = [[]];
    let used = 0;
    lines.forEach((line, index) => {
      const height = heights[index]!;
      if (used + height > Math.min(room, share + lineHeight / 2) && chunks[chunks.length - 1]!.length > 0) {
        chunks.push([]);
        used = 0;
      }
      chunks[chunks.length - 1]!.push(line);
      used += height;
    });
    if (chunks.length <= count) break;
  }
  return chunks.map((chunk, index) => {
    const code: Code = { ...node, value: chunk.join('\n') };
    return { node: code, notes: index === chunks.length - 1 ? unit.notes : [], condensed: unit.condensed, glue: false, height: estimateHeight(code, frame.width, m.fontSize, m), words: 0 };
  });
}

/** Whether a block holds a picture, a table or code (a part with one needs no minimum of words). */
function holdsMedia(node: RootContent): boolean {
  // A display formula is judged as code is: by the room it takes, not by its words.
  if (node.type === 'code' || node.type === 'math' || node.type === 'table' || isPicture(node)) return true;
  if (node.type === 'html') return /<(img|svg|video|table|pre)\b/i.test((node as Html).value);
  return node.type === 'paragraph' && node.children.some((child) => child.type === 'image' || child.type === 'imageReference');
}

/** Returns the words of a block a person reads on the slide (code blocks and pictures' alt text excluded; blocks inside
 * it counted apart, as a browser lays them out on lines of their own). */
export function wordsOnSlide(node: RootContent | ListItem | TableRow | TableCell, lang: string): number {
  if (node.type === 'code' || node.type === 'math') return 0;
  if (node.type === 'html') return countWords(stripTags((node as Html).value), lang);
  if (node.type === 'paragraph' || node.type === 'heading' || node.type === 'tableCell') return countWords(shownText(node, { includeHtml: false, includeImageAlt: false }), lang);
  if ('children' in node) return (node.children as RootContent[]).reduce((sum, child) => sum + wordsOnSlide(child, lang), 0);
  return countWords(shownText(node, { includeHtml: false, includeImageAlt: false }), lang);
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
      const shown = shownText(node, { includeImageAlt: false });
      if (images > 0 && !shown.trim()) return m.imageHeight + gap;
      // Inline formulas with fractions stand taller than a line of text.
      const tall = node.children.some((child) => child.type === 'inlineMath' && /\\(d?frac|binom|sum|int)/.test(child.value)) ? 0.4 * size : 0;
      return text(shown) + tall + (images > 0 ? m.imageHeight : 0) + gap;
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
    case 'math': {
      // A display formula (KaTeX sets it at 1.21em): a row per `\\`, and room for a fraction, sum or integral's height.
      const rows = node.value.split(/\\\\/).length;
      const tall = /\\(d?frac|sum|prod|int|oint|binom|over|underbrace|overbrace)\b/.test(node.value);
      return (rows * 1.3 + (tall ? 1 : 0)) * 1.21 * size + 0.6 * size + gap;
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
