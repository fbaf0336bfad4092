// Counts the words a person reads, in any language: Intl.Segmenter's word-like segments, lower-cased.

/** Returns an Intl.Segmenter for a language and granularity. Making one costs far more than segmenting a paragraph,
 * so each is made once and shared: a pool of immutable objects, not state. */
export function segmenterFor(lang: string, granularity: 'word' | 'sentence'): Intl.Segmenter {
  const key = `${lang}\u0000${granularity}`;
  let segmenter = segmenters.get(key);
  if (!segmenter) segmenters.set(key, (segmenter = new Intl.Segmenter(lang, { granularity })));
  return segmenter;
}

const segmenters = new Map<string, Intl.Segmenter>();

/** Returns the words of a text (word-like segments, lower-cased); CJK text is split into dictionary words. */
export function wordsOf(text: string, lang = 'en'): string[] {
  const segmenter = segmenterFor(lang, 'word');
  const words: string[] = [];
  for (const part of segmenter.segment(text)) if (part.isWordLike) words.push(part.segment.toLowerCase());
  return words;
}

/** Returns how many words a text has (as many as `wordsOf` finds; ASCII text is counted by a faster equal rule). */
export function countWords(text: string, lang = 'en'): number {
  // eslint-disable-next-line no-control-regex
  if (/^[\u0000-\u007f]*$/.test(text)) return countAsciiWords(text);
  let count = 0;
  for (const part of segmenterFor(lang, 'word').segment(text)) if (part.isWordLike) count++;
  return count;
}

/**
 * Counts the words of ASCII text by Unicode's word-boundary rules (UAX #29) as ICU applies them: runs of letters,
 * digits and underscores holding a letter or digit (or two underscores or more); a `:`, `.` or `'` between two letters and a `,`, `;`, `.` or `'`
 * between two digits stay inside a word ("don't", "e.g", "3.5", "1,000"). test/words.test.ts holds it to ICU.
 */
function countAsciiWords(text: string): number {
  const letter = (code: number): boolean => (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
  const digit = (code: number): boolean => code >= 48 && code <= 57;
  let count = 0;
  let inWord = false;
  let solid = false;
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (letter(code) || digit(code) || code === 95) {
      if (!inWord) {
        inWord = true;
        solid = false;
        length = 0;
      }
      length++;
      if (code !== 95 || length > 1) solid = true;
      continue;
    }
    if (inWord && i + 1 < text.length) {
      const before = text.charCodeAt(i - 1);
      const after = text.charCodeAt(i + 1);
      const char = text[i]!;
      if ((letter(before) && letter(after) && ":.'".includes(char)) || (digit(before) && digit(after) && ",;.'".includes(char))) continue;
    }
    if (inWord && solid) count++;
    inWord = false;
  }
  return inWord && solid ? count + 1 : count;
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
