// Property-based tests (fast-check): random articles with front matter never make the pipeline throw anything but a
// DeckError, and every word of a random article lands on a slide or in its notes. The seed is printed; rerun a
// failure with FC_SEED=<seed>.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Root, RootContent } from 'mdast';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveOptions } from '../src/load/config.js';
import { DeckError } from '../src/model/errors.js';
import { parseGuarded } from '../src/load/limits.js';
import { decode, parseSource } from '../src/load/source.js';
import type { Deck } from '../src/model/deck.js';
import { planDeck } from '../src/plan/index.js';
import { renderDeck } from '../src/render/deck.js';
import { slideRenderer } from '../src/render/markdown.js';
import { loadTheme, type Theme } from '../src/render/theme.js';
import { fixtureFiles, rawHtmlIfNeeded, root, seedFile } from './helpers.js';

const seed = Number(process.env['FC_SEED'] ?? Date.now() % 2_147_483_647);
console.log(`fast-check seed: ${seed} (rerun with FC_SEED=${seed})`);

let theme: Theme;
beforeAll(async () => {
  theme = await loadTheme('briefing', { cwd: root });
});

/** Returns the deck of an article's text through the build's pure stages (load, guarded parse, plan and, when asked, render). */
function build(text: string, unsafeHtml = false, render = false): Deck {
  const source = parseSource('random.md', text);
  const options = resolveOptions({ frontMatter: source.frontMatter, file: 'random.md', flags: {} });
  const tree = parseGuarded(source.body, 'random.md', () => undefined);
  const deck = planDeck({ source, tree, options, render: slideRenderer(tree, { unsafeHtml, ...rawHtmlIfNeeded(tree) }) });
  if (render) renderDeck(deck, theme, { shared: '../_shared' });
  return deck;
}

/** Returns the lower-cased words (runs of letters and digits) of a text. */
function words(text: string): string[] {
  return text.normalize('NFC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Returns the visible text of an HTML fragment: tags dropped (alt texts kept), character references decoded. */
function visibleText(html: string): string {
  return html
    .replace(/<img\b[^>]*\balt="([^"]*)"[^>]*>/g, ' $1 ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(?:#x([\da-f]+)|#(\d+)|(amp|lt|gt|quot|apos));/gi, (_, hex?: string, dec?: string, name?: string) =>
      hex ? String.fromCodePoint(parseInt(hex, 16)) : dec ? String.fromCodePoint(Number(dec)) : ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[name!.toLowerCase()] ?? '',
    );
}

/** Returns how often each word appears on the deck's slides (title slide metadata included) and in their notes. */
function deckWords(deck: Deck): Map<string, number> {
  const texts = [deck.meta.title, deck.meta.subtitle ?? '', deck.meta.author ?? '', ...deck.meta.tags];
  for (const slide of deck.slides) texts.push(slide.title ?? '', visibleText(slide.html), visibleText(slide.media ?? ''), ...slide.notes.map(visibleText));
  return count(texts.flatMap(words));
}

function count(list: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const word of list) counts.set(word, (counts.get(word) ?? 0) + 1);
  return counts;
}

/** Returns the words of `expected` that appear fewer times on the deck than in the article. */
function missing(expected: string[], deck: Deck): string[] {
  const have = deckWords(deck);
  return [...count(expected)].filter(([word, times]) => (have.get(word) ?? 0) < times).map(([word, times]) => `${word} ×${times - (have.get(word) ?? 0)}`);
}

// A random article, built together with the list of words a reader should find in its deck.
interface Piece {
  md: string;
  words: string[];
}

const word = fc.oneof(
  { weight: 8, arbitrary: fc.stringMatching(/^[a-z]{2,9}$/) },
  { weight: 1, arbitrary: fc.constantFrom('예산', '주권', '數據', 'données', 'straße', 'ελλάδα', '2025', 'x86') },
);
const phrase = fc.array(word, { minLength: 1, maxLength: 8 });
const text = (list: string[]): Piece => ({ md: list.join(' '), words: list });

