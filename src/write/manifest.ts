// Keeps a folder of shared assets current with a manifest of hashes (`manifest.json`: each file's size and SHA-256, or
// for a file of a package release such as a font slice, the release): a file is written only when it is missing, has
// another size than was written, or its content (or release) changed. Files of a release are copied by the system and
// never read; a folder that is already current is only looked at (one stat per file), never written.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { copyFileAtomic, writeFileAtomic } from './files.js';

/** The manifest's file name inside the shared folder. */
export const manifestName = 'manifest.json';

/** One file the shared folder must hold: copied from `from`, or written from `data`. */
export interface SharedEntry {
  /** Path under the shared folder, `/`-separated. */
  path: string;
  from?: string;
  data?: string;
  /** The release `from` belongs to (`reveal.js@6.0.2`): while it is the same, the source is not read again. */
  release?: string;
}

/** What the manifest remembers of one file: its size, and its SHA-256 or, for a file of a package release, the release. */
interface ManifestRecord {
  sha256?: string;
  size: number;
  release?: string;
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
      const current = await stat(target).then((info) => (info.isFile() ? info.size : -1), () => -1);
      if (known && entry.release !== undefined && known.release === entry.release && known.size === current) return;
      if (entry.release !== undefined && entry.from !== undefined) {
        // A file of a package release is named by the release: copied by the system, never read here.
        // Copied when its size differs, or when the manifest names another release (a new release may keep a size);
        // a file already there that no manifest names is taken as it is when its size matches.
        const size = (await stat(entry.from)).size;
        if (current !== size || (known !== undefined && known.release !== entry.release)) {
          await copyFileAtomic(entry.from, target);
          written.push(entry.path);
        }
        manifest.files[entry.path] = { size, release: entry.release };
        return;
      }
      const bytes = entry.data !== undefined ? Buffer.from(entry.data) : await readFile(entry.from!);
      const hash = sha256(bytes);
      const same = known ? known.sha256 === hash && known.size === current : current === bytes.length && (await sameContent(target, hash));
      if (!same) {
        await writeFileAtomic(target, bytes);
        written.push(entry.path);
      }
      manifest.files[entry.path] = { sha256: hash, size: bytes.length, ...(entry.release !== undefined ? { release: entry.release } : {}) };
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
