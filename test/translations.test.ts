import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { groupByRef } from '../src/write/index-page.js';
import { renderDeck } from '../src/render/deck.js';
import { loadTheme } from '../src/render/theme.js';
import { knownDecks, translationsOf, type DeckRef } from '../src/write/translations.js';
import { planText, root, tempDir } from './helpers.js';

const en: DeckRef = { slug: 'ai', lang: 'en', title: 'AI', ref: 'ai' };
const ko: DeckRef = { slug: 'ai-ko', lang: 'ko', title: '인공지능', ref: 'ai' };
const ja: DeckRef = { slug: 'ai-ja', lang: 'ja', title: '人工知能', ref: 'ai' };
const other: DeckRef = { slug: 'other', lang: 'ko', title: '다른 글', ref: 'other' };
const loose: DeckRef = { slug: 'loose', lang: 'ko', title: '참조 없음' };

describe('decks that translate one another', () => {
  it('links each deck to the decks in other languages with the same ref, by language', () => {
    expect(translationsOf(en, [ko, en, other, ja, loose])).toEqual([
      { lang: 'ja', title: '人工知能', href: '../ai-ja/index.html' },
      { lang: 'ko', title: '인공지능', href: '../ai-ko/index.html' },
    ]);
    expect(translationsOf(ko, [en, ko])).toEqual([{ lang: 'en', title: 'AI', href: '../ai/index.html' }]);
  });

  it('links nothing without a ref, and never a second deck of its own language', () => {
    expect(translationsOf(loose, [en, ko, loose])).toEqual([]);
    expect(translationsOf(ko, [{ ...ko, slug: 'ai-ko-2' }])).toEqual([]);
    expect(translationsOf(en, [ko, { ...ko, slug: 'ai-ko-old', title: 'old' }])).toHaveLength(1);
  });

  it('adds decks already in the output folder, unless this build rebuilds them or replaces their language', async () => {
    const out = await tempDir();
    const put = async (deck: DeckRef): Promise<void> => {
      await mkdir(join(out, deck.slug), { recursive: true });
      await writeFile(join(out, deck.slug, 'deck.json'), JSON.stringify({ meta: { ...deck, tags: [], source: 'x.md' }, slides: [] }));
    };
    await put(ko);
    await put(ja);
    await put({ ...en, slug: 'ai-old' });
    await mkdir(join(out, 'broken'));
    await writeFile(join(out, 'broken', 'deck.json'), '{not json');
    const known = await knownDecks(out, [en]);
    expect(known.map((deck) => deck.slug).sort()).toEqual(['ai', 'ai-ja', 'ai-ko']);
  });

  it('shows the switch in the deck with the current language and rel=alternate links', async () => {
    const theme = await loadTheme('briefing', { cwd: root });
    const deck = planText('---\ntitle: AI\nlang: en\nref: ai\n---\n\n## One\n\nText.\n');
    const html = renderDeck(deck, theme, { shared: '../_shared', translations: [{ lang: 'ko', title: '인공지능', href: '../ai-ko/index.html' }] });
    expect(html).toContain('<link rel="alternate" hreflang="ko" href="../ai-ko/index.html"');
    expect(html).toMatch(/<nav class="deck-langs" aria-label="Language"><span [^>]*aria-current="page">English<\/span><a [^>]*href="..\/ai-ko\/index.html"[^>]*>한국어<\/a><\/nav>/);
    expect(renderDeck(deck, theme, { shared: '../_shared' })).not.toContain('deck-langs');
  });

  it('groups index entries by ref, each group in language order, loose decks alone', () => {
    const entry = (meta: DeckRef) => ({ deck: { meta: { ...meta, tags: [], source: 'x.md' } } });
    const groups = groupByRef([entry(ko), entry(loose), entry(en), entry(other)]);
    expect(groups.map((group) => group.map((item) => item.deck.meta.slug))).toEqual([['ai', 'ai-ko'], ['loose'], ['other']]);
  });
});
