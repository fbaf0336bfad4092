// `briefdeck doctor`: what a bug report needs (versions, the browser, CJK fonts) and whether this machine can print
// PDFs, found by printing a one-page PDF; exits 5 with one line of advice when it cannot.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { DeckError, ExitCode, formatError } from '../model/errors.js';
import { parseFlags, type Io } from './io.js';
import { packageVersion } from './version.js';

const run = promisify(execFile);

/** The languages whose system fonts are listed: the decks carry Pretendard (Hangul, Latin), other CJK text uses these. */
const cjkLanguages = ['ko', 'ja', 'zh'] as const;

/** Runs `doctor`; returns 0 when a PDF could be printed, else 5 (the browser's exit code). */
export async function doctorCommand(args: string[], io: Io, signal: AbortSignal): Promise<number> {
  const { values } = parseFlags(args, { timeout: { type: 'string' }, debug: { type: 'boolean', default: false } });
  const timeout = values.timeout === undefined ? 60 : Number(values.timeout);
  if (!(timeout > 0)) throw new DeckError(`--timeout must be a number of seconds, not "${values.timeout}"`, { code: ExitCode.usage });
  const line = (label: string, text: string): void => void io.stdout.write(`${label.padEnd(10)} ${text}\n`);

  line('briefdeck', packageVersion());
  line('node', `${process.version} (${process.platform} ${process.arch})`);
  for (const [lang, families] of await cjkFonts(io.env)) {
    line(`fonts ${lang}`, families === undefined ? 'unknown (fc-list, from fontconfig, is not installed)' : families.length === 0 ? 'none' : `${families.length}: ${summarise(families)}`);
  }

  const { findBrowser, launchBrowser } = await import('../fit/browser.js');
  const from = ['PUPPETEER_EXECUTABLE_PATH', 'CHROME_PATH'].find((name) => io.env[name]);
  let failure: unknown;
  try {
    const path = await findBrowser(io.env).catch((error: unknown) => {
      line('browser', 'none found');
      throw error;
    });
    line('browser', `${path}${from ? ` (from ${from})` : ''}`);
    const { printTestPage } = await import('../export/probe.js');
    const session = await launchBrowser({ env: io.env, timeout: timeout * 1000, signal });
    try {
      const probe = await printTestPage(session, timeout * 1000);
      line('version', probe.browser);
      if (probe.pages !== 1) throw new DeckError(`the test PDF has ${probe.pages} pages instead of 1`, { code: ExitCode.browser, hint: 'run again with --debug and report it' });
      line('pdf', `printed a one-page test PDF (${Math.ceil(probe.bytes / 1024)} KB) in ${(probe.ms / 1000).toFixed(1)} s`);
    } finally {
      await session.close();
    }
  } catch (error) {
    if (signal.aborted) throw error;
    failure = error;
  }
  if (failure === undefined) {
    io.stdout.write('PDFs can be printed.\n');
    return ExitCode.ok;
  }
  line('pdf', 'cannot be printed');
  io.stderr.write(`briefdeck: cannot print PDFs: ${formatError(failure, values.debug)}\n`);
  return ExitCode.browser;
}

/** Returns the font families fontconfig has for each CJK language (undefined when fc-list is missing). */
async function cjkFonts(env: NodeJS.ProcessEnv): Promise<Array<[string, string[] | undefined]>> {
  return Promise.all(
    cjkLanguages.map(async (lang): Promise<[string, string[] | undefined]> => {
      try {
        const { stdout } = await run('fc-list', [`:lang=${lang}`, 'family'], { env, timeout: 10_000 });
        const families = new Set(stdout.split('\n').map((entry) => entry.split(',')[0]!.trim()).filter(Boolean));
        return [lang, [...families].sort()];
      } catch {
        return [lang, undefined];
      }
    }),
  );
}

/** Returns a list of names shortened to the first three. */
function summarise(names: string[]): string {
  return names.length > 3 ? `${names.slice(0, 3).join(', ')}, …` : names.join(', ');
}
