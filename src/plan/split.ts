// Splits an article's blocks into slide drafts by its headings, with levels taken relative to what the article uses.
import type { Heading, Html, PhrasingContent, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { Position, SlideKind } from '../model/deck.js';

/** A slide before rendering: its blocks are still mdast. */
export interface Draft {
  kind: SlideKind;
  title?: string;
  titleNodes?: PhrasingContent[];
  /** The section this draft belongs to (its stack), by index; undefined before the first section. */
  section?: number;
  blocks: RootContent[];
  attributes: Record<string, string>;
  position: Position;
}

export interface SectionOutline {
  index: number;
  heading: Heading;
}

export interface SplitResult {
  drafts: Draft[];
  sections: SectionOutline[];
}

/** Returns the drafts of an article's blocks: a section per top level in use, a slide per next level, `---` breaks. */
export function splitBlocks(blocks: RootContent[]): SplitResult {
  const depths = blocks.filter(isHeading).map((heading) => heading.depth);
  const sectionDepth = depths.length > 0 ? Math.min(...depths) : 7;
  const drafts: Draft[] = [];
  const sections: SectionOutline[] = [];

  const groups = groupBy(blocks, (node) => isHeading(node) && node.depth === sectionDepth);
  for (const group of groups) {
    if (!group.heading) {
      drafts.push(...byBreaks(group.blocks, { kind: 'content', position: startOf(group.blocks) }));
      continue;
    }
    const section = sections.length;
    sections.push({ index: section, heading: group.heading });
    const inner = group.blocks.filter(isHeading).map((heading) => heading.depth);
    const slideDepth = inner.length > 0 ? Math.min(...inner) : 7;
    const slides = groupBy(group.blocks, (node) => isHeading(node) && node.depth === slideDepth, true);
    for (const slide of slides) {
      const heading = slide.heading ?? group.heading;
      const isLead = !slide.heading;
      const hasContent = slide.blocks.some((node) => !isInvisible(node));
      const kind: SlideKind = isLead && !hasContent ? 'section' : 'content';
      drafts.push(...byBreaks(slide.blocks, { kind, heading, section, position: positionOf(heading) }));
    }
  }
  const kept = drafts.filter((draft) => draft.title !== undefined || draft.blocks.some((node) => !isInvisible(node)));
  return { drafts: kept, sections };
}

interface Group {
  heading?: Heading;
  blocks: RootContent[];
}

/** Returns runs of blocks, each opened by a block for which `opens` holds (the first run may have no opener). */
function groupBy(blocks: RootContent[], opens: (node: RootContent) => boolean, keepEmptyLead = false): Group[] {
  const groups: Group[] = [{ blocks: [] }];
  for (const node of blocks) {
    if (opens(node)) groups.push({ heading: node as Heading, blocks: [] });
    else groups[groups.length - 1]!.blocks.push(node);
  }
  const first = groups[0]!;
  return first.blocks.length === 0 && !keepEmptyLead ? groups.slice(1) : groups;
}

interface DraftStart {
  kind: SlideKind;
  heading?: Heading;
  section?: number;
  position: Position;
}

/** Returns one draft per run of blocks between `---` breaks; the first carries the heading, the rest are untitled. */
function byBreaks(blocks: RootContent[], start: DraftStart): Draft[] {
  const drafts: Draft[] = [];
  let current = openDraft(start);
  drafts.push(current);
  for (const node of blocks) {
    if (node.type === 'thematicBreak') {
      current = openDraft({ kind: 'content', position: positionOf(node), ...(start.section === undefined ? {} : { section: start.section }) });
      drafts.push(current);
      continue;
    }
    const attributes = slideAttributes(node);
    if (attributes) Object.assign(current.attributes, attributes);
    else current.blocks.push(node);
  }
  return drafts;
}

function openDraft(start: DraftStart): Draft {
  const draft: Draft = { kind: start.kind, blocks: [], attributes: {}, position: start.position };
  if (start.heading) {
    draft.titleNodes = start.heading.children;
    draft.title = toString(start.heading).replace(/\s+/g, ' ').trim();
  }
  if (start.section !== undefined) draft.section = start.section;
  return draft;
}

/** Returns the attributes of a `<!-- .slide: data-x="y" -->` comment, or undefined for any other block. */
export function slideAttributes(node: RootContent): Record<string, string> | undefined {
  if (node.type !== 'html') return undefined;
  const match = /^<!--\s*\.slide:\s*([\s\S]*?)\s*-->$/.exec((node as Html).value.trim());
  if (!match) return undefined;
  const attributes: Record<string, string> = {};
  for (const pair of match[1]!.matchAll(/([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))/g)) {
    const name = pair[1]!.toLowerCase();
    if (name === 'class' || name.startsWith('data-')) attributes[name] = pair[2] ?? pair[3] ?? pair[4] ?? '';
  }
  return attributes;
}

function isHeading(node: RootContent): node is Heading {
  return node.type === 'heading';
}

/** HTML comments and link definitions take no room on a slide. */
function isInvisible(node: RootContent): boolean {
  return node.type === 'definition' || (node.type === 'html' && /^<!--[\s\S]*-->$/.test(node.value.trim()));
}

function positionOf(node: RootContent): Position {
  return { line: node.position?.start.line ?? 1, column: node.position?.start.column ?? 1 };
}

function startOf(blocks: RootContent[]): Position {
  return blocks[0] ? positionOf(blocks[0]) : { line: 1, column: 1 };
}
