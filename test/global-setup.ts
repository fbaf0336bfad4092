// Set-up of the browser project, once per run: starts the one Chromium the browser tests share, and makes the folder
// of the shared build (the seed and every fixture article, PDFs and handouts, by the real binary through a wrapper
// that counts browser launches), which the first test that needs it builds; see test/shared.ts.
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { browserArgs, findBrowser } from '../src/fit/browser.js';
import { fixtureArticles, runCli, seedFile, tempDir } from './helpers.js';

/** The shared build: where its decks are and what the binary printed. */
export interface SharedBuild {
  /** The output folder (one deck folder per article, `_shared/`, `index.html`). */
  out: string;
  code: number;
  stdout: string;
  stderr: string;
  /** How many times the build started a browser. */
  launches: number;
}

/** Builds the seed and the fixture articles with the real binary into `dir`/out, counting the browsers it starts. */
export async function buildShared(dir?: string): Promise<SharedBuild> {
  const at = dir ?? (await tempDir('briefdeck-shared-'));
  const log = join(at, 'launches.log');
  const wrapper = join(at, 'chromium-logged');
  await writeFile(wrapper, `#!/bin/sh\necho "start $$" >> '${log}'\nexec '${await findBrowser(process.env)}' "$@"\n`);
  await chmod(wrapper, 0o755);
  const out = join(at, 'out');
  const run = await runCli(['build', seedFile, fixtureArticles, '--out', out], { env: { PUPPETEER_EXECUTABLE_PATH: wrapper } });
  const launches = (await readFile(log, 'utf8').catch(() => '')).split('\n').filter(Boolean).length;
  return { out, ...run, launches };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const puppeteer = (await import('puppeteer')).default;
  const browser = await puppeteer.launch({ executablePath: await findBrowser(process.env), headless: true, args: browserArgs(process.getuid?.() === 0), protocolTimeout: 120_000 });
  project.provide('browserEndpoint', browser.wsEndpoint());
  const dir = await tempDir('briefdeck-shared-');
  project.provide('sharedBuildDir', dir);
  // Watch mode: a rerun (after lib/ was compiled again) builds afresh.
  project.onTestsRerun(async () => {
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir);
  });
  return async () => {
    await browser.close();
    await rm(dir, { recursive: true, force: true });
  };
}
