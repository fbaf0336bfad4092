// Fetches remote pictures at build time into a cache shared by every build (one file per URL), so a deck refers only to
// local copies and a picture is downloaded once. Each download is bounded in time and size, and kept only when the
// server calls it an image and its bytes are one (PNG, JPEG, GIF, WebP, AVIF, BMP, ICO or SVG).
import { createHash, randomBytes } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/** The picture types kept, by the file extension they are stored and copied with. */
export type ImageExtension = 'png' | 'jpg' | 'gif' | 'webp' | 'avif' | 'bmp' | 'ico' | 'svg';

const extensions: readonly ImageExtension[] = ['png', 'jpg', 'gif', 'webp', 'avif', 'svg', 'bmp', 'ico'];

/** A fetch's outcome: the cached file, or why there is none (`could not be fetched (<problem>)`). */
export type Fetched = { ok: true; file: string; extension: ImageExtension } | { ok: false; problem: string };

export interface FetcherOptions {
  /** The cache folder (see `cacheDirOf`); pictures go in its `images/` folder. */
  cacheDir: string;
  /** Longest wait for one picture, body included (ms; default 15 000). */
  timeout?: number;
  /** Largest picture kept (bytes; default 20 MB). */
  maxBytes?: number;
  /** Downloads at once (default 6). */
  concurrency?: number;
  /** Stops every download (Ctrl-C). */
  signal?: AbortSignal;
}

/** Fetches remote pictures through the cache; one per build run. */
export interface ImageFetcher {
  /** Returns what is known of a URL now, without waiting: this run's result, or the cached file. */
  peek(url: string): Fetched | undefined;
  /** Returns the picture of a URL, fetched once per run (and not at all when it is cached). */
  get(url: string): Promise<Fetched>;
}

/** Returns the cache folder: `BRIEFDECK_CACHE_DIR`, else `$XDG_CACHE_HOME/briefdeck`, else `~/.cache/briefdeck`. */
export function cacheDirOf(env: NodeJS.ProcessEnv, cwd: string): string {
  const own = env['BRIEFDECK_CACHE_DIR'];
  if (own) return isAbsolute(own) ? own : join(cwd, own);
  const xdg = env['XDG_CACHE_HOME'];
  if (xdg && isAbsolute(xdg)) return join(xdg, 'briefdeck');
  return join(env['HOME'] || homedir(), '.cache', 'briefdeck');
}

/** Returns true for a URL the build fetches: http(s) or protocol-relative (read as https). */
export function isRemoteUrl(url: string): boolean {
  return /^(https?:)?\/\/[^/]/i.test(url.trim());
}

/** Returns a fetcher for one build run (no state outlives it but the cache files). */
export function imageFetcher(options: FetcherOptions): ImageFetcher {
  const folder = join(options.cacheDir, 'images');
  const timeout = options.timeout ?? 15_000;
  const maxBytes = options.maxBytes ?? 20 * 1024 * 1024;
  const results = new Map<string, Fetched>();
  const running = new Map<string, Promise<Fetched>>();
  const waiting: Array<() => void> = [];
  let active = 0;
  const slot = async (): Promise<() => void> => {
    if (active >= (options.concurrency ?? 6)) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    return () => {
      active--;
      waiting.shift()?.();
    };
  };
  const cached = (url: string): Fetched | undefined => {
    const stem = join(folder, keyOf(absoluteUrl(url)));
    for (const extension of extensions) if (existsSync(`${stem}.${extension}`)) return { ok: true, file: `${stem}.${extension}`, extension };
    return undefined;
  };
  const download = async (url: string): Promise<Fetched> => {
    const release = await slot();
    try {
      return await fetchToCache(absoluteUrl(url), join(folder, keyOf(absoluteUrl(url))), { timeout, maxBytes, ...(options.signal ? { signal: options.signal } : {}) });
    } finally {
      release();
    }
  };
  return {
    peek: (url) => results.get(url) ?? cached(url),
    get(url) {
      const known = results.get(url) ?? cached(url);
      if (known) return Promise.resolve(known);
      let pending = running.get(url);
      if (!pending) {
        pending = download(url).then((result) => {
          results.set(url, result);
          return result;
        });
        running.set(url, pending);
      }
      return pending;
    },
  };
}

function absoluteUrl(url: string): string {
  const trimmed = url.trim();
  return trimmed.startsWith('//') ? `https:${trimmed}` : trimmed;
}

function keyOf(url: string): string {
  return createHash('sha256').update(url).digest('hex').slice(0, 40);
}

