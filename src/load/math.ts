// Math in an article's Markdown: when it is on (front matter, else Pandoc's rules for dollars), and the syntax that
// reads it: `$…$` (Pandoc's rules), `$$…$$` (inline in a sentence, display alone, as kramdown writes it), `\(…\)`,
// `\[…\]`, `$$` blocks and fenced `math` blocks. Formulas become mdast `inlineMath` / `math` nodes whose value is the
// TeX exactly as written: Markdown never touches the backslashes or underscores inside them.
import type { Paragraph, Root, RootContent } from 'mdast';
import type { Extension as FromMarkdownExtension } from 'mdast-util-from-markdown';
import type { Code, Construct, Effects, Extension, State, TokenizeContext } from 'micromark-util-types';
import { firstAtLeast } from '../model/search.js';
import { closesFence, openingFence, type Fence } from './fences.js';

/** Whether an article's math is typeset: `on`/`off` from front matter (`use_math`, `math`), else `auto`. */
export type MathMode = 'on' | 'off' | 'auto';

/** The parser extensions that read math (loaded only for articles that may hold some). */
export interface MathSyntax {
  /** Returns the micromark extension for one text (its inline constructs look ahead in it for a closing delimiter). */
  micromark(text: string): Extension;
  fromMarkdown: FromMarkdownExtension;
}

/** Returns the math mode of an article from its front matter's `use_math` (or `math`) flag. */
export function mathMode(flag: boolean | undefined): MathMode {
  return flag === undefined ? 'auto' : flag ? 'on' : 'off';
}

const dollar = 36;
const backslash = 92;

/** The longest formula read (characters): beyond it an opening delimiter is text, so a paragraph full of unclosed
 * dollars costs a bounded scan per dollar instead of one to the end of the paragraph. */
const maxInline = 1000;
const maxDisplay = 10_000;

/** Returns true when a character code is a line ending, a space, a tab, or the end of the text. */
function isSpaceOrEnd(code: Code): boolean {
  return code === null || code < 0 || code === 32;
}

function isLineEnding(code: Code): boolean {
  return code === -5 || code === -4 || code === -3;
}

function isDigit(code: Code): boolean {
  return code !== null && code >= 48 && code <= 57;
}

/**
 * Returns whether the text (code blocks and code spans left out) holds math by Pandoc's rules: a `$` followed by a
 * non-space and closed by a `$` after a non-space and before no digit; or `$$…$$`, `\(…\)`, `\[…\]`, a `math` fence.
 * A quick scan that decides whether the math syntax (and KaTeX) is loaded at all; the parser has the last word.
 */
