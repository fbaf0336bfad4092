// Guesses an article's language from its script when the front matter does not say.

/** Returns a BCP 47 language code guessed from the text's letters: ko, ja, zh or en. */
export function detectLang(text: string): string {
  let hangul = 0;
  let kana = 0;
  let han = 0;
  let letters = 0;
  for (const char of text) {
    if (/\p{Script=Hangul}/u.test(char)) hangul++;
    else if (/[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(char)) kana++;
    else if (/\p{Script=Han}/u.test(char)) han++;
    else if (!/\p{L}/u.test(char)) continue;
    letters++;
  }
  if (letters === 0) return 'en';
  if (hangul / letters > 0.2) return 'ko';
  if (kana / letters > 0.1) return 'ja';
  if (han / letters > 0.2) return 'zh';
  return 'en';
}
