// The language-aware sentence splitter (Intl.Segmenter with repairs) and word counts.
import { describe, expect, it } from 'vitest';
import { splitSentences } from '../src/plan/sentences.js';
import { countWords, coverage, wordsOf } from '../src/model/words.js';

describe('splitSentences', () => {
  it('splits English without breaking at abbreviations or initials', () => {
    expect(splitSentences('Mr. Smith met Dr. Lee, e.g. in the U.S. office. J. R. R. Tolkien wrote it. Done.')).toEqual([
      'Mr. Smith met Dr. Lee, e.g. in the U.S. office. ',
      'J. R. R. Tolkien wrote it. ',
      'Done.',
    ]);
  });

  it('splits Korean at 다. 요. ! and ?', () => {
    expect(splitSentences('한국은 소버린 AI를 추진한다. 정부가 투자해요! 그렇다면 무엇이 필요할까? 인재다.', 'ko')).toEqual([
      '한국은 소버린 AI를 추진한다. ',
      '정부가 투자해요! ',
      '그렇다면 무엇이 필요할까? ',
      '인재다.',
    ]);
  });

  it('splits Japanese and Chinese at full-width stops, also before Latin text and after closing quotes', () => {
    expect(splitSentences('日本語の文です。「次の文です。」最後！', 'ja')).toEqual(['日本語の文です。', '「次の文です。」', '最後！']);
    expect(splitSentences('中文句子。第二句！Latin here。x', 'zh')).toEqual(['中文句子。', '第二句！', 'Latin here。', 'x']);
  });

  it('keeps decimals and ellipses inside a sentence', () => {
    expect(splitSentences('It costs $3.5 billion... or so. Next.')).toEqual(['It costs $3.5 billion... or so. ', 'Next.']);
  });
});

describe('words', () => {
  it('counts words in any script, lower-cased, without punctuation', () => {
    expect(wordsOf('Hello, World! 안녕 세계.')).toEqual(['hello', 'world', '안녕', '세계']);
    expect(countWords('數字字根讓計數更直覺', 'zh')).toBeGreaterThan(3);
  });

  it('measures coverage as a multiset', () => {
    expect(coverage(['a', 'a', 'b', 'c'], ['a', 'b', 'b'])).toEqual({ share: 0.5, missing: ['a', 'c'] });
  });
});
