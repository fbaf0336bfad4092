// Word counting: the fast ASCII count agrees with ICU's word segmentation, which the audit uses.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countWords, wordsOf } from '../src/model/words.js';

describe('countWords', () => {
  it('counts ASCII text exactly as Intl.Segmenter does (contractions, decimals, abbreviations, underscores)', () => {
    const cases = ["don't", 'e.g.', 'U.S.', '3.5', '1,000', '1;2', 'a:b', 'a;b', 'a.1', "a'1", '1_000', '_', '__a', 'a..b', 'well-known', '$5 and 5%', 'x.y.z', 'C++ and C#', 'A 12-word line: see https://example.org/a_b?c=1.'];
    for (const text of cases) expect([text, countWords(text)]).toEqual([text, wordsOf(text).length]);
  });

  it('agrees with Intl.Segmenter on random ASCII text', () => {
    const alphabet = fc.constantFrom(...'ab1 2_.,;:\'"-!?()#@$%/\n\tXY'.split(''));
    fc.assert(fc.property(fc.array(alphabet, { maxLength: 40 }).map((chars) => chars.join('')), (text) => countWords(text) === wordsOf(text).length), { numRuns: 2000 });
  });

  it('counts Korean, Chinese and Japanese text with the segmenter', () => {
    expect(countWords('한국의 소버린 AI 도전', 'ko')).toBe(wordsOf('한국의 소버린 AI 도전', 'ko').length);
    expect(countWords('數字字根讓計數更直覺', 'zh')).toBeGreaterThan(2);
    expect(countWords('日本語の文章を数える', 'ja')).toBeGreaterThan(2);
  });
});
