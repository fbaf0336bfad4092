// `briefdeck check [paths]`: audits built decks; one line per problem, exit 6 when there is any.
import type { BrowserSession } from '../fit/browser.js';
import { checkDecks } from '../fit/check.js';
import { DeckError, ExitCode } from '../model/errors.js';
import { displayPath } from '../load/inputs.js';
import { parseFlags, type Io } from './io.js';

/** Runs `check` with its command-line arguments; returns the exit code. */
export async function checkCommand(args: string[], io: Io, signal: AbortSignal): Promise<number> {
  const { values, positionals } = parseFlags(args, {
    out: { type: 'string' },
    timeout: { type: 'string' },
    debug: { type: 'boolean', default: false },
  });
  const timeout = values.timeout === undefined ? 60 : Number(values.timeout);
  if (!(timeout > 0)) throw new DeckError(`--timeout must be a number of seconds, not "${values.timeout}"`, { code: ExitCode.usage });
  let session: BrowserSession | undefined;
  const browser = async (): Promise<BrowserSession> => {
    if (!session) {
      const { launchBrowser } = await import('../fit/browser.js');
      session = await launchBrowser({ env: io.env, timeout: timeout * 1000, signal });
    }
    return session;
  };
  try {
    const outDir = values.out ?? 'dist';
    const decks = await checkDecks({ paths: positionals.length > 0 ? positionals : [outDir], outDir, cwd: io.cwd, browser, timeout: timeout * 1000 });
    let problems = 0;
    for (const deck of decks) {
      for (const line of deck.problems) io.stdout.write(`${line}\n`);
      problems += deck.problems.length;
      const { stats } = deck;
      const words = deck.articleChecked ? ` · ${(stats.coverage * 100).toFixed(1)}% of the article's words` : ' · article not found, words not compared';
      io.stderr.write(`${deck.problems.length ? '✗' : '✓'} ${displayPath(deck.dir, io.cwd)}  ${stats.slides} slides · words median ${stats.medianWords}, busiest ${stats.busiestWords} · fill median ${Math.round(stats.medianFill * 100)}%, ${stats.sparse} sparse${words}\n`);
    }
    io.stdout.write(`${decks.length} ${decks.length === 1 ? 'deck' : 'decks'} checked, ${problems} ${problems === 1 ? 'problem' : 'problems'}\n`);
    return problems > 0 ? ExitCode.check : ExitCode.ok;
  } finally {
    await session?.close();
  }
}
