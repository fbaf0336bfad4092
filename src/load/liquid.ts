// Blog markup that is not Markdown, cleaned from an article's text before parsing (line numbers kept):
// Jekyll Liquid tags, kramdown attribute lists, and `::: notes` fences (turned into notes comments). Code and, when
// math is read, formulas are left as written (`\frac{{a}}{b}` is TeX, not Liquid output).
import { closesFence, openingFence, type Fence } from './fences.js';

export interface CleanResult {
  text: string;
  /** One line each: `file:line: what was dropped`. */
  warnings: string[];
}

const tag = /\{%-?\s*([\s\S]*?)\s*-?%\}/g;
const rawTag = /\{%-?\s*(end)?raw\s*-?%\}/g;
const urlFilter = /\{\{-?\s*(["'])(.*?)\1\s*\|\s*(?:relative_url|absolute_url)\s*-?\}\}/g;
const output = /\{\{-?[\s\S]*?-?\}\}/g;
const attributeList = /\{:[^}\n]*\}/g;
/** Inline code, and formulas by the math syntax's delimiters (`$$…$$`, `\(…\)`, `\[…\]`, `$…$` by Pandoc's rules). */
const codeSpans = /(`+[^`]*`+)/;
const codeAndMathSpans = /(`+[^`]*`+|\$\$[^\n]*?\$\$|\\\([^\n]*?\\\)|\\\[[^\n]*?\\\]|(?<!\\)\$(?=[^\s$])(?:[^$\\\n]|\\.)*?[^\s\\]\$(?!\d))/;

export interface CleanOptions {
  /** Leave formulas as written (the article's math is read). */
  math?: boolean;
}

/** Returns the article text with Liquid and kramdown markup removed or converted, and a warning per dropped tag. */
export function cleanMarkup(text: string, file: string, options: CleanOptions = {}): CleanResult {
  const lines = text.split('\n');
  const warnings: string[] = [];
  const spans = options.math ? codeAndMathSpans : codeSpans;
  let fence: Fence | undefined;
  let highlight = false;
  let raw = false;
  let notes = false;
  let mathBlock: string | undefined;
  const out = lines.map((line, index) => {
    const where = `${file}:${index + 1}`;
    if (mathBlock !== undefined) {
      if (line.trim() === mathBlock) mathBlock = undefined;
      return line;
    }
    if (fence) {
      if (closesFence(line, fence)) fence = undefined;
      return line.replace(rawTag, '');
    }
    if (highlight) {
      if (/^\s*\{%-?\s*endhighlight\s*-?%\}\s*$/.test(line)) {
        highlight = false;
        return '```';
      }
      return line.replace(rawTag, '');
    }
    if (!raw) {
      fence = openingFence(line);
      if (fence) return line;
      // A formula block (outside code: a `$$` line in a code block is code).
      if (options.math && (line.trim() === '$$' || line.trim() === '\\[')) {
        mathBlock = line.trim() === '$$' ? '$$' : '\\]';
        return line;
      }
      const start = /^\s*\{%-?\s*highlight\s+([\w+#.-]+)[^%]*-?%\}\s*$/.exec(line);
      if (start) {
        highlight = true;
        return `\`\`\`${start[1]}`;
      }
      if (/^\s*:::\s*notes\s*$/i.test(line)) {
        notes = true;
        return '<!-- notes -->';
      }
      if (notes && /^\s*:::\s*$/.test(line)) {
        notes = false;
        return '<!-- /notes -->';
      }
    }
    const result = cleanLine(line, raw, where, warnings, spans);
    raw = result.raw;
    return result.line;
  });
  return { text: out.join('\n'), warnings };
}

/** Cleans one line outside code: inline code spans (and formulas) are left as they are. */
function cleanLine(line: string, rawAtStart: boolean, where: string, warnings: string[], spans: RegExp): { line: string; raw: boolean } {
  let raw = rawAtStart;
  const pieces = line.split(spans);
  const cleaned = pieces.map((piece, index) => {
    // Liquid runs before Markdown, so raw tags inside inline code (and formulas) are Liquid's, not code.
    if (index % 2 === 1) return piece.replace(rawTag, '');
    let text = '';
    let rest = piece;
    // Walk {% raw %} / {% endraw %} switches; text inside raw is kept verbatim.
    while (rest) {
      rawTag.lastIndex = 0;
      const match = rawTag.exec(rest);
      const before = match ? rest.slice(0, match.index) : rest;
      text += raw ? before : cleanText(before, where, warnings);
      if (!match) break;
      raw = match[1] === undefined;
      rest = rest.slice(match.index + match[0].length);
    }
    return text;
  });
  const joined = cleaned.join('');
  return { line: joined !== line && !joined.trim() ? '' : joined, raw };
}

function cleanText(text: string, where: string, warnings: string[]): string {
  return text
    .replace(urlFilter, (_match, _quote: string, path: string) => path)
    .replace(output, (match) => {
      warnings.push(`${where}: dropped Liquid output ${shorten(match)}`);
      return '';
    })
    .replace(tag, (match) => {
      warnings.push(`${where}: dropped Liquid tag ${shorten(match)}`);
      return '';
    })
    .replace(attributeList, '');
}

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 60 ? `${flat.slice(0, 57)}…` : flat;
}
