// One error class for every failure a user can act on, and the exit codes they map to.

/** Exit codes of the briefdeck command; documented in the README. */
export const ExitCode = {
  ok: 0,
  /** An unexpected internal error (a bug): run again with --debug and report it. */
  internal: 1,
  /** Wrong command-line usage: unknown command, flag or value. */
  usage: 2,
  /** An article could not be read or is invalid (missing file, bad front matter). */
  input: 3,
  /** A theme could not be found or is invalid. */
  theme: 4,
  /** No browser, or the browser failed while measuring or printing. */
  browser: 5,
  /** `check` found problems in a built deck. */
  check: 6,
  /** Writing the output failed (permissions, disk full). */
  output: 7,
  /** Interrupted (Ctrl-C). */
  interrupted: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export interface DeckErrorOptions {
  code: ExitCodeValue;
  file?: string;
  line?: number;
  column?: number;
  /** What the user can do about it. */
  hint?: string;
  cause?: unknown;
}

/** A failure the user can act on: a message, where it happened, an exit code and a hint. */
export class DeckError extends Error {
  readonly code: ExitCodeValue;
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly hint: string | undefined;

  constructor(message: string, options: DeckErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DeckError';
    this.code = options.code;
    this.file = options.file;
    this.line = options.line;
    this.column = options.column;
    this.hint = options.hint;
  }
}

/** Returns `file:line:column` (as much as is known), or '' when there is no file. */
export function formatPlace(file?: string, line?: number, column?: number): string {
  if (!file) return '';
  if (line === undefined) return file;
  return column === undefined ? `${file}:${line}` : `${file}:${line}:${column}`;
}

/** Returns the one line shown to a user for an error: `file:line: message (hint)`; a stack only when debugging. */
export function formatError(error: unknown, debug = false): string {
  if (error instanceof DeckError) {
    const place = formatPlace(error.file, error.line, error.column);
    const text = `${place ? `${place}: ` : ''}${error.message}${error.hint ? ` — ${error.hint}` : ''}`;
    return debug && error.stack ? `${text}\n${error.stack}${causeStack(error.cause)}` : text;
  }
  const message = error instanceof Error ? error.message : String(error);
  if (debug) return error instanceof Error && error.stack ? error.stack : message;
  return `internal error: ${message.split('\n')[0]} — run again with --debug for details and report it`;
}

/** Returns the stacks of an error's causes, for --debug. */
function causeStack(cause: unknown, depth = 0): string {
  if (!(cause instanceof Error) || depth > 5) return '';
  return `\ncaused by: ${cause.stack ?? cause.message}${causeStack(cause.cause, depth + 1)}`;
}

/** Returns the exit code for an error. */
export function exitCodeOf(error: unknown): ExitCodeValue {
  return error instanceof DeckError ? error.code : ExitCode.internal;
}
