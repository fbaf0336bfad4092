// Helpers for the hostile-input tests: what an output folder holds, byte for byte, and what a failure printed.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { expect } from 'vitest';
import { runCli, type CliRun } from './helpers.js';

/** Returns every file under `dir` (dot names included) mapped to the SHA-256 of its bytes, but `ignore` (default: the index, which lists every deck). */
export async function snapshotDir(dir: string, ignore: string[] = ['index.html']): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  const walk = async (at: string): Promise<void> => {
    for (const entry of await readdir(at, { withFileTypes: true }).catch(() => [])) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) await walk(path);
      else files[relative(dir, path)] = createHash('sha256').update(await readFile(path)).digest('hex');
    }
  };
  await walk(dir);
  for (const path of ignore) delete files[path];
  return files;
}

/** Returns the temporary and lock files and folders left anywhere under `dir` (there must be none after a run). */
export async function leftoverTemps(dir: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (at: string): Promise<void> => {
    for (const entry of await readdir(at, { withFileTypes: true }).catch(() => [])) {
      if (entry.name.startsWith('.briefdeck-')) found.push(relative(dir, join(at, entry.name)));
      if (entry.isDirectory()) await walk(join(at, entry.name));
    }
  };
  await walk(dir);
  return found;
}

/** Asserts that stderr is exactly one diagnostic line, with no stack trace. */
export function expectOneLine(stderr: string): void {
  expect(stderr.trim().split('\n')).toHaveLength(1);
  expect(stderr).not.toMatch(/^\s+at /m);
}

/** Returns the summary line's counts: decks built and failed. */
export function summaryOf(stdout: string): { built: number; failed: number } {
  const match = /(\d+) decks? built(?:, (\d+) failed)? in [\d.]+ s/.exec(stdout);
  expect(match, `no summary line in: ${stdout}`).not.toBeNull();
  return { built: Number(match![1]), failed: Number(match![2] ?? 0) };
}

/** Runs the real `briefdeck` binary through a wrapper command (`setpriv …`, `sh -c …`) and returns its exit code and output. */
export function runWrapped(wrapper: string[], args: string[], options: { cwd: string }): Promise<CliRun> {
  return runCli(args, { cwd: options.cwd, wrapper });
}
