// Finds a Chromium-family browser and launches one for the whole run; puppeteer is imported only here, lazily.
import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import type { Browser, Page } from 'puppeteer';
import { DeckError, ExitCode } from './errors.js';

/** What to do when none is found; shown as the hint. */
export const noBrowserHint =
  'install one (Debian/Ubuntu: apt-get install chromium fonts-noto-cjk; elsewhere: npx puppeteer browsers install chrome) or set PUPPETEER_EXECUTABLE_PATH';

const systemNames = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];
const systemPaths = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
];

async function isExecutable(path: string): Promise<boolean> {
  return access(path, constants.X_OK).then(() => true, () => false);
}

export interface BrowserPlaces {
  /** Whether to ask Puppeteer for its own downloaded browser. */
  puppeteer: boolean;
  names: string[];
  paths: string[];
}

const usualPlaces: BrowserPlaces = { puppeteer: true, names: systemNames, paths: systemPaths };

/** Returns the browser to use: PUPPETEER_EXECUTABLE_PATH or CHROME_PATH, then Puppeteer's own, then the usual system places. */
export async function findBrowser(env: NodeJS.ProcessEnv, places: BrowserPlaces = usualPlaces): Promise<string> {
  for (const name of ['PUPPETEER_EXECUTABLE_PATH', 'CHROME_PATH'] as const) {
    const path = env[name];
    if (path) {
      if (await isExecutable(path)) return path;
      throw new DeckError(`${name} points to "${path}", which is not an executable browser`, { code: ExitCode.browser, hint: 'fix or unset the variable' });
    }
  }
  if (places.puppeteer) {
    try {
      const puppeteer = (await import('puppeteer')).default;
      const own = puppeteer.executablePath();
      if (own && (await isExecutable(own))) return own;
    } catch {
      // Puppeteer's own browser is not downloaded: look on the system.
    }
  }
  for (const dir of (env['PATH'] ?? '').split(delimiter).filter(Boolean)) {
    for (const name of places.names) {
      const path = join(dir, name);
      if (await isExecutable(path)) return path;
    }
  }
  for (const path of places.paths) if (await isExecutable(path)) return path;
  throw new DeckError('no Chrome or Chromium browser found (needed for PDFs and the fit check)', { code: ExitCode.browser, hint: noBrowserHint });
}

/** Flags that keep a headless browser quiet on closed networks and usable as root. */
export function browserArgs(isRoot: boolean): string[] {
  const args = [
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-default-apps',
    '--disable-extensions',
    '--disable-quic',
    '--no-first-run',
    '--no-default-browser-check',
    '--font-render-hinting=none',
    '--disable-dev-shm-usage',
  ];
  return isRoot ? ['--no-sandbox', ...args] : args;
}

export interface BrowserSession {
  /** Opens a page with the given viewport; pages are closed by the caller or with the session. */
  newPage(viewport: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  env: NodeJS.ProcessEnv;
  /** Milliseconds to wait for the browser to start. */
  timeout?: number;
  /** Aborting closes the browser at once (Ctrl-C). */
  signal?: AbortSignal;
}

/** Launches one headless browser for a run; `close` is safe to call more than once. */
export async function launchBrowser(options: LaunchOptions): Promise<BrowserSession> {
  const executablePath = await findBrowser(options.env);
  const puppeteer = (await import('puppeteer')).default;
  let browser: Browser;
  try {
    browser = await puppeteer.launch({
      executablePath,
      headless: true,
      args: browserArgs(process.getuid?.() === 0),
      timeout: options.timeout ?? 30_000,
      protocolTimeout: 120_000,
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
  } catch (error) {
    throw new DeckError(`the browser did not start: ${(error as Error).message.split('\n')[0]}`, {
      code: ExitCode.browser,
      file: executablePath,
      hint: noBrowserHint,
      cause: error,
    });
  }
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    options.signal?.removeEventListener('abort', onAbort);
    await browser.close().catch(() => browser.process()?.kill('SIGKILL'));
  };
  const onAbort = (): void => void close();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) {
    await close();
    throw new DeckError('interrupted', { code: ExitCode.interrupted });
  }
  return {
    async newPage(viewport) {
      // Each page gets its own context (its own window), so pages working side by side all stay visible:
      // a hidden tab gets no animation frames, and Reveal lays out its print view in one.
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      page.once('close', () => void context.close().catch(() => undefined));
      page.setDefaultTimeout(60_000);
      await page.setViewport({ ...viewport, deviceScaleFactor: 1 });
      return page;
    },
    close,
  };
}
