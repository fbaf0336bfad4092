// Unit tests of the guards against hostile input: indentation clamping, depth flattening, image URL checks.
import type { Root } from 'mdast';
import { describe, expect, it } from 'vitest';
import { isInside, isLocalUrl } from '../src/write/assets.js';
import { clampIndentation, flattenDeepNesting, plainText } from '../src/load/limits.js';
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
