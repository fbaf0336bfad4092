// Watches folders (not files, so editors that save by writing a new file and renaming it over the old one are seen) and reports changed paths in batches.
import { watch, type FSWatcher } from 'node:fs';
import { join, resolve } from 'node:path';

export interface WatchOptions {
  /** Quiet time after the last event before a batch is reported (editors write in several steps). */
  debounceMs?: number;
  /** Longest wait from a batch's first event to its report, so a file written without pause cannot hold a rebuild back. */
  maxWaitMs?: number;
  /** Whether a changed path matters; others (a log written in a watched folder, say) are dropped at once. */
  accept?(path: string): boolean;
  /** Called with every batch of changed paths (a folder's own path when the system does not name the file). */
  onChange(paths: Set<string>): void;
  /** Called when a folder can no longer be watched. */
  onError?(dir: string, error: Error): void;
}

export interface FolderWatcher {
  /** Watches exactly these folders from now on: new ones are added, the others closed. */
  watch(dirs: Iterable<string>): void;
  /** The folders being watched. */
  folders(): string[];
  /** Stops watching and drops any pending batch. */
  close(): void;
}

/** Returns a watcher of folders (each non-recursive) that batches their changes. */
export function createFolderWatcher(options: WatchOptions): FolderWatcher {
  const watchers = new Map<string, FSWatcher>();
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let firstAt = 0;
  let closed = false;
  const flush = (): void => {
    timer = undefined;
    const batch = pending;
    pending = new Set();
    if (batch.size > 0 && !closed) options.onChange(batch);
  };
  const note = (path: string): void => {
    if (closed || (options.accept && !options.accept(path))) return;
    if (pending.size === 0) firstAt = Date.now();
    pending.add(path);
    if (timer) clearTimeout(timer);
    const quiet = options.debounceMs ?? 50;
    const left = firstAt + (options.maxWaitMs ?? 300) - Date.now();
    timer = setTimeout(flush, Math.max(0, Math.min(quiet, left)));
  };
  const drop = (dir: string): void => {
    watchers.get(dir)?.close();
    watchers.delete(dir);
  };
  return {
    watch(dirs) {
      const wanted = new Set([...dirs].map((dir) => resolve(dir)));
      for (const dir of [...watchers.keys()]) if (!wanted.has(dir)) drop(dir);
      for (const dir of wanted) {
        if (watchers.has(dir) || closed) continue;
        try {
          const watcher = watch(dir, { persistent: true }, (_event, name) => note(name ? join(dir, name.toString()) : dir));
          watcher.on('error', (error) => {
            drop(dir);
            note(dir);
            options.onError?.(dir, error);
          });
          watchers.set(dir, watcher);
        } catch (error) {
          options.onError?.(dir, error as Error);
        }
      }
    },
    folders: () => [...watchers.keys()],
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      for (const dir of [...watchers.keys()]) drop(dir);
    },
  };
}
