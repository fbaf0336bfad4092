// Unit tests of the guards against hostile input: indentation clamping, depth flattening, image URL checks.
import type { Root } from 'mdast';
import { describe, expect, it } from 'vitest';
import { isInside, isLocalUrl } from '../src/write/assets.js';
import { clampContainerMarkers, clampIndentation, flattenDeepNesting, plainText } from '../src/load/limits.js';
import { parseMarkdown } from '../src/load/parse.js';
import { isScriptUrl } from '../src/render/markdown.js';

function depthOf(tree: Root): number {
  let deepest = 0;
  const stack: Array<{ node: { children?: unknown[] }; depth: number }> = [{ node: tree, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    deepest = Math.max(deepest, depth);
    for (const child of (node.children ?? []) as Array<{ children?: unknown[] }>) stack.push({ node: child, depth: depth + 1 });
  }
  return deepest;
}

describe('clampIndentation', () => {
  it('leaves ordinary text alone and names the first line it cuts, counting tabs to the next multiple of 4', () => {
    expect(clampIndentation('a\n    b\n\tc\n', 8)).toEqual({ text: 'a\n    b\n\tc\n' });
    expect(clampIndentation('a\n\t\t\tb\n          c\n', 8)).toEqual({ text: 'a\n        b\n        c\n', line: 2 });
  });
});

describe('clampContainerMarkers', () => {
  it('cuts the run of quote and list markers starting a line to the most the tree keeps, and leaves other lines alone', () => {
    expect(clampContainerMarkers(`${'> '.repeat(5)}text\n`, 3)).toBe('> > > text\n');
    expect(clampContainerMarkers(`${'>'.repeat(8)} text\n`, 3)).toBe('>>> text\n');
    expect(clampContainerMarkers('- 1. > - deep\n', 2)).toBe('- 1. deep\n');
    const ordinary = '# T\n\n> quote\n> > nested\n\n- a\n  - b\n1. one\n2025. A year that starts a line.\n';
    expect(clampContainerMarkers(ordinary, 3)).toBe(ordinary);
  });

  it('keeps every word of an article of ever deeper quotes', () => {
    const text = Array.from({ length: 300 }, (_, i) => `${'> '.repeat(i + 1)}line ${i + 1}`).join('\n');
    const clamped = clampContainerMarkers(text);
    const depths = clamped.split('\n').map((line) => line.match(/>/g)?.length ?? 0);
    expect(depths.slice(0, 100)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(depths.slice(100).every((depth) => depth === 100)).toBe(true);
    expect(plainText(parseMarkdown(clamped))).toBe(plainText(parseMarkdown(text.replace(/>/g, ''))));
  });
});

describe('flattenDeepNesting', () => {
  it('caps the depth of a 2,000-deep list and keeps every word', () => {
    const tree = parseMarkdown(`${'- '.repeat(500)}bottom words\n`);
    const before = plainText(tree);
    expect(flattenDeepNesting(tree, 40)).toEqual({ line: 1 });
    expect(depthOf(tree)).toBeLessThanOrEqual(40);
    expect(plainText(tree)).toBe(before);
  });

  it('leaves a normal article untouched', () => {
    const tree = parseMarkdown('# T\n\n- a\n  - b\n    - c\n\n> quote\n');
    const copy = structuredClone(tree);
    expect(flattenDeepNesting(tree)).toEqual({});
    expect(tree).toEqual(copy);
  });
});

describe('URL checks', () => {
  it('tells local image paths from URLs', () => {
    expect(['img/a.png', './a.png', '../a.png', '/etc/passwd', 'a%20b.png'].map(isLocalUrl)).toEqual([true, true, true, true, true]);
    expect(['https://x.org/a.png', '//x.org/a.png', 'data:image/png;base64,AA', '#top', 'mailto:a@b', ''].map(isLocalUrl)).toEqual([false, false, false, false, false, false]);
  });

  it('knows what is inside a folder', () => {
    expect(isInside('/a/b', '/a/b/c.png')).toBe(true);
    expect(isInside('/a/b', '/a/b')).toBe(true);
    expect(isInside('/a/b', '/a/bc/d.png')).toBe(false);
    expect(isInside('/a/b', '/a/c.png')).toBe(false);
    expect(isInside('/a/b', '/a/b/../c.png')).toBe(false);
  });

  it('recognises script URLs through case, whitespace and control characters', () => {
    expect(['javascript:alert(1)', ' JavaScript:x', 'java\tscript:x', 'java\nscript:x', 'vbscript:x', 'data:text/html,<script>'].map(isScriptUrl)).toEqual([true, true, true, true, true, true]);
    expect(['https://x.org', 'img/a.png', 'data:image/png;base64,AA', '#123456'].map(isScriptUrl)).toEqual([false, false, false, false]);
  });
});
