// When a run's browser can close: once no deck can need it again, while the last decks' PDFs are still put together.

/** What the decks of a run tell about their use of the browser. */
export interface BrowserUsers {
  /** A deck started (it may use the browser from now on). */
  start(index: number): void;
  /** A deck needs the browser no more: it printed, or it ended. Told more than once, it counts once. */
  done(index: number): void;
  /** A deck failed with the browser crashing and will be tried again: the browser stays until the run ends. */
  crashed(index: number): void;
}

/**
 * Returns the bookkeeping of a run of `total` decks that calls `idle` once, as soon as every deck has started, none
 * uses the browser, and none is to be tried again after a crash.
 */
export function browserUsers(total: number, idle: () => void): BrowserUsers {
  let started = 0;
  const using = new Set<number>();
  let retrying = false;
  let told = false;
  const check = (): void => {
    if (told || retrying || started < total || using.size > 0) return;
    told = true;
    idle();
  };
  return {
    start(index) {
      started++;
      using.add(index);
    },
    done(index) {
      using.delete(index);
      check();
    },
    crashed() {
      retrying = true;
    },
  };
}
