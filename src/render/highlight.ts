// Code highlighting at build time: a code block's tokens become `<span class="hl-<kind>">` for a small fixed set of
// kinds, coloured by each theme's `--bd-code-<kind>` variables (also read by exporters that cannot use CSS).
//
// The highlighter is highlight.js: its core plus only the grammars an article names, imported when it has code. Measured
// against Shiki 4 with its JavaScript regex engine on the same Python, TypeScript and Bash blocks (CPU time of one Node
// process, on a 2-core machine shared with other builds, so rough): highlight.js imports core and three grammars in
// ~40 ms, highlights the first three blocks in ~100 ms and then ~2 ms a block; Shiki imports in ~100–150 ms, spends
// ~1.1 s on the first three blocks (compiling its TextMate grammars into JavaScript regular expressions) and then
// ~5 ms a block. Shiki's grammars are finer, but on a slide both colour the same things (keywords, strings, comments,
// numbers, functions, types, built-ins), while Shiki would add a second to every build with code.
import type { Element, ElementContent } from 'hast';
import { languageAliases, languageNames } from './languages.js';

/** The kinds of token a theme colours; each has a theme variable `--bd-code-<kind>` and a class `hl-<kind>`. */
export const codeKinds = ['keyword', 'string', 'comment', 'number', 'function', 'type', 'builtin', 'variable', 'property', 'tag', 'meta', 'inserted', 'deleted'] as const;

export type CodeKind = (typeof codeKinds)[number];

/** Returns the theme variable that holds a kind's colour. */
export function codeVariable(kind: CodeKind): string {
  return `--bd-code-${kind}`;
}

/** highlight.js scopes (its `hljs-<scope> <modifier>_` classes) by the kind they are shown as; others stay plain. */
const scopeKinds: Readonly<Record<string, CodeKind>> = {
  keyword: 'keyword',
  'selector-tag': 'tag',
  'template-tag': 'keyword',
  section: 'keyword',
  bullet: 'keyword',
  doctag: 'keyword',
  built_in: 'builtin',
  'variable language_': 'builtin',
  type: 'type',
  'title class_': 'type',
  'title class_ inherited__': 'type',
  'selector-class': 'type',
  'selector-id': 'type',
  title: 'function',
  'title function_': 'function',
  'title function_ invoke__': 'function',
  string: 'string',
  'char escape_': 'string',
  regexp: 'string',
  code: 'string',
  link: 'string',
  formula: 'string',
  number: 'number',
  literal: 'number',
  symbol: 'number',
  'variable constant_': 'number',
  comment: 'comment',
  quote: 'comment',
  variable: 'variable',
  'template-variable': 'variable',
  attr: 'property',
  attribute: 'property',
  property: 'property',
  'selector-attr': 'property',
  'selector-pseudo': 'property',
  name: 'tag',
  meta: 'meta',
  'meta prompt_': 'meta',
  addition: 'inserted',
  deletion: 'deleted',
};

/** Returns the highlight.js module that highlights a fence's language name, or undefined when none does. */
export function grammarOf(lang: string): string | undefined {
  const name = lang.trim().toLowerCase();
  if (languageNames.includes(name)) return name;
  return languageAliases[name];
}

/** Highlights code blocks; made by `loadHighlighter` with the grammars an article needs. */
export interface Highlighter {
  /** Returns the highlighted content of a code block, or undefined when its language has no grammar here (shown plain). */
  highlight(code: string, lang: string): ElementContent[] | undefined;
}

interface HljsApi {
  registerLanguage(name: string, language: unknown): void;
  highlight(code: string, options: { language: string; ignoreIllegals: boolean }): { value: string };
  getLanguage(name: string): unknown;
}

/** Returns a highlighter with the grammars of the given fence languages loaded (unknown names are skipped). */
export async function loadHighlighter(langs: Iterable<string>): Promise<Highlighter> {
  const grammars = [...new Set([...langs].map(grammarOf).filter((name): name is string => name !== undefined))];
  const [core, ...modules] = await Promise.all([
    import('highlight.js/lib/core'),
    ...grammars.map((name) => import(`highlight.js/lib/languages/${name}`) as Promise<{ default: unknown }>),
  ]);
  // A fresh instance per build: registering grammars never changes a shared object.
  const hljs = (core.default as unknown as { newInstance(): HljsApi }).newInstance();
  grammars.forEach((name, index) => hljs.registerLanguage(name, modules[index]!.default));
  return {
    highlight(code, lang) {
      const name = grammarOf(lang);
      if (name === undefined || !hljs.getLanguage(name)) return undefined;
      return toHast(hljs.highlight(code, { language: name, ignoreIllegals: true }).value);
    },
  };
}

/** Returns highlight.js's HTML (only `<span class>` and escaped text) as flat hast: runs of one kind in one span. */
function toHast(html: string): ElementContent[] {
  const kinds: Array<CodeKind | undefined> = [];
  const runs: Array<{ kind: CodeKind | undefined; text: string }> = [];
  for (const [, scope, close, text] of html.matchAll(/<span class="hljs-([^"]*)">|(<\/span>)|([^<]+)/g)) {
    if (scope !== undefined) kinds.push(scopeKinds[scope] ?? kinds.findLast((kind) => kind !== undefined));
    else if (close !== undefined) kinds.pop();
    else if (text !== undefined) {
      const kind = kinds.findLast((entry) => entry !== undefined);
      const value = unescape(text);
      const last = runs[runs.length - 1];
      if (last && last.kind === kind) last.text += value;
      else runs.push({ kind, text: value });
    }
  }
  return runs.map(({ kind, text }): ElementContent => {
    if (kind === undefined) return { type: 'text', value: text };
    const span: Element = { type: 'element', tagName: 'span', properties: { className: [`hl-${kind}`] }, children: [{ type: 'text', value: text }] };
    return span;
  });
}

function unescape(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#x27|#39);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#x27': "'", '#39': "'" })[name] ?? '');
}
