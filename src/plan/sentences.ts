// A language-aware sentence splitter: Intl.Segmenter, plus the repairs it needs for abbreviations and CJK sentence ends.
import { segmenterFor } from '../model/words.js';

/** Abbreviations after which a full stop does not end an English sentence. */
const abbreviations = /(?:^|\s|\()(?:mr|mrs|ms|dr|prof|sr|jr|st|vs|etc|e\.g|i\.e|cf|fig|no|vol|approx|inc|ltd|co|u\.s|a\.m|p\.m)\.\s*$/i;

/** Returns the sentences of a text, each with its trailing space; Korean, Japanese and Chinese sentence ends (。！？ and 다. 요.) split too. */
export function splitSentences(text: string, lang = 'en'): string[] {
  const segmenter = segmenterFor(lang, 'sentence');
  const raw: string[] = [];
  for (const part of segmenter.segment(text)) raw.push(...splitCjkEnds(part.segment));
  const sentences: string[] = [];
  for (const piece of raw) {
    const last = sentences[sentences.length - 1];
    // Not a sentence end: an abbreviation, an initial, a piece without letters, or a question or exclamation quoted
    // inside a sentence that goes on in lower case ("not “Can we?” but …").
    const continues = last !== undefined && /[?!]["'”’»)\]]*\s*$/.test(last) && /^\s*\p{Ll}/u.test(piece);
    if (last !== undefined && (continues || abbreviations.test(last) || /(?:^|\s)\p{Lu}\.\s*$/u.test(last) || !/\p{L}|\p{N}/u.test(piece))) {
      sentences[sentences.length - 1] = last + piece;
    } else {
      sentences.push(piece);
    }
  }
  // An opening bracket or quote ICU left at the end of a sentence opens the next one.
  for (let index = 0; index + 1 < sentences.length; index++) {
    const opening = /[\p{Ps}\p{Pi}「『]+\s*$/u.exec(sentences[index]!);
    if (opening && opening.index > 0) {
      sentences[index] = sentences[index]!.slice(0, opening.index);
      sentences[index + 1] = opening[0].trimEnd() + sentences[index + 1]!;
    }
  }
  return sentences.filter((sentence) => sentence.length > 0);
}

/** ICU keeps `。」` or a full-width stop followed by Latin text together; split after CJK sentence punctuation. */
function splitCjkEnds(segment: string): string[] {
  const parts: string[] = [];
  let start = 0;
  const pattern = /[。！？][」』）)"”’]*(?=\s*\S)/gu;
  for (const match of segment.matchAll(pattern)) {
    let end = (match.index ?? 0) + match[0].length;
    while (end < segment.length && /\s/.test(segment[end]!)) end++;
    if (end < segment.length) {
      parts.push(segment.slice(start, end));
      start = end;
    }
  }
  parts.push(segment.slice(start));
  return parts.filter((part) => part.length > 0);
}

/** Returns the first sentence of a text (the whole text when it has one sentence). */
export function firstSentence(text: string, lang = 'en'): string {
  return splitSentences(text, lang)[0] ?? text;
}
