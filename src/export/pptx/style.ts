// A theme's variables -> what the PowerPoint is drawn with: colours, typefaces (Latin and East Asian), sizes and paddings.
import { luminance, mixColors, parseColor, resolveVariable, splitTopLevel } from './colors.js';

/** A typeface for Latin text and one for East Asian text (Hangul, kana, hanzi), as PowerPoint names them. */
export interface Face {
  latin: string;
  ea: string;
}

/** Colours as RRGGBB hex. */
export interface PptxColors {
  bg: string;
  ink: string;
  muted: string;
  accent: string;
  accentInk: string;
  accentSoft: string;
  rule: string;
  codeBg: string;
  /** Highlight colour of each code token kind (`keyword`, `string`, …): the theme's `--bd-code-<kind>`. */
  code: Record<string, string>;
}

export interface PptxStyle {
  colors: PptxColors;
  fonts: { heading: Face; body: Face; mono: Face };
  /** Sizes in CSS pixels of the theme's slide, as the theme sets them. */
  px: { body: number; title: number; code: number; line: number; padX: number; padTop: number; padBottom: number };
  /** Slide size in CSS pixels (the theme's Reveal.js size). */
  width: number;
  height: number;
  /** BCP 47 tag of the deck (`en-US`, `ko-KR`). */
  lang: string;
}

/** Generic CSS families: not typefaces a PowerPoint file can name. */
const genericFamilies = new Set(['serif', 'sans-serif', 'monospace', 'cursive', 'fantasy', 'system-ui', 'ui-serif', 'ui-sans-serif', 'ui-monospace', 'ui-rounded', 'emoji', 'math', 'fangsong', '-apple-system', 'blinkmacsystemfont']);

/** Families known to hold Hangul (and most also the common Hanja and kana). */
const eastAsianFamily = /pretendard|\bkr\b|cjk|korean|nanum|malgun|맑은|gothic neo|apple ?sd|myeongjo|myungjo|batang|gulim|dotum|gungsuh|d2coding|spoqa|\bjp\b|\bsc\b|\btc\b|yu gothic|yu mincho|meiryo|hiragino|ms gothic|ms mincho|yahei|simsun|simhei|pingfang|source han|han sans|han serif/i;

/** When a stack names no East Asian family: a face most machines with that language have. */
const eastAsianDefaults: Record<string, { sans: string; serif: string; mono: string }> = {
  ko: { sans: 'Malgun Gothic', serif: 'Batang', mono: 'GulimChe' },
  ja: { sans: 'Yu Gothic', serif: 'Yu Mincho', mono: 'MS Gothic' },
  zh: { sans: 'Microsoft YaHei', serif: 'SimSun', mono: 'SimSun' },
};

/** Returns the family names of a CSS font-family list, quotes removed, generic families left out. */
export function fontFamilies(stack: string): string[] {
  return splitTopLevel(stack, ',')
    .map((family) => family.trim().replace(/^["']|["']$/g, '').trim())
    .filter((family) => family !== '' && !genericFamilies.has(family.toLowerCase()));
}

/** Returns the Latin and East Asian typefaces for a CSS font stack: its first family, and its first East Asian one (else a common one for the language). */
export function faceOf(stack: string | undefined, kind: 'sans' | 'serif' | 'mono', lang: string): Face {
  const families = fontFamilies(stack ?? '');
  const fallback = kind === 'mono' ? 'Consolas' : kind === 'serif' ? 'Georgia' : 'Arial';
  const latin = families[0]?.replace(/[<>&"]/g, '') || fallback;
  const base = lang.toLowerCase().split('-')[0] ?? 'en';
  const ea = families.find((family) => eastAsianFamily.test(family))?.replace(/[<>&"]/g, '') ?? eastAsianDefaults[base]?.[kind] ?? eastAsianDefaults['ko']![kind];
  return { latin, ea };
}

/** Returns the BCP 47 tag PowerPoint expects for a deck language (`ko` -> `ko-KR`, `en` -> `en-US`). */
export function languageTag(lang: string): string {
  if (/^[a-z]{2,3}-[A-Za-z]{2,4}/.test(lang)) return lang;
  const regions: Record<string, string> = { en: 'en-US', ko: 'ko-KR', ja: 'ja-JP', zh: 'zh-CN', de: 'de-DE', fr: 'fr-FR', es: 'es-ES', it: 'it-IT', pt: 'pt-BR', nl: 'nl-NL', ru: 'ru-RU' };
  return regions[lang.toLowerCase()] ?? (lang || 'en-US');
}

/** The highlight kinds every theme is expected to colour, and what each falls back to when a theme leaves it out. */
const codeFallbacks: Record<string, keyof Omit<PptxColors, 'code'>> = {
  keyword: 'accent',
  comment: 'muted',
  punctuation: 'muted',
  meta: 'muted',
};

/** Returns the style of a deck: the theme's variables (theme_vars applied) resolved to colours, faces and sizes. */
export function pptxStyle(variables: Record<string, string>, options: { lang: string; width: number; height: number; codeSize?: number | undefined }): PptxStyle {
  const get = (name: string): string | undefined => resolveVariable(name, variables);
  const color = (name: string, fallback: string): string => parseColor(get(name) ?? '') ?? fallback;
  const bg = color('--bd-bg', 'FFFFFF');
  const dark = luminance(bg) < 0.4;
  const ink = color('--bd-ink', dark ? 'F4F6FB' : '17212B');
  const accent = color('--bd-accent', dark ? 'FFC247' : '0B4F8F');
  const colors: PptxColors = {
    bg,
    ink,
    muted: color('--bd-muted', mixColors(ink, bg, 0.7)),
    accent,
    accentInk: color('--bd-accent-ink', luminance(accent) < 0.4 ? 'FFFFFF' : '111111'),
    accentSoft: color('--bd-accent-soft', mixColors(accent, bg, 0.1)),
    rule: color('--bd-rule', mixColors(ink, bg, 0.18)),
    codeBg: color('--bd-code-bg', mixColors(ink, bg, 0.05)),
    code: {},
  };
  for (const name of Object.keys(variables)) {
    const kind = /^--bd-code-([\w-]+)$/.exec(name)?.[1];
    if (!kind || kind === 'bg') continue;
    const value = parseColor(get(name) ?? '');
    if (value) colors.code[kind] = value;
  }
  for (const [kind, from] of Object.entries(codeFallbacks)) colors.code[kind] ??= colors[from] as string;
  const px = (name: string, fallback: number): number => {
    const value = Number.parseFloat(get(name) ?? '');
    return Number.isFinite(value) && value > 0 ? value : fallback;
  };
  const lang = languageTag(options.lang);
  const bodyStack = get('--bd-font-body');
  const headingStack = get('--bd-font-heading') || bodyStack;
  return {
    colors,
    fonts: {
      body: faceOf(bodyStack, 'sans', lang),
      heading: faceOf(headingStack, /serif|myeongjo|myungjo|batang|mincho|georgia|times/i.test(fontFamilies(headingStack ?? '')[0] ?? '') && !/sans/i.test(fontFamilies(headingStack ?? '')[0] ?? '') ? 'serif' : 'sans', lang),
      mono: faceOf(get('--bd-font-mono'), 'mono', lang),
    },
    px: {
      body: px('--bd-size-body', 28),
      title: px('--bd-size-title', 44),
      code: options.codeSize ?? 24,
      line: px('--bd-line', 1.42),
      padX: px('--bd-pad-x', 80),
      padTop: px('--bd-pad-top', 60),
      padBottom: px('--bd-pad-bottom', 64),
    },
    width: options.width,
    height: options.height,
    lang,
  };
}

