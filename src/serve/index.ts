// `serve`: builds the decks into a temporary folder, serves it, watches the articles and themes, rebuilds what changed and reloads the open pages.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { PartialOptions } from '../load/config.js';
import { DeckError } from '../model/errors.js';
import { displayPath, findArticles } from '../load/inputs.js';
import { createEventChannel, type Problem } from './events.js';
import { createPreviewServer, listen } from './http.js';
import { createPreviewSite, type RebuildReport } from './site.js';
import { createFolderWatcher } from './watch.js';

export interface ServeRequest {
  inputs: string[];
  cwd: string;
  host: string;
  /** The port to try first; 0 takes any free port. */
  port: number;
  flags: PartialOptions;
  unsafeHtml: boolean;
  debug: boolean;
  /** Receives every rebuild after the first (the first is returned by `startServe`). */
  onRebuild(report: RebuildReport): void;
  onWarning(message: string): void;
}

export interface RunningServe {
  /** The address to open: `http://host:port/`. */
  url: string;
  host: string;
  port: number;
  /** What the first build did. */
  first: RebuildReport;
  /** The deck addresses, in order. */
  decks(): Array<{ slug: string; file: string; built: boolean }>;
  /** Stops watching, ends every open page's event stream, closes the server and removes the temporary folder. */
  close(): Promise<void>;
}

/** Returns whether `host` is a loopback address or name. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Builds every deck, starts the server and the watcher; resolves once the server listens. */
export async function startServe(request: ServeRequest): Promise<RunningServe> {
  await checkInputs(request.inputs, request.cwd);
  const outDir = await mkdtemp(join(tmpdir(), 'briefdeck-serve-'));
  const site = createPreviewSite({ inputs: request.inputs, cwd: request.cwd, outDir, flags: request.flags, unsafeHtml: request.unsafeHtml, debug: request.debug });
  const channel = createEventChannel();
  const versions = new Map<string, number>();
  const server = createPreviewServer({
    site: {
      root: outDir,
      articleFolder: (slug) => site.articleFolder(slug),
      movedTo: (slug) => site.movedTo(slug),
      initialEvents: () => [
        { type: 'hello', versions: Object.fromEntries(versions) },
        { type: 'status', problems: site.problems() },
      ],
      version: (slug) => versions.get(slug) ?? 0,
    },
    channel,
    loopback: isLoopback(request.host),
  });
  const watcher = createFolderWatcher({
    accept: (path) => site.accepts(path),
    onChange: (paths) => schedule(paths),
    onError: (dir, error) => request.onWarning(`stopped watching ${dir}: ${error.message}`),
  });

  let queue: Promise<void> = Promise.resolve();
  let pending: Set<string> | undefined;
  let closed = false;
  const schedule = (paths: Set<string>): void => {
    pending = new Set([...(pending ?? []), ...paths]);
    queue = queue.then(async () => {
      const batch = pending;
      pending = undefined;
      if (!batch || closed) return;
      try {
        const report = await site.rebuild(batch);
        if (closed) return;
        watcher.watch(await site.folders());
        publish(report);
        if (report.deferred.length > 0) setTimeout(() => schedule(new Set(report.deferred)), 250).unref();
        request.onRebuild(report);
      } catch (error) {
        request.onWarning(`rebuild failed: ${(error as Error).message}`);
      }
    });
  };
  const publish = (report: RebuildReport): void => {
    if (report.problemsChanged) channel.send({ type: 'status', problems: site.problems() as Problem[] });
    for (const slug of report.reload) versions.set(slug, (versions.get(slug) ?? 0) + 1);
    if (report.reload.length > 0) channel.send({ type: 'reload', slugs: report.reload });
  };

  try {
    const first = await site.rebuild();
    watcher.watch(await site.folders());
    const port = await listen(server, request.host, request.port);
    const shownHost = request.host.includes(':') ? `[${request.host}]` : request.host;
    return {
      url: `http://${shownHost}:${port}/`,
      host: request.host,
      port,
      first,
      decks: () => site.decks(),
      async close() {
        closed = true;
        watcher.close();
        channel.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await queue.catch(() => undefined);
        await rm(outDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    closed = true;
    watcher.close();
    channel.close();
    server.close();
    await rm(outDir, { recursive: true, force: true });
    throw error;
  }
}

/** Throws the build's own error (exit 3) when an input is missing or a folder holds no article: a typo should not start an empty server. */
async function checkInputs(inputs: string[], cwd: string): Promise<void> {
  try {
    await findArticles(inputs.map((input) => resolve(cwd, input)));
  } catch (error) {
    if (error instanceof DeckError && error.file) {
      throw new DeckError(error.message, { code: error.code, file: displayPath(error.file, cwd), ...(error.hint ? { hint: error.hint } : {}) });
    }
    throw error;
  }
}
