// Finds and loads a theme folder (theme.json, layout, partials, CSS), following `extends` to its parents.
import { packageRoot } from '../model/package.js';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DeckError, ExitCode } from '../model/errors.js';
import { readCompiledTemplates, templateKey, type CompiledTemplate, type CompiledTemplates } from './precompiled.js';

/** Where the built-in themes live: the package's templates/ folder. */
export const builtInThemesDir = fileURLToPath(new URL('templates/', packageRoot()));

export interface ThemeFile {
  /** The file's path, for error messages. */
  file: string;
  source: string;
  /** A Handlebars file's compiled form when the package has it compiled ahead (see precompiled.ts). */
  compiled?: CompiledTemplate;
}

export interface RevealSettings {
  width: number;
  height: number;
  [key: string]: unknown;
}

export interface Theme {
  name: string;
  description: string;
  /** Theme folders, the theme itself first, then its parents. */
  dirs: string[];
  /** CSS custom properties, parents' first, the theme's own winning. */
  variables: Record<string, string>;
  reveal: RevealSettings;
  /** Font family names, and font files (under assets/) the theme ships. */
  fonts: string[];
  /** Type metrics for the planner's height estimate (`metrics` in theme.json), parents' first, merged shallowly. */
  metrics: Record<string, number>;
  /** House marks: a logo (a file under the theme's assets/, or a URL) and a footer line, nearest theme winning. */
  brand: Brand;
  layout: ThemeFile;
  handout?: ThemeFile;
  partials: Record<string, ThemeFile>;
  /** The CSS of the chain, parents first. */
  css: ThemeFile[];
  /** Asset files by their path under assets/, the nearest theme's copy. */
  assets: Record<string, string>;
}

interface ThemeJson {
  name: string;
  description: string;
  extends?: string;
  variables: Record<string, string>;
  reveal: Record<string, unknown>;
  fonts: string[];
  metrics: Record<string, number>;
  brand: Brand;
}

/** A theme's house marks, shown on the slides. */
export interface Brand {
  /** A path under the theme folder (`assets/logo.svg`) or a URL. */
  logo?: string;
  /** One line of text at the foot of the slides. */
  footer?: string;
}

const themeJsonKeys = new Set(['name', 'description', 'extends', 'variables', 'reveal', 'fonts', 'metrics', 'brand', '$schema']);

/** Reveal.js options whose type briefdeck checks; other Reveal options pass through unchecked. */
const revealTypes: Record<string, 'number' | 'string' | 'boolean'> = {
  width: 'number',
  height: 'number',
  margin: 'number',
  minScale: 'number',
  maxScale: 'number',
  transition: 'string',
  transitionSpeed: 'string',
  backgroundTransition: 'string',
  slideNumber: 'string',
  controls: 'boolean',
  progress: 'boolean',
  center: 'boolean',
  hash: 'boolean',
  history: 'boolean',
  loop: 'boolean',
  navigationMode: 'string',
};

/** Where local themes live by default, under the working folder (`briefdeck theme new` writes there). */
export const localThemesDirName = 'themes';

export interface ThemeLookup {
  /** Folder that relative theme paths are resolved against. */
  cwd: string;
  /** Folder of built-in themes (default: the package's templates/). */
  builtIn?: string;
}

/** Returns the loaded theme named `nameOrPath` (a built-in name or a folder path); throws DeckError (exit 4) when it is missing or invalid. */
export async function loadTheme(nameOrPath: string, lookup: ThemeLookup): Promise<Theme> {
  const builtIn = lookup.builtIn ?? builtInThemesDir;
  const chain: Array<{ dir: string; json: ThemeJson }> = [];
  let next: string | undefined = nameOrPath;
  let from = lookup.cwd;
  while (next !== undefined) {
    const child = chain[chain.length - 1];
    const dir = await findThemeDir(next, from, builtIn).catch((error: unknown) => {
      if (!child || !(error instanceof DeckError)) throw error;
      throw new DeckError(`theme.json key "extends": ${error.message}`, { code: ExitCode.theme, file: join(child.dir, 'theme.json'), ...(error.hint ? { hint: error.hint } : {}) });
    });
    if (chain.some((link) => link.dir === dir)) {
      throw new DeckError(`theme "${next}" extends itself in a loop`, { code: ExitCode.theme, file: join(dir, 'theme.json'), hint: 'remove the loop of `extends`' });
    }
    const json = await readThemeJson(dir);
    chain.push({ dir, json });
    next = json.extends;
    from = dir;
  }
  const own = chain[0]!;
  if (resolve(own.dir) !== resolve(builtIn, own.json.name) && (await listBuiltInThemes(builtIn)).includes(own.json.name)) {
    throw new DeckError(`theme.json key "name": "${own.json.name}" is the name of a built-in theme`, {
      code: ExitCode.theme,
      file: join(own.dir, 'theme.json'),
      hint: 'give the theme its own "name" (its CSS is published under that name beside the built-in one)',
    });
  }
  return assemble(chain);
}

