// The planner: a pure function from an article's tree to the Deck (title, agenda, sections, slides, closing).
import type { Definition, FootnoteDefinition, Root, RootContent } from 'mdast';
import type { Source } from '../load.js';
import type { Deck, DeckOptions, Slide } from '../model.js';
import type { ImageRewrite } from '../render/images.js';
import { escapeHtml, renderBlocks, renderInline, safeSlideAttributes, type MarkdownContext } from '../render/markdown.js';
import { createIds } from './ids.js';
import { deckMeta } from './meta.js';
import { splitBlocks, type Draft } from './split.js';

export interface PlanInput {
  source: Source;
  tree: Root;
  options: DeckOptions;
  /** Trust raw HTML in the article. */
  unsafeHtml?: boolean;
  /** Rewrites image URLs (see render/images.ts). */
  images?: ImageRewrite;
}

/** Returns the Deck for an article: plain data, ready for any theme. */
export function planDeck(input: PlanInput): Deck {
  const { source, tree, options } = input;
  const { meta, titleHeading } = deckMeta(source, tree, options);
  const definitions = tree.children.filter((node): node is Definition | FootnoteDefinition => node.type === 'definition' || node.type === 'footnoteDefinition');
  const blocks = tree.children.filter((node) => node !== titleHeading && node.type !== 'definition' && node.type !== 'yaml');
  const context: MarkdownContext = { definitions, unsafeHtml: input.unsafeHtml ?? false, ...(input.images ? { images: input.images } : {}) };
  const { drafts, sections } = splitBlocks(blocks);

  const nextId = createIds(['title', 'agenda', 'closing']);
  const sectionIds = new Map<number, string>();
  const slides: Slide[] = [titleSlide(meta.title)];
  const body = drafts.map((draft) => {
    const slide = toSlide(draft, context, nextId);
    if (draft.section !== undefined) {
      if (!sectionIds.has(draft.section)) sectionIds.set(draft.section, slide.id);
      slide.stack = sectionIds.get(draft.section)!;
    }
    return slide;
  });
  if (options.agenda && sections.length > 0) {
    const items = sections
      .map((section) => {
        const id = sectionIds.get(section.index) ?? '';
        return `<li><a href="#/${escapeHtml(id)}">${renderInline(section.heading.children, context)}</a></li>`;
      })
      .join('');
    slides.push({ id: 'agenda', kind: 'agenda', html: `<ol class="agenda-list">${items}</ol>`, notes: [], position: { line: 1, column: 1 } });
  }
  slides.push(...body);
  if (options.closing) slides.push({ id: 'closing', kind: 'closing', html: '', notes: [], position: lastLine(tree) });
  return { meta, options: { ...options, lang: meta.lang }, slides };
}

function titleSlide(title: string): Slide {
  return { id: 'title', kind: 'title', title, titleHtml: escapeHtml(title), html: '', notes: [], position: { line: 1, column: 1 } };
}

function toSlide(draft: Draft, context: MarkdownContext, nextId: (title: string | undefined, fallback: string) => string): Slide {
  const slide: Slide = {
    id: nextId(draft.title, 'slide'),
    kind: draft.kind,
    html: renderBlocks(draft.blocks, context),
    notes: [],
    position: draft.position,
  };
  if (draft.title !== undefined) slide.title = draft.title;
  if (draft.titleNodes) slide.titleHtml = renderInline(draft.titleNodes, context);
  if (Object.keys(draft.attributes).length > 0) slide.attributes = context.unsafeHtml ? draft.attributes : safeSlideAttributes(draft.attributes);
  return slide;
}

function lastLine(tree: Root): { line: number; column: number } {
  const last: RootContent | undefined = tree.children[tree.children.length - 1];
  return { line: last?.position?.end.line ?? 1, column: 1 };
}
