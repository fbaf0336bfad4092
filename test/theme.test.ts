// Themes without a browser: theme.json validation, `extends` inheritance, theme variables and house marks,
// helpers, template errors that name the file and line, and the precedence of the `theme` option.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveOptions } from '../src/load/config.js';
import { DeckError } from '../src/model/errors.js';
import { parseSource } from '../src/load/source.js';
import { renderDeck, variablesCss } from '../src/render/deck.js';
import { formatDate } from '../src/render/labels.js';
import { loadDefaultHandout, renderHandout } from '../src/export/handout-page.js';
import { builtInThemesDir, listBuiltInThemes, loadTheme, type Theme, type ThemeFile } from '../src/render/theme.js';
import { planText, tempDir } from './helpers.js';

/** Writes files (path -> text) under a new temporary folder and returns it. */
async function folder(files: Record<string, string>): Promise<string> {
  const dir = await tempDir('briefdeck-theme-');
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return dir;
}

/** Returns the DeckError a theme load throws (fails the test when it loads). */
async function loadError(dir: string, name = 'theme'): Promise<DeckError> {
  const error = await loadTheme(join(dir, name), { cwd: dir }).then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(DeckError);
  return error as DeckError;
}

const deck = planText('---\ntitle: Plan for 2026\nauthor: Min-ji Park\ndate: 2025-11-18\ntoc: true\n---\n\n## First part\n\nA point.\n\n## Second part\n\n### One\n\nText.\n\n### Two\n\nMore.\n');

