// Counts the words a person reads, in any language: Intl.Segmenter's word-like segments, lower-cased.

/** Returns the words of a text (word-like segments, lower-cased); CJK text is split into dictionary words. */
export function wordsOf(text: string, lang = 'en'): string[] {
  const segmenter = new Intl.Segmenter(lang, { granularity: 'word' });
  const words: string[] = [];
  for (const part of segmenter.segment(text)) if (part.isWordLike) words.push(part.segment.toLowerCase());
  return words;
}

/** Returns how many words a text has. */
export function countWords(text: string, lang = 'en'): number {
  return wordsOf(text, lang).length;
}

/** Returns the share (0..1) of `expected` words (a multiset) found in `found`; 1 when nothing is expected. */
export function coverage(expected: string[], found: string[]): { share: number; missing: string[] } {
  const have = new Map<string, number>();
  for (const word of found) have.set(word, (have.get(word) ?? 0) + 1);
  const missing: string[] = [];
  for (const word of expected) {
    const left = have.get(word) ?? 0;
    if (left > 0) have.set(word, left - 1);
    else missing.push(word);
  }
  return { share: expected.length === 0 ? 1 : 1 - missing.length / expected.length, missing };
}
