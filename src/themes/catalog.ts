// The themes a user can choose: the built-in ones and the local ones in the project's themes/ folder.
import { readdir, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { DeckError } from '../model/errors.js';
import { builtInThemesDir, listBuiltInThemes, loadTheme, localThemesDirName, type Theme } from '../render/theme.js';

export interface CatalogEntry {
  /** How to name it with --theme or `theme:`: a built-in name, or a path relative to the working folder. */
  ref: string;
  origin: 'built-in' | 'local';
  theme: Theme;
}

/** A local theme that could not be loaded, with the reason. */
export interface BrokenTheme {
  ref: string;
  error: DeckError;
}

export interface CatalogOptions {
  cwd: string;
  /** Extra theme names or paths to include (the config file's theme). */
  extra?: string[];
  builtIn?: string;
}

/** Returns every built-in theme, then every local theme (themes/<name>/ and `extra`), each loaded and checked; local themes that fail to load are returned apart. */
export async function listThemes(options: CatalogOptions): Promise<{ themes: CatalogEntry[]; broken: BrokenTheme[] }> {
  const builtIn = options.builtIn ?? builtInThemesDir;
  const entries: CatalogEntry[] = [];
  const broken: BrokenTheme[] = [];
  const seen = new Set<string>();
  const add = async (ref: string, origin: CatalogEntry['origin']): Promise<void> => {
    let theme: Theme;
    try {
      theme = await loadTheme(ref, { cwd: options.cwd, builtIn });
    } catch (error) {
      if (origin === 'built-in' || !(error instanceof DeckError)) throw error;
      broken.push({ ref, error });
      return;
    }
    const dir = theme.dirs[0]!;
    if (seen.has(dir)) return;
    seen.add(dir);
    entries.push({ ref, origin, theme });
  };
  for (const name of await listBuiltInThemes(builtIn)) await add(name, 'built-in');
  const local = join(options.cwd, localThemesDirName);
  for (const entry of (await readdir(local, { withFileTypes: true }).catch(() => [])).sort((a, b) => a.name.localeCompare(b.name))) {
    if (!entry.isDirectory()) continue;
    const isTheme = await stat(join(local, entry.name, 'theme.json')).then((info) => info.isFile(), () => false);
    if (isTheme) await add(`./${localThemesDirName}/${entry.name}`, 'local');
  }
  for (const ref of options.extra ?? []) {
    const known = await listBuiltInThemes(builtIn);
    if (known.includes(ref)) continue;
    const path = relative(options.cwd, resolve(options.cwd, ref)) || '.';
    await add(path.startsWith('.') ? path : `./${path}`, 'local');
  }
  return { themes: entries, broken };
}
