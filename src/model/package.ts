// briefdeck's own package: its folder and its version, found from wherever this code runs (compiled or bundled).
import { readFileSync } from 'node:fs';

/** Returns the URL of briefdeck's package folder: the nearest folder above this module whose package.json is briefdeck's. */
export function packageRoot(): URL {
  for (let dir = new URL('.', import.meta.url); ; dir = new URL('..', dir)) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8')) as { name?: string };
      if (pkg.name === 'briefdeck') return dir;
    } catch {
      // no package.json here: look further up
    }
    if (dir.pathname === '/') throw new Error('the package.json of briefdeck was not found above its code');
  }
}

/** Returns the version of the installed briefdeck package. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL('package.json', packageRoot()), 'utf8')) as { version: string }).version;
}
