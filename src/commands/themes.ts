// `briefdeck themes [--preview]` lists the themes (and draws the gallery); `briefdeck theme new <name>` scaffolds one.
import { packageRoot } from '../model/package.js';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfigFile } from '../load/config.js';
import { DeckError, ExitCode, formatError } from '../model/errors.js';
import { displayPath, findArticles } from '../load/inputs.js';
import { listThemes } from '../themes/catalog.js';
import { scaffoldTheme } from '../themes/scaffold.js';
import { parseFlags, type Io } from './io.js';

/** The article the gallery shows unless one is named: a sample shipped with briefdeck that has every slide kind and layout. */
const sampleArticle = fileURLToPath(new URL('templates/_gallery/layouts.md', packageRoot()));

/** Runs `themes`: one line per theme (name, where it lives, what it extends, its description); with --preview, writes the gallery. */
export async function themesCommand(args: string[], io: Io, signal: AbortSignal): Promise<number> {
  const { values, positionals } = parseFlags(args, {
    preview: { type: 'boolean', default: false },
    out: { type: 'string' },
    timeout: { type: 'string' },
    debug: { type: 'boolean', default: false },
  });
  const config = await loadConfigFile(io.cwd);
  const { themes: entries, broken } = await listThemes({ cwd: io.cwd, ...(config.theme ? { extra: [config.theme] } : {}) });
  const width = Math.max(...entries.map((entry) => entry.ref.length));
  for (const { ref, origin, theme } of entries) {
    const parent = theme.dirs.length > 1 ? ` (extends ${theme.dirs[1]!.split(/[\\/]/).filter(Boolean).pop()})` : '';
    io.stdout.write(`${ref.padEnd(width)}  ${origin.padEnd(8)}  ${theme.description}${parent}\n`);
  }
  for (const { error } of broken) io.stderr.write(`✗ ${formatError(relativeError(error, io.cwd), values.debug)}\n`);
  const code = broken[0]?.error.code ?? ExitCode.ok;
  if (!values.preview) return code;

  const timeout = (values.timeout === undefined ? 60 : Number(values.timeout)) * 1000;
  if (!(timeout > 0)) throw new DeckError(`--timeout must be a number of seconds, not "${values.timeout}"`, { code: ExitCode.usage });
  const article = await chooseArticle(positionals, io.cwd);
  const outDir = resolve(io.cwd, values.out ?? 'dist');
  const { launchBrowser } = await import('../fit/browser.js');
  const { writeGallery } = await import('../themes/gallery.js');
  const browser = await launchBrowser({ env: io.env, timeout, signal });
  try {
    const result = await writeGallery({
      article,
      shown: displayPath(article, io.cwd),
      themes: entries.map(({ ref, origin, theme }) => ({ ref, origin: origin === 'built-in' ? 'built-in' : displayPath(theme.dirs[0]!, io.cwd), theme })),
      outDir,
      config,
      browser,
      timeout,
    });
    io.stdout.write(`gallery: ${entries.length} themes, ${result.pictures} slides → ${displayPath(result.index, io.cwd)}\n`);
  } finally {
    await browser.close();
  }
  return code;
}

/** Returns the error with its file shown relative to the working folder. */
function relativeError(error: DeckError, cwd: string): DeckError {
  if (!error.file) return error;
  const { line, column, hint } = error;
  return new DeckError(error.message, { code: error.code, file: displayPath(error.file, cwd), ...(line === undefined ? {} : { line }), ...(column === undefined ? {} : { column }), ...(hint ? { hint } : {}), cause: error });
}

/** Returns the article to preview: the one given, else the sample shipped with briefdeck, which shows every layout. */
async function chooseArticle(positionals: string[], cwd: string): Promise<string> {
  if (positionals.length > 1) throw new DeckError('give one article to preview', { code: ExitCode.usage });
  if (positionals[0] !== undefined) return (await findArticles([resolve(cwd, positionals[0])]))[0]!;
  return sampleArticle;
}

/** Runs `theme new <name> [--from <theme>] [--dir <folder>]`. */
export async function themeCommand(args: string[], io: Io): Promise<number> {
  const [verb, ...rest] = args;
  if (verb !== 'new') {
    throw new DeckError(verb === undefined ? 'missing what to do with a theme' : `unknown theme command "${verb}"`, { code: ExitCode.usage, hint: 'usage: briefdeck theme new <name> [--from <theme>] [--dir <folder>]' });
  }
  const { values, positionals } = parseFlags(rest, { from: { type: 'string' }, dir: { type: 'string' } });
  const [name, ...extra] = positionals;
  if (name === undefined || extra.length > 0) {
    throw new DeckError('give one name for the new theme', { code: ExitCode.usage, hint: 'usage: briefdeck theme new <name> [--from <theme>] [--dir <folder>]' });
  }
  const made = await scaffoldTheme({ name, cwd: io.cwd, ...(values.from ? { from: values.from } : {}), ...(values.dir ? { dir: values.dir } : {}) });
  const where = displayPath(made.dir, io.cwd);
  const ref = where.startsWith('.') || where.startsWith('/') ? where : `./${where}`;
  io.stdout.write(`created ${where}/ (${made.files.join(', ')})\nuse it: briefdeck build --theme ${ref}   or front matter   theme: ${ref}\n`);
  return ExitCode.ok;
}