const inline: fc.Arbitrary<Piece> = fc.oneof(
  phrase.map(text),
  phrase.map((list) => ({ md: `*${list.join(' ')}*`, words: list })),
  phrase.map((list) => ({ md: `**${list.join(' ')}**`, words: list })),
  phrase.map((list) => ({ md: `\`${list.join(' ')}\``, words: list })),
  phrase.map((list) => ({ md: `[${list.join(' ')}](https://example.org/page)`, words: list })),
  phrase.map((list) => ({ md: `![${list.join(' ')}](https://example.org/picture.png)`, words: list })),
  phrase.map((list) => ({ md: `<kbd>${list.join(' ')}</kbd>`, words: list })),
);
const line = fc.array(inline, { minLength: 1, maxLength: 5 }).map((pieces) => ({ md: pieces.map((piece) => piece.md).join(' '), words: pieces.flatMap((piece) => piece.words) }));

const listBlock = (depth: number): fc.Arbitrary<Piece> =>
  fc.tuple(fc.boolean(), fc.array(fc.tuple(line, depth < 2 ? fc.option(fc.constant(null).chain(() => listBlock(depth + 1)), { freq: 4 }) : fc.constant(null)), { minLength: 1, maxLength: 4 })).map(([ordered, items]) => {
    const indent = '   '.repeat(depth);
    const md = items
      .map(([item, sub], index) => `${indent}${ordered ? `${index + 1}.` : '- '} ${item.md}${sub ? `\n${sub.md}` : ''}`)
      .join('\n');
    return { md, words: items.flatMap(([item, sub]) => [...item.words, ...(sub?.words ?? [])]) };
  });

const block: fc.Arbitrary<Piece> = fc.oneof(
  { weight: 5, arbitrary: fc.array(line, { minLength: 1, maxLength: 6 }).map((lines) => ({ md: lines.map((l) => l.md).join('\n'), words: lines.flatMap((l) => l.words) })) },
  { weight: 3, arbitrary: fc.tuple(fc.integer({ min: 1, max: 6 }), line).map(([level, l]) => ({ md: `${'#'.repeat(level)} ${l.md}`, words: l.words })) },
  { weight: 2, arbitrary: listBlock(0) },
  { weight: 1, arbitrary: line.map((l) => ({ md: `> ${l.md}`, words: l.words })) },
  { weight: 1, arbitrary: phrase.map((list) => ({ md: `\`\`\`\n${list.join('\n')}\n\`\`\``, words: list })) },
  {
    weight: 1,
    arbitrary: fc.array(fc.array(word, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 4 }).map((rows) => ({
      md: ['| a | b |', '| --- | --- |', ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n'),
      words: ['a', 'b', ...rows.flat()],
    })),
  },
  { weight: 1, arbitrary: fc.constant({ md: '---', words: [] }) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 99 }), phrase).map(([n, list]) => ({ md: `Note[^n${n}] here.\n\n[^n${n}]: ${list.join(' ')}`, words: ['note', 'here', ...list] })) },
);

const frontMatter = fc
  .record({ title: fc.option(phrase), author: fc.option(phrase), excerpt: fc.option(phrase), tags: fc.option(fc.array(word, { maxLength: 4 })), toc: fc.option(fc.boolean()) })
  .map((fields) => {
    const lines: string[] = [];
    const found: string[] = [];
    if (fields.title) lines.push(`title: "${fields.title.join(' ')}"`), found.push(...fields.title);
    if (fields.author) lines.push(`author: "${fields.author.join(' ')}"`), found.push(...fields.author);
    if (fields.excerpt) lines.push(`excerpt: "${fields.excerpt.join(' ')}"`), found.push(...fields.excerpt);
    if (fields.tags) lines.push(`tags: [${fields.tags.map((tag) => `"${tag}"`).join(', ')}]`), found.push(...fields.tags);
    if (fields.toc !== null) lines.push(`toc: ${fields.toc}`);
    return { md: `---\n${lines.join('\n')}\n---\n`, words: found };
  });

