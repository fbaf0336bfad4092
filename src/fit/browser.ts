// Finds a Chromium-family browser and launches one for the whole run; Puppeteer is imported only here, lazily.
import { access, constants } from 'node:fs/promises';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { Browser, Page } from 'puppeteer';
import { DeckError, ExitCode } from '../model/errors.js';

/** What to do when none is found; shown as the hint. */
export const noBrowserHint =
  'install one (Debian/Ubuntu: apt-get install chromium fonts-noto-cjk; elsewhere: npx puppeteer browsers install chrome) or set CHROME_PATH to the one you have';

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

/**
 * Returns the browser to use: PUPPETEER_EXECUTABLE_PATH or CHROME_PATH; then the Chrome Puppeteer downloaded into its
 * cache (PUPPETEER_CACHE_DIR, else ~/.cache/puppeteer); then the usual system places; then the one a Puppeteer
 * configuration file places elsewhere (reading those files takes the whole `puppeteer` package, a third of a second).
 */
export async function findBrowser(env: NodeJS.ProcessEnv, places: BrowserPlaces = usualPlaces): Promise<string> {
  for (const name of ['PUPPETEER_EXECUTABLE_PATH', 'CHROME_PATH'] as const) {
    const path = env[name];
    if (path) {
      if (await isExecutable(path)) return path;
      throw new DeckError(`${name} points to "${path}", which is not an executable browser`, { code: ExitCode.browser, hint: 'fix or unset the variable' });
    }
  }
  const downloaded = places.puppeteer ? await puppeteerDownload(env) : undefined;
  if (downloaded) return downloaded;
  for (const dir of (env['PATH'] ?? '').split(delimiter).filter(Boolean)) {
    for (const name of places.names) {
      const path = join(dir, name);
      if (await isExecutable(path)) return path;
    }
  }
  for (const path of places.paths) if (await isExecutable(path)) return path;
  const configured = places.puppeteer ? await puppeteerConfigured() : undefined;
  if (configured) return configured;
  throw new DeckError('no Chrome or Chromium browser found (needed for PDFs and the fit check)', { code: ExitCode.browser, hint: noBrowserHint });
}

/** The Chrome of this Puppeteer release in Puppeteer's cache folder, when it was downloaded there (the release's Chrome
 * version is in puppeteer-core's `internal/revisions.js`, which its package exports; the version is pinned). */
async function puppeteerDownload(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  try {
    const [{ PUPPETEER_REVISIONS }, { Browser, computeExecutablePath }] = await Promise.all([import('puppeteer-core/internal/revisions.js'), import('@puppeteer/browsers')]);
    const cacheDir = env['PUPPETEER_CACHE_DIR'] || join(homedir(), '.cache', 'puppeteer');
    const path = computeExecutablePath({ browser: Browser.CHROME, buildId: PUPPETEER_REVISIONS.chrome, cacheDir });
    return (await isExecutable(path)) ? path : undefined;
  } catch {
    return undefined;
  }
}

/** The browser Puppeteer's configuration names (its files may move the cache or pin another version), when there is one. */
async function puppeteerConfigured(): Promise<string | undefined> {
  try {
    const own = (await import('puppeteer')).default.executablePath();
    return own && (await isExecutable(own)) ? own : undefined;
  } catch {
    // Puppeteer's own browser is not downloaded.
    return undefined;
  }
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
    // No renderer process started ahead for a page that may come (briefdeck opens its pages itself): memory. And no
    // address bar's suggestion popup: headless Chromium still builds each window's address bar, whose popup is a web
    // page of its own (chrome://omnibox-popup…) in a renderer of its own, which costs 0.3–0.5 s of a processor per
    // window while the deck beside it is laid out (every page briefdeck opens is a window).
    '--disable-features=SpareRendererForSitePerProcess,WebUIOmniboxPopup,WebUIOmniboxFullPopup,WebUIOmniboxAimPopup',
  ];
  return isRoot ? ['--no-sandbox', ...args] : args;
}

export interface BrowserSession {
  /** Opens a page with the given viewport; pages are closed by the caller or with the session. */
  newPage(viewport: { width: number; height: number }): Promise<Page>;
  /** The URLs a page of this session asked for and has not received yet (to name what a timed-out page waited for). */
  pending(page: Page): string[];
  close(): Promise<void>;
}

export interface LaunchOptions {
  env: NodeJS.ProcessEnv;
  /** Milliseconds to wait for the browser to start. */
  timeout?: number;
  /** Aborting closes the browser at once (Ctrl-C). */
  signal?: AbortSignal;
}

/**
 * Opens a page in a context of its own (its own window), so pages working side by side all stay visible: a hidden tab
 * gets no animation frames, and Reveal lays out its print view in one. The context closes with the page. With
 * `firstTab`, that page (the tab the browser opened with, alone in its window, in the browser's own context, which
 * stays) is made ready instead.
 */
