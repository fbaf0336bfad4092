// Prose to notes: long paragraphs keep their lead on the slide and go whole into the speaker notes; explicit notes are collected.
import type { Html, Paragraph, PhrasingContent, Root, RootContent } from 'mdast';
import type { ProseMode } from '../model/deck.js';
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
    const unit = condenseBlock(structuredClone(original), options);
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
  if (node.type === 'paragraph') {
    const lead = leadOf(node, options);
    if (lead) {
      unit.node = withNotes(lead.slide, [lead.note]);
      unit.condensed = true;
    }
  } else if (node.type === 'list' || node.type === 'blockquote' || node.type === 'footnoteDefinition') {
    // Long paragraphs inside list items, quotes and footnotes are condensed the same way; each lead carries its note.
    const visit = (parent: { children: RootContent[] }): void => {
      parent.children = parent.children.map((child) => {
        if (child.type === 'paragraph') {
          const lead = leadOf(child, options, 1.5);
          if (lead) {
            unit.condensed = true;
            return withNotes(lead.slide, [lead.note]);
          }
          return child;
        }
        if (child.type === 'list' || child.type === 'listItem' || child.type === 'blockquote') visit(child as { children: RootContent[] });
        return child;
      });
    };
    visit(node as { children: RootContent[] });
  }
  return unit;
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

/** Returns the slide lead and the note of a paragraph too long for a slide, or undefined when it stays whole. */
function leadOf(paragraph: Paragraph, options: NotesOptions, factor = 1): { slide: Paragraph; note: RootContent } | undefined {
  const text = plainText(paragraph.children);
  if (countWords(text, options.lang) <= options.proseWords * factor) return undefined;
  if (isBoldOnly(paragraph) || paragraph.children.every((child) => child.type === 'image' || (child.type === 'text' && !child.value.trim()))) return undefined;
  const sentences = splitSentences(text, options.lang);
  const firstLength = sentences[0]?.length ?? text.length;
  const key = keyPhrase(paragraph, firstLength);
  let lead: PhrasingContent[];
  let rest: PhrasingContent[] | undefined;
  if (key) {
    lead = [key];
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

/** The bold phrase that stands for a paragraph: the one it opens with, or its only bold phrase (3 words or more) when
 * that is not already in the first sentence (which would show it anyway). */
function keyPhrase(paragraph: Paragraph, firstLength: number): PhrasingContent | undefined {
  const first = paragraph.children[0];
  if (first?.type === 'strong') {
    const words = countWords(plainText([first]));
    return words >= 1 && words <= 15 ? first : undefined;
  }
  const strong = paragraph.children.filter((child) => child.type === 'strong');
  if (strong.length !== 1) return undefined;
  const only = strong[0]!;
  const before = plainText(paragraph.children.slice(0, paragraph.children.indexOf(only))).length;
  const words = countWords(plainText([only]));
  return before >= firstLength && words >= 3 && words <= 15 ? only : undefined;
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
