// Reads an article: bytes -> text -> YAML front matter + Markdown body, validated.
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { parseDocument, isMap } from 'yaml';
import { DeckError, ExitCode } from '../model/errors.js';

/** The front matter keys briefdeck reads; every other key is kept in `extra` and ignored. */
export interface FrontMatter {
  title?: string;
  subtitle?: string;
  excerpt?: string;
  author?: string;
  /** The date as written, reduced to YYYY-MM-DD. */
  date?: string;
  tags: string[];
  image?: string;
  /** The file line of the `image` key, for messages about it. */
  imageLine?: number;
  toc?: boolean;
  lang?: string;
  ref?: string;
  slug?: string;
  theme?: string;
  /** `use_math` (or `math`): typeset the article's formulas (true), leave every dollar as written (false); absent: detected. */
  math?: boolean;
  /** Also write an editable PowerPoint. */
  pptx?: boolean;
  themeVars: Record<string, string>;
  /** `deck:` options for this article. */
  deck: Record<string, unknown>;
}

export interface Source {
  /** The file as named to the build. */
  path: string;
  slug: string;
  frontMatter: FrontMatter;
  /** The Markdown body; front matter lines are blanked so positions are file positions. */
  body: string;
}

/** Returns the Source read from a file; throws DeckError (exit 3) for unreadable or invalid input. */
export async function loadSource(path: string): Promise<Source> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const what = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a folder' : `cannot read (${code ?? 'error'})`;
    throw new DeckError(what, { code: ExitCode.input, file: path, hint: 'check the path', cause: error });
  }
  return parseSource(path, decode(path, bytes));
}

/** Returns the text of a file's bytes: UTF-8, without BOM, with LF line ends. */
export function decode(path: string, bytes: Uint8Array): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new DeckError('saved as UTF-16', { code: ExitCode.input, file: path, hint: 'save the file as UTF-8' });
  }
  if (bytes.includes(0)) {
    throw new DeckError('not a text file (it contains NUL bytes)', { code: ExitCode.input, file: path, hint: 'only Markdown articles can be built' });
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch (error) {
    const line = lineOfInvalidUtf8(bytes);
    throw new DeckError('invalid UTF-8', { code: ExitCode.input, file: path, line, hint: 'save the file as UTF-8', cause: error });
  }
  return text.replace(/\r\n?/g, '\n');
}

function lineOfInvalidUtf8(bytes: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      try {
        decoder.decode(bytes.subarray(start, i));
      } catch {
        return line;
      }
      line++;
      start = i + 1;
    }
  }
  return line;
}

/** Returns the Source for an article's text (pure: no disk). */
export function parseSource(path: string, text: string): Source {
  if (text.trim() === '') {
    throw new DeckError('the article is empty', { code: ExitCode.input, file: path, hint: 'write some Markdown in it, or move it out of the content folder' });
  }
  const lines = text.split('\n');
  let frontMatter: FrontMatter = { tags: [], themeVars: {}, deck: {} };
  let body = text;
  if (lines[0]?.trimEnd() === '---') {
    const end = lines.findIndex((line, index) => index > 0 && /^(---|\.\.\.)\s*$/.test(line));
    if (end === -1) {
      throw new DeckError('front matter is never closed', {
        code: ExitCode.input,
        file: path,
        line: 1,
        hint: "end it with a line holding only '---'",
      });
    }
    frontMatter = readFrontMatter(path, lines.slice(1, end).join('\n'));
    body = '\n'.repeat(end + 1) + lines.slice(end + 1).join('\n');
  }
  return { path, slug: frontMatter.slug ?? slugFromPath(path), frontMatter, body };
}

/** Returns a file-system-safe slug from a file name, without a Jekyll date prefix. */
export function slugFromPath(path: string): string {
  const name = basename(path, extname(path)).replace(/^\d{4}-\d{2}-\d{2}-/, '');
  return safeSlug(name) || 'deck';
}

/** Returns a lower-case slug of letters, digits and dashes (any script). */
export function safeSlug(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
}