async function findThemeDir(nameOrPath: string, from: string, builtIn: string): Promise<string> {
  const looksLikePath = nameOrPath.includes('/') || nameOrPath.includes('\\') || nameOrPath.startsWith('.') || isAbsolute(nameOrPath);
  const candidates = looksLikePath
    ? [resolve(from, nameOrPath)]
    : [join(builtIn, nameOrPath), resolve(from, nameOrPath), resolve(from, localThemesDirName, nameOrPath)];
  for (const dir of candidates) {
    if (await isFile(join(dir, 'theme.json'))) return dir;
  }
  const folder = candidates.find((dir) => looksLikePath && dir);
  if (folder && (await stat(folder).then((info) => info.isDirectory(), () => false))) {
    throw new DeckError('the theme folder has no theme.json', { code: ExitCode.theme, file: join(folder, 'theme.json'), hint: 'add a theme.json (`{ "extends": "briefing" }` is enough) or run `briefdeck theme new <name>`' });
  }
  const known = await listBuiltInThemes(builtIn);
  throw new DeckError(`unknown theme "${nameOrPath}"`, {
    code: ExitCode.theme,
    hint: `built-in themes: ${known.join(', ') || 'none'}; or give a path to a folder with a theme.json`,
  });
}

/** Returns the names of the built-in themes. */
export async function listBuiltInThemes(builtIn = builtInThemesDir): Promise<string[]> {
  const entries = await readdir(builtIn, { withFileTypes: true }).catch(() => []);
  const names: string[] = [];
  for (const entry of entries) {
    if (entry.isDirectory() && (await isFile(join(builtIn, entry.name, 'theme.json')))) names.push(entry.name);
  }
  return names.sort();
}

