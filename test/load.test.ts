import { describe, expect, it } from 'vitest';
import { DeckError } from '../src/model/errors.js';
import { decode, parseSource } from '../src/load/source.js';

function failure(text: string): DeckError {
  try {
    parseSource('post.md', text);
  } catch (error) {
    if (error instanceof DeckError) return error;
    throw error;
  }
  throw new Error('expected a DeckError');
}

describe('loading an article', () => {
  it('names the line of malformed YAML in the file', () => {
    const error = failure('---\ntitle: ok\ntags: [a, b\n---\ntext\n');
    expect(error.code).toBe(3);
    expect(error.file).toBe('post.md');
    expect(error.line).toBeGreaterThanOrEqual(3);
    expect(error.message).toMatch(/invalid YAML/);
  });

  it('rejects front matter that is never closed, at line 1', () => {
    expect(failure('---\ntitle: x\n\ntext\n')).toMatchObject({ line: 1, message: 'front matter is never closed' });
  });

  it('rejects YAML that is a list or a scalar', () => {
    expect(failure('---\n- a\n- b\n---\n').message).toMatch(/mapping/);
    expect(failure('---\njust text\n---\n').message).toMatch(/mapping/);
  });

  it('rejects an impossible date with its line', () => {
    expect(failure('---\ntitle: t\ndate: 2025-02-30\n---\n')).toMatchObject({ line: 3 });
  });

  it('reads tags as a list or a space-separated text', () => {
    expect(parseSource('a.md', '---\ntags: a b  c\n---\n').frontMatter.tags).toEqual(['a', 'b', 'c']);
    expect(parseSource('a.md', '---\ntags:\n  - a b\n  - c\n---\n').frontMatter.tags).toEqual(['a b', 'c']);
    expect(failure('---\ntags: { a: 1 }\n---\n').message).toMatch(/tags/);
  });

  it('keeps body positions equal to file lines', () => {
    const source = parseSource('a.md', '---\ntitle: t\n---\n\n## Heading\n');
    expect(source.body.split('\n')[4]).toBe('## Heading');
  });

  it('strips a BOM and CRLF line ends, and rejects binary and invalid UTF-8', () => {
    expect(decode('a.md', new TextEncoder().encode('\uFEFF---\r\ntitle: x\r\n---\r\n'))).toBe('---\ntitle: x\n---\n');
    expect(() => decode('a.md', new Uint8Array([0x61, 0x00, 0x62]))).toThrow(/not a text file/);
    expect(() => decode('a.md', new Uint8Array([0x61, 0x0a, 0xff, 0xfe]))).toThrow(/invalid UTF-8/);
  });
});
