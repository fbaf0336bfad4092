// One build at a time per output folder: a lock folder (created atomically by mkdir) that holds its owner's pid.
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DeckError, ExitCode } from '../model/errors.js';
import { outputError } from './files.js';

/** The lock's name inside the output folder (hidden: the index and the deck list skip dot names). */
export const lockName = '.briefdeck-lock';

export interface LockOptions {
  /** Aborting stops the wait (Ctrl-C). */
  signal?: AbortSignal;
  /** Called once when another build holds the lock and this one waits. */
  onWait?: (message: string) => void;
  /** Milliseconds between tries (default 100). */
  pollMs?: number;
}

/** Takes the output folder's lock, waiting while another live build holds it; returns the function that releases it. */
export async function lockOutput(outDir: string, options: LockOptions = {}): Promise<() => Promise<void>> {
  const dir = join(outDir, lockName);
  const owner = `${process.pid}@${hostname()}`;
  try {
    await mkdir(outDir, { recursive: true });
  } catch (error) {
    throw outputError(outDir, error);
  }
  let told = false;
  for (;;) {
    try {
      await mkdir(dir);
      await writeFile(join(dir, 'owner'), owner);
      return async () => {
        await rm(dir, { recursive: true, force: true }).catch(() => undefined);
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        await rm(dir, { recursive: true, force: true }).catch(() => undefined);
        throw outputError(outDir, error);
      }
    }
    if (await isStale(dir)) {
      await rm(dir, { recursive: true, force: true }).catch(() => undefined);
      continue;
    }
    if (!told) {
      told = true;
      options.onWait?.(`another briefdeck build is writing to ${outDir}; waiting for it to finish (if none is running, remove ${dir})`);
    }
    if (options.signal?.aborted) throw new DeckError('interrupted', { code: ExitCode.interrupted });
    await sleep(options.pollMs ?? 100);
  }
}

/** A lock is stale when its owner on this machine is no longer running (or it has had no owner for ten seconds). */
async function isStale(dir: string): Promise<boolean> {
  const text = await readFile(join(dir, 'owner'), 'utf8').catch(() => undefined);
  if (text === undefined || text === '') {
    const info = await stat(dir).catch(() => undefined);
    return info === undefined || Date.now() - info.mtimeMs > 10_000;
  }
  const [pid, host] = text.split('@');
  if (host !== hostname()) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
