// Ctrl-C during a PDF build: the browser is closed, nothing partial is left, the exit code is 130.
import { spawn } from 'node:child_process';
import { chmod, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findBrowser } from '../src/fit/browser.js';
import { root, seedFile, tempDir } from './helpers.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((done) => setTimeout(done, 50));
  }
  return false;
}

describe('Ctrl-C during a build', () => {
  it('closes the browser, leaves no partial output and exits 130', async () => {
    const dir = await tempDir();
    const marker = join(dir, 'browser.pid');
    const wrapper = join(dir, 'chrome');
    // A browser wrapper that records its pid, then becomes the real browser (same pid).
    await writeFile(wrapper, `#!/bin/sh\necho $$ > "${marker}"\nexec "${await findBrowser(process.env)}" "$@"\n`);
    await chmod(wrapper, 0o755);
    const out = join(dir, 'out');
    const child = spawn(process.execPath, [join(root, 'bin', 'briefdeck.js'), 'build', seedFile, '--out', out], {
      env: { ...process.env, PUPPETEER_EXECUTABLE_PATH: wrapper, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number>((done) => child.on('close', (code) => done(code ?? -1)));

    const started = await waitFor(async () => (await readFile(marker, 'utf8').catch(() => '')).trim() !== '', 30_000);
    expect(started).toBe(true);
    const browserPid = Number((await readFile(marker, 'utf8')).trim());
    child.kill('SIGINT');
    const code = await exited;

    expect(code).toBe(130);
    expect(stderr).toContain('interrupted');
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(await waitFor(async () => !alive(browserPid), 5_000)).toBe(true);
    const left = await readdir(out).catch(() => [] as string[]);
    expect(left.filter((name) => name.startsWith('.briefdeck-tmp') || name === 'sovereign-ai-korea')).toEqual([]);
  });
});
