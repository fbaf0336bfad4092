// `briefdeck build`: flags -> the options of the library's build(); prints one line per deck and a summary.
import { build, type BuildEvent } from '../build/api.js';
import type { DeckResult, Reporter } from '../build/build.js';
import { DeckError, ExitCode, formatError } from '../model/errors.js';
import { displayPath } from '../load/inputs.js';
import { parseFlags, type Io } from './io.js';

/** Runs `build` with its command-line arguments; returns the exit code. */
export async function buildCommand(args: string[], io: Io, signal: AbortSignal): Promise<number> {
  const { values, positionals } = parseFlags(args, {
    out: { type: 'string' },
    theme: { type: 'string' },
    pdf: { type: 'boolean', default: true },
    fit: { type: 'boolean', default: true },
    handout: { type: 'boolean' },
    pptx: { type: 'boolean' },
    'page-size': { type: 'string' },
    agenda: { type: 'boolean' },
    fetch: { type: 'boolean' },
    'unsafe-html': { type: 'boolean', default: false },
    timeout: { type: 'string' },
    force: { type: 'boolean', default: false },
    jobs: { type: 'string' },
    debug: { type: 'boolean', default: false },
  });
  const timeout = values.timeout === undefined ? 60 : Number(values.timeout);
  const pageSize = (values['page-size'] ?? 'a4').toLowerCase();
  if (pageSize !== 'a4' && pageSize !== 'letter') throw new DeckError(`--page-size must be a4 or letter, not "${values['page-size']}"`, { code: ExitCode.usage, hint: 'run `briefdeck help` for the options' });
  if (!(timeout > 0)) throw new DeckError(`--timeout must be a number of seconds, not "${values.timeout}"`, { code: ExitCode.usage });
  const jobs = values.jobs === undefined ? undefined : Number(values.jobs);
  if (jobs !== undefined && !(Number.isInteger(jobs) && jobs >= 1)) throw new DeckError(`--jobs must be a whole number of decks, 1 or more, not "${values.jobs}"`, { code: ExitCode.usage, hint: 'run `briefdeck help` for the options' });

  const started = performance.now();
  const report = consoleReporter(io, values.debug);
  // One option of the library's build() per flag.
  const summary = await build({
    inputs: positionals.length > 0 ? positionals : undefined,
    out: values.out,
    theme: values.theme,
    pdf: values.pdf,
    handout: values.handout,
    pageSize,
    fit: values.fit,
    agenda: values.agenda,
    fetch: values.fetch,
    pptx: values.pptx,
    unsafeHtml: values['unsafe-html'],
    timeout,
    force: values.force,
    jobs,
    signal,
    cwd: io.cwd,
    env: io.env,
    onProgress: (event) => tell(report, event),
  });
  const built = summary.decks.filter((deck) => deck.ok).length;
  const unchanged = summary.decks.filter((deck) => deck.unchanged).length;
  const failed = summary.decks.length - built;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  io.stdout.write(`${built} ${built === 1 ? 'deck' : 'decks'} built${failed ? `, ${failed} failed` : ''} in ${seconds} s${unchanged ? ` (${unchanged} unchanged)` : ''}\n`);
  return summary.exitCode;
}

/** Returns a reporter printing one line per deck to stdout, problems to stderr, and progress on a terminal. */
export function consoleReporter(io: Io, debug: boolean): Reporter {
  const color = Boolean(io.stdout.isTTY) && !io.env['NO_COLOR'];
  const paint = (code: number, text: string): string => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const progress = Boolean(io.stderr.isTTY) && !io.env['CI'];
  let pending = false;
  let current = '';
  const clear = (): void => {
    if (pending) io.stderr.write('\r\u001b[2K');
    pending = false;
  };
  return {
    start(index, total, file) {
      if (!progress) return;
      clear();
      current = `deck ${index} of ${total}: ${file}`;
      io.stderr.write(`${current}…`);
      pending = true;
    },
    progress(message) {
      if (!progress) return;
      clear();
      io.stderr.write(`${current} · ${message}…`);
      pending = true;
    },
    deck(result: DeckResult) {
      clear();
      if (result.ok) {
        const parts = result.unchanged ? ['unchanged', `${result.slides} slides`] : [`${result.slides} slides`];
        if (result.pages !== undefined) parts.push(`${result.pages} PDF pages`);
        if (result.handoutPages !== undefined) parts.push(`handout ${result.handoutPages} pages`);
        if (result.pptx !== undefined) parts.push('PPTX');
        parts.push(`${(result.ms / 1000).toFixed(1)} s`);
        const where = result.dir ? `  → ${displayPath(result.dir, io.cwd)}/` : '';
        io.stdout.write(`${paint(32, '✓')} ${result.slug}  ${parts.join(' · ')}${where}\n`);
        for (const line of result.fit ?? []) io.stdout.write(`    fit: ${line}\n`);
      } else {
        io.stderr.write(`${paint(31, '✗')} ${formatError(result.error, debug)}\n`);
      }
    },
    warning(message) {
      clear();
      io.stderr.write(`${paint(33, 'warning:')} ${message}\n`);
    },
  };
}

/** Passes one event of the library's build() to the reporter. */
function tell(report: Reporter, event: BuildEvent): void {
  if (event.type === 'start') report.start(event.index, event.total, event.file);
  else if (event.type === 'progress') report.progress?.(event.message);
  else if (event.type === 'warning') report.warning(event.message, event.file);
  else report.deck(event.deck);
}

