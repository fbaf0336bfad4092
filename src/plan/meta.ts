// The deck's metadata: title (front matter, else the first `#`, else the file name), subtitle, author, language.
import type { Heading, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { Source } from '../load/source.js';
import type { DeckMeta, DeckOptions } from '../model/deck.js';
import { detectLang } from './lang.js';

export interface MetaResult {
  meta: DeckMeta;
  /** A body heading that is the title (and so is not a section). */
  titleHeading?: Heading;
}

/** Returns the deck's metadata and the body heading that serves as its title, if any. */
export function deckMeta(source: Source, tree: Root, options: DeckOptions): MetaResult {
  const fm = source.frontMatter;
  const firstHeading = tree.children.find((node): node is Heading => node.type === 'heading');
  let title = fm.title;
  let titleHeading: Heading | undefined;
  if (firstHeading?.depth === 1) {
    const text = normalise(toString(firstHeading));
    if (title === undefined && text) {
      title = text;
      titleHeading = firstHeading;
    } else if (title !== undefined && text === normalise(title)) {
      titleHeading = firstHeading;
    }
  }
  title ??= titleFromSlug(source.path);
  const lang = options.lang === 'auto' ? detectLang(`${title}\n${toString(tree)}`) : options.lang;
  const meta: DeckMeta = { title, lang, tags: fm.tags, slug: source.slug, source: source.path };
  const subtitle = fm.subtitle ?? fm.excerpt;
  if (subtitle) meta.subtitle = subtitle.trim();
  if (fm.author) meta.author = fm.author;
  if (fm.date) meta.date = fm.date;
  if (fm.image) meta.image = fm.image;
  if (fm.ref) meta.ref = fm.ref;
  return titleHeading ? { meta, titleHeading } : { meta };
}

function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Returns a title made from a file name the way Jekyll does: date dropped, dashes to spaces, words capitalised. */
export function titleFromSlug(path: string): string {
  const name = (path.split(/[\\/]/).pop() ?? path).replace(/\.[^.]+$/, '').replace(/^\d{4}-\d{2}-\d{2}-/, '');
  const words = name.split(/[-_\s]+/).filter(Boolean);
  return words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join(' ') || 'Untitled';
}
