import { readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultWeights, fontEntries, fontFaceCss, fontSetFile, loadFontSet, parseFontFaces, pointsOf, pretendardPackage, rangesOf, readFontSet, slicesFor, storedFontSet, withPageFonts, writeFonts, type FontFace } from '../src/write/fonts.js';
import { tempDir } from './helpers.js';

describe('the fonts shipped with decks', () => {
  it('reads Pretendard\'s static slices for the shipped weights only', async () => {
    const faces = parseFontFaces(await readFile(pretendardPackage().css, 'utf8'));
    expect(new Set(faces.map((face) => face.weight))).toEqual(new Set(defaultWeights.map(String)));
    expect(faces.every((face) => face.family === 'Pretendard' && face.file.endsWith('.woff2') && face.unicodeRange.startsWith('U+'))).toBe(true);
    // Hangul syllables (U+AC00–D7A3) are spread over many slices, so a deck loads only what it uses.
    const hangul = faces.filter((face) => face.weight === '400' && /U\+(a[c-f]|b|c|d[0-7])[0-9a-f]{2}/.test(face.unicodeRange));
    expect(hangul.length).toBeGreaterThan(50);
  });

  it('writes a stylesheet whose every url names a copied file, emoji slices first so Pretendard wins where ranges overlap', async () => {
    const shared = await tempDir();
    await writeFonts(shared);
    const css = await readFile(join(shared, 'fonts', 'fonts.css'), 'utf8');
    expect(css).toContain('SIL Open Font License');
    const urls = [...css.matchAll(/url\(([^)]+)\)/g)].map((match) => match[1]!);
    expect(urls.length).toBeGreaterThan(400);
    const missing = [];
    for (const url of new Set(urls)) if (!(await stat(join(shared, 'fonts', url)).catch(() => undefined))) missing.push(url);
    expect(missing).toEqual([]);
    expect(css).not.toMatch(/\.woff\)|variable/i);
    expect(css.lastIndexOf('noto-emoji/')).toBeLessThan(css.indexOf('pretendard/'));
    // Every text weight has its own emoji slices: Chromium mixes slices only within identical descriptors.
    for (const weight of defaultWeights) expect(css).toMatch(new RegExp(`font-weight: ${weight};\\n[^}]*noto-emoji/`));
  });

  it('declares each face with its weight, woff2 source and unicode range', () => {
    const css = fontFaceCss([{ folder: 'f', faces: [{ family: 'Pretendard', weight: '700', file: 'a.woff2', unicodeRange: 'U+ac00-ac10' }] }], '/* notice */');
    expect(css).toBe('/* notice */\n@font-face {\n  font-family: "Pretendard";\n  font-style: normal;\n  font-weight: 700;\n  font-display: swap;\n  src: url(f/a.woff2) format("woff2");\n  unicode-range: U+ac00-ac10;\n}\n');
  });

  it('tells which slices hold a character of a text: single points, ranges and wildcards', () => {
    const face = (unicodeRange: string): FontFace => ({ family: 'Pretendard', weight: '400', file: 'x.woff2', unicodeRange });
    const needs = slicesFor('Hi 한');
    expect(needs(face('U+0-ff, U+131'))).toBe(true);
    expect(needs(face('U+d55c'))).toBe(true);
    expect(needs(face('U+ac00-d7a3'))).toBe(true);
    expect(needs(face('U+d5??'))).toBe(true);
    expect(needs(face('U+4e00-9fff, U+3000-303f'))).toBe(false);
    expect(needs(face('U+1f600-1f64f'))).toBe(false);
    expect(slicesFor('😀')(face('U+1f600-1f64f'))).toBe(true);
    // Written as an HTML character reference or a CSS escape (a theme's `content: "\1F5BC"`).
    expect(slicesFor('<p>&#x1F600;</p>')(face('U+1f600-1f64f'))).toBe(true);
    expect(slicesFor('<p>&#128512;</p>')(face('U+1f600-1f64f'))).toBe(true);
    expect(slicesFor('.missing::before { content: "\\1F5BC\\FE0E"; }')(face('U+1f5bc'))).toBe(true);
    // Ranges read once are kept flat, and used in place of the text.
    expect(rangesOf('U+0-ff, U+131, U+4??')).toEqual([0, 255, 305, 305, 1024, 1279]);
    expect(needs({ ...face('U+0-ff'), ranges: [0x4e00, 0x9fff, 0x1f600, 0x1f64f] })).toBe(false);
    expect(needs({ ...face('U+4e00-9fff'), ranges: [0x4e00, 0x9fff, 0xd55c, 0xd55c] })).toBe(true);
  });

  it('reads the fonts as stored when the package was built when they came from the same releases, else from the packages', async () => {
    const dir = await tempDir();
    const read = await readFontSet();
    // A stored set written as the package build writes it gives the same fonts, with this machine's folders.
    const stored = await storedFontSet();
    expect(stored).not.toHaveProperty('textDir');
    await writeFile(join(dir, 'same.json'), JSON.stringify(stored));
    expect(await loadFontSet(defaultWeights, join(dir, 'same.json'))).toEqual(read);
    // It is what is used: a mark put into it shows.
    await writeFile(join(dir, 'marked.json'), JSON.stringify({ ...stored, sheet: '/* marked */' }));
    expect((await loadFontSet(defaultWeights, join(dir, 'marked.json'))).sheet).toBe('/* marked */');
    // Stored from another release of a font package, for other weights, unreadable or missing: read from the packages.
    await writeFile(join(dir, 'old.json'), JSON.stringify({ ...stored, sheet: '/* old */', textRelease: 'pretendard@0.0.1' }));
    expect(await loadFontSet(defaultWeights, join(dir, 'old.json'))).toEqual(read);
    const bold = await loadFontSet([700], join(dir, 'marked.json'));
    expect(new Set(bold.text.map((face) => face.weight))).toEqual(new Set(['700']));
    await writeFile(join(dir, 'other-format.json'), JSON.stringify({ ...stored, sheet: '/* other format */', format: stored.format + 1 }));
    expect(await loadFontSet(defaultWeights, join(dir, 'other-format.json'))).toEqual(read);
    // Written before the code that reads it (compiled again without the package build): read from the packages.
    await writeFile(join(dir, 'older.json'), JSON.stringify({ ...stored, sheet: '/* older */' }));
    await utimes(join(dir, 'older.json'), new Date('2001-01-01'), new Date('2001-01-01'));
    expect(await loadFontSet(defaultWeights, join(dir, 'older.json'))).toEqual(read);
    await writeFile(join(dir, 'broken.json'), '{ not json');
    expect(await loadFontSet(defaultWeights, join(dir, 'broken.json'))).toEqual(read);
    expect(await loadFontSet(defaultWeights, join(dir, 'missing.json'))).toEqual(read);
  });

  it('ships the fonts as read from the packages installed (lib/font-set.json, written when the package is built)', async () => {
    expect(JSON.parse(await readFile(fontSetFile(), 'utf8'))).toEqual(await storedFontSet());
  });

  it('lists the characters a text shows, once each and in order: pairs of surrogates as one, lone ones as they are, escapes decoded', () => {
    // `'` and `한` are also written as escapes, as Handlebars and themes write them.
    const text = 'Hi 한글 😀 a😀\ud800x\udc00 &#x1F5BC; &#65; \\FE0E 𝔸 it\'s &#x27; &#xD55C;';
    const expected = [...new Set([...Array.from(text, (char) => char.codePointAt(0)!), 0x1f5bc, 65, 0xfe0e])].sort((a, b) => a - b);
    expect(pointsOf(text)).toEqual(expected);
    expect(pointsOf(text).every((point, index, all) => index === 0 || all[index - 1]! < point)).toBe(true);
    expect(pointsOf(text)).toContain(0x1d538);
    expect(pointsOf(text)).toContain(0xd800);
    expect(pointsOf('')).toEqual([]);
  });

  it('copies only the slices a text needs, while the stylesheet names them all', async () => {
    const all = parseFontFaces(await readFile(pretendardPackage().css, 'utf8'));
    const { entries } = await fontEntries(defaultWeights, 'Plain English text.');
    const slices = entries.filter((entry) => entry.path.startsWith('fonts/pretendard/'));
    expect(slices.length).toBeGreaterThan(0);
    expect(slices.length).toBeLessThan(all.length / 10);
    const korean = (await fontEntries(defaultWeights, '한국어 문장')).entries.filter((entry) => entry.path.startsWith('fonts/pretendard/'));
    expect(korean.length).toBeGreaterThan(slices.length);
    const css = entries.find((entry) => entry.path === 'fonts/fonts.css')!.data!;
    expect([...css.matchAll(/url\(pretendard\//g)]).toHaveLength(all.length);
  });

  it('gives a page the faces of the slices it shows in place of the stylesheet of every slice, in the same order', async () => {
    const fonts = await loadFontSet();
    const link = '<link rel="stylesheet" href="../_shared/fonts/fonts.css">';
    const page = (text: string): string => `<head>${link}<link rel="stylesheet" href="theme.css"></head><body><p>${text}</p></body>`;
    const faces = (html: string): string[] => [...html.matchAll(/url\(([^)]+)\)/g)].map((match) => match[1]!);
    const english = withPageFonts(page('Plain English 😀'), fonts, pointsOf(page('Plain English 😀')), '../_shared');
    expect(english).not.toContain(link);
    expect(english).toMatch(/^<head><style>\n\/\* Pretendard and Noto Emoji[^]*<\/style><link rel="stylesheet" href="theme.css"><\/head>/);
    // Every weight of each slice holding one of its characters, emoji first, and nothing else.
    const needed = slicesFor(page('Plain English 😀'));
    const expected = [...fonts.emoji.filter(needed).map((face) => `../_shared/fonts/noto-emoji/${face.file}`), ...fonts.text.filter(needed).map((face) => `../_shared/fonts/pretendard/${face.file}`)];
    expect(faces(english)).toEqual(expected);
    expect(new Set(fonts.text.filter(needed).map((face) => face.weight))).toEqual(new Set(defaultWeights.map(String)));
    expect(faces(english).some((url) => url.includes('noto-emoji/'))).toBe(true);
    expect(faces(english).length).toBeLessThan((fonts.text.length + fonts.emoji.length) / 10);
    const korean = withPageFonts(page('한국어 문장'), fonts, pointsOf(page('한국어 문장')), '../_shared');
    expect(faces(korean).length).toBeGreaterThan(faces(english).length);
    expect(faces(korean).some((url) => url.includes('noto-emoji/'))).toBe(false);
    // A page linking the stylesheet otherwise (a theme's own layout) keeps it, as does one whose shared folder's
    // address would break a bare url() (a library caller's own `shared`).
    const own = '<head><link href="../_shared/fonts/fonts.css" rel="stylesheet"></head>';
    expect(withPageFonts(own, fonts, pointsOf(own), '../_shared')).toBe(own);
    const spaced = '<head><link rel="stylesheet" href="my assets (v2)/fonts/fonts.css"></head>';
    expect(withPageFonts(spaced, fonts, pointsOf(spaced), 'my assets (v2)')).toBe(spaced);
    const absolute = '<head><link rel="stylesheet" href="https://cdn.example.com/deck-assets/fonts/fonts.css"></head>';
    expect(withPageFonts(absolute, fonts, pointsOf(absolute), 'https://cdn.example.com/deck-assets')).toContain('url(https://cdn.example.com/deck-assets/fonts/pretendard/');
  });
});
