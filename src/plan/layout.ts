// Layouts chosen from what a slide holds: a statement, a list (or two columns of short items), a picture beside its
// text, a table, code, or plain text.
import type { Html, List, Paragraph, RootContent } from 'mdast';
import type { SlideLayout } from '../model/deck.js';
import { countWords } from '../model/words.js';
import { plainText } from './phrasing.js';

/** A slide's blocks laid out: the layout, the blocks of its text and the pictures shown beside them. */
export interface Laid {
  layout: SlideLayout;
  blocks: RootContent[];
  /** Pictures a `picture` layout shows beside the text (empty for other layouts). */
  media: RootContent[];
}

/** Most words of a statement: one short sentence or quote, set large and centred. */
const statementWords = 30;

/** Returns the layout for a slide's blocks, the pictures taken out of the text when it is a picture beside text. */
export function layOut(blocks: RootContent[], lang: string): Laid {
  const visible = blocks.filter((node) => !isInvisible(node));
  const pictures = visible.filter(isPicture);
  const text = visible.filter((node) => !isPicture(node));
  if (visible.some((node) => node.type === 'code' && node.lang !== 'math')) return { layout: 'code', blocks, media: [] };
  if (visible.some((node) => node.type === 'table' || (node.type === 'html' && /<table\b/i.test(node.value)))) return { layout: 'table', blocks, media: [] };
  if (pictures.length > 0) {
    // The pictures move beside the text, or fill the slide alone; the text keeps its order (comments stay with it).
    return { layout: 'picture', blocks: blocks.filter((node) => !isPicture(node)), media: pictures };
  }
  const words = text.reduce((sum, node) => sum + wordsIn(node, lang), 0);
  const lists = text.filter((node): node is List => node.type === 'list');
  const listWords = lists.reduce((sum, node) => sum + wordsIn(node, lang), 0);
  if (lists.length > 0 && listWords >= 0.5 * words) {
    return { layout: lists.length === 1 && lists.every((list) => suitsColumns(list, lang)) ? 'columns' : 'list', blocks, media: [] };
  }
  // One short sentence or quote (or two short paragraphs, a sentence and its source, say).
  const statement = text.length <= 2 && text.every((node) => node.type === 'paragraph' || node.type === 'blockquote') && words > 0 && words <= statementWords;
  return { layout: statement ? 'statement' : 'text', blocks, media: [] };
}

/** Whether a list is long and its items short, so that it reads best in two columns: six items or more, each a line. */
export function suitsColumns(list: List, lang: string): boolean {
  if (list.children.length < 6) return false;
  return list.children.every((item) => {
    if (item.children.length !== 1 || item.children[0]!.type !== 'paragraph') return false;
    const text = plainText((item.children[0] as Paragraph).children);
    return countWords(text, lang) <= 8 && text.length <= 60;
  });
}

/** A block that is only pictures: a paragraph of images (links around them allowed), or raw HTML holding an image and little text. */
export function isPicture(node: RootContent): boolean {
  if (node.type === 'paragraph') {
    let images = 0;
    const only = (children: Paragraph['children']): boolean =>
      children.every((child) => {
        if (child.type === 'image' || child.type === 'imageReference') return ++images > 0;
        if (child.type === 'link') return only(child.children);
        return (child.type === 'text' && !child.value.trim()) || child.type === 'break';
      });
    return only(node.children) && images > 0;
  }
  if (node.type === 'html') {
    const value = (node as Html).value;
    return /<(img|svg|video|picture)\b/i.test(value) && !/<(table|ul|ol|pre|p)\b/i.test(value);
  }
  return false;
}

function wordsIn(node: RootContent, lang: string): number {
  if (node.type === 'html') return countWords(node.value.replace(/<[^>]*>/g, ' '), lang);
  if ('children' in node) return countWords(plainText(flatten(node)), lang);
  return 'value' in node && typeof node.value === 'string' ? countWords(node.value, lang) : 0;
}

/** The inline content of a block and everything inside it, in order. */
function flatten(node: RootContent): Paragraph['children'] {
  if (node.type === 'paragraph' || node.type === 'heading') return node.children;
  if ('children' in node) return (node.children as RootContent[]).flatMap((child) => [...flatten(child), { type: 'text', value: ' ' } as const]);
  if ('value' in node && typeof node.value === 'string') return [{ type: 'text', value: node.value }];
  return [];
}

/** HTML comments and link definitions take no room on a slide. */
function isInvisible(node: RootContent): boolean {
  return node.type === 'definition' || (node.type === 'html' && (/^<!--[\s\S]*-->$/.test(node.value.trim()) || !node.value.trim()));
}
