// `briefdeck doctor` and `--version` through the real binary: doctor prints a test PDF in the real Chromium, honours
// CHROME_PATH, and exits 5 with one line of advice when PDFs cannot be printed.
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findBrowser } from '../src/fit/browser.js';
import { root, runCli, tempDir } from './helpers.js';

const version = (JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { version: string }).version;
/** No browser from the test runner's environment: each test names its own. */
const noBrowserEnv = { PUPPETEER_EXECUTABLE_PATH: '', CHROME_PATH: '' };

describe('briefdeck doctor', () => {
  it('reports the versions, CJK fonts and browser, prints a one-page PDF and exits 0', async () => {
    const run = await runCli(['doctor'], { env: { ...noBrowserEnv, PUPPETEER_EXECUTABLE_PATH: await findBrowser(process.env) } });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`briefdeck  ${version}\n`);
    expect(run.stdout).toContain(`node       ${process.version} (${process.platform} ${process.arch})\n`);
    expect(run.stdout).toMatch(/^fonts ko   (\d+: .+|none|unknown .*)$/m);
    expect(run.stdout).toMatch(/^fonts ja   /m);
    expect(run.stdout).toMatch(/^browser    .+ \(from PUPPETEER_EXECUTABLE_PATH\)$/m);
    expect(run.stdout).toMatch(/^version    \S*Chrome\/\d+\.\d+/m);
    expect(run.stdout).toMatch(/^pdf        printed a one-page test PDF \(\d+ KB\) in [\d.]+ s$/m);
    expect(run.stdout.endsWith('PDFs can be printed.\n')).toBe(true);
  });

  it('uses the browser CHROME_PATH names (a wrapper that leaves a mark, then runs the real one)', async () => {
    const dir = await tempDir();
    const wrapper = join(dir, 'my-chrome');
    await writeFile(wrapper, `#!/bin/sh\necho used > "${join(dir, 'mark')}"\nexec "${await findBrowser(process.env)}" "$@"\n`);
    await chmod(wrapper, 0o755);
    // No PATH: fontconfig's fc-list cannot be found either, which doctor says instead of failing.
    const run = await runCli(['doctor'], { env: { ...noBrowserEnv, CHROME_PATH: wrapper, PATH: '' } });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`browser    ${wrapper} (from CHROME_PATH)\n`);
    expect(run.stdout).toContain('fonts ko   unknown (fc-list, from fontconfig, is not installed)\n');
    expect(await readFile(join(dir, 'mark'), 'utf8')).toBe('used\n');
  });

  it('exits 5 with one line of advice when CHROME_PATH names no browser', async () => {
    const run = await runCli(['doctor'], { env: { ...noBrowserEnv, CHROME_PATH: '/nonexistent/chrome' } });
    expect(run.code).toBe(5);
    expect(run.stdout).toContain('browser    none found\n');
    expect(run.stdout).toContain('pdf        cannot be printed\n');
    expect(run.stderr).toBe('briefdeck: cannot print PDFs: CHROME_PATH points to "/nonexistent/chrome", which is not an executable browser — fix or unset the variable\n');
  });

  it('exits 5 with one line of advice when the browser will not start', async () => {
    const dir = await tempDir();
    const fake = join(dir, 'fake-chrome');
    await writeFile(fake, '#!/bin/sh\necho "cannot open display" >&2\nexit 1\n');
    await chmod(fake, 0o755);
    const run = await runCli(['doctor', '--timeout', '10'], { env: { ...noBrowserEnv, CHROME_PATH: fake } });
    expect(run.code).toBe(5);
    expect(run.stdout).toContain(`browser    ${fake} (from CHROME_PATH)\n`);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^briefdeck: cannot print PDFs: .*fake-chrome: the browser did not start: .* — install one .* or set CHROME_PATH to the one you have$/);
  });
});

describe('briefdeck --version', () => {
  it('prints the package version and nothing else', async () => {
    for (const flag of ['--version', '-v']) {
      const run = await runCli([flag]);
      expect(run).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    }
  });
});
