// Finds the articles to build: every `.md` file under the given files and folders.
import { readdir, stat } from 'node:fs/promises';
import { extname, join, relative } from 'node:path';
import { DeckError, ExitCode } from '../model/errors.js';

/** Returns the Markdown files named by `paths` (files as given, folders searched recursively), sorted, without duplicates. */
export async function findArticles(paths: string[]): Promise<string[]> {
  const found = new Set<string>();
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (!info) throw new DeckError('no such file or folder', { code: ExitCode.input, file: path, hint: 'check the path' });
    if (info.isFile()) {
      found.add(path);
      continue;
    }
    const before = found.size;
    for (const file of await walk(path)) found.add(file);
    if (found.size === before) {
      throw new DeckError('no .md files in this folder', { code: ExitCode.input, file: path, hint: 'put Markdown articles in it, or name a file' });
    }
  }
  // Locale order, as people list files: it decides which of two articles with the same slug gets `-2`.
  return [...found].sort((a, b) => a.localeCompare(b));
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await walk(path)));
    else if (entry.isFile() && extname(entry.name).toLowerCase() === '.md') files.push(path);
  }
  return files;
}

/** Returns `path` relative to `cwd` when it lies inside it (for messages), else as given. */
export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') ? rel : path;
}
