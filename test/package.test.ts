// The npm package, from what `npm pack` would put in the tarball: only what users need (no tests, fixtures, sources
// or source maps), everything the compiled code reads at run time, every package it imports declared, and types a
// strict TypeScript program checks against by the package's name, with no `any` in the public API.
// (The full pack, install into an empty project and use there is scripts/check-package.mjs, which CI runs.)
import { execFile } from 'node:child_process';
import { builtinModules } from 'node:module';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { root, tempDir } from './helpers.js';

const run = promisify(execFile);
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  name: string;
  types: string;
  exports: Record<string, { types: string; import: string } | string>;
  dependencies: Record<string, string>;
  bin: Record<string, string>;
};
const posix = (path: string): string => path.split(sep).join('/');

let packed: Set<string>;
beforeAll(async () => {
  // --ignore-scripts: list the lib/ the suite compiled, without recompiling it under the other tests' feet.
  const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, maxBuffer: 16 * 1024 * 1024 });
  const [result] = JSON.parse(stdout.slice(stdout.indexOf('['))) as Array<{ files: Array<{ path: string }> }>;
  packed = new Set(result!.files.map((file) => file.path));
});

/** Returns the compiled modules under lib/, relative to the package. */
function libFiles(ext: string): string[] {
  return readdirSync(join(root, 'lib'), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith(ext))
    .map((file) => posix(join('lib', file)));
}

