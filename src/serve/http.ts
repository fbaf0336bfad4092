// The preview's HTTP side: static files from the site folder (and media from an article's folder), the live-reload script and event stream.
import { packageRoot } from '../model/package.js';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import { fileURLToPath } from 'node:url';
import { DeckError, ExitCode } from '../model/errors.js';
import type { EventChannel, ServerEvent } from './events.js';
import { contentTypeOf, isMedia, lookupInside, parseRequestPath } from './paths.js';

/** The URL folder of the server's own endpoints; no deck slug can start with `_`. */
export const internalPrefix = '__briefdeck';

/** The live-reload client, injected into every HTML page the server sends. */
export const clientFile = fileURLToPath(new URL('templates/_shared/live-reload.js', packageRoot()));

export interface SiteLookup {
  /** The folder served at `/`. */
  root: string;
  /** The folder of the article whose deck is at `slug`, for its images. */
  articleFolder(slug: string): string | undefined;
  /** The deck's new URL folder when it moved. */
  movedTo(slug: string): string | undefined;
  /** Events sent to a page when it connects. */
  initialEvents(): ServerEvent[];
  /** The version of the page at a URL folder ('' for the index): it grows each time the page's deck is rebuilt. */
  version(slug: string): number;
}

export interface HandlerOptions {
  site: SiteLookup;
  channel: EventChannel;
  /** Whether the server listens on loopback only: then requests must name a loopback host (DNS-rebinding guard). */
  loopback: boolean;
}

const baseHeaders = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' } as const;

/** Returns an HTTP server answering GET and HEAD for the site; everything outside it is refused with a 4xx. */
export function createPreviewServer(options: HandlerOptions): Server {
  return createServer((request, response) => {
    handle(request, response, options).catch((error: unknown) => {
      if (!response.headersSent) plain(response, 500, `internal error: ${(error as Error).message}`);
      else response.destroy();
    });
  });
}

async function handle(request: IncomingMessage, response: ServerResponse, options: HandlerOptions): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('Allow', 'GET, HEAD');
    return plain(response, 405, 'only GET and HEAD');
  }
  if (options.loopback && !isLoopbackHost(request.headers.host)) return plain(response, 403, 'unknown host: open the address briefdeck printed');
  const target = request.url ?? '';
  const parsed = parseRequestPath(target);
  if (!parsed.ok) return plain(response, parsed.status, parsed.reason);
  const { segments } = parsed;
  const query = /\?.*$/s.exec(target)?.[0] ?? '';

  if (segments[0] === internalPrefix) {
    if (segments.length === 2 && segments[1] === 'events') return options.channel.accept(request, response, options.site.initialEvents());
    if (segments.length === 2 && segments[1] === 'live.js') return sendFile(request, response, clientFile);
    return notFound(request, response);
  }

  const found = await lookupInside(options.site.root, segments);
  if (found.kind === 'outside') return plain(response, 403, 'outside the served folder');
  if (found.kind === 'directory') {
    if (!parsed.directory) return redirect(response, `${encodePath(segments)}/${query}`);
    const index = await lookupInside(options.site.root, [...segments, 'index.html']);
    if (index.kind === 'file') return sendFile(request, response, index.path, options.site.version(segments[0] ?? ''));
    return notFound(request, response);
  }
  if (found.kind === 'file' && !parsed.directory) return sendFile(request, response, found.path, options.site.version(segments.length > 1 ? segments[0]! : ''));

  const [slug, ...rest] = segments;
  if (slug !== undefined) {
    const to = options.site.movedTo(slug);
    if (to !== undefined) return redirect(response, `${encodePath([to, ...rest])}${parsed.directory ? '/' : ''}${query}`);
    const folder = options.site.articleFolder(slug);
    const name = rest[rest.length - 1];
    if (folder !== undefined && name !== undefined && !parsed.directory && isMedia(name) && !rest.some((part) => part.startsWith('.'))) {
      const media = await lookupInside(folder, rest);
      if (media.kind === 'outside') return plain(response, 403, 'outside the article\'s folder');
      if (media.kind === 'file') return sendFile(request, response, media.path);
    }
  }
  return notFound(request, response);
}

