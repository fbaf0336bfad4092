// Prose to notes: long paragraphs keep their lead on the slide and go whole into the speaker notes; explicit notes are collected.
import type { Html, Paragraph, PhrasingContent, Root, RootContent } from 'mdast';
import type { ProseMode } from '../model/deck.js';
import { clonePlain } from '../model/clone.js';
import { countWords } from '../model/words.js';
import { plainText, slicePhrasing } from './phrasing.js';
import { splitSentences } from './sentences.js';

/** A block on its way to a slide, with the notes that belong to it. */
export interface Unit {
  node: RootContent;
  /** Explicit notes written after the block (condensed prose carries its notes on its node: see `notesIn`). */
  notes: RootContent[];
  /** The block's prose was shortened on the slide (its whole text is in `notes`). */
  condensed: boolean;
  /** A lead-in that must stay on the same slide as the block after it (a bold sub-heading before a list, a heading). */
  glue: boolean;
}

export interface NotesOptions {
  prose: ProseMode;
  /** A paragraph with more words than this is condensed. */
  proseWords: number;
  lang: string;
  /** Parses Markdown (for notes written inside an HTML comment). */
  parse: (text: string) => Root;
}

const notesOpen = /^<!--\s*(?:speaker\s+)?notes\s*:?\s*([\s\S]*?)\s*-->$/i;
const notesClose = /^<!--\s*\/\s*notes\s*-->$/i;

/** Returns the blocks of one slide as units: prose condensed per the options, explicit notes attached to the block before them. */
export function condenseBlocks(blocks: readonly RootContent[], options: NotesOptions): Unit[] {
  const units: Unit[] = [];
  const pending: RootContent[] = [];
  let inNotes = false;
  const addNotes = (nodes: RootContent[]): void => {
    const last = units[units.length - 1];
    if (last) last.notes.push(...nodes);
    else pending.push(...nodes);
  };
  for (const original of blocks) {
    if (original.type === 'html') {
      const value = (original as Html).value.trim();
      if (notesClose.test(value)) {
        inNotes = false;
        continue;
      }
      const open = notesOpen.exec(value);
      if (open) {
        if (open[1]) addNotes(options.parse(open[1]).children);
        else inNotes = true;
        continue;
      }
    }
    if (inNotes) {
      addNotes([original]);
      continue;
    }
    const unit = condenseBlock(clonePlain(original), options);
    if (pending.length > 0) unit.notes.unshift(...pending.splice(0));
    units.push(unit);
  }
  if (pending.length > 0 && units.length === 0) units.push({ node: { type: 'html', value: '' }, notes: pending, condensed: false, glue: false });
  markLeadIns(units);
  return units;
}

/** Returns a unit for one block, its long paragraphs condensed (the node is a copy the caller may change). */
function condenseBlock(node: RootContent, options: NotesOptions): Unit {
  const unit: Unit = { node, notes: [], condensed: false, glue: node.type === 'heading' };
  if (options.prose === 'slide') return unit;
  // Paragraphs over proseWords are condensed (1.5 times that inside list items, quotes and footnotes); each lead carries its note.
  for (const place of paragraphsOf(unit)) {
    const lead = leadOf(place.paragraph, options, options.proseWords * (place.nested ? 1.5 : 1));
    if (lead) place.replace(withNotes(lead.slide, [lead.note]));
  }
  return unit;
}

/** A paragraph of a unit, where it stands: on its own or inside a list, quote or footnote. */
interface ParagraphPlace {
  paragraph: Paragraph;
  unit: Unit;
  nested: boolean;
  /** Puts a condensed paragraph in its place (and marks the unit condensed). */
  replace(next: Paragraph): void;
}

/** Returns the paragraphs of a unit a planner may condense, in document order. */
function paragraphsOf(unit: Unit): ParagraphPlace[] {
  const places: ParagraphPlace[] = [];
  if (unit.node.type === 'paragraph') {
    places.push({ paragraph: unit.node, unit, nested: false, replace: (next) => ((unit.node = next), (unit.condensed = true)) });
    return places;
  }
  const visit = (parent: { children: RootContent[] }): void => {
    parent.children.forEach((child, index) => {
      if (child.type === 'paragraph') places.push({ paragraph: child, unit, nested: true, replace: (next) => ((parent.children[index] = next), (unit.condensed = true)) });
      else if (child.type === 'list' || child.type === 'listItem' || child.type === 'blockquote' || child.type === 'footnoteDefinition') visit(child as { children: RootContent[] });
    });
  };
  if (unit.node.type === 'list' || unit.node.type === 'blockquote' || unit.node.type === 'footnoteDefinition') visit(unit.node as { children: RootContent[] });
  return places;
}

