// A bounded pool of browser pages over one browser session: at most `size` pages print at once, and pages are reused.
import type { Page } from 'puppeteer';
import type { BrowserSession } from '../fit/browser.js';

export interface Viewport {
  width: number;
  height: number;
}

/** Lends pages of one browser; `use` waits while all `size` pages are busy. */
export interface PagePool {
  /** Runs `task` with a page set to `viewport`, then returns the page to the pool (a page whose task failed is closed). */
  use<T>(viewport: Viewport, task: (page: Page) => Promise<T>): Promise<T>;
  /** Runs `task` like `use` when a page is free at once (idle, or fewer than `size` open); else undefined, with no wait. */
  useSpare<T>(viewport: Viewport, task: (page: Page) => Promise<T>): Promise<T> | undefined;
  /** Closes the idle pages. */
  close(): Promise<void>;
  /** Returns the URLs a page of the pool is still waiting for (for timeout messages). */
  pending(page: Page): string[];
}

export interface PagePoolOptions {
  /** Most pages open at once (at least 1). */
  size: number;
}

/** Returns a pool of at most `options.size` pages of `session`. */
export function createPagePool(session: BrowserSession, options: PagePoolOptions): PagePool {
  const size = Math.max(1, Math.floor(options.size));
  const idle: Page[] = [];
  const waiting: Array<() => void> = [];
  let open = 0;

  const acquire = async (viewport: Viewport): Promise<Page> => {
    // A page of a browser that crashed since it was returned is dropped (using it would wait for an answer that never comes).
    const drop = (): void => {
      for (let i = idle.length - 1; i >= 0; i--) {
        const page = idle[i]!;
        if (page.isClosed() || !page.browser().connected) {
          idle.splice(i, 1);
          open--;
        }
      }
    };
    drop();
    while (idle.length === 0 && open >= size) {
      await new Promise<void>((wake) => waiting.push(wake));
      drop();
    }
    const reused = idle.pop();
    if (reused) {
      try {
        await reused.setViewport({ ...viewport, deviceScaleFactor: 1 });
      } catch (error) {
        // A page that cannot take a viewport is dropped, and its place freed for another.
        open--;
        await reused.close().catch(() => undefined);
        waiting.shift()?.();
        throw error;
      }
      return reused;
    }
    open++;
    try {
      return await session.newPage(viewport);
    } catch (error) {
      open--;
      waiting.shift()?.();
      throw error;
    }
  };
  const release = async (page: Page, healthy: boolean): Promise<void> => {
    if (healthy && !page.isClosed()) idle.push(page);
    else {
      open--;
      await page.close().catch(() => undefined);
    }
    waiting.shift()?.();
  };

  const pool: PagePool = {
    pending: (page) => session.pending(page),
    // The check and acquire's taking a page happen in one turn, so no other task takes the page between them.
    useSpare: (viewport, task) => (idle.length > 0 || open < size ? pool.use(viewport, task) : undefined),
    async use(viewport, task) {
      const page = await acquire(viewport);
      let healthy = false;
      try {
        const result = await task(page);
        healthy = true;
        return result;
      } finally {
        await release(page, healthy);
      }
    },
    async close() {
      const pages = idle.splice(0);
      open -= pages.length;
      await Promise.all(pages.map((page) => page.close().catch(() => undefined)));
    },
  };
  return pool;
}
