// The reload channel: Server-Sent Events to every open page (reload a deck, show or clear build errors).
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A build problem as a page shows it. */
export interface Problem {
  /** The deck's URL folder ('' for problems of no one deck). */
  slug: string;
  /** The article, as the terminal names it. */
  file: string;
  /** The one-line message (`file:line: message — hint`). */
  text: string;
}

/** What the server tells pages. */
export type ServerEvent =
  | { type: 'reload'; slugs: string[] }
  | { type: 'status'; problems: Problem[] }
  /** Sent on connecting: each page's version, so a page rebuilt between its loading and its connecting reloads. */
  | { type: 'hello'; versions: Record<string, number> };

/** The open event streams; `send` reaches all of them. */
export interface EventChannel {
  /** Answers a request with an event stream, first sending `initial`. */
  accept(request: IncomingMessage, response: ServerResponse, initial: ServerEvent[]): void;
  send(event: ServerEvent): void;
  /** The number of open streams. */
  size(): number;
  /** Ends every stream. */
  close(): void;
}

/** Returns a new channel; `heartbeatMs` keeps idle streams open through proxies. */
export function createEventChannel(options: { heartbeatMs?: number } = {}): EventChannel {
  const clients = new Set<ServerResponse>();
  const format = (event: ServerEvent): string => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
  const heartbeat = setInterval(() => {
    for (const client of clients) client.write(': ping\n\n');
  }, options.heartbeatMs ?? 15_000);
  heartbeat.unref();
  return {
    accept(request, response, initial) {
      response.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive',
        'X-Content-Type-Options': 'nosniff',
      });
      response.write('retry: 500\n\n');
      for (const event of initial) response.write(format(event));
      clients.add(response);
      const drop = (): void => void clients.delete(response);
      request.on('close', drop);
      response.on('error', drop);
    },
    send(event) {
      const text = format(event);
      for (const client of clients) client.write(text);
    },
    size: () => clients.size,
    close() {
      clearInterval(heartbeat);
      for (const client of clients) client.end();
      clients.clear();
    },
  };
}
