// Where an output folder's built decks are: one folder each, named by the deck's slug, holding its deck.json.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** The file a built deck's folder holds (its Deck, and the inputs it was built from). */
export const deckFileName = 'deck.json';

/** Returns the folders of `outDir` a deck may be in, sorted: not hidden ones (a deck's staging folder) nor `_shared/` and the like. */
export async function deckDirs(outDir: string): Promise<string[]> {
  const entries = await readdir(outDir, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && !entry.name.startsWith('_'))
    .map((entry) => entry.name)
    .sort((a, b) => a.localeCompare(b))
    .map((name) => join(outDir, name));
}

/** Returns whether a folder holds a built deck (its deck.json). */
export function holdsDeck(dir: string): Promise<boolean> {
  return stat(join(dir, deckFileName)).then(
    (info) => info.isFile(),
    () => false,
  );
}