async function readThemeJson(dir: string): Promise<ThemeJson> {
  const file = join(dir, 'theme.json');
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new DeckError(`invalid theme.json: ${(error as Error).message}`, { code: ExitCode.theme, file, hint: 'fix the JSON syntax' });
  }
  const wrong = (key: string, expected: string): DeckError =>
    new DeckError(`theme.json key "${key}" must be ${expected}`, { code: ExitCode.theme, file, hint: 'see the README section on themes' });
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw wrong('(top level)', 'an object');
  const record = data as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!themeJsonKeys.has(key)) {
      throw new DeckError(`theme.json has unknown key "${key}"`, { code: ExitCode.theme, file, hint: `known keys: ${[...themeJsonKeys].filter((k) => k !== '$schema').join(', ')}` });
    }
  }
  const name = record['name'] ?? basename(dir);
  if (typeof name !== 'string' || !/^[\w.-]+$/.test(name)) throw wrong('name', 'a name of letters, digits, dots and dashes');
  const description = record['description'] ?? '';
  if (typeof description !== 'string') throw wrong('description', 'text');
  const parent = record['extends'];
  if (parent !== undefined && (typeof parent !== 'string' || !parent)) throw wrong('extends', 'the name or path of a theme');
  const variables = record['variables'] ?? {};
  if (typeof variables !== 'object' || variables === null || Array.isArray(variables)) throw wrong('variables', 'an object of CSS custom properties');
  for (const [key, value] of Object.entries(variables)) {
    if (!key.startsWith('--')) throw wrong(`variables.${key}`, 'a CSS custom property name starting with --');
    if (typeof value !== 'string' && typeof value !== 'number') throw wrong(`variables.${key}`, 'text or a number');
  }
  const reveal = record['reveal'] ?? {};
  if (typeof reveal !== 'object' || reveal === null || Array.isArray(reveal)) throw wrong('reveal', 'an object of Reveal.js options');
  for (const [key, value] of Object.entries(reveal)) {
    const type = revealTypes[key];
    if (type === undefined || typeof value === type) continue;
    if (key === 'slideNumber' && typeof value === 'boolean') continue;
    throw wrong(`reveal.${key}`, type === 'number' ? 'a number' : type === 'boolean' ? 'true or false' : 'text');
  }
  for (const key of ['width', 'height'] as const) {
    const value = (reveal as Record<string, unknown>)[key];
    if (value !== undefined && (typeof value !== 'number' || value < 100)) throw wrong(`reveal.${key}`, 'a number of pixels');
  }
  const fonts = record['fonts'] ?? [];
  if (!Array.isArray(fonts)) throw wrong('fonts', 'a list of font names or font files under assets/');
  for (const [index, font] of fonts.entries()) {
    if (typeof font !== 'string' || !font) throw wrong(`fonts[${index}]`, 'a font name or a font file under assets/');
    if (isFontFile(font) && !(await isFile(resolve(dir, font)))) {
      throw new DeckError(`theme.json key "fonts[${index}]" names a missing file: ${font}`, { code: ExitCode.theme, file, hint: `put the file at ${join(dir, font)} or remove it from "fonts"` });
    }
  }
  const metrics = record['metrics'] ?? {};
  if (typeof metrics !== 'object' || metrics === null || Array.isArray(metrics)) throw wrong('metrics', 'an object of measures for the fit stage');
  for (const [key, value] of Object.entries(metrics)) {
    if (typeof value !== 'number' || !(value >= 0)) throw wrong(`metrics.${key}`, 'a number (font sizes and paddings in px)');
  }
  const brandData = record['brand'] ?? {};
  if (typeof brandData !== 'object' || brandData === null || Array.isArray(brandData)) throw wrong('brand', 'an object with "logo" and "footer"');
  const brand: Brand = {};
  for (const [key, value] of Object.entries(brandData)) {
    if (key !== 'logo' && key !== 'footer') {
      throw new DeckError(`theme.json has unknown key "brand.${key}"`, { code: ExitCode.theme, file, hint: 'known keys of "brand": logo, footer' });
    }
    if (typeof value !== 'string') throw wrong(`brand.${key}`, key === 'logo' ? 'a file under assets/ or a URL' : 'text');
    brand[key] = value;
  }
  if (brand.logo !== undefined && !isUrl(brand.logo) && !(await isFile(resolve(dir, brand.logo)))) {
    throw new DeckError(`theme.json key "brand.logo" names a missing file: ${brand.logo}`, { code: ExitCode.theme, file, hint: `put the file at ${join(dir, brand.logo)} or give a URL` });
  }
  if (brand.logo !== undefined && !isUrl(brand.logo) && !/^assets\//.test(brand.logo)) throw wrong('brand.logo', 'a file under assets/ (like "assets/logo.svg") or a URL');
  const json: ThemeJson = {
    name,
    description,
    variables: Object.fromEntries(Object.entries(variables).map(([key, value]) => [key, String(value)])),
    reveal: reveal as Record<string, unknown>,
    fonts: fonts as string[],
    metrics: metrics as Record<string, number>,
    brand,
  };
  if (typeof parent === 'string') json.extends = parent;
  return json;
}

/** Returns a template file, with its compiled form when the package has its text compiled ahead. */
export function templateFile(file: string, source: string, compiled: CompiledTemplates): ThemeFile {
  const ahead = compiled[templateKey(source)];
  return ahead ? { file, source, compiled: ahead } : { file, source };
}