/** Words and estimated height (px) of what a slide shows. */
export interface Load {
  words: number;
  height: number;
}

/**
 * Condenses more paragraphs, longest first, until the units' load (`load`, kept up to date with what `weigh` says of
 * each paragraph before and after) is within `room`: paragraphs still whole become their key phrase or lead
 * sentence, the whole paragraph going to the notes. Returns whether it fits.
 */
export function condenseToFit(units: readonly Unit[], options: NotesOptions, load: Load, room: Load, weigh: (paragraph: Paragraph) => Load, minWords = 10): boolean {
  const current = { ...load };
  const fits = (): boolean => current.words <= room.words && current.height <= room.height;
  if (fits()) return true;
  if (options.prose === 'slide') return false;
  const candidates = units
    .flatMap(paragraphsOf)
    .filter((place) => !hasNotes(place.paragraph))
    .map((place) => ({ place, words: countWords(plainText(place.paragraph.children), options.lang) }))
    .filter((candidate) => candidate.words > minWords)
    .sort((a, b) => b.words - a.words);
  for (const { place } of candidates) {
    const lead = leadOf(place.paragraph, options, minWords, true);
    if (!lead) continue;
    const before = weigh(place.paragraph);
    const after = weigh(lead.slide);
    place.replace(withNotes(lead.slide, [lead.note]));
    current.words += after.words - before.words;
    current.height += after.height - before.height;
    if (fits()) return true;
  }
  return false;
}

function hasNotes(node: RootContent): boolean {
  return ((node as { data?: { notes?: unknown[] } }).data?.notes?.length ?? 0) > 0;
}

/** Returns the node with speaker notes attached (they travel with it when its slide is split). */
function withNotes<T extends RootContent>(node: T, notes: RootContent[]): T {
  return { ...node, data: { ...node.data, notes } } as T;
}

/** Returns the notes attached to a node and its descendants, in document order. */
export function notesIn(node: RootContent | { children?: unknown; data?: unknown }): RootContent[] {
  const own = ((node as { data?: { notes?: RootContent[] } }).data?.notes ?? []);
  const children = ((node as { children?: RootContent[] }).children ?? []);
  return [...own, ...children.flatMap((child) => notesIn(child))];
}

/** Returns the slide lead and the note of a paragraph over `most` words, or undefined when it stays whole; `headline`
 * prefers the paragraph's bold phrase to its first sentence even when the sentence holds it. */
function leadOf(paragraph: Paragraph, options: NotesOptions, most: number, headline = false): { slide: Paragraph; note: RootContent } | undefined {
  const text = plainText(paragraph.children);
  if (countWords(text, options.lang) <= most) return undefined;
  if (isBoldOnly(paragraph) || paragraph.children.every((child) => child.type === 'image' || (child.type === 'text' && !child.value.trim()))) return undefined;
  const sentences = splitSentences(text, options.lang);
  // A first sentence of a word or two ("**Water.** Two litres …") is a label, not a point: its point, the next
  // sentence, stays with it.
  const short = sentences.length >= 3 && countWords(sentences[0]!, options.lang) < 3;
  const firstLength = (sentences[0]?.length ?? text.length) + (short ? sentences[1]!.length : 0);
  const label = labelOf(paragraph);
  const key = label ? undefined : keyPhrase(paragraph, headline ? 0 : firstLength, options.lang);
  let lead: PhrasingContent[];
  let rest: PhrasingContent[] | undefined;
  if (key) {
    // A phrase taken from inside a sentence reads as a headline: it starts with a capital.
    lead = [key === paragraph.children[0] ? key : capitalised(key, options.lang)];
  } else if (label && sentences.length >= 2) {
    // A bold label with its point ("**Data**: … . …"): the label stays, with the first sentence of its point.
    lead = slicePhrasing(paragraph.children, firstLength);
    rest = cutFront(paragraph.children, firstLength);
  } else {
    if (sentences.length < 2) return undefined;
    lead = slicePhrasing(paragraph.children, firstLength);
    rest = cutFront(paragraph.children, firstLength);
  }
  // Pictures stay on the slide even when the sentence around them goes to the notes.
  const pictures = paragraph.children.filter((child) => (child.type === 'image' || child.type === 'imageReference') && !lead.includes(child));
  if (pictures.length > 0) lead = [...lead, ...pictures];
  const slide: Paragraph = { ...paragraph, children: lead };
  const whole: Paragraph = options.prose === 'lead' && rest ? { ...paragraph, children: rest } : paragraph;
  return { slide, note: whole };
}