export function mayHoldMath(text: string): boolean {
  let fence: Fence | undefined;
  let paragraph = '';
  const prose: string[] = [];
  for (const line of text.split('\n')) {
    if (fence) {
      if (closesFence(line, fence)) fence = undefined;
      continue;
    }
    const open = openingFence(line);
    if (open) {
      if (open.info.split(/\s/)[0]!.toLowerCase() === 'math') return true;
      fence = open;
      prose.push(paragraph);
      paragraph = '';
      continue;
    }
    if (!line.trim()) {
      prose.push(paragraph);
      paragraph = '';
    } else {
      paragraph += `${line.replace(/(`+)[\s\S]*?\1/g, ' ')}\n`;
    }
  }
  prose.push(paragraph);
  return prose.some((block) => /\$\$[\s\S]*?\$\$|\\\([\s\S]*?\\\)|\\\[[\s\S]*?\\\]/.test(block) || /(?<!\\)\$(?=[^\s$])(?:[^$\\]|\\[\s\S])*?[^\s\\]\$(?!\d)/.test(block));
}

/** Returns the parser extensions for math: the `$$` block construct of micromark-extension-math and briefdeck's inline constructs. */
export async function loadMathSyntax(): Promise<MathSyntax> {
  const [{ math }, { mathFromMarkdown }] = await Promise.all([import('micromark-extension-math'), import('mdast-util-math')]);
  return {
    micromark: (text) => {
      const closers = closersOf(text);
      return { flow: math().flow ?? {}, text: { [dollar]: dollarMath(closers), [backslash]: bracketMath(closers) } };
    },
    fromMarkdown: mathFromMarkdown(),
  };
}

/**
 * Where formulas could close in a text: an opening delimiter with no possible closer within reach is text at once, so
 * a paragraph of unclosed dollars or `\(` costs a lookup per delimiter, not a scan to the end of the paragraph.
 */
interface Closers {
  /** Returns whether a closer of this kind starts at or after `from` and before `to`. */
  within(kind: 'dollar' | 'dollars' | 'paren' | 'bracket', from: number, to: number): boolean;
}

function closersOf(text: string): Closers {
  const lists = new Map<string, number[]>();
  const find = (kind: string): number[] => {
    let list = lists.get(kind);
    if (list) return list;
    list = [];
    const pattern = kind === 'dollar' ? /(?<=[^\s\\])\$(?!\d)/g : kind === 'dollars' ? /\$\$/g : kind === 'paren' ? /\\\)/g : /\\\]/g;
    for (const match of text.matchAll(pattern)) list.push(match.index);
    lists.set(kind, list);
    return list;
  };
  return {
    within(kind, from, to) {
      const list = find(kind);
      const at = firstAtLeast(list, from);
      return at < list.length && list[at]! < to;
    },
  };
}

/** `$…$` by Pandoc's rules and `$$…$$` (kramdown's inline form), as `mathText` tokens. */
function dollarMath(closers: Closers): Construct {
  return {
    name: 'mathText',
    previous: notAfterDollar,
    tokenize(effects, ok, nok) {
      return tokenizeDollarMath.call(this, effects, ok, nok, closers);
    },
  };
}

function notAfterDollar(this: TokenizeContext, code: Code): boolean {
  return code !== dollar || this.events[this.events.length - 1]?.[1].type === 'characterEscape';
}

function tokenizeDollarMath(this: TokenizeContext, effects: Effects, ok: State, nok: State, closers: Closers): State {
  const self = this;
  let size = 0;
  /** The last character of the formula so far (a closing `$` must follow a non-space). */
  let last: Code = null;
  let inData = false;
  let length = 0;

  const closing: Construct = {
    partial: true,
    tokenize(effects2, ok2, nok2) {
      let count = 0;
      const sequence: State = (code) => {
        if (code === dollar && count < size) {
          effects2.consume(code);
          count++;
          return sequence;
        }
        if (count !== size || code === dollar) return nok2(code);
        effects2.exit('mathTextSequence');
        // Pandoc: a single `$` that closes is not followed by a digit ("$5 and $10" is money).
        return size === 1 && isDigit(code) ? nok2(code) : ok2(code);
      };
      return (code) => {
        effects2.enter('mathTextSequence');
        return sequence(code);
      };
    },
  };

  const start: State = (code) => {
    const at = self.now().offset;
    const double = closers.within('dollars', at, at + 1);
    // No closing `$` (or `$$`) within reach: the dollar is text.
    if (double ? !closers.within('dollars', at + 3, at + 2 + maxDisplay) : !closers.within('dollar', at + 2, at + 1 + maxInline)) return nok(code);
    effects.enter('mathText');
    effects.enter('mathTextSequence');
    return open(code);
  };
  const open: State = (code) => {
    if (code === dollar && size < 2) {
      effects.consume(code);
      size++;
      return open;
    }
    if (code === dollar) return nok(code);
    effects.exit('mathTextSequence');
    // Pandoc: the opening `$` is followed by a non-space.
    if (size === 1 && isSpaceOrEnd(code)) return nok(code);
    return content(code);
  };
  const content: State = (code) => {
    if (code === null || ++length > (size === 2 ? maxDisplay : maxInline)) return nok(code);
    if (code === dollar && (size === 2 || !isSpaceOrEnd(last))) {
      if (inData) {
        effects.exit('mathTextData');
        inData = false;
      }
      return effects.attempt(closing, done, dataDollar)(code);
    }
    if (isLineEnding(code)) {
      if (inData) {
        effects.exit('mathTextData');
        inData = false;
      }
      effects.enter('lineEnding');
      effects.consume(code);
      effects.exit('lineEnding');
      last = 32;
      return content;
    }
    if (!inData) {
      effects.enter('mathTextData');
      inData = true;
    }
    effects.consume(code);
    last = code;
    return code === backslash ? escaped : content;
  };
  /** After a backslash: the next character belongs to it (`\$` does not close). */
  const escaped: State = (code) => {
    if (code === null || isLineEnding(code)) return content(code);
    effects.consume(code);
    last = code;
    return content;
  };
  /** A `$` that does not close is part of the formula. */
  const dataDollar: State = (code) => {
    effects.enter('mathTextData');
    inData = true;
    effects.consume(code);
    last = code;
    return content;
  };
  const done: State = (code) => {
    effects.exit('mathText');
    return ok(code);
  };
  return start;
}

/** `\(…\)` and `\[…\]`, as `mathText` tokens (`\[…\]` alone in its paragraph becomes display math). */
function bracketMath(closers: Closers): Construct {
  return {
    name: 'mathText',
    tokenize(effects, ok, nok) {
      return tokenizeBracketMath.call(this, effects, ok, nok, closers);
    },
  };
}

function tokenizeBracketMath(this: TokenizeContext, effects: Effects, ok: State, nok: State, closers: Closers): State {
  const self = this;
  let close = 0;
  let inData = false;
  let empty = true;
  let length = 0;

  const closing: Construct = {
    partial: true,
    tokenize(effects2, ok2, nok2) {
      return (code) => {
        effects2.enter('mathTextSequence');
        effects2.consume(code);
        return (next) => {
          if (next !== close) return nok2(next);
          effects2.consume(next);
          effects2.exit('mathTextSequence');
          return ok2;
        };
      };
    },
  };

  let at = 0;
  const start: State = (code) => {
    at = self.now().offset;
    effects.enter('mathText');
    effects.enter('mathTextSequence');
    effects.consume(code);
    return open;
  };
  const open: State = (code) => {
    if (code !== 40 && code !== 91) return nok(code);
    // No `\)` (or `\]`) within reach: the backslash is Markdown's.
    if (!closers.within(code === 40 ? 'paren' : 'bracket', at + 3, at + 2 + maxDisplay)) return nok(code);
    close = code === 40 ? 41 : 93;
    effects.consume(code);
    effects.exit('mathTextSequence');
    return content;
  };
  const content: State = (code) => {
    if (code === null || ++length > maxDisplay) return nok(code);
    if (code === backslash) {
      if (inData) {
        effects.exit('mathTextData');
        inData = false;
      }
      return effects.attempt(closing, empty ? nok : done, pair)(code);
    }
    if (isLineEnding(code)) {
      if (inData) {
        effects.exit('mathTextData');
        inData = false;
      }
      effects.enter('lineEnding');
      effects.consume(code);
      effects.exit('lineEnding');
      return content;
    }
    if (!inData) {
      effects.enter('mathTextData');
      inData = true;
    }
    if (code !== 32 && code !== -2) empty = false;
    effects.consume(code);
    return content;
  };
  /** A backslash that does not close: it and the character after it are TeX (`\\`, `\frac`). */
  const pair: State = (code) => {
    effects.enter('mathTextData');
    inData = true;
    empty = false;
    effects.consume(code);
    return (next: Code) => {
      if (next === null || isLineEnding(next)) return content(next);
      effects.consume(next);
      return content;
    };
  };
  const done: State = (code) => {
    effects.exit('mathText');
    return ok(code);
  };
  return start;
}

/**
 * Settles math nodes after parsing (in place): a paragraph holding nothing but one `$$…$$` or `\[…\]` formula is
 * display math, as kramdown and LaTeX read it; a fenced `math` code block is display math; every formula's value is
 * its TeX without the blank lines around it.
 */
export function settleMath(tree: Root, text: string): void {
  const visit = (parent: { children: RootContent[] }): void => {
    parent.children = parent.children.map((node): RootContent => {
      if (node.type === 'paragraph') {
        const display = standaloneDisplay(node, text);
        if (display) return display;
      }
      if (node.type === 'code' && node.lang?.toLowerCase() === 'math') {
        return { type: 'math', value: node.value, ...(node.position ? { position: node.position } : {}) };
      }
      if (node.type === 'math' || node.type === 'inlineMath') {
        delete node.data;
        node.value = node.value.replace(/^\s*\n|\n\s*$/g, '');
      }
      if ('children' in node) visit(node as { children: RootContent[] });
      return node;
    });
  };
  visit(tree);
}

function standaloneDisplay(paragraph: Paragraph, text: string): RootContent | undefined {
  const parts = paragraph.children.filter((child) => !(child.type === 'text' && !child.value.trim()));
  const only = parts[0];
  if (parts.length !== 1 || only?.type !== 'inlineMath') return undefined;
  const offset = only.position?.start.offset;
  const opener = offset === undefined ? '' : text.slice(offset, offset + 2);
  if (opener !== '$$' && opener !== '\\[') return undefined;
  return { type: 'math', value: only.value.trim(), ...(paragraph.position ? { position: paragraph.position } : {}) };
}