async function assemble(chain: Array<{ dir: string; json: ThemeJson }>): Promise<Theme> {
  const own = chain[0]!;
  const parentsFirst = [...chain].reverse();
  const compiled = await readCompiledTemplates();
  const find = async (name: string): Promise<ThemeFile | undefined> => {
    for (const { dir } of chain) {
      const file = join(dir, name);
      if (await isFile(file)) return templateFile(file, await readFile(file, 'utf8'), compiled);
    }
    return undefined;
  };
  const layout = await find('layout.hbs');
  if (!layout) {
    throw new DeckError('theme has no layout.hbs', { code: ExitCode.theme, file: join(own.dir, 'theme.json'), hint: 'add layout.hbs or extend a theme that has one' });
  }
  const partials: Record<string, ThemeFile> = {};
  for (const { dir } of parentsFirst) {
    for (const file of await listFiles(join(dir, 'partials'))) {
      if (file.endsWith('.hbs')) partials[basename(file, '.hbs')] = templateFile(file, await readFile(file, 'utf8'), compiled);
    }
  }
  const css: ThemeFile[] = [];
  for (const { dir } of parentsFirst) {
    const file = join(dir, 'theme.css');
    if (await isFile(file)) css.push({ file, source: await readFile(file, 'utf8') });
  }
  const assets: Record<string, string> = {};
  for (const { dir } of parentsFirst) {
    const root = join(dir, 'assets');
    for (const file of await listFiles(root, true)) assets[relative(root, file).split('\\').join('/')] = file;
  }
  const reveal = Object.assign({}, ...parentsFirst.map((link) => link.json.reveal)) as Record<string, unknown>;
  const theme: Theme = {
    name: own.json.name,
    description: own.json.description || chain.find((link) => link.json.description)?.json.description || '',
    dirs: chain.map((link) => link.dir),
    variables: Object.assign({}, ...parentsFirst.map((link) => link.json.variables)) as Record<string, string>,
    reveal: { ...reveal, width: Number(reveal['width'] ?? 1280), height: Number(reveal['height'] ?? 720) },
    fonts: [...new Set(parentsFirst.flatMap((link) => link.json.fonts))],
    metrics: Object.assign({}, ...parentsFirst.flatMap((link) => [metricsOfVariables(link.json.variables), link.json.metrics])) as Record<string, number>,
    brand: Object.assign({}, ...parentsFirst.map((link) => link.json.brand)) as Brand,
    layout,
    partials,
    css,
    assets,
  };
  const handout = await find('handout.hbs');
  if (handout) theme.handout = handout;
  return theme;
}

/**
 * The planner's metrics that a theme sets through its CSS variables: a theme that changes `--bd-size-min` tells the
 * planner too, with no `metrics` entry to keep in step. An explicit `metrics` entry of the same theme, or of a theme
 * extending it, wins.
 */
const metricOfVariable: Record<string, string> = {
  '--bd-size-body': 'fontSize',
  '--bd-size-min': 'denseFontSize',
  '--bd-size-title': 'titleSize',
  '--bd-line': 'lineHeight',
  '--bd-pad-x': 'padX',
  '--bd-pad-top': 'padTop',
  '--bd-pad-bottom': 'padBottom',
};

/** Returns the metrics a theme's variables give: px sizes (`28px`) and the unitless line height; other values are left out. */
function metricsOfVariables(variables: Record<string, string>): Record<string, number> {
  const metrics: Record<string, number> = {};
  for (const [variable, metric] of Object.entries(metricOfVariable)) {
    const value = variables[variable]?.trim();
    const match = value === undefined ? null : metric === 'lineHeight' ? /^(\d+(?:\.\d+)?)$/.exec(value) : /^(\d+(?:\.\d+)?)px$/.exec(value);
    if (match) metrics[metric] = Number(match[1]);
  }
  return metrics;
}

/** Returns whether a reference is a URL (`https:`, `data:`, `//host`) rather than a file of the theme. */
export function isUrl(reference: string): boolean {
  return /^([a-z][a-z0-9+.-]*:|\/\/)/i.test(reference);
}

/** Returns whether a `fonts` entry is a font file (by its extension) rather than a family name. */
function isFontFile(entry: string): boolean {
  return /\.(woff2?|ttf|otf)$/i.test(entry);
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then((info) => info.isFile(), () => false);
}

async function listFiles(dir: string, recursive = false): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const files: string[] = [];
  // Code-unit order: as stable as any, and without the collator that localeCompare loads on first use (14 ms).
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = join(dir, entry.name);
    if (entry.isFile()) files.push(path);
    else if (recursive && entry.isDirectory()) files.push(...(await listFiles(path, true)));
  }
  return files;
}
