// The command line: argv -> command. The only module that touches process and the console.
// Each command is imported when it runs, so `help`, `--version` and every command load only what they need.
import { DeckError, ExitCode, exitCodeOf, formatError } from './model/errors.js';
import type { Io } from './commands/io.js';
import { packageVersion } from './commands/version.js';

const usage = `briefdeck — turn Markdown articles into briefing decks

Usage:
  briefdeck build [files or folders…] [options]   build decks (default folder: content/)
  briefdeck serve [files or folders…] [options]   preview the decks in a browser, rebuilt as you save
  briefdeck check [decks or articles…] [--out d]  audit built decks: fit, text size, words, images, network (default: dist)
  briefdeck themes [--preview] [article]          list themes; --preview draws a gallery in dist/_themes/
  briefdeck theme new <name> [--from <theme>] [--dir <folder>]   make an editable theme (default: themes/<name>/)
  briefdeck doctor [--timeout s]                  what a bug report needs; prints a test PDF (exit 5 when PDFs cannot be printed)
  briefdeck help                                  show this help
  briefdeck --version                             show the version

Build options:
  --out <dir>          output folder (default: dist)
  --theme <name|path>  theme: a built-in name or a theme folder (default: briefing)
  --no-pdf             no PDFs: build the HTML decks only (no browser needed)
  --handout            with --no-pdf: print the handout all the same
  --no-handout         no PDF handout (default: a handout whenever there is a slides PDF)
  --page-size <size>   handout paper: a4 (default) or letter
  --pptx               also write an editable PowerPoint, <slug>.pptx (--no-pptx: not even when asked for in front matter)
  --no-fit             skip the fit stage (measuring and re-planning slides in the browser)
  --agenda             add an agenda slide even without \`toc: true\`
  --unsafe-html        trust raw HTML in the articles (no sanitising)
  --no-fetch           keep remote pictures' addresses (default: fetch them into the deck's assets/)
  --timeout <seconds>  longest wait for the browser at each step (default: 60)
  --force              build every deck, also those whose inputs did not change since the last build
  --jobs <n>           decks written and printed at once (default: the number of processors)
  --debug              show stack traces for errors

Serve options (and --theme, --agenda, --unsafe-html, --debug):
  --port <n>           port to try first; the next free one if taken (default: 8080; 0: any)
  --host <address>     address to listen on (default: 127.0.0.1, this machine only)
  --open               open the index (or the only deck) in the default browser

Exit codes: 0 ok, 1 internal error, 2 usage, 3 bad input, 4 theme, 5 browser, 6 check failed, 7 cannot write, 130 interrupted.`;

const processIo = (): Io => ({ stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() });

/** Runs the command line and returns the exit code. */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  const debug = argv.includes('--debug');
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = (): void => {
    interrupts++;
    if (interrupts > 1) process.exit(ExitCode.interrupted);
    io.stderr.write('\ninterrupted: stopping and cleaning up (Ctrl-C again to force)\n');
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
  // `briefdeck build --help` (any command) asks for the help, as it would of most command lines.
  if (command !== undefined && (rest.includes('--help') || rest.includes('-h'))) {
    io.stdout.write(`${usage}\n`);
    return ExitCode.ok;
  }
  switch (command) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      io.stdout.write(`${usage}\n`);
      return command === undefined ? ExitCode.usage : ExitCode.ok;
    case '--version':
    case '-v':
      io.stdout.write(`${packageVersion()}\n`);
      return ExitCode.ok;
    case 'build':
      return (await import('./commands/build.js')).buildCommand(rest, io, signal);
    case 'serve':
      return (await import('./commands/serve.js')).serveCommand(rest, io, signal);
    case 'check':
      return (await import('./commands/check.js')).checkCommand(rest, io, signal);
    case 'themes':
      return (await import('./commands/themes.js')).themesCommand(rest, io, signal);
    case 'theme':
      return (await import('./commands/themes.js')).themeCommand(rest, io);
    case 'doctor':
      return (await import('./commands/doctor.js')).doctorCommand(rest, io, signal);
    default:
      throw new DeckError(`unknown command "${command}"`, { code: ExitCode.usage, hint: 'run `briefdeck help` for the commands' });
  }
}