/** Returns whether a Host header names this machine's loopback (localhost, 127.0.0.1, ::1), with or without a port. */
export function isLoopbackHost(host: string | undefined): boolean {
  if (host === undefined) return true;
  const name = host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.replace(/:\d*$/, '');
  const lower = name.toLowerCase();
  if (lower === 'localhost' || lower.endsWith('.localhost')) return true;
  if (isIP(lower) === 4) return lower.startsWith('127.');
  return lower === '::1';
}

function encodePath(segments: string[]): string {
  return `/${segments.map((segment) => encodeURIComponent(segment)).join('/')}`;
}

/** Sends a file; an HTML page gets the live-reload client, told the page's `version`, when one is given. */
async function sendFile(request: IncomingMessage, response: ServerResponse, path: string, version?: number): Promise<void> {
  const type = contentTypeOf(path);
  if (version !== undefined && type.startsWith('text/html')) {
    const html = withClient(await readFile(path, 'utf8'), version);
    return send(request, response, 200, type, Buffer.from(html));
  }
  const data = await readFile(path).catch(() => undefined);
  if (!data) return notFound(request, response);
  if (data.length > 8 * 1024 * 1024) {
    response.writeHead(200, { ...baseHeaders, 'Content-Type': type, 'Content-Length': data.length });
    if (request.method === 'HEAD') return void response.end();
    return void createReadStream(path).pipe(response);
  }
  return send(request, response, 200, type, data);
}

/** Returns the page with the live-reload script (told the page's version) added before `</body>` (or at its end). */
export function withClient(html: string, version?: number): string {
  const tag = `<script src="/${internalPrefix}/live.js"${version === undefined ? '' : ` data-version="${version}"`}></script>\n`;
  const at = html.lastIndexOf('</body>');
  return at === -1 ? `${html}\n${tag}` : `${html.slice(0, at)}${tag}${html.slice(at)}`;
}

function send(request: IncomingMessage, response: ServerResponse, status: number, type: string, body: Buffer): void {
  response.writeHead(status, { ...baseHeaders, 'Content-Type': type, 'Content-Length': body.length });
  response.end(request.method === 'HEAD' ? undefined : body);
}

function plain(response: ServerResponse, status: number, text: string): void {
  const body = Buffer.from(`${status}: ${text}\n`);
  response.writeHead(status, { ...baseHeaders, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': body.length });
  response.end(body);
}

function notFound(request: IncomingMessage, response: ServerResponse): void {
  const page = withClient('<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Not found</title></head>\n<body style="font: 22px/1.5 system-ui, sans-serif; padding: 48px"><h1>Not found</h1><p><a href="/">All decks</a></p></body></html>\n');
  send(request, response, 404, 'text/html; charset=utf-8', Buffer.from(page));
}

function redirect(response: ServerResponse, location: string): void {
  response.writeHead(302, { ...baseHeaders, Location: location, 'Content-Length': 0 });
  response.end();
}

/** Starts listening on `host` at `port`, or the next free port above it (up to 20 tries); port 0 takes any free port. Returns the port. */
export async function listen(server: Server, host: string, port: number, tries = 20): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const wanted = port === 0 ? 0 : port + attempt;
    try {
      await new Promise<void>((resolve, reject) => {
        const fail = (error: Error): void => reject(error);
        server.once('error', fail);
        server.listen({ host, port: wanted, exclusive: true }, () => {
          server.off('error', fail);
          resolve();
        });
      });
      const address = server.address();
      return typeof address === 'object' && address ? address.port : wanted;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE' && port !== 0 && attempt + 1 < tries && wanted < 65535) continue;
      if (code === 'EADDRINUSE') throw new DeckError(`port ${wanted} and the ${tries - 1} after it are taken`, { code: ExitCode.usage, hint: 'choose another with --port' });
      if (code === 'EACCES') throw new DeckError(`no permission to listen on port ${wanted}`, { code: ExitCode.usage, hint: 'choose a port above 1023 with --port' });
      if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
        throw new DeckError(`cannot listen on host "${host}" (${code})`, { code: ExitCode.usage, hint: 'give an address of this machine with --host, such as 127.0.0.1 or 0.0.0.0' });
      }
      throw error;
    }
  }
}
