import { describe, expect, it } from 'vitest';
import { formatDate, labelsFor, languageName, slideCount } from '../src/render/labels.js';
import { renderDeck } from '../src/render/deck.js';
import { loadTheme } from '../src/render/theme.js';
import { planText, root } from './helpers.js';

describe('labels and dates in the deck\'s language', () => {
  it('writes the seed\'s front matter date the way English and Korean write dates', () => {
    const deck = planText('---\ntitle: T\ndate: 2025-11-18 12:00:00 +0900\n---\n\n## A\n\nText.\n');
    expect(deck.meta.date).toBe('2025-11-18');
    expect(formatDate(deck.meta.date!, 'en')).toBe('November 18, 2025');
    expect(formatDate(deck.meta.date!, 'ko')).toBe('2025년 11월 18일');
    expect(formatDate(deck.meta.date!, 'ko-KR')).toBe('2025년 11월 18일');
  });

  it('gives other languages English labels but their own dates', () => {
    expect(labelsFor('fr')).toEqual(labelsFor('en'));
    expect(labelsFor('ko-KR').agenda).toBe('목차');
    expect(formatDate('2025-11-18', 'fr')).toBe('18 novembre 2025');
    expect(formatDate('2025-11-18', 'ja')).toBe('2025年11月18日');
    expect(formatDate('2025-11-18', 'not a tag!')).toBe('November 18, 2025');
  });

  it('writes the long dates it knows without Intl exactly as Intl does, on every day of a leap year and of 1999', () => {
    for (const lang of ['en', 'en-US', 'ko', 'ko-KR', 'ja', 'ja-JP', 'zh', 'zh-CN']) {
      for (const start of [Date.UTC(2024, 0, 1), Date.UTC(1999, 0, 1)]) {
        for (let day = 0; day < 366; day++) {
          const date = new Date(start + day * 86_400_000);
          const iso = date.toISOString().slice(0, 10);
          expect(formatDate(iso, lang), `${lang} ${iso}`).toBe(new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(date));
        }
      }
    }
  });

  it('leaves other tags and impossible dates to Intl, as before', () => {
    expect(formatDate('2025-11-18', 'constructor')).toBe('November 18, 2025');
    expect(formatDate('2025-11-18', '__proto__')).toBe('November 18, 2025');
    expect(formatDate('2025-02-30', 'en')).toBe(new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2025, 1, 30))));
    expect(formatDate('2025-13-01', 'ko')).toBe(new Intl.DateTimeFormat('ko', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2025, 12, 1))));
  });

  it('names each language in itself and counts slides in Korean with the counter 장', () => {
    expect(languageName('en')).toBe('English');
    expect(languageName('ko')).toBe('한국어');
    expect(languageName('fr')).toBe('Français');
    expect(slideCount(24, 'ko')).toBe('슬라이드 24장');
    expect(slideCount(1, 'en')).toBe('1 slide');
    expect(slideCount(24, 'de')).toBe('24 slides');
  });

  it('renders agenda, thanks, download and date labels of a Korean deck in Korean', async () => {
    const theme = await loadTheme('briefing', { cwd: root });
    const deck = planText('---\ntitle: 보고\ndate: 2025-11-18\nlang: ko\ntoc: true\n---\n\n## 첫째\n\n본문입니다.\n\n## 둘째\n\n본문입니다.\n');
    const html = renderDeck(deck, theme, { shared: '../_shared', downloads: { slides: 'deck.pdf' } });
    expect(html).toContain('<html lang="ko">');
    expect(html).toContain('2025년 11월 18일');
    expect(html).toContain('>목차<');
    expect(html).toContain('감사합니다');
    expect(html).toContain('슬라이드 내려받기 (PDF)');
    expect(html).not.toMatch(/Agenda|Thank you|November/);
  });
});