export async function openPage(
  browser: Browser,
  viewport: { width: number; height: number },
  options: { timeout: number; pendingOf: WeakMap<Page, Set<string>>; firstTab?: Page },
): Promise<Page> {
  let page = options.firstTab;
  if (!page) {
    const context = await browser.createBrowserContext();
    page = await context.newPage();
    page.once('close', () => void context.close().catch(() => undefined));
  }
  // The URLs the page asked for and has not received yet, for timeout messages.
  const waiting = new Set<string>();
  page.on('request', (request) => void waiting.add(request.url()));
  page.on('requestfinished', (request) => void waiting.delete(request.url()));
  page.on('requestfailed', (request) => void waiting.delete(request.url()));
  options.pendingOf.set(page, waiting);
  page.setDefaultTimeout(options.timeout);
  await page.setViewport({ ...viewport, deviceScaleFactor: 1 });
  return page;
}

/** How often a run starts a new browser after the last one crashed before it gives up. */
const maxRelaunches = 3;

/** Launches one headless browser for a run (a new one if it crashes); `close` is safe to call more than once. */
export async function launchBrowser(options: LaunchOptions): Promise<BrowserSession> {
  const executablePath = await findBrowser(options.env);
  // The browser is found: Puppeteer's core launches it (the full package adds its own browser's download and lookup).
  const puppeteer = (await import('puppeteer-core')).default;
  const timeout = options.timeout ?? 30_000;
  const start = async (): Promise<Browser> => {
    try {
      return await puppeteer.launch({
        executablePath,
        headless: true,
        args: browserArgs(process.getuid?.() === 0),
        timeout,
        // A hung browser answers no protocol call: bound every call, not only page loads.
        protocolTimeout: Math.max(30_000, 2 * timeout),
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
  };
  // The tab a browser opens with, its renderer started with the browser, is the first page asked for: no page has to be
  // opened before the first deck loads.
  const firstTabOf = (started: Browser): Promise<Page | undefined> => started.pages().then((pages) => pages[0], () => undefined);
  let browser = await start();
  let firstTab: Promise<Page | undefined> | undefined = firstTabOf(browser);
  let relaunches = 0;
  let relaunching: Promise<void> | undefined;
  const pendingOf = new WeakMap<Page, Set<string>>();
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
      if (!browser.connected && !closed) {
        // Pages asked for at once after a crash share one new browser (decks print side by side).
        relaunching ??= (async (): Promise<void> => {
          if (++relaunches > maxRelaunches) {
            throw new DeckError(`the browser crashed ${relaunches} times in this run; giving up`, { code: ExitCode.browser, file: executablePath, hint: 'run again with --debug and report it; use --no-pdf to build the HTML decks only' });
          }
          browser.process()?.kill('SIGKILL');
          browser = await start();
          firstTab = firstTabOf(browser);
        })().finally(() => (relaunching = undefined));
        await relaunching;
      }
      // Taken at once: pages asked for side by side must not both get it.
      const taken = firstTab;
      firstTab = undefined;
      const tab = await taken;
      try {
        return await openPage(browser, viewport, { timeout, pendingOf, ...(tab && !tab.isClosed() ? { firstTab: tab } : {}) });
      } catch (error) {
        // A browser that crashes while a page is being opened is a crash like any other (the deck is tried again).
        throw browserFailure(error, timeout);
      }
    },
    pending: (page) => [...(pendingOf.get(page) ?? [])],
    close,
  };
}

/** Tells whether an error is the browser crashing (or being closed) under a deck, as `browserFailure` reports it. */
export function isBrowserCrash(error: unknown): boolean {
  return error instanceof DeckError && error.code === ExitCode.browser && error.message.startsWith('the browser crashed');
}

/** Returns the one-line DeckError (exit 5) for a browser failure while `doing` something with a deck: timeout (naming what the page still waited for), crash or other. */
export function browserFailure(error: unknown, timeout: number, options: { doing?: string; pending?: string[] } = {}): DeckError {
  const doing = options.doing ?? 'printing the PDF';
  if (error instanceof DeckError) return error;
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'unknown error';
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError' || /timed? ?out|timeout .*exceeded/i.test(message)) {
    const waited = options.pending?.find((url) => !url.startsWith('data:'));
    const what = waited ? ` (still waiting for ${waited.length > 100 ? `${waited.slice(0, 100)}…` : waited})` : '';
    return new DeckError(`${doing} stopped: the deck page did not finish loading within ${Math.round(timeout / 1000)} s${what}`, {
      code: ExitCode.browser,
      hint: 'something on the page never finished loading; remove it, or raise --timeout',
      cause: error,
    });
  }
  if (/target closed|session closed|connection closed|browser has disconnected|page crashed|frame (was|got) detached|not opened|ECONNRESET/i.test(message)) {
    return new DeckError(`the browser crashed or was closed while ${doing}`, {
      code: ExitCode.browser,
      hint: 'run again; if it happens again, run with --debug and report it',
      cause: error,
    });
  }
  return new DeckError(`${doing} failed: ${message}`, { code: ExitCode.browser, hint: 'run again with --debug; use --no-pdf to build the HTML deck only', cause: error });
}
