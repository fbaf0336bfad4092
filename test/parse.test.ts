// Unit tests of parsing in pieces: a long article is parsed a piece at a time (micromark's time grows with the square of
// one text), and the tree must be the one a single parse of the whole text gives, positions included.
import { readdirSync, readFileSync } from 'node:fs';
import type { Root } from 'mdast';
import { describe, expect, it } from 'vitest';
import { loadMathSyntax, type MathSyntax } from '../src/load/math.js';
import { closesFence, openingFence } from '../src/load/fences.js';
import { parseMarkdown, pieces } from '../src/load/parse.js';

/** The tree of one parse of the whole text: no piece is ever large enough to be cut. */
function parseAtOnce(text: string, math?: MathSyntax): Root {
  return parseMarkdown(text, { ...(math ? { math } : {}), pieceSize: Infinity });
}

/** A text with `tail` (which holds the awkward case) after some filler, three times over. */
const longWith = (tail: string): string => `${'Filler words in a paragraph of their own.\n\n'.repeat(3)}${tail}`.repeat(3);
/** Cut before every top-level heading, so each awkward case is at a cut. */
const everyHeading = 1;

const fixtures = new URL('./fixtures/articles/', import.meta.url);

describe('parseMarkdown in pieces', () => {
  it('cuts a long text before top-level headings only, never inside fenced code', () => {
    const text = longWith('# Heading\n\n```bash\n# a comment, not a heading\n```\n\n## Next\n');
    const cuts = pieces(text, everyHeading);
    expect(cuts).toHaveLength(6);
    for (const cut of cuts) expect(text.slice(cut)).toMatch(/^#{1,2} (Heading|Next)\n/);
    expect(pieces('# short\n\ntext\n# and\n')).toEqual([]);
    expect(pieces(text)).toEqual([]);
  });

  it('does not cut a text that may define link references (a reference may be in another piece)', () => {
    expect(pieces(longWith('# A\n\n[text][ref]\n\n# B\n\n[ref]: https://example.org\n'), everyHeading)).toEqual([]);
    expect(pieces(longWith('# A\n\nNote[^1].\n\n# B\n\n[^1]: The note.\n'), everyHeading)).toEqual([]);
    expect(pieces(longWith('# A\n\nNo references.\n\n# B\n'), everyHeading)).toHaveLength(6);
  });

  const awkward: Record<string, string> = {
    'comments in a code block': '# A\n\n```bash\n# comment\nls\n# more\n```\n\n# B\ntext\n',
    'an unclosed fence': '# A\n\n```\nunclosed\n\n# B\ntext\n',
    'an HTML comment across a heading': '# A\n\n<!-- comment\n\n# B inside the comment\n-->\n\n# C\n',
    'raw HTML straight before a heading': '# A\n\n<div>\n# B inside the div\n</div>\n\n# C\n',
    'an unclosed formula block': '# A\n\n$$\nx^2\n\n# B\n$$\n\n# C\n',
    'a fence in a list item': '# A\n\n- item\n  ```\n  code\n# B\n',
    'a fence in a quote': '# A\n\n> ```\n> code\n# B\n',
    'fences of different lengths': '# A\n\n~~~~\n# x\n~~~\n# y\n~~~~\n# B\n',
    'a <pre> with blank lines': '# A\n\n<pre>\n\n# in pre\n\n</pre>\n\n# B\n',
    'indented code': '# A\n\n    indented\n# B\n',
    'a backtick line that is not a fence': '# A\n\n```js`\n# B\n',
  };
  it.each(Object.entries(awkward))('gives the tree of one parse with %s', async (_name, tail) => {
    const math = await loadMathSyntax();
    const text = longWith(tail);
    expect(pieces(text, everyHeading).length).toBeGreaterThan(2);
    expect(parseMarkdown(text, { pieceSize: everyHeading })).toEqual(parseAtOnce(text));
    expect(parseMarkdown(text, { math, pieceSize: everyHeading })).toEqual(parseAtOnce(text, math));
  });

  it('gives the tree of one parse for every fixture article, cut at every heading and at the usual size', async () => {
    const math = await loadMathSyntax();
    let cut = 0;
    for (const name of readdirSync(fixtures).filter((file) => file.endsWith('.md'))) {
      const body = readFileSync(new URL(name, fixtures), 'utf8').replace(/^---\n[\s\S]*?\n---\n/, '');
      const text = `${body}\n\n`.repeat(Math.ceil(20_000 / body.length));
      if (pieces(text).length > 0) cut++;
      const once = parseAtOnce(text, math);
      expect(parseMarkdown(text, { math }), name).toEqual(once);
      expect(parseMarkdown(text, { math, pieceSize: everyHeading }), name).toEqual(once);
    }
    expect(cut).toBeGreaterThan(5);
  });
});

describe('fence lines, as the line scans before the parser see them', () => {
  const opens = ['```', '```js', '~~~', '   ```', '~~~ a`b', '````python title="x"', '```\r', '```js\n'];
  const notOpens = ['``', '    ```', '```a`b', ' ~~', 'text ```', '\t```'];
  it('open a fence where the parser starts fenced code', () => {
    for (const line of [...opens, ...notOpens]) {
      const tree = parseMarkdown(`${line.replace(/\r?\n$/, '')}\ncode\n`);
      // Fenced code holds the line after the fence; indented code would hold the fence line itself.
      const first = tree.children[0];
      const isFence = first?.type === 'code' && first.value === 'code';
      expect(openingFence(line) !== undefined, JSON.stringify(line)).toBe(isFence);
    }
    expect(openingFence('````python title="x"')).toEqual({ mark: '````', info: 'python title="x"' });
  });
  it('close a fence where the parser ends it: the same mark, at least as long, nothing after but spaces', () => {
    const fence = openingFence('````')!;
    for (const [line, closes] of [['````', true], ['`````', true], ['   ````  ', true], ['````\r', true], ['````\n', true], ['```', false], ['```` x', false], ['~~~~', false], ['    ````', false]] as const) {
      const tree = parseMarkdown(`\`\`\`\`\ncode\n${line.replace(/\r?\n$/, '')}\nafter\n`);
      expect(tree.children.length > 1, JSON.stringify(line)).toBe(closes);
      expect(closesFence(line, fence), JSON.stringify(line)).toBe(closes);
    }
  });
});