describe('theme.json validation', () => {
  it.each([
    ['an unknown key', { extends: 'briefing', colour: 'red' }, /unknown key "colour"/],
    ['variables that are not an object', { extends: 'briefing', variables: ['--bd-ink'] }, /key "variables" must be/],
    ['a variable that is not a custom property', { extends: 'briefing', variables: { accent: '#c00' } }, /key "variables\.accent" must be a CSS custom property/],
    ['a Reveal option of the wrong type', { extends: 'briefing', reveal: { controls: 'yes' } }, /key "reveal\.controls" must be true or false/],
    ['a Reveal size that is no number', { extends: 'briefing', reveal: { width: '1280px' } }, /key "reveal\.width" must be a number/],
    ['a font that is not text', { extends: 'briefing', fonts: ['Pretendard', 3] }, /key "fonts\[1\]" must be/],
    ['metrics that are not an object', { extends: 'briefing', metrics: 12 }, /key "metrics" must be an object/],
    ['an unknown brand key', { extends: 'briefing', brand: { colour: 'red' } }, /unknown key "brand\.colour"/],
    ['an empty extends', { extends: '' }, /key "extends" must be/],
  ])('rejects %s, naming the file and the key (exit 4)', async (_case, json, message) => {
    const dir = await folder({ 'theme/theme.json': JSON.stringify(json) });
    const error = await loadError(dir);
    expect(error.code).toBe(4);
    expect(error.file).toBe(join(dir, 'theme', 'theme.json'));
    expect(error.message).toMatch(message);
  });

  it('names the key and the path of a missing font file or logo', async () => {
    const fonts = await folder({ 'theme/theme.json': JSON.stringify({ extends: 'briefing', fonts: ['Pretendard', 'assets/fonts/House.woff2'] }) });
    expect((await loadError(fonts)).message).toBe('theme.json key "fonts[1]" names a missing file: assets/fonts/House.woff2');
    const logo = await folder({ 'theme/theme.json': JSON.stringify({ extends: 'briefing', brand: { logo: 'assets/logo.svg' } }) });
    const error = await loadError(logo);
    expect(error.message).toBe('theme.json key "brand.logo" names a missing file: assets/logo.svg');
    expect(error.file).toBe(join(logo, 'theme', 'theme.json'));
  });

  it('names the child theme.json and `extends` when the parent is unknown', async () => {
    const dir = await folder({ 'theme/theme.json': JSON.stringify({ extends: 'brefing' }) });
    const error = await loadError(dir);
    expect(error.file).toBe(join(dir, 'theme', 'theme.json'));
    expect(error.message).toBe('theme.json key "extends": unknown theme "brefing"');
    expect(error.hint).toContain('briefing, hanji, midnight');
  });

  it('names the missing theme.json of a folder given as a theme, and a loop of `extends`', async () => {
    const empty = await folder({ 'theme/theme.css': '' });
    const error = await loadError(empty);
    expect(error.file).toBe(join(empty, 'theme', 'theme.json'));
    expect(error.message).toBe('the theme folder has no theme.json');
    const loop = await folder({ 'a/theme.json': JSON.stringify({ extends: '../b' }), 'b/theme.json': JSON.stringify({ extends: '../a' }) });
    expect((await loadError(loop, 'a')).message).toMatch(/extends itself in a loop/);
  });

  it('refuses a theme outside the built-in folder that takes a built-in name (their CSS would collide)', async () => {
    const dir = await folder({ 'themes/midnight/theme.json': JSON.stringify({ extends: 'briefing' }) });
    const error = await loadError(join(dir, 'themes'), 'midnight');
    expect(error.message).toBe('theme.json key "name": "midnight" is the name of a built-in theme');
    expect(error.file).toBe(join(dir, 'themes', 'midnight', 'theme.json'));
    const renamed = await folder({ 'themes/midnight/theme.json': JSON.stringify({ name: 'our-midnight', extends: 'midnight' }) });
    expect((await loadTheme('./themes/midnight', { cwd: renamed })).name).toBe('our-midnight');
  });

  it('accepts `metrics` (for the fit stage) and merges it down the chain', async () => {
    const dir = await folder({ 'theme/theme.json': JSON.stringify({ extends: 'briefing', metrics: { lineHeight: 40 } }) });
    const theme = await loadTheme(join(dir, 'theme'), { cwd: dir });
    expect(theme.metrics['lineHeight']).toBe(40);
  });

  it('takes the planner sizes from the variables that set them, an explicit `metrics` entry winning', async () => {
    const briefing = await loadTheme('briefing', { cwd: builtInThemesDir });
    expect(briefing.metrics).toMatchObject({ fontSize: 28, denseFontSize: 24, titleSize: 44, lineHeight: 1.42, padX: 80, padTop: 60, padBottom: 64 });
    const dir = await folder({
      'small/theme.json': JSON.stringify({ extends: 'briefing', variables: { '--bd-size-min': '20px', '--bd-line': '1.3', '--bd-pad-x': '3em' } }),
      'pinned/theme.json': JSON.stringify({ extends: '../small', variables: { '--bd-size-body': '30px' }, metrics: { fontSize: 26 } }),
    });
    const small = await loadTheme(join(dir, 'small'), { cwd: dir });
    // 3em is not in px: the planner keeps the parent's padding.
    expect(small.metrics).toMatchObject({ denseFontSize: 20, lineHeight: 1.3, padX: 80, fontSize: 28 });
    const pinned = await loadTheme(join(dir, 'pinned'), { cwd: dir });
    expect(pinned.metrics).toMatchObject({ fontSize: 26, denseFontSize: 20 });
  });

  it('ships three valid built-in themes, the two new ones extending briefing', async () => {
    expect(await listBuiltInThemes()).toEqual(['briefing', 'hanji', 'midnight']);
    for (const name of ['midnight', 'hanji']) {
      const theme = await loadTheme(name, { cwd: builtInThemesDir });
      expect(theme.dirs.map((dir) => dir.split(/[\\/]/).filter(Boolean).pop())).toEqual([name, 'briefing']);
      expect(theme.css.map((file) => file.file.split(/[\\/]/).slice(-2).join('/'))).toEqual(['briefing/theme.css', `${name}/theme.css`]);
      for (const variable of ['--bd-font-body', '--bd-font-heading', '--bd-font-mono']) expect(theme.variables[variable]).toMatch(/Noto|Pretendard|var\(/);
      expect(theme.variables['--bd-font-body']).toContain('"Pretendard", "Noto Sans KR", "Noto Sans CJK KR"');
    }
  });
});

describe('extends', () => {
  it('inherits every file the child does not provide; the child\'s partial, CSS and variables win', async () => {
    const dir = await folder({
      'house/theme.json': JSON.stringify({ extends: 'briefing', variables: { '--bd-accent': '#7a1f2b' } }),
      'house/partials/title.hbs': '<h1 class="house-title">{{@root.meta.title}}</h1>',
      'house/theme.css': '.house-title { color: var(--bd-accent); }',
      'house/assets/logo.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
      'sub/theme.json': JSON.stringify({ extends: '../house', variables: { '--bd-ink': '#111111' } }),
    });
    const theme = await loadTheme('./sub', { cwd: dir });
    expect(theme.dirs).toEqual([join(dir, 'sub'), join(dir, 'house'), join(builtInThemesDir, 'briefing')]);
    expect(theme.layout.file).toBe(join(builtInThemesDir, 'briefing', 'layout.hbs'));
    expect(theme.partials['title']!.file).toBe(join(dir, 'house', 'partials', 'title.hbs'));
    expect(theme.partials['content']!.file).toBe(join(builtInThemesDir, 'briefing', 'partials', 'content.hbs'));
    expect(theme.variables['--bd-accent']).toBe('#7a1f2b');
    expect(theme.variables['--bd-ink']).toBe('#111111');
    expect(theme.variables['--bd-bg']).toBe('#ffffff');
    expect(theme.css.map((file) => file.file)).toEqual([join(builtInThemesDir, 'briefing', 'theme.css'), join(dir, 'house', 'theme.css')]);
    expect(Object.keys(theme.assets)).toEqual(['logo.svg']);
    const html = renderDeck(deck, theme, { shared: '../_shared' });
    expect(html).toContain('<h1 class="house-title">Plan for 2026</h1>');
    expect(html).toMatch(/class="agenda-list( is-single)?"/);
  });

  it('finds a local theme by its bare name in themes/', async () => {
    const dir = await folder({ 'themes/acme/theme.json': JSON.stringify({ extends: 'midnight' }) });
    const theme = await loadTheme('acme', { cwd: dir });
    expect(theme.dirs[0]).toBe(join(dir, 'themes', 'acme'));
    expect(theme.variables['--bd-bg']).toBe('#0b1120');
  });
});

describe('theme variables and house marks', () => {
  it('applies `theme_vars` last: short names (accent) and custom properties', async () => {
    const theme = await loadTheme('briefing', { cwd: builtInThemesDir });
    const css = variablesCss(theme, { accent: '#7a1f2b', 'bd-ink': '#000000', '--bd-bg': '#fffdf5', footer: 'Ministry of Science' });
    expect(css).toContain('--bd-accent: #7a1f2b;');
    expect(css).toContain('--bd-ink: #000000;');
    expect(css).toContain('--bd-bg: #fffdf5;');
    expect(css).not.toContain('Ministry');
  });

  it('puts the logo and footer on the slides: the theme\'s brand, overridden by theme_vars', async () => {
    const dir = await folder({
      'house/theme.json': JSON.stringify({ extends: 'hanji', brand: { logo: 'assets/seal.svg', footer: 'House footer' } }),
      'house/assets/seal.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
    });
    const theme = await loadTheme('./house', { cwd: dir });
    const own = renderDeck(deck, theme, { shared: '../_shared' });
    expect(own).toContain('<img class="deck-logo" src="../_shared/themes/house/assets/seal.svg" alt="">');
    expect(own.match(/<span class="deck-brand-footer">House footer<\/span>/g)).toHaveLength(deck.slides.length - 1);
    expect(own).not.toContain('class="deck-footer"');
    const overridden = renderDeck(deck, theme, { shared: '../_shared', themeVars: { footer: 'Ministry <of> Science', logo: 'https://example.org/logo.png' } });
    expect(overridden).toContain('Ministry &lt;of&gt; Science');
    expect(overridden).toContain('src="https://example.org/logo.png"');
    const plain = renderDeck(deck, await loadTheme('briefing', { cwd: dir }), { shared: '../_shared' });
    expect(plain).not.toContain('deck-brand');
    expect(plain).toContain('class="deck-footer"');
  });
});

describe('helpers', () => {
  const render = async (partial: string, source = deck): Promise<string> => {
    const dir = await folder({ 'theme/theme.json': JSON.stringify({ extends: 'briefing' }), 'theme/partials/content.hbs': partial });
    return renderDeck(source, await loadTheme('./theme', { cwd: dir }), { shared: '.' });
  };

  it('writes dates in the deck\'s language, in several styles', async () => {
    expect(formatDate('2025-11-18', 'ko')).toBe('2025년 11월 18일');
    expect(formatDate('2025-11-18', 'en', 'short')).toBe('11/18/25');
    expect(formatDate('2025-11-18', 'en', 'month')).toBe('November 2025');
    const korean = planText('---\ntitle: 계획\ndate: 2025-11-18\nlang: ko\n---\n\n## 첫째\n\n본문.\n');
    const html = await render('<p class="d">{{formatDate @root.meta.date}}|{{formatDate @root.meta.date "en" "year"}}|{{label "agenda"}}|{{label "agenda" "en"}}</p>', korean);
    expect(html).toContain('<p class="d">2025년 11월 18일|2025|목차|Agenda</p>');
  });

  it('numbers slides: {{slideNumber}} of {{slideTotal}}', async () => {
    const html = await render('<p class="n">{{slideNumber}}/{{slideTotal}}</p>');
    const numbers = [...html.matchAll(/<p class="n">(\d+)\/(\d+)<\/p>/g)].map((match) => `${match[1]}/${match[2]}`);
    const expected = deck.slides.flatMap((slide, index) => (slide.kind === 'content' ? [`${index + 1}/${deck.slides.length}`] : []));
    expect(numbers).toEqual(expected);
    expect(numbers.length).toBeGreaterThan(1);
  });
});

describe('template errors name the theme file and line', () => {
  const fails = async (partial: string): Promise<DeckError> => {
    const dir = await folder({ 'theme/theme.json': JSON.stringify({ extends: 'briefing' }), 'theme/partials/section.hbs': partial });
    const theme = await loadTheme('./theme', { cwd: dir });
    let caught: unknown;
    try {
      renderDeck(deck, theme, { shared: '.' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DeckError);
    const error = caught as DeckError;
    expect(error.code).toBe(4);
    expect(error.file).toBe(join(dir, 'theme', 'partials', 'section.hbs'));
    return error;
  };

  it.each([
    ['a syntax error', '<div>\n\n{{#if title}\n</div>', 3, /template syntax error/],
    ['a block closed by the wrong name', '<div>\n{{#if title}}\n{{/each}}\n</div>', 2, /if doesn't match each/],
    ['an unknown helper', '<div>\n  <p>{{shout title}}</p>\n</div>', 2, /unknown helper "shout"/],
    ['an unknown partial', '<div>\n\n\n  {{> sidebar}}\n</div>', 4, /unknown partial "sidebar"/],
    ['a helper failing while it runs', '<div>\n{{#each}}x{{/each}}\n</div>', 2, /Must pass iterator to #each/],
  ])('%s', async (_case, partial, line, message) => {
    const error = await fails(partial);
    expect(error.line).toBe(line);
    expect(error.message).toMatch(message);
  });
});

describe('templates compiled ahead (lib/templates.json, written when the package is built)', () => {
  const plain = ({ file, source }: ThemeFile): ThemeFile => ({ file, source });
  const compiledNow = (theme: Theme): Theme => ({
    ...theme,
    layout: plain(theme.layout),
    partials: Object.fromEntries(Object.entries(theme.partials).map(([name, file]) => [name, plain(file)])),
    ...(theme.handout ? { handout: plain(theme.handout) } : {}),
  });

  it('has every built-in template, and decks and handouts render from them exactly as from the compiler', async () => {
    const fallback = await loadDefaultHandout();
    expect(fallback.compiled).toBeDefined();
    for (const name of await listBuiltInThemes()) {
      const theme = await loadTheme(name, { cwd: builtInThemesDir });
      for (const file of [theme.layout, ...Object.values(theme.partials), ...(theme.handout ? [theme.handout] : [])]) expect(file.compiled, file.file).toBeDefined();
      const html = renderDeck(deck, theme, { shared: '.' });
      expect(html).toContain('Plan for 2026');
      expect(html).toBe(renderDeck(deck, compiledNow(theme), { shared: '.' }));
      const handout = { shared: '.', pageSize: 'a4', fallback } as const;
      expect(renderHandout(deck, theme, handout)).toBe(renderHandout(deck, compiledNow(theme), { ...handout, fallback: plain(fallback) }));
    }
  });

  it('checks a copied template against its own theme: a partial the theme lacks is named at its line', async () => {
    const layout = await readFile(join(builtInThemesDir, 'briefing', 'layout.hbs'), 'utf8');
    const dir = await folder({ 'theme/theme.json': JSON.stringify({ name: 'copied' }), 'theme/layout.hbs': layout });
    const theme = await loadTheme('./theme', { cwd: dir });
    expect(theme.layout.compiled).toBeDefined();
    const error = (() => {
      try {
        renderDeck(deck, theme, { shared: '.' });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(DeckError);
    expect((error as DeckError).message).toBe('unknown partial "slide"');
    expect((error as DeckError).line).toBe(layout.split('\n').findIndex((line) => line.includes('{{> slide}}')) + 1);
  });
});

describe('choosing a theme: flag > front matter > config file', () => {
  const source = parseSource('talk.md', '---\ntitle: Talk\ntheme: hanji\n---\n\nBody.\n');
  const bare = parseSource('talk.md', '---\ntitle: Talk\n---\n\nBody.\n');
  it.each([
    ['the flag over front matter and config', source, { theme: 'briefing' }, 'briefing'],
    ['front matter over the config file', source, {}, 'hanji'],
    ['the config file over the default', bare, {}, 'midnight'],
  ])('%s', (_case, article, flags, expected) => {
    expect(resolveOptions({ config: { theme: 'midnight' }, frontMatter: article.frontMatter, file: 'talk.md', flags }).theme).toBe(expected);
  });
  it('defaults to briefing', () => {
    expect(resolveOptions({ frontMatter: bare.frontMatter, file: 'talk.md' }).theme).toBe('briefing');
  });
});
