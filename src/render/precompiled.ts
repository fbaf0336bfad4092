// Templates compiled ahead, when the package is built: scripts/bundle.mjs writes lib/templates.json, every built-in
// Handlebars file as JavaScript, keyed by a hash of its text. A build runs those without Handlebars' compiler, whose
// parsing and code generation otherwise cost about a tenth of a second of every build. A template that is not there (a
// theme of one's own, a file edited since the package was built) is compiled when it is used, as before.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type Handlebars from 'handlebars';
import { packageRoot } from '../model/package.js';
import { eachTemplateNode } from './template-tree.js';

/** A template compiled ahead: Handlebars' template spec (JavaScript source) and the partials it calls by name. */
export interface CompiledTemplate {
  spec: string;
  partials: string[];
}

/** Templates compiled ahead, by `templateKey` of their text. */
export type CompiledTemplates = Record<string, CompiledTemplate>;

/** The options every template is compiled with, ahead or at build time. */
export const compileOptions = { strict: false, noEscape: false } as const;

/** Where the package keeps its templates compiled ahead. */
export function compiledTemplatesFile(): string {
  return fileURLToPath(new URL('lib/templates.json', packageRoot()));
}

/** Returns the key of a template's text. */
export function templateKey(source: string): string {
  return createHash('sha256').update(source).digest('hex').slice(0, 32);
}

/** Returns the package's templates compiled ahead; none when the file is missing or unreadable (they are compiled then). */
export async function readCompiledTemplates(file = compiledTemplatesFile()): Promise<CompiledTemplates> {
  try {
    const data = JSON.parse(await readFile(file, 'utf8')) as unknown;
    return typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as CompiledTemplates) : {};
  } catch {
    return {};
  }
}

/** Compiles a template ahead (throws Handlebars' error on a syntax error). */
export function compileAhead(hb: typeof Handlebars, source: string): CompiledTemplate {
  const program = hb.parse(source);
  return { spec: String(hb.precompile(program, compileOptions)), partials: partialsCalled(program) };
}

/** Returns the template function of a template compiled ahead, in an environment (its helpers and partials). */
export function templateOf(hb: typeof Handlebars, compiled: CompiledTemplate): Handlebars.TemplateDelegate {
  // The spec is JavaScript that Handlebars wrote from briefdeck's own templates when the package was built.
  const spec = new Function(`return (${compiled.spec});`)() as Parameters<typeof hb.template>[0];
  return hb.template(spec);
}

/** Returns the names of the partials a template calls (`{{> name}}`), which its theme must define. */
function partialsCalled(program: hbs.AST.Program): string[] {
  const names = new Set<string>();
  eachTemplateNode(program, (node) => {
    if (node.type === 'PartialStatement' && node.name?.type === 'PathExpression') names.add(String(node.name.original));
  });
  return [...names].sort();
}