describe('the npm tarball', () => {
  it('holds lib/, bin/, templates/, the sample article, README, LICENSE and package.json, and nothing else', () => {
    const tops = new Set([...packed].map((file) => (file.includes('/') ? `${file.split('/')[0]}/` : file)));
    expect([...tops].sort()).toEqual(['LICENSE', 'README.md', 'bin/', 'lib/', 'package.json', 'templates/']);
    expect([...packed].filter((file) => /(^|\/)(test|tests|fixtures|src|scripts)\/|\.map$|\.test\.|\.tsbuildinfo$/.test(file))).toEqual([]);
  });

  it('carries every compiled module with its declarations, the bin and the templates', () => {
    const sources = readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
    const missing = sources.flatMap((file) => ['.js', '.d.ts'].map((ext) => posix(join('lib', file.replace(/\.ts$/, ext))))).filter((file) => !packed.has(file));
    expect(missing).toEqual([]);
    expect(packed.has(Object.values(pkg.bin)[0]!)).toBe(true);
    const templates = readdirSync(join(root, 'templates'), { recursive: true, encoding: 'utf8', withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => posix(relative(root, join(entry.parentPath, entry.name))));
    expect(templates.filter((file) => !packed.has(file))).toEqual([]);
  });

  it('carries every file the compiled code reads from its package (new URL(…, packageRoot()) or beside itself)', () => {
    const needed = libFiles('.js').flatMap((file) => {
      const code = readFileSync(join(root, file), 'utf8');
      const fromRoot = [...code.matchAll(/new URL\(\s*['"]([^'"]+)['"]\s*,\s*packageRoot\(\)\s*\)/g)].map((match) => posix(match[1]!));
      const besideItself = [...code.matchAll(/new URL\(\s*['"]([^'"]+)['"]\s*,\s*import\.meta\.url\s*\)/g)]
        .filter((match) => match[1] !== '.' && match[1] !== '..')
        .map((match) => posix(relative(root, resolve(root, dirname(file), match[1]!))));
      return [...fromRoot, ...besideItself];
    });
    expect(needed).toContain('templates/_gallery/layouts.md');
    expect(needed).toContain('templates/_shared/briefdeck.js');
    expect(needed.filter((file) => !(packed.has(file) || [...packed].some((path) => path.startsWith(file.endsWith('/') ? file : `${file}/`))))).toEqual([]);
  });

  it('declares every package the compiled code imports as a dependency', () => {
    const builtins = new Set(builtinModules);
    const imported = new Set<string>();
    for (const file of libFiles('.js')) {
      const visit = (node: ts.Node): void => {
        const specifier =
          (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)
            ? node.moduleSpecifier.text
            : ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteralLike(node.arguments[0])
              ? node.arguments[0].text
              : undefined;
        if (specifier && !specifier.startsWith('.') && !specifier.startsWith('node:') && !builtins.has(specifier)) {
          imported.add(specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!);
        }
        ts.forEachChild(node, visit);
      };
      visit(ts.createSourceFile(file, readFileSync(join(root, file), 'utf8'), ts.ScriptTarget.Latest, true));
    }
    expect(imported.size).toBeGreaterThan(5);
    expect([...imported].filter((name) => !(name in pkg.dependencies))).toEqual([]);
  });

  it('declares its types: package.json types and exports point at packed files', () => {
    const main = pkg.exports['.'];
    expect(main).toEqual({ types: './lib/index.d.ts', import: './lib/index.js' });
    expect(pkg.types).toBe('./lib/index.d.ts');
    for (const file of [pkg.types, (main as { import: string }).import]) expect(packed.has(file.replace(/^\.\//, ''))).toBe(true);
  });
});

describe('the public types', () => {
  /** Returns, by file, the diagnostics of one strict program whose modules import the package by name from a project of their own. */
  async function typeCheck(modules: Record<string, string>): Promise<Record<string, string[]>> {
    const project = await tempDir('briefdeck-types-');
    await mkdir(join(project, 'node_modules'));
    await symlink(root, join(project, 'node_modules', pkg.name), 'dir');
    for (const [name, code] of Object.entries(modules)) await writeFile(join(project, name), code);
    const program = ts.createProgram(Object.keys(modules).map((name) => join(project, name)), {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
      types: [],
      strict: true,
      exactOptionalPropertyTypes: true,
      noEmit: true,
      // Declarations are tsc's own output (valid by construction) and scripts/check-package.mjs checks them whole;
      // here the cost is the consumer's view of them.
      skipLibCheck: true,
    });
    const found: Record<string, string[]> = Object.fromEntries(Object.keys(modules).map((name) => [name, []]));
    for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
      const name = diagnostic.file ? relative(project, diagnostic.file.fileName) : '(program)';
      (found[name] ??= []).push(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    }
    return found;
  }

  it('type-check a strict program using every export, and refuse wrong options', async () => {
    const good = [
      "import { build, planDeck, renderDeck, loadTheme, check, DeckError, ExitCode, formatError, type BuildEvent, type BuildResult, type Deck, type DeckBuild, type Slide, type Theme } from 'briefdeck';",
      'const events: BuildEvent[] = [];',
      "const result: BuildResult = await build({ inputs: ['talk.md'], out: 'api-out', pdf: false, pageSize: 'letter', onProgress: (event) => events.push(event) });",
      'const first: DeckBuild | undefined = result.decks[0];',
      "const planned = await planDeck({ markdown: '# Hi', agenda: true });",
      'const deck: Deck = planned.deck;',
      'const slides: Slide[] = deck.slides;',
      "const theme: Theme = await loadTheme('briefing');",
      'const html: string = await renderDeck(deck, { theme, themeVars: planned.themeVars });',
      "const checked = await check({ out: 'api-out', timeout: 30 });",
      'const code: number = checked.exitCode === ExitCode.check ? 6 : 0;',
      'if (first?.error instanceof DeckError) console.log(formatError(first.error), first.error.hint);',
      'console.log(slides.length, html.length, code, events.length);',
      '',
    ].join('\n');
    const bad = "import { build, planDeck } from 'briefdeck';\nawait build({ pageSize: 'a3' });\nexport const n: number = (await planDeck({ file: 'a.md' })).deck.meta.title;\n";
    const found = await typeCheck({ 'good.mts': good, 'bad.mts': bad });
    expect(found).toEqual({ 'good.mts': [], 'bad.mts': [expect.stringMatching(/'"a3"' is not assignable/), expect.stringMatching(/'string' is not assignable to type 'number'/)] });
  });

  it('have no `any` anywhere the package root reaches', () => {
    const seen = new Set<string>();
    const anys: string[] = [];
    const visitFile = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
      const visit = (node: ts.Node): void => {
        if (node.kind === ts.SyntaxKind.AnyKeyword) anys.push(`${posix(relative(root, file))}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`);
        if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier) && node.moduleSpecifier.text.startsWith('.')) {
          visitFile(resolve(dirname(file), node.moduleSpecifier.text.replace(/\.js$/, '.d.ts')));
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    };
    visitFile(join(root, 'lib', 'index.d.ts'));
    expect(seen.size).toBeGreaterThan(3);
    expect(anys).toEqual([]);
  });
});
