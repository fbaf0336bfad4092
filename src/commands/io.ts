// What a command may touch: its output streams, environment and working folder (given by the CLI).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DeckError, ExitCode } from '../model/errors.js';

/** Where output goes; tests pass their own. */
export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** What parseFlags() returns: Node's parsed flags and positionals for the given options. */
export type ParsedFlags<T extends NonNullable<ParseArgsConfig['options']>> = ReturnType<typeof parseArgs<{ args: string[]; options: T; allowPositionals: true; allowNegative: true; strict: true }>>;

/** Returns parsed flags, turning Node's parse errors into one-line usage errors. */
export function parseFlags<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T): ParsedFlags<T> {
  try {
    return parseArgs({ args, options, allowPositionals: true, allowNegative: true, strict: true });
  } catch (error) {
    throw new DeckError((error as Error).message.replace(/\. To specify.*$/s, ''), { code: ExitCode.usage, hint: 'run `briefdeck help` for the options' });
  }
}
