// `briefdeck theme new`: writes an editable theme folder that extends its parent and holds the files a house style changes.
import { mkdir, readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { DeckError, ExitCode } from '../model/errors.js';
import { builtInThemesDir, listBuiltInThemes, loadTheme, localThemesDirName } from '../render/theme.js';
import { writeFileAtomic } from '../write/files.js';

export interface ScaffoldOptions {
  name: string;
  /** The parent theme: a built-in name or a path (default: briefing). */
  from?: string;
  /** The folder the theme folder is made in (default: themes/). */
  dir?: string;
  cwd: string;
  builtIn?: string;
}

/** The variables a house style changes first; the scaffold copies them from the parent so they are there to edit. */
const editableVariables = ['--bd-bg', '--bd-ink', '--bd-muted', '--bd-accent', '--bd-accent-ink', '--bd-font-body', '--bd-font-heading'];

/** The partials copied for editing: the slides a house style redesigns first. */
const editablePartials = ['title', 'closing'];

/** Creates `<dir>/<name>/` and returns its path and the files written; refuses to overwrite an existing folder. */
export async function scaffoldTheme(options: ScaffoldOptions): Promise<{ dir: string; files: string[] }> {
  if (!/^[a-z0-9][\w.-]*$/i.test(options.name)) {
    throw new DeckError(`invalid theme name "${options.name}"`, { code: ExitCode.usage, hint: 'use letters, digits, dots and dashes, like acme-2026' });
  }
  const builtIn = options.builtIn ?? builtInThemesDir;
  if ((await listBuiltInThemes(builtIn)).includes(options.name)) {
    throw new DeckError(`"${options.name}" is the name of a built-in theme`, { code: ExitCode.usage, hint: `choose your own name, and --from ${options.name} to start from it` });
  }
  const from = options.from ?? 'briefing';
  const parent = await loadTheme(from, { cwd: options.cwd, builtIn });
  const dir = resolve(options.cwd, options.dir ?? localThemesDirName, options.name);
  if (await stat(dir).then(() => true, () => false)) {
    throw new DeckError('a file or folder of that name already exists', { code: ExitCode.usage, file: dir, hint: 'choose another name or --dir, or remove it' });
  }
  const parentDir = parent.dirs[0]!;
  const isBuiltIn = (await listBuiltInThemes(builtIn)).includes(from) && resolve(builtIn, from) === parentDir;
  const extendsRef = isBuiltIn ? from : toPosix(relative(dir, parentDir));
  const variables = Object.fromEntries(editableVariables.filter((name) => name in parent.variables).map((name) => [name, parent.variables[name]!]));
  const json = {
    name: options.name,
    description: `House style based on ${parent.name}.`,
    extends: extendsRef.startsWith('.') || isBuiltIn || isAbsolute(extendsRef) ? extendsRef : `./${extendsRef}`,
    variables,
    brand: { footer: '' },
  };
  await mkdir(join(dir, 'partials'), { recursive: true });
  await mkdir(join(dir, 'assets'), { recursive: true });
  const files: Array<[string, string]> = [
    ['theme.json', `${JSON.stringify(json, null, 2)}\n`],
    ['theme.css', cssStarter(options.name, parent.name)],
  ];
  for (const name of editablePartials) {
    const partial = parent.partials[name];
    if (partial) files.push([`partials/${name}.hbs`, await readFile(partial.file, 'utf8')]);
  }
  files.push(['assets/README.md', `Put the theme's logo and font files here.\nA logo: \`"brand": { "logo": "assets/logo.svg" }\` in theme.json.\nA font file: list it in theme.json \`"fonts"\` and declare it with @font-face in theme.css (url(assets/…)).\n`]);
  for (const [name, text] of files) await writeFileAtomic(join(dir, name), text);
  return { dir, files: files.map(([name]) => name) };
}

function toPosix(path: string): string {
  return path.split('\\').join('/');
}

function cssStarter(name: string, parent: string): string {
  return `/* ${name} — extends ${parent}. This file is added after ${parent}'s CSS, so a rule here wins.
   Colours and fonts are variables in theme.json; change them there first.
   Every text inside a slide should stay at 22px or more (3% of the 720px slide height). */

/* Example: a thicker accent bar under content slide titles.
.slide-title::after { width: 120px; height: 8px; }
*/
`;
}
