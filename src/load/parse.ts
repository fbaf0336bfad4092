// Parses an article's Markdown body into an mdast tree (CommonMark + GFM, and math when the article has it).
import type { Root } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified, type Processor } from 'unified';
import { settleMath, type MathSyntax } from './math.js';

export interface ParseOptions {
  /** The math syntax (from `loadMathSyntax`); absent: dollars and `\(` are plain Markdown. */
  math?: MathSyntax;
}

/** Returns the mdast tree of a Markdown text; positions are those of the text. */
export function parseMarkdown(text: string, options: ParseOptions = {}): Root {
  const processor = unified().use(remarkParse).use(remarkGfm);
  const math = options.math;
  if (math) processor.use(function (this: Processor) {
    const data = this.data();
    (data.micromarkExtensions ??= []).push(math.micromark(text));
    (data.fromMarkdownExtensions ??= []).push(math.fromMarkdown);
  });
  const tree = processor.runSync(processor.parse(text)) as Root;
  if (math) settleMath(tree, text);
  return tree;
}
