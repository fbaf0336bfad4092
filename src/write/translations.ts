// Links between decks that translate one another: articles that share a front matter `ref` in different languages.
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Deck, DeckMeta } from '../model/deck.js';
import { deckDirs, deckFileName } from './decks.js';

/** What a deck's translation links need to know about another deck. */
export type DeckRef = Pick<DeckMeta, 'slug' | 'lang' | 'title' | 'ref'>;

/** A link from a deck to its version in another language, relative to the deck's page. */
export interface TranslationLink {
  lang: string;
  title: string;
  href: string;
}

/** Returns the decks in other languages that share `deck`'s ref, one per language, ordered by language, with links from its page. */
export function translationsOf(deck: DeckRef, decks: DeckRef[]): TranslationLink[] {
  if (!deck.ref) return [];
  const byLang = new Map<string, DeckRef>();
  for (const other of decks) {
    if (other.ref !== deck.ref || other.slug === deck.slug || sameLanguage(other.lang, deck.lang) || byLang.has(other.lang)) continue;
    byLang.set(other.lang, other);
  }
  return [...byLang.values()]
    .sort((a, b) => a.lang.localeCompare(b.lang))
    .map((other) => ({ lang: other.lang, title: other.title, href: `../${encodeURIComponent(other.slug)}/index.html` }));
}

/** Returns the decks of this build followed by decks already in `outDir` that the build neither rebuilds nor replaces (same ref and language). */
export async function knownDecks(outDir: string, built: DeckRef[]): Promise<DeckRef[]> {
  const slugs = new Set(built.map((deck) => deck.slug));
  const versions = new Set(built.filter((deck) => deck.ref).map((deck) => `${deck.ref}\u0000${deck.lang}`));
  const existing: DeckRef[] = [];
  for (const dir of await deckDirs(outDir)) {
    const name = basename(dir);
    if (slugs.has(name)) continue;
    const text = await readFile(join(dir, deckFileName), 'utf8').catch(() => undefined);
    const meta = text ? parseMeta(text) : undefined;
    if (!meta?.ref || meta.slug !== name || versions.has(`${meta.ref}\u0000${meta.lang}`)) continue;
    existing.push({ slug: meta.slug, lang: meta.lang, title: meta.title, ref: meta.ref });
  }
  return [...built, ...existing];
}

function parseMeta(text: string): DeckMeta | undefined {
  try {
    const meta = (JSON.parse(text) as Partial<Deck>).meta;
    return meta && typeof meta.slug === 'string' && typeof meta.lang === 'string' && typeof meta.title === 'string' ? meta : undefined;
  } catch {
    return undefined;
  }
}

function sameLanguage(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
