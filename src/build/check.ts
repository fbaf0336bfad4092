// The library's check(): audits built decks in a browser of its own, as `briefdeck check` does (which calls it).
import type { BrowserSession } from '../fit/browser.js';
import { checkDecks, type CheckedDeck } from '../fit/check.js';
import { DeckError, ExitCode, type ExitCodeValue } from '../model/errors.js';

/** Options of check(), one for each flag of `briefdeck check`. */
export interface CheckOptions {
  /** Built deck folders, folders holding them, or articles (checked in their build under `out`); default: `[out]`. */
  paths?: string[] | undefined;
  /** Where articles named in `paths` were built, relative to `cwd` (`--out`; default: `dist`). */
  out?: string | undefined;
  /** Longest wait for the browser at each step, in seconds (`--timeout`; default: 60). */
  timeout?: number | undefined;
  /** Aborting closes the browser and stops the check. */
  signal?: AbortSignal | undefined;
  /** The folder paths are found from (default: the process's). */
  cwd?: string | undefined;
  /** Environment used to find a browser (`CHROME_PATH`, `PUPPETEER_EXECUTABLE_PATH`, `PATH`; default: the process's). */
  env?: Record<string, string | undefined> | undefined;
}

/** The audit of one built deck: its folder, its article, one line per problem, its figures (stats). */
export type DeckCheck = CheckedDeck;

/** The outcome of check(). */
export interface CheckResult {
  decks: DeckCheck[];
  /** Problems found in all decks. */
  problems: number;
  /** The exit code of `briefdeck check`: 0, or 6 when there is any problem. */
  exitCode: ExitCodeValue;
}

/** Returns the audit of every built deck under the paths (fit, text size, words, lost words, images, network); throws a DeckError when there is nothing to check or no browser. */
export async function check(options: CheckOptions = {}): Promise<CheckResult> {
  const timeout = options.timeout ?? 60;
  if (!(timeout > 0)) throw new DeckError(`timeout must be a number of seconds above 0, not ${String(timeout)}`, { code: ExitCode.usage });
  const out = options.out ?? 'dist';
  let session: Promise<BrowserSession> | undefined;
  const browser = (): Promise<BrowserSession> =>
    (session ??= import('../fit/browser.js').then(({ launchBrowser }) =>
      launchBrowser({ env: options.env ?? process.env, timeout: timeout * 1000, ...(options.signal ? { signal: options.signal } : {}) }),
    ));
  try {
    const decks = await checkDecks({ paths: options.paths ?? [out], outDir: out, cwd: options.cwd ?? process.cwd(), browser, timeout: timeout * 1000 });
    const problems = decks.reduce((sum, deck) => sum + deck.problems.length, 0);
    return { decks, problems, exitCode: problems > 0 ? ExitCode.check : ExitCode.ok };
  } finally {
    await (await session?.catch(() => undefined))?.close();
  }
}