/** The bold phrase that stands for a paragraph: the one it opens with (a headline of 3 to 15 words), or its only bold
 * phrase of 3 words or more when that is not already in the first sentence (which would show it anyway). */
function keyPhrase(paragraph: Paragraph, firstLength: number, lang: string): PhrasingContent | undefined {
  const first = paragraph.children[0];
  if (first?.type === 'strong') {
    const text = plainText([first]);
    const words = countWords(text, lang);
    // A bold opener of a word or two is a label: it keeps its point (leadOf), never shown alone.
    return words >= 3 && words <= 15 ? first : undefined;
  }
  const strong = paragraph.children.filter((child) => child.type === 'strong');
  if (strong.length !== 1) return undefined;
  const only = strong[0]!;
  const before = plainText(paragraph.children.slice(0, paragraph.children.indexOf(only))).length;
  const words = countWords(plainText([only]), lang);
  return before >= firstLength && words >= 3 && words <= 15 ? only : undefined;
}

/** Returns inline content whose first letter is a capital (in scripts that have them). */
function capitalised(node: PhrasingContent, lang: string): PhrasingContent {
  if (node.type === 'text') return { ...node, value: node.value.replace(/^(\s*["'“‘(]?)(\p{Ll})/u, (_, before: string, letter: string) => before + letter.toLocaleUpperCase(lang)) };
  if ('children' in node && node.children.length > 0) {
    const [first, ...rest] = node.children as PhrasingContent[];
    return { ...node, children: [capitalised(first!, lang), ...rest] } as PhrasingContent;
  }
  return node;
}

/** The bold label a paragraph opens with (`**Data**: …`, `**Data** — …`), if it has one. */
function labelOf(paragraph: Paragraph): PhrasingContent | undefined {
  const [first, second] = paragraph.children;
  if (first?.type !== 'strong') return undefined;
  const labelEnds = /[:：]\s*$/.test(plainText([first])) || /^\s*([:：]|[-–—]\s)/.test(second?.type === 'text' ? second.value : '');
  return labelEnds ? first : undefined;
}

/** Returns the inline content after the first `length` characters of its plain text. */
function cutFront(nodes: readonly PhrasingContent[], length: number): PhrasingContent[] {
  const out: PhrasingContent[] = [];
  let used = 0;
  for (const node of nodes) {
    const size = plainText([node]).length;
    if (used >= length) out.push(node);
    else if (used + size <= length) {
      // wholly before the cut
    } else if (node.type === 'text') out.push({ ...node, value: node.value.slice(length - used) });
    else if ('children' in node) out.push({ ...node, children: cutFront(node.children as PhrasingContent[], length - used) } as PhrasingContent);
    else out.push(node);
    used += size;
  }
  const first = out[0];
  if (first?.type === 'text') out[0] = { ...first, value: first.value.replace(/^\s+/, '') };
  return out;
}

/** Returns whether a paragraph is nothing but bold text (a sub-heading in disguise). */
export function isBoldOnly(paragraph: Paragraph): boolean {
  const parts = paragraph.children.filter((child) => !(child.type === 'text' && !child.value.trim()));
  return parts.length > 0 && parts.every((child) => child.type === 'strong');
}

/** A bold-only paragraph, or one ending in a colon, right before a list is its lead-in: styled as a sub-heading and kept with the list. */
function markLeadIns(units: Unit[]): void {
  for (const [index, unit] of units.entries()) {
    const next = units[index + 1];
    if (unit.node.type !== 'paragraph' || next?.node.type !== 'list') continue;
    const paragraph = unit.node;
    if (isBoldOnly(paragraph)) {
      paragraph.data = { ...paragraph.data, hProperties: { ...(paragraph.data?.hProperties ?? {}), className: ['lead-in'] } };
      unit.glue = true;
    } else if (/[:：]\s*$/.test(plainText(paragraph.children))) {
      unit.glue = true;
    }
  }
}
