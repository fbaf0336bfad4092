// Interface labels in each supported language, and dates written the way each language writes them.

export interface Labels {
  agenda: string;
  continued: string;
  notes: string;
  thanks: string;
  questions: string;
  downloadSlides: string;
  downloadHandout: string;
  downloadPptx: string;
  downloads: string;
  page: string;
  slide: string;
  contents: string;
  language: string;
  slides: string;
  handout: string;
}

const english: Labels = {
  agenda: 'Agenda',
  continued: 'continued',
  notes: 'Notes',
  thanks: 'Thank you',
  questions: 'Questions and discussion',
  downloadSlides: 'Download slides (PDF)',
  downloadHandout: 'Handout (PDF)',
  downloadPptx: 'Editable slides (PowerPoint)',
  downloads: 'Downloads',
  page: 'Page',
  slide: 'Slide',
  contents: 'Contents',
  language: 'Language',
  slides: 'Slides',
  handout: 'Handout',
};

const korean: Labels = {
  agenda: '목차',
  continued: '계속',
  notes: '발표자 노트',
  thanks: '감사합니다',
  questions: '질의응답',
  downloadSlides: '슬라이드 내려받기 (PDF)',
  downloadHandout: '유인물 (PDF)',
  downloadPptx: '편집용 슬라이드 (파워포인트)',
  downloads: '내려받기',
  page: '쪽',
  slide: '슬라이드',
  contents: '차례',
  language: '언어',
  slides: '슬라이드',
  handout: '유인물',
};

const byLanguage: Record<string, Labels> = { en: english, ko: korean };

/** Returns the labels for a language tag (`ko`, `ko-KR`, …); languages without labels get English. */
export function labelsFor(lang: string): Labels {
  return byLanguage[lang.toLowerCase().split('-')[0] ?? 'en'] ?? english;
}

/** How a date is written: Intl's date styles, or only the year, or the month and year. */
export type DateStyle = 'full' | 'long' | 'medium' | 'short' | 'year' | 'month';

/** Returns an ISO date (YYYY-MM-DD) written out in a language: "November 18, 2025", "2025년 11월 18일". */
export function formatDate(isoDate: string, lang: string, style: DateStyle = 'long'): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) return isoDate;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  const key = lang.toLowerCase();
  // Only a real day (2025-13-40 is left to Intl, which rolls it over) in a language of the table itself.
  const real = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  if (style === 'long' && real && Object.hasOwn(longDates, key)) return longDates[key]!(year, month, day);
  const format: Intl.DateTimeFormatOptions =
    style === 'year' ? { year: 'numeric' } : style === 'month' ? { year: 'numeric', month: 'long' } : { dateStyle: style };
  try {
    return new Intl.DateTimeFormat(lang, { ...format, timeZone: 'UTC' }).format(date);
  } catch {
    return new Intl.DateTimeFormat('en', { ...format, timeZone: 'UTC' }).format(date);
  }
}

const englishMonths = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const longEnglish = (year: number, month: number, day: number): string => `${englishMonths[month - 1]} ${day}, ${year}`;
const longKorean = (year: number, month: number, day: number): string => `${year}년 ${month}월 ${day}일`;
const longChineseOrJapanese = (year: number, month: number, day: number): string => `${year}年${month}月${day}日`;

/**
 * The long dates of the commonest languages, written as Intl writes them (a test holds them to it) but without Intl,
 * whose first date format loads the calendar data: a thirtieth of a second of every build.
 */
const longDates: Record<string, (year: number, month: number, day: number) => string> = {
  en: longEnglish,
  'en-us': longEnglish,
  ko: longKorean,
  'ko-kr': longKorean,
  ja: longChineseOrJapanese,
  'ja-jp': longChineseOrJapanese,
  zh: longChineseOrJapanese,
  'zh-cn': longChineseOrJapanese,
};

/** Languages' own names for themselves, known without Intl (whose language names take a while to load the first time). */
const ownNames: Record<string, string> = { en: 'English', ko: '한국어', ja: '日本語', zh: '中文', de: 'Deutsch', fr: 'Français', es: 'Español' };

/** Returns a language's own name for itself, capitalised: "English", "한국어", "日本語"; the tag itself when unknown. */
export function languageName(lang: string): string {
  const own = ownNames[lang];
  if (own) return own;
  try {
    const name = new Intl.DisplayNames([lang], { type: 'language' }).of(lang);
    return name ? name.charAt(0).toLocaleUpperCase(lang) + name.slice(1) : lang;
  } catch {
    return lang;
  }
}

/** Returns a count of slides in a language: "24 slides", "슬라이드 24장" (English wording for languages without labels). */
export function slideCount(count: number, lang: string): string {
  const base = lang.toLowerCase().split('-')[0];
  if (base === 'ko') return `슬라이드 ${count}장`;
  return `${count} ${count === 1 ? 'slide' : 'slides'}`;
}
