// Keeps a folder of shared assets current with a manifest of hashes: a file is written only when it is missing, was
// changed on disk (its size or time differs from what was written), or its content changed; a folder that is already
// current is only looked at (a stat per file), never written.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './files.js';

/** The manifest's file name inside the shared folder. */
export const manifestName = 'manifest.json';

/** One file the shared folder must hold: copied from `from`, or written from `data`. */
export interface SharedEntry {
  /** Path under the shared folder, `/`-separated. */
  path: string;
  from?: string;
  data?: string;
}

/** What the manifest remembers of one file: the hash of what was written, its stamp on disk, and the stamp of its source. */
interface ManifestRecord {
  sha256: string;
  /** `size:mtime` of the file as written. */
  stamp: string;
  /** `size:mtime` of the source file (copies only): unchanged, the source need not be read again. */
  source?: string;
}

interface Manifest {
  version: 1;
  files: Record<string, ManifestRecord>;
}

/** Returns the SHA-256 of some bytes, in hex. */
export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Makes `dir` hold every entry, writing only what is missing or changed; returns the paths written. */
export async function syncShared(dir: string, entries: SharedEntry[]): Promise<string[]> {
  const manifest = await readManifest(dir);
  const written: string[] = [];
  await Promise.all(
    entries.map(async (entry) => {
      const target = join(dir, ...entry.path.split('/'));
      const known = manifest.files[entry.path];
      const current = await stampOf(target);
      const source = entry.from === undefined ? undefined : await stampOf(entry.from);
      if (entry.from !== undefined && source === undefined) throw new Error(`missing shared asset source ${entry.from}`);
      if (known && source !== undefined && known.source === source && known.stamp === current) return;
      const bytes = entry.data !== undefined ? Buffer.from(entry.data) : await readFile(entry.from!);
      const hash = sha256(bytes);
      let stamp = current;
      const same = known ? known.sha256 === hash && known.stamp === current : current !== undefined && (await sameContent(target, hash));
      if (!same) {
        await writeFileAtomic(target, bytes);
        written.push(entry.path);
        stamp = await stampOf(target);
      }
      manifest.files[entry.path] = { sha256: hash, stamp: stamp ?? '', ...(source ? { source } : {}) };
    }),
  );
  const next = `${JSON.stringify(sorted(manifest), null, 1)}\n`;
  const before = await readFile(join(dir, manifestName), 'utf8').catch(() => undefined);
  if (next !== before) await writeFileAtomic(join(dir, manifestName), next);
  return written.sort();
}

/** Tells whether a file (one the manifest does not know yet) already holds content of this hash. */
async function sameContent(path: string, hash: string): Promise<boolean> {
  return readFile(path).then((bytes) => sha256(bytes) === hash, () => false);
}

/** Returns `size:mtime` of a file, or undefined when there is none. */
async function stampOf(path: string): Promise<string | undefined> {
  return stat(path).then((info) => (info.isFile() ? `${info.size}:${Math.round(info.mtimeMs)}` : undefined), () => undefined);
}

async function readManifest(dir: string): Promise<Manifest> {
  try {
    const parsed = JSON.parse(await readFile(join(dir, manifestName), 'utf8')) as Partial<Manifest>;
    if (parsed.version === 1 && parsed.files && typeof parsed.files === 'object') return { version: 1, files: parsed.files };
  } catch {
    // Missing or unreadable: every file is checked against its source.
  }
  return { version: 1, files: {} };
}

function sorted(manifest: Manifest): Manifest {
  return { version: 1, files: Object.fromEntries(Object.entries(manifest.files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) };
}
