// `briefdeck serve`: flags -> a running preview server; prints its address, one line per rebuild, and stops on Ctrl-C.
import { spawn } from 'node:child_process';
import type { PartialOptions } from '../load/config.js';
import { DeckError, ExitCode } from '../model/errors.js';
import { isLoopback, startServe } from '../serve/index.js';
import type { RebuildReport } from '../serve/site.js';
import { parseFlags, type Io } from './io.js';

/** Runs `serve` with its command-line arguments until the signal aborts; returns the exit code. */
export async function serveCommand(args: string[], io: Io, signal: AbortSignal): Promise<number> {
  const { values, positionals } = parseFlags(args, {
    port: { type: 'string' },
    host: { type: 'string' },
    open: { type: 'boolean', default: false },
    theme: { type: 'string' },
    agenda: { type: 'boolean' },
    'unsafe-html': { type: 'boolean', default: false },
    debug: { type: 'boolean', default: false },
  });
  const port = values.port === undefined ? 8080 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new DeckError(`--port must be a port number (0–65535), not "${values.port}"`, { code: ExitCode.usage });
  const host = values.host ?? '127.0.0.1';
  if (!host) throw new DeckError('--host must name an address, such as 127.0.0.1 or 0.0.0.0', { code: ExitCode.usage });
  const flags: PartialOptions = {};
  if (values.theme !== undefined) flags.theme = values.theme;
  if (values.agenda !== undefined) flags.agenda = values.agenda;

  const color = Boolean(io.stdout.isTTY) && !io.env['NO_COLOR'];
  const paint = (code: number, text: string): string => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const time = (): string => new Date().toTimeString().slice(0, 8);
  const warn = (message: string): void => void io.stderr.write(`${paint(33, 'warning:')} ${message}\n`);
  let base = '';
  const printReport = (report: RebuildReport, stamp: boolean): void => {
    const prefix = stamp ? `${time()} ` : '';
    for (const deck of report.built) {
      if (stamp && !deck.changed) continue;
      io.stdout.write(`${prefix}${paint(32, '✓')} ${deck.slug}  ${deck.slides} slides · ${Math.round(deck.ms)} ms  → ${base}${encodeURIComponent(deck.slug)}/\n`);
    }
    for (const removed of report.removed) io.stdout.write(`${prefix}${paint(33, '−')} ${removed.slug}  removed (${removed.file} is gone)\n`);
    for (const problem of report.failed) io.stderr.write(`${prefix}${paint(31, '✗')} ${problem.text}\n`);
    for (const warning of new Set(report.warnings)) warn(warning);
  };

  if (signal.aborted) return ExitCode.interrupted;
  const server = await startServe({
    inputs: positionals.length > 0 ? positionals : ['content'],
    cwd: io.cwd,
    host,
    port,
    flags,
    unsafeHtml: values['unsafe-html'],
    debug: values.debug,
    onRebuild: (report) => printReport(report, true),
    onWarning: warn,
  });
  try {
    const local = isLoopback(host) || host === '0.0.0.0' || host === '::' ? server.url.replace(/\/\/(0\.0\.0\.0|\[::\])/, '//localhost') : server.url;
    base = local;
    if (port !== 0 && server.port !== port) warn(`port ${port} is taken; using ${server.port}`);
    if (!isLoopback(host)) warn(`listening on ${host}: anyone who can reach this machine can open the decks`);
    const built = server.decks().filter((deck) => deck.built).length;
    printReport(server.first, false);
    io.stdout.write(`Serving ${built} ${built === 1 ? 'deck' : 'decks'} at ${local}  (Ctrl-C stops)\n`);
    if (values.open) openBrowser(server.decks().length === 1 ? `${local}${encodeURIComponent(server.decks()[0]!.slug)}/` : local, warn);
    await new Promise<void>((resolve) => {
      if (signal.aborted) resolve();
      else signal.addEventListener('abort', () => resolve(), { once: true });
    });
  } finally {
    await server.close();
  }
  io.stdout.write('stopped\n');
  return ExitCode.ok;
}

/** Opens a URL in the user's browser with the system's opener; a failure is only a warning. */
function openBrowser(url: string, warn: (message: string) => void): void {
  const [command, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.on('error', () => warn(`could not open a browser (${command}); open ${url} yourself`));
    child.unref();
  } catch {
    warn(`could not open a browser; open ${url} yourself`);
  }
}
