// `briefdeck check [paths]`: audits built decks; one line per problem, exit 6 when there is any.
import { check } from '../build/check.js';
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
  // One option of the library's check() per flag.
  const result = await check({ paths: positionals.length > 0 ? positionals : undefined, out: values.out, timeout, signal, cwd: io.cwd, env: io.env });
  for (const deck of result.decks) {
    for (const line of deck.problems) io.stdout.write(`${line}\n`);
    const { stats } = deck;
    const words = deck.articleChecked ? ` · ${(stats.coverage * 100).toFixed(1)}% of the article's words` : ' · article not found, words not compared';
    io.stderr.write(`${deck.problems.length ? '✗' : '✓'} ${displayPath(deck.dir, io.cwd)}  ${stats.slides} slides · words median ${stats.medianWords}, busiest ${stats.busiestWords} · fill median ${Math.round(stats.medianFill * 100)}%, ${stats.sparse} sparse${words}\n`);
  }
  const { decks, problems } = result;
  io.stdout.write(`${decks.length} ${decks.length === 1 ? 'deck' : 'decks'} checked, ${problems} ${problems === 1 ? 'problem' : 'problems'}\n`);
  return result.exitCode;
}