function readFrontMatter(path: string, yamlText: string): FrontMatter {
  const document = parseDocument(yamlText, { prettyErrors: false, uniqueKeys: false });
  const problem = document.errors[0];
  if (problem) {
    const yamlLines = yamlText.split('\n').length;
    const line = Math.min(yamlText.slice(0, problem.pos[0]).split('\n').length, yamlLines) + 1;
    const message = problem.message.split('\n')[0] ?? 'invalid YAML';
    throw new DeckError(`invalid YAML front matter: ${message}`, { code: ExitCode.input, file: path, line, hint: 'fix the YAML between the --- lines' });
  }
  if (document.contents === null) return { tags: [], themeVars: {}, deck: {} };
  if (!isMap(document.contents)) {
    throw new DeckError('front matter must be a mapping of keys to values', { code: ExitCode.input, file: path, line: 2, hint: 'write it as `key: value` lines' });
  }
  let data: Record<string, unknown>;
  try {
    data = document.toJS({ maxAliasCount: 100 }) as Record<string, unknown>;
  } catch (error) {
    // yaml refuses alias chains that expand without bound (a "billion laughs"); anything else here is a bug.
    if (!/alias/i.test((error as Error).message)) throw error;
    throw new DeckError('front matter expands too many YAML aliases', { code: ExitCode.input, file: path, line: 2, hint: 'remove the repeated *alias references', cause: error });
  }
  const lineOf = (key: string): number => {
    const pair = isMap(document.contents) ? document.contents.items.find((item) => String((item.key as { value?: unknown })?.value) === key) : undefined;
    const offset = (pair?.key as { range?: [number] } | undefined)?.range?.[0] ?? 0;
    return yamlText.slice(0, offset).split('\n').length + 1;
  };
  const wrong = (key: string, expected: string): DeckError =>
    new DeckError(`front matter \`${key}\` must be ${expected}`, { code: ExitCode.input, file: path, line: lineOf(key), hint: 'fix or remove the key' });

  const text = (key: string): string | undefined => {
    const value = data[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    throw wrong(key, 'text');
  };
  const flag = (key: string): boolean | undefined => {
    const value = data[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'boolean') return value;
    throw wrong(key, 'true or false');
  };
  const record = (key: string): Record<string, unknown> => {
    const value = data[key];
    if (value === undefined || value === null) return {};
    if (typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)) return value as Record<string, unknown>;
    throw wrong(key, 'a mapping of keys to values');
  };

  const result: FrontMatter = { tags: readTags(data['tags'], () => wrong('tags', 'a list or a space-separated text')), themeVars: {}, deck: record('deck') };
  const assign = <K extends keyof FrontMatter>(key: K, value: FrontMatter[K] | undefined): void => {
    if (value !== undefined) result[key] = value;
  };
  assign('title', text('title')?.trim() || undefined);
  assign('subtitle', text('subtitle'));
  assign('excerpt', text('excerpt'));
  assign('author', readAuthor(data['author'], () => wrong('author', 'a name or a mapping with `name`')));
  assign('date', readDate(data['date'], () => wrong('date', 'a real date (YYYY-MM-DD, optionally with a time)')));
  assign('image', readImage(data['image'], () => wrong('image', 'an image path or URL')));
  if (result.image !== undefined) result.imageLine = lineOf('image');
  assign('toc', flag('toc'));
  assign('lang', text('lang'));
  assign('ref', text('ref'));
  const slug = text('slug');
  if (slug !== undefined) assign('slug', safeSlug(slug) || undefined);
  assign('theme', text('theme'));
  assign('math', flag('use_math') ?? flag('math'));
  assign('pptx', flag('pptx'));
  for (const [key, value] of Object.entries(record('theme_vars'))) {
    if (typeof value === 'object' && value !== null) throw wrong('theme_vars', 'a mapping of names to text values');
    result.themeVars[key] = String(value);
  }
  return result;
}

function readTags(value: unknown, wrong: () => DeckError): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return value.split(/\s+/).filter(Boolean);
  if (Array.isArray(value) && value.every((tag) => typeof tag === 'string' || typeof tag === 'number')) {
    return value.map((tag) => String(tag).trim()).filter(Boolean);
  }
  throw wrong();
}

function readAuthor(value: unknown, wrong: () => DeckError): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'object' && !Array.isArray(value) && typeof (value as { name?: unknown }).name === 'string') {
    return (value as { name: string }).name;
  }
  throw wrong();
}

function readImage(value: unknown, wrong: () => DeckError): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'object' && !Array.isArray(value)) {
    const path = (value as { path?: unknown; url?: unknown }).path ?? (value as { url?: unknown }).url;
    if (typeof path === 'string') return path;
  }
  throw wrong();
}

/** Returns YYYY-MM-DD for a front-matter date, or throws through `wrong` when it is no real date. */
function readDate(value: unknown, wrong: () => DeckError): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw wrong();
    return value.toISOString().slice(0, 10);
  }
  if (typeof value !== 'string') throw wrong();
  const match = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T\s])/.exec(value.trim());
  if (!match) throw wrong();
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) throw wrong();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
