// What the browser tests share within one run (test/global-setup.ts sets it up): one Chromium, and one build of the
// seed and the fixture articles with PDFs and handouts, made by the real binary. A test file outside the browser
// project gets a browser of its own and builds the same decks itself, so every file also runs alone.
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'puppeteer';
import { inject } from 'vitest';
import { launchBrowser, openPage, type BrowserSession } from '../src/fit/browser.js';
import { buildShared, type SharedBuild } from './global-setup.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The WebSocket address of the run's Chromium. */
    browserEndpoint: string;
    /** The folder of the shared build: the first test that needs it builds there, and writes `result.json` (a SharedBuild) when done. */
    sharedBuildDir: string;
  }
}

/** How long a hook or test that builds decks with PDFs, or waits for the shared build, may take (builds are slow on a loaded machine). */
export const buildTimeout = 600_000;

/** Returns a session on the run's shared Chromium (pages in contexts of their own; `close` disconnects), or on a browser of its own outside the browser project. */
export async function sharedBrowser(): Promise<BrowserSession> {
  const endpoint = inject('browserEndpoint');
  if (!endpoint) return launchBrowser({ env: process.env });
  const puppeteer = (await import('puppeteer')).default;
  const browser = await puppeteer.connect({ browserWSEndpoint: endpoint, defaultViewport: null, protocolTimeout: 120_000 });
  const contexts = new Set<BrowserContext>();
  const pendingOf = new WeakMap<Page, Set<string>>();
  return {
    async newPage(viewport) {
      const page = await openPage(browser, viewport, { timeout: 60_000, pendingOf });
      contexts.add(page.browserContext());
      return page;
    },
    pending: (page) => [...(pendingOf.get(page) ?? [])],
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.disconnect();
    },
  };
}

/**
 * Returns the shared build of the seed and the fixture articles (read it, never write into it). The first test of the
 * run that asks builds it; the others wait for its result. Outside the browser project: builds it now.
 */
export async function sharedBuild(): Promise<SharedBuild> {
  const dir = inject('sharedBuildDir');
  if (!dir) return buildShared();
  const result = join(dir, 'result.json');
  if (await mkdir(join(dir, 'building')).then(() => true, () => false)) {
    const built = await buildShared(dir).catch((error: unknown): SharedBuild => ({ out: join(dir, 'out'), code: -1, stdout: '', stderr: `the shared build did not run: ${String(error)}`, launches: 0 }));
    await writeFile(`${result}.tmp`, JSON.stringify(built));
    await rename(`${result}.tmp`, result);
    return built;
  }
  for (const started = Date.now(); !(await stat(result).then(() => true, () => false)); ) {
    if (Date.now() - started > buildTimeout) throw new Error(`the shared build did not finish within ${buildTimeout / 1000} s`);
    await new Promise((done) => setTimeout(done, 250));
  }
  return JSON.parse(await readFile(result, 'utf8')) as SharedBuild;
}
