// Unit tests of clonePlain, the planner's deep copy of syntax trees.
import { describe, expect, it } from 'vitest';
import { clonePlain } from '../src/model/clone.js';
import { parseMarkdown } from '../src/load/parse.js';

describe('clonePlain', () => {
  it('copies a syntax tree deeply: equal, sharing no object with the original', () => {
    const tree = parseMarkdown('# Title\n\n- **bold** item\n  - nested\n\n| a | b |\n| - | - |\n| 1 | 2 |\n');
    const copy = clonePlain(tree);
    expect(copy).toEqual(tree);
    expect(copy).toEqual(structuredClone(tree));
    const originals = new Set<object>();
    const collect = (value: unknown, into: Set<object>): void => {
      if (typeof value !== 'object' || value === null) return;
      into.add(value);
      for (const child of Object.values(value)) collect(child, into);
    };
    collect(tree, originals);
    const copies = new Set<object>();
    collect(copy, copies);
    expect(copies.size).toBe(originals.size);
    for (const object of copies) expect(originals.has(object)).toBe(false);
  });

  it('keeps primitives, nulls and empty containers as they are', () => {
    expect(clonePlain({ a: null, b: [], c: {}, d: 0, e: '', f: false })).toEqual({ a: null, b: [], c: {}, d: 0, e: '', f: false });
    expect(clonePlain(7)).toBe(7);
  });
});
