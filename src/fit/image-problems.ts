// Finds the images of an article that a build leaves out of its deck (missing, absolute paths, not image files), each
// at its source line, by planning the article with the same image resolver the build uses: check and build agree.
import { parse } from 'node:path';
import type { Root } from 'mdast';
import { dressImages, localImages, type ImageRefusal } from '../write/assets.js';
import type { Problem } from './audit.js';
import { withinStack } from '../load/limits.js';
import type { Source } from '../load/source.js';
import type { DeckOptions } from '../model/deck.js';
import { planDeck } from '../plan/index.js';
import { slideRenderer, type RawHtml } from '../render/markdown.js';

export interface ImageProblemsInput {
  /** The article's path on disk. */
  file: string;
  /** The article's path as shown in messages. */
  shown: string;
  source: Source;
  /** The article's body, parsed as the build parses it (Liquid cleaned). */
  tree: Root;
  options: DeckOptions;
  /** The HTML parser the article needs (`rawHtmlFor`); none when it has no HTML. */
  raw?: RawHtml;
}

/** Returns one problem per image the build refuses; images outside the content folder are not judged (check does not know the folder the build was given). */
export function imageProblems(input: ImageProblemsInput): Problem[] {
  const refusals: ImageRefusal[] = [];
  const images = localImages({ file: input.file, shown: input.shown, root: parse(input.file).root, warn: () => undefined, refused: (refusal) => refusals.push(refusal) });
  const render = slideRenderer(input.tree, { images: images.rewrite, ...(input.raw ? { raw: input.raw } : {}) });
  const deck = withinStack(input.shown, input.tree, () => planDeck({ source: input.source, tree: input.tree, options: input.options, render }), (block) => render.blocks([block]));
  dressImages(deck, images, input.source.frontMatter.imageLine);
  return refusals.map((refusal) => ({
    line: refusal.line ?? 1,
    slide: 'image',
    message: refusal.reason === 'missing' ? `not found: ${refusal.path ?? refusal.url}` : `"${refusal.url}" ${refusal.problem}`,
  }));
}