const article = fc.tuple(frontMatter, fc.array(block, { maxLength: 10 })).map(([fm, blocks]) => ({
  md: `${fm.md}\n${blocks.map((b) => b.md).join('\n\n')}\n`,
  words: [...fm.words, ...blocks.flatMap((b) => b.words)].flatMap(words),
}));

describe('random articles (fast-check)', () => {
  it('every word of a random article lands on a slide or in its notes', () => {
    fc.assert(
      fc.property(article, (generated) => {
        const deck = build(generated.md);
        expect(missing(generated.words, deck), generated.md).toEqual([]);
      }),
      { seed, numRuns: 120 },
    );
  });

  const junkYaml = fc.oneof(fc.string({ unit: 'binary', maxLength: 80 }), fc.constantFrom('- a\n- b', 'x', '[1, 2', 'title: [', 'date: 2025-99-99', 'tags: {a: 1}', 'a: &x [*x]', 'deck: 3', 'toc: maybe', 'image: {}', '? complex\n: key'));
  const junkBody = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 400 }),
    fc.array(fc.constantFrom('#', '##', '-', '>', '*', '`', '```', '|', '---', '[^1]', '<div>', '</div>', '<script>', '<!--', '-->', '![x](', ')', '\n', ' ', 'word', '<img src="../../etc/passwd">', '\t', '\\', '[a]: b'), { maxLength: 120 }).map((parts) => parts.join('')),
  );
  const junkArticle = fc.tuple(fc.boolean(), junkYaml, fc.boolean(), junkBody).map(([withFront, yaml, closed, body]) => (withFront ? `---\n${yaml}\n${closed ? '---\n' : ''}${body}` : body));

  it('any text, front matter or not, either builds or fails with a DeckError, never anything else', () => {
    fc.assert(
      fc.property(junkArticle, fc.boolean(), (text, unsafeHtml) => {
        try {
          build(text, unsafeHtml, true);
        } catch (error) {
          if (!(error instanceof DeckError)) throw error;
          expect(error.file).toBe('random.md');
        }
      }),
      { seed, numRuns: 400 },
    );
  });

  it('any bytes either decode to text or fail with a DeckError naming the file', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        try {
          decode('random.md', bytes);
        } catch (error) {
          if (!(error instanceof DeckError)) throw error;
          expect(error.file).toBe('random.md');
        }
      }),
      { seed, numRuns: 400 },
    );
  });
});

describe('the fixture articles, the seed and its Korean companion', () => {
  const files = [...fixtureFiles(), seedFile, join(root, 'content', 'sovereign-ai-korea.ko.md')];

  it.each(files)('every word of %s lands on a slide or in its notes', (file) => {
    const source = parseSource(file, decode(file, readFileSync(file)));
    const tree = parseGuarded(source.body, file, () => undefined);
    const expected = [
      ...[source.frontMatter.title, source.frontMatter.excerpt ?? source.frontMatter.subtitle, source.frontMatter.author, ...source.frontMatter.tags].flatMap((value) => words(value ?? '')),
      ...visibleWords(tree),
    ];
    const deck = build(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
    expect(missing(expected, deck)).toEqual([]);
  });
});

/** Returns the words a reader sees in an mdast tree: text, code and alt texts; raw HTML's text without its tags; not link definitions or comments. */
function visibleWords(tree: Root): string[] {
  const found: string[] = [];
  const stack: Array<Root | RootContent> = [tree];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'definition' || node.type === 'yaml') continue;
    if (node.type === 'html') {
      if (!/^<!--[\s\S]*-->$/.test(node.value.trim()) && !/<(script|style)\b/i.test(node.value)) found.push(...words(visibleText(node.value)));
      continue;
    }
    if (node.type === 'text' || node.type === 'inlineCode' || node.type === 'code') found.push(...words(node.value));
    if (node.type === 'image') found.push(...words(node.alt ?? ''));
    if ('children' in node) stack.push(...node.children);
  }
  return found;
}