/** Downloads one picture into `<stem>.<extension>` (atomically); never throws. */
async function fetchToCache(url: string, stem: string, limits: { timeout: number; maxBytes: number; signal?: AbortSignal }): Promise<Fetched> {
  const timer = AbortSignal.timeout(limits.timeout);
  const signal = limits.signal ? AbortSignal.any([timer, limits.signal]) : timer;
  let bytes: Uint8Array;
  try {
    await hostFound(url, signal);
    const response = await fetch(url, { signal, redirect: 'follow', headers: { accept: 'image/*', 'user-agent': 'briefdeck (build-time image fetch)' } });
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      return { ok: false, problem: `HTTP ${response.status}` };
    }
    const type = (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (!type.startsWith('image/')) {
      await response.body?.cancel().catch(() => undefined);
      return { ok: false, problem: `not an image: ${type || 'no content type'}` };
    }
    const length = Number(response.headers.get('content-length'));
    if (length > limits.maxBytes) {
      await response.body?.cancel().catch(() => undefined);
      return { ok: false, problem: `larger than ${megabytes(limits.maxBytes)}` };
    }
    const read = await readLimited(response, limits.maxBytes);
    if (!read) return { ok: false, problem: `larger than ${megabytes(limits.maxBytes)}` };
    bytes = read;
  } catch (error) {
    return { ok: false, problem: describeFailure(error, timer, limits.timeout) };
  }
  const extension = sniff(bytes);
  if (!extension) return { ok: false, problem: 'not an image file (PNG, JPEG, GIF, WebP, AVIF, BMP, ICO or SVG)' };
  const file = `${stem}.${extension}`;
  const temp = `${stem}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await mkdir(join(stem, '..'), { recursive: true });
    await writeFile(temp, bytes);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    return { ok: false, problem: `cannot write the cache (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  return { ok: true, file, extension };
}

/**
 * Looks the URL's host up before anything is fetched, so an unknown host (a build on a train) fails at once without
 * loading Node's HTTP client, which alone costs a tenth of a second; throws what the lookup throws, or on `signal`.
 */
async function hostFound(url: string, signal: AbortSignal): Promise<void> {
  const host = URL.canParse(url) ? new URL(url).hostname.replace(/^\[|\]$/g, '') : '';
  if (!host || /^[\d.]+$|:/.test(host)) return; // no name to look up: an IPv4 or IPv6 address (isIP compiles a large pattern)
  let stop = (): void => undefined;
  const aborted = new Promise<never>((_, reject) => {
    stop = () => reject(signal.reason);
    signal.addEventListener('abort', stop, { once: true });
  });
  try {
    signal.throwIfAborted();
    await Promise.race([lookup(host), aborted]);
  } finally {
    signal.removeEventListener('abort', stop);
  }
}

async function readLimited(response: Response, maxBytes: number): Promise<Uint8Array | undefined> {
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

function describeFailure(error: unknown, timer: AbortSignal, timeout: number): string {
  if (timer.aborted) return `no answer within ${timeout / 1000} s`;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? (error as NodeJS.ErrnoException).code;
  const words: Record<string, string> = {
    ENOTFOUND: 'unknown host',
    EAI_AGAIN: 'unknown host',
    ECONNREFUSED: 'connection refused',
    ECONNRESET: 'connection reset',
    ENETUNREACH: 'network unreachable',
    EHOSTUNREACH: 'host unreachable',
    UND_ERR_SOCKET: 'connection closed',
  };
  if (code && words[code]) return words[code]!;
  if ((error as Error).name === 'AbortError') return 'interrupted';
  return code ?? cause?.message ?? (error as Error).message ?? 'error';
}

function megabytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : `${Math.round(bytes / 1024)} KB`;
}

/** Returns the picture type of a file's first bytes, or undefined when it is none briefdeck keeps. */
export function sniff(bytes: Uint8Array): ImageExtension | undefined {
  const at = (offset: number, text: string): boolean => [...text].every((char, index) => bytes[offset + index] === char.charCodeAt(0));
  if (bytes[0] === 0x89 && at(1, 'PNG')) return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpg';
  if (at(0, 'GIF8')) return 'gif';
  if (at(0, 'RIFF') && at(8, 'WEBP')) return 'webp';
  if (at(4, 'ftyp') && (at(8, 'avif') || at(8, 'avis'))) return 'avif';
  if (at(0, 'BM')) return 'bmp';
  if (bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 1 && bytes[3] === 0) return 'ico';
  const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 4096)).replace(/^\uFEFF/, '');
  if (/^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*|<!DOCTYPE[^[>]*(\[[\s\S]*?\])?\s*>\s*)*<svg[\s>]/i.test(head)) return 'svg';
  return undefined;
}
