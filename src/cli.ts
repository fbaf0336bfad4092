// The command line: argv -> command. The only module that touches process and the console.
import { readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { build, type DeckResult, type Reporter } from './build.js';
import type { PartialOptions } from './config.js';
import { DeckError, ExitCode, exitCodeOf, formatError } from './errors.js';
import { displayPath } from './inputs.js';

const usage = `briefdeck — turn Markdown articles into briefing decks

Usage:
  briefdeck build [files or folders…] [options]   build decks (default folder: content/)
  briefdeck help                                  show this help
  briefdeck --version                             show the version

Build options:
  --out <dir>          output folder (default: dist)
  --theme <name|path>  theme: a built-in name or a theme folder (default: briefing)
  --no-pdf             build the HTML decks only (no browser needed)
  --agenda             add an agenda slide even without \`toc: true\`
  --unsafe-html        trust raw HTML in the articles (no sanitising)
  --timeout <seconds>  longest wait for the browser at each step (default: 60)
  --debug              show stack traces for errors

Exit codes: 0 ok, 1 internal error, 2 usage, 3 bad input, 4 theme, 5 browser, 6 check failed, 7 cannot write, 130 interrupted.`;

/** Where output goes; tests pass their own. */
export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

const processIo = (): Io => ({ stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() });

/** Runs the command line and returns the exit code. */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  const debug = argv.includes('--debug');
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = (): void => {
    interrupts++;
    if (interrupts > 1) process.exit(ExitCode.interrupted);
    io.stderr.write('\ninterrupted: closing the browser and cleaning up (Ctrl-C again to force)\n');
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await run(argv, io, controller.signal);
  } catch (error) {
    io.stderr.write(`briefdeck: ${formatError(error, debug)}\n`);
    return exitCodeOf(error);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

async function run(argv: string[], io: Io, signal: AbortSignal): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      io.stdout.write(`${usage}\n`);
      return command === undefined ? ExitCode.usage : ExitCode.ok;
    case '--version':
    case '-v':
      io.stdout.write(`${version()}\n`);
      return ExitCode.ok;
    case 'build':
      return buildCommand(rest, io, signal);
    default:
      throw new DeckError(`unknown command "${command}"`, { code: ExitCode.usage, hint: 'run `briefdeck help` for the commands' });
  }
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** Returns parsed flags, turning Node's parse errors into one-line usage errors. */
function parseFlags<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, allowNegative: true, strict: true });
  } catch (error) {
    throw new DeckError((error as Error).message.replace(/\. To specify.*$/s, ''), { code: ExitCode.usage, hint: 'run `briefdeck help` for the options' });
  }
}

async function buildCommand(args: string[], io: Io, signal: AbortSignal): Promise<number> {
  const { values, positionals } = parseFlags(args, {
    out: { type: 'string' },
    theme: { type: 'string' },
    pdf: { type: 'boolean', default: true },
    agenda: { type: 'boolean' },
    'unsafe-html': { type: 'boolean', default: false },
    timeout: { type: 'string' },
    debug: { type: 'boolean', default: false },
  });
  const flags: PartialOptions = {};
  if (values.theme !== undefined) flags.theme = values.theme;
  if (values.agenda !== undefined) flags.agenda = values.agenda;
  const timeout = values.timeout === undefined ? 60 : Number(values.timeout);
  if (!(timeout > 0)) throw new DeckError(`--timeout must be a number of seconds, not "${values.timeout}"`, { code: ExitCode.usage });

  const started = performance.now();
  const report = consoleReporter(io, values.debug);
  const summary = await build({
    inputs: positionals.length > 0 ? positionals : ['content'],
    outDir: values.out ?? 'dist',
    cwd: io.cwd,
    flags,
    pdf: values.pdf,
    unsafeHtml: values['unsafe-html'],
    env: io.env,
    timeout: timeout * 1000,
    signal,
    report,
  });
  const built = summary.decks.filter((deck) => deck.ok).length;
  const failed = summary.decks.length - built;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  io.stdout.write(`${built} ${built === 1 ? 'deck' : 'decks'} built${failed ? `, ${failed} failed` : ''} in ${seconds} s\n`);
  return summary.exitCode;
}

/** Returns a reporter printing one line per deck to stdout, problems to stderr, and progress on a terminal. */
function consoleReporter(io: Io, debug: boolean): Reporter {
  const color = Boolean(io.stdout.isTTY) && !io.env['NO_COLOR'];
  const paint = (code: number, text: string): string => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const progress = Boolean(io.stderr.isTTY) && !io.env['CI'];
  let pending = false;
  const clear = (): void => {
    if (pending) io.stderr.write('\r\u001b[2K');
    pending = false;
  };
  return {
    start(index, total, file) {
      if (!progress) return;
      clear();
      io.stderr.write(`[${index}/${total}] ${file}…`);
      pending = true;
    },
    deck(result: DeckResult) {
      clear();
      if (result.ok) {
        const parts = [`${result.slides} slides`];
        if (result.pages !== undefined) parts.push(`${result.pages} PDF pages`);
        parts.push(`${(result.ms / 1000).toFixed(1)} s`);
        const where = result.dir ? `  → ${displayPath(result.dir, io.cwd)}/` : '';
        io.stdout.write(`${paint(32, '✓')} ${result.slug}  ${parts.join(' · ')}${where}\n`);
      } else {
        io.stderr.write(`${paint(31, '✗')} ${formatError(withFile(result.error, result.file), debug)}\n`);
      }
    },
    warning(message) {
      clear();
      io.stderr.write(`${paint(33, 'warning:')} ${message}\n`);
    },
  };
}

/** Gives an error without a file the deck's file, so every failure line says where. */
function withFile(error: unknown, file: string): unknown {
  if (error instanceof DeckError && !error.file) {
    return new DeckError(error.message, { code: error.code, file, ...(error.hint ? { hint: error.hint } : {}), cause: error });
  }
  return error;
}
