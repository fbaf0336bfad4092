// Parses an article's Markdown body into an mdast tree (CommonMark + GFM).
import type { Root } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

/** Returns the mdast tree of a Markdown text; positions are those of the text. */
export function parseMarkdown(text: string): Root {
  const processor = unified().use(remarkParse).use(remarkGfm);
  return processor.runSync(processor.parse(text)) as Root;
}
