// Maps a request's URL path to a file inside a served folder, refusing everything that could lead outside it.
import { realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';

/** A request path split into safe segments, or the status that refuses it. */
export type ParsedPath = { ok: true; segments: string[]; directory: boolean } | { ok: false; status: 400; reason: string };

/** Returns the decoded segments of a request target (`/a/b/?q`), or 400 for `.`/`..`, encoded slashes, backslashes, NUL or an empty segment. */
export function parseRequestPath(target: string): ParsedPath {
  if (!target.startsWith('/')) return refuse('the request target is not a path');
  const path = target.replace(/[?#].*$/s, '');
  const raw = path.slice(1).split('/');
  const directory = raw[raw.length - 1] === '';
  if (directory) raw.pop();
  const segments: string[] = [];
  for (const part of raw) {
    let segment: string;
    try {
      segment = decodeURIComponent(part);
    } catch {
      return refuse('the path is not valid percent-encoding');
    }
    if (segment === '') return refuse('the path has an empty segment');
    if (segment === '.' || segment === '..') return refuse('the path climbs out of its folder');
    if (/[/\\\0]/.test(segment)) return refuse('the path holds an encoded slash, a backslash or NUL');
    if (/^[a-z]:/i.test(segment) && segments.length === 0) return refuse('the path names a drive');
    segments.push(segment);
  }
  return { ok: true, segments, directory };
}

function refuse(reason: string): ParsedPath {
  return { ok: false, status: 400, reason };
}

/** What a safe lookup found: a regular file inside the root, a folder, nothing, or a link leading outside. */
export type Lookup = { kind: 'file'; path: string; size: number } | { kind: 'directory' } | { kind: 'missing' } | { kind: 'outside' };

/** Returns the file the segments name under `root`, with every symbolic link resolved and checked to stay inside `root`. */
export async function lookupInside(root: string, segments: string[]): Promise<Lookup> {
  const realRoot = await realpath(root).catch(() => undefined);
  if (!realRoot) return { kind: 'missing' };
  const real = await realpath(join(realRoot, ...segments)).catch(() => undefined);
  if (!real) return { kind: 'missing' };
  if (real !== realRoot && !real.startsWith(realRoot.endsWith(sep) ? realRoot : realRoot + sep)) return { kind: 'outside' };
  const info = await stat(real).catch(() => undefined);
  if (!info) return { kind: 'missing' };
  if (info.isDirectory()) return { kind: 'directory' };
  if (!info.isFile()) return { kind: 'missing' };
  return { kind: 'file', path: real, size: info.size };
}

/** Content types by file extension; anything else is sent as bytes. */
const contentTypes: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  json: 'application/json; charset=utf-8',
  map: 'application/json; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  ico: 'image/x-icon',
  woff: 'font/woff',
  woff2: 'font/woff2',
  ttf: 'font/ttf',
  otf: 'font/otf',
  pdf: 'application/pdf',
  mp4: 'video/mp4',
  webm: 'video/webm',
  mp3: 'audio/mpeg',
  ogg: 'audio/ogg',
  wav: 'audio/wav',
};

/** Returns the Content-Type for a file name. */
export function contentTypeOf(name: string): string {
  const ext = /\.([^./\\]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
  return contentTypes[ext] ?? 'application/octet-stream';
}

/** Extensions of the files an article may show (images, video, audio): the only ones served from an article's own folder. */
export const mediaExtensions = new Set(['svg', 'png', 'jpg', 'jpeg', 'gif', 'webp', 'avif', 'ico', 'mp4', 'webm', 'mp3', 'ogg', 'wav', 'pdf']);

/** Returns whether a request for `name` may be answered from an article's folder. */
export function isMedia(name: string): boolean {
  const ext = /\.([^./\\]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
  return !name.startsWith('.') && mediaExtensions.has(ext);
}
