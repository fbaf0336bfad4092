// The source layout stays true: src/ has one folder per stage, imports point down the layer order only, and no
// module imports itself back through others. Imports are read from the syntax tree (static, `export … from`,
// dynamic `import()` and `import('…')` types), so a lazy import counts like any other.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';

/** The layers, lowest first; a module may import from its own layer or lower ones. cli.ts and index.ts are the top. */
const layers = ['model', 'load', 'plan', 'render', 'write', 'fit', 'export', 'build', 'themes', 'serve', 'commands'];
const rootModules = ['cli.ts', 'index.ts'];
const src = fileURLToPath(new URL('../src/', import.meta.url));

/** Returns every module under src/, as paths relative to src/ with forward slashes. */
function modules(): string[] {
  return readdirSync(src, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => file.split(sep).join('/'))
    .sort();
}

/** Returns the specifiers a TypeScript source imports, in every form. */
function importsOf(code: string, file = 'module.ts'): string[] {
  const specifiers: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      specifiers.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [argument] = node.arguments;
      // A computed import() cannot be checked, and none of our own modules is allowed; one into a package (a template
      // that starts with the package's name, such as a grammar of highlight.js) stays in that package.
      const head = argument && ts.isTemplateExpression(argument) ? argument.head.text : undefined;
      if (argument && ts.isStringLiteralLike(argument)) specifiers.push(argument.text);
      else if (head && /^(@[\w.-]+\/)?[\w.-]+\//.test(head) && !head.startsWith('.')) specifiers.push(head.split('/').slice(0, head.startsWith('@') ? 2 : 1).join('/'));
      else specifiers.push(`<computed import in ${file}>`);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      specifiers.push(node.argument.literal.text);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      specifiers.push(node.moduleReference.expression.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile(file, code, ts.ScriptTarget.Latest, true));
  return specifiers;
}

/** Returns the module graph of src/: each module and the src/ modules it imports. */
function graph(): Map<string, string[]> {
  const edges = new Map<string, string[]>();
  for (const file of modules()) {
    const local = importsOf(readFileSync(join(src, file), 'utf8'), file)
      .filter((specifier) => specifier.startsWith('.') || specifier.startsWith('<'))
      .map((specifier) => (specifier.startsWith('<') ? specifier : relative(src, resolve(src, dirname(file), specifier)).split(sep).join('/').replace(/\.js$/, '.ts')));
    edges.set(file, local);
  }
  return edges;
}

/** Returns the rank of a module's layer (higher is later); -1 for anything outside the known layers. */
function rank(file: string): number {
  if (!file.includes('/')) return rootModules.includes(file) ? layers.length : -1;
  return layers.indexOf(file.split('/')[0]!);
}

/** Returns the imports that go up the layer order, as `from -> to`. */
function upwardImports(edges: Map<string, string[]>): string[] {
  return [...edges].flatMap(([file, imports]) => imports.filter((target) => rank(target) > rank(file)).map((target) => `${file} -> ${target}`));
}

/** Returns every cycle of the graph, each as the path that closes it (a -> b -> a). */
function cycles(edges: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const walk = (file: string): void => {
    state.set(file, 'open');
    path.push(file);
    for (const next of edges.get(file) ?? []) {
      if (state.get(next) === 'open') found.push([...path.slice(path.indexOf(next)), next]);
      else if (!state.has(next)) walk(next);
    }
    path.pop();
    state.set(file, 'done');
  };
  for (const file of edges.keys()) if (!state.has(file)) walk(file);
  return found;
}

describe('the import graph of src/', () => {
  const edges = graph();

  it('has only cli.ts and index.ts at the root of src/, and every other module in a layer folder', () => {
    expect(modules().filter((file) => !file.includes('/'))).toEqual(rootModules);
    expect(modules().filter((file) => rank(file) < 0)).toEqual([]);
  });

  it('imports only modules that exist (so nothing below is checked against a wrong path)', () => {
    const known = new Set(edges.keys());
    const broken = [...edges].flatMap(([file, imports]) => imports.filter((target) => !known.has(target)).map((target) => `${file} -> ${target}`));
    expect(broken).toEqual([]);
  });

  it('never imports up the layer order (model < load < plan < render < write < fit < export < build < themes < serve < commands < cli, index)', () => {
    expect(upwardImports(edges)).toEqual([]);
  });

  it('has no import cycles', () => {
    expect(cycles(edges).map((cycle) => cycle.join(' -> '))).toEqual([]);
  });

  it('keeps the library API apart from the command line: index.ts imports neither commands/ nor cli.ts', () => {
    expect((edges.get('index.ts') ?? []).filter((target) => target.startsWith('commands/') || target === 'cli.ts')).toEqual([]);
  });
});

describe('the import reader', () => {
  it('finds static, re-exported, dynamic and type imports', () => {
    const code = [
      "import a from './a.js';",
      "import type { B } from '../b.js';",
      "export { c } from './c.js';",
      "export * from './d.js';",
      "const e = await import('./e.js');",
      "type F = import('./f.js').F;",
      "import g = require('./g.js');",
      "import './h.js';",
    ].join('\n');
    expect(importsOf(code)).toEqual(['./a.js', '../b.js', './c.js', './d.js', './e.js', './f.js', './g.js', './h.js']);
  });

  it('flags an import() it cannot read, but not one into a package', () => {
    expect(importsOf('const name = "./x.js"; await import(name);', 'm.ts')).toEqual(['<computed import in m.ts>']);
    expect(importsOf('await import(`./${name}.js`);', 'm.ts')).toEqual(['<computed import in m.ts>']);
    expect(importsOf('await import(`highlight.js/lib/languages/${name}`);', 'm.ts')).toEqual(['highlight.js']);
  });

  it('finds an import up the layer order, and only such', () => {
    const edges = new Map([
      ['plan/split.ts', ['render/markdown.ts', 'load/parse.ts', 'plan/ids.ts']],
      ['model/deck.ts', ['index.ts']],
      ['cli.ts', ['commands/build.ts', 'index.ts']],
    ]);
    expect(upwardImports(edges)).toEqual(['plan/split.ts -> render/markdown.ts', 'model/deck.ts -> index.ts']);
  });

  it('finds a cycle, and only a real one', () => {
    expect(cycles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']]]))).toEqual([['a', 'b', 'c', 'a']]);
    expect(cycles(new Map([['a', ['b', 'c']], ['b', ['c']], ['c', []]]))).toEqual([]);
  });
});
