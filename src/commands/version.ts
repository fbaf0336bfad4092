// briefdeck's own version, read from its package.json (cheap: no other module is loaded).
import { readFileSync } from 'node:fs';

/** Returns the version of the installed briefdeck package. */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
