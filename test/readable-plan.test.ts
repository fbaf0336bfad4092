// Planner rules for decks that read well: prose to notes, explicit notes, lead-ins, continuation slides, long titles.
import { describe, expect, it } from 'vitest';
import { resolveOptions } from '../src/load/config.js';
import { readArticle } from '../src/load/article.js';
import { cleanMarkup } from '../src/load/liquid.js';
import { parseSource } from '../src/load/source.js';
import type { Deck, Slide } from '../src/model/deck.js';
import { parseMarkdown } from '../src/load/parse.js';
import { planDeck, type FitAdjust } from '../src/plan/index.js';
import { slideRenderer } from '../src/render/markdown.js';
import { countWords } from '../src/model/words.js';
import { rawHtmlIfNeeded } from './helpers.js';

/** Plans an article the way `build` does: Liquid cleaned, the default theme's metrics. */
function plan(text: string, flags: Parameters<typeof resolveOptions>[0]['flags'] = {}, fit?: FitAdjust): Deck {
  const source = parseSource('test.md', text);
  const options = resolveOptions({ frontMatter: source.frontMatter, file: 'test.md', flags });
  const tree = parseMarkdown(cleanMarkup(source.body, 'test.md').text);
  return planDeck({ source, tree, options, render: slideRenderer(tree, rawHtmlIfNeeded(tree)), ...(fit ? { fit } : {}) });
}

const content = (deck: Deck): Slide[] => deck.slides.filter((slide) => slide.kind === 'content');
const sentence = (n: number): string => `Sentence number ${n} says a few plain words about the topic at hand.`;
const longParagraph = [1, 2, 3, 4].map(sentence).join(' ');

describe('prose to notes', () => {
  it('long-paragraph-keeps-its-first-sentence: the slide shows the first sentence, the notes the whole paragraph', () => {
    const [slide] = content(plan(`## Topic\n\n${longParagraph}\n`));
    expect(slide!.html).toBe(`<p>${sentence(1)}</p>`);
    expect(slide!.notes).toEqual([`<p>${longParagraph}</p>`]);
  });

  it('short-paragraph-stays-whole: a paragraph within proseWords stays on the slide and makes no notes', () => {
    const [slide] = content(plan(`## Topic\n\n${sentence(1)} ${sentence(2)}\n`));
    expect(slide!.html).toContain(sentence(2));
    expect(slide!.notes).toEqual([]);
  });

  it('opening-bold-phrase-stands-for-its-paragraph', () => {
    const [slide] = content(plan(`## Topic\n\n**Costs are rising fast.** ${longParagraph}\n`));
    expect(slide!.html).toBe('<p><strong>Costs are rising fast.</strong></p>');
    expect(slide!.notes[0]).toContain(sentence(4));
  });

  it('a-bold-label-of-a-word-or-two-keeps-its-point', () => {
    // A label alone says nothing on a slide: "Watch out!" keeps the sentence that says what to watch.
    const [slide] = content(plan(`## Topic\n\n**Watch out!** ${longParagraph}\n`));
    expect(slide!.html).toBe(`<p><strong>Watch out!</strong> ${sentence(1)}</p>`);
    expect(slide!.notes[0]).toContain(sentence(4));
  });

  it('markup-inside-the-first-sentence-is-kept', () => {
    const [slide] = content(plan(`## Topic\n\nThe [first](https://example.org) one is *very* important. ${longParagraph}\n`));
    expect(slide!.html).toBe('<p>The <a href="https://example.org">first</a> one is <em>very</em> important.</p>');
  });

  it('lists-tables-code-and-quotes-stay-on-the-slide', () => {
    const [slide] = content(plan('## Topic\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```js\nlet x = 1;\n```\n\n> A quote.\n'));
    expect(slide!.html).toMatch(/<ul>[\s\S]*<table>[\s\S]*<pre><code class="language-js">[\s\S]*<blockquote>/);
    expect(slide!.notes).toEqual([]);
  });

  it('prose-slide-mode-keeps-paragraphs-whole', () => {
    const [slide] = content(plan(`## Topic\n\n${longParagraph}\n`, { prose: 'slide' }));
    expect(slide!.html).toBe(`<p>${longParagraph}</p>`);
    expect(slide!.notes).toEqual([]);
  });

  it('prose-lead-mode-puts-the-rest-in-notes', () => {
    const [slide] = content(plan(`## Topic\n\n${longParagraph}\n`, { prose: 'lead' }));
    expect(slide!.html).toBe(`<p>${sentence(1)}</p>`);
    expect(slide!.notes).toEqual([`<p>${[2, 3, 4].map(sentence).join(' ')}</p>`]);
  });

  it('pictures-in-a-condensed-paragraph-stay-on-the-slide', () => {
    const [slide] = content(plan(`## Topic\n\n${longParagraph} ![A chart](chart.png)\n`));
    expect(slide!.html).toBe(`<p>${sentence(1)}<img src="chart.png" alt="A chart"></p>`);
  });

  it('proseWords-sets-the-threshold', () => {
    const [slide] = content(plan(`## Topic\n\n${sentence(1)} ${sentence(2)}\n`, { proseWords: 10 }));
    expect(slide!.html).toBe(`<p>${sentence(1)}</p>`);
  });

  it('korean-paragraph-splits-at-korean-sentence-ends', () => {
    const korean = '정부는 국가 인공지능 전략을 발표했다. 이 전략은 데이터와 반도체와 인재를 함께 키우는 것을 목표로 한다. 민간 기업들도 독자적인 파운데이션 모델을 개발하고 있으며 대학과 연구소는 한국어 데이터를 모으고 있다. 앞으로 오 년 동안 많은 예산이 투입될 예정이며 국제 협력도 확대된다.';
    const [slide] = content(plan(`## 전략\n\n${korean}\n`, { lang: 'ko' }));
    expect(slide!.html).toBe('<p>정부는 국가 인공지능 전략을 발표했다.</p>');
    expect(slide!.notes[0]).toContain('국제 협력도 확대된다.');
  });
});

describe('explicit notes', () => {
  it('notes-comment-goes-to-notes', () => {
    const [slide] = content(plan('## Topic\n\nOn the slide.\n\n<!-- notes: Say *this* aloud. -->\n'));
    expect(slide!.html).toBe('<p>On the slide.</p>');
    expect(slide!.notes).toEqual(['<p>Say <em>this</em> aloud.</p>']);
  });

  it('notes-block-between-comments-goes-to-notes', () => {
    const [slide] = content(plan('## Topic\n\nOn the slide.\n\n<!-- notes -->\n\nFirst note.\n\n- a listed note\n\n<!-- /notes -->\n\nAlso on the slide.\n'));
    expect(slide!.html).toContain('Also on the slide.');
    expect(slide!.html).not.toContain('note');
    expect(slide!.notes).toEqual(['<p>First note.</p>', '<ul>\n<li>a listed note</li>\n</ul>']);
  });

  it('colon-fence-notes-block-goes-to-notes', () => {
    const [slide] = content(plan('## Topic\n\nOn the slide.\n\n::: notes\nSpoken, not shown.\n:::\n'));
    expect(slide!.html).toBe('<p>On the slide.</p>');
    expect(slide!.notes).toEqual(['<p>Spoken, not shown.</p>']);
  });
});

describe('lead-ins', () => {
  it('bold-only-paragraph-before-a-list-is-a-sub-heading', () => {
    const [slide] = content(plan('## Challenges\n\n**Naver - HyperCLOVA X**\n- Korean model\n- Upgrades\n'));
    expect(slide!.html).toContain('<p class="lead-in"><strong>Naver - HyperCLOVA X</strong></p>');
  });

  it('list-lead-in-stays-with-its-items-when-the-slide-is-continued', () => {
    const items = (name: string): string => Array.from({ length: 6 }, (_, i) => `- ${name} item ${i + 1} has some words on it`).join('\n');
    const deck = plan(`## Groups\n\n**First group**\n${items('first')}\n\n**Second group**\n${items('second')}\n\n**Third group**\n${items('third')}\n`);
    const slides = content(deck);
    expect(slides.length).toBeGreaterThan(1);
    for (const slide of slides) {
      // A lead-in is never the last thing on a slide.
      expect(slide.html.trim()).not.toMatch(/<p class="lead-in">.*<\/p>$/);
    }
  });
});

describe('continuation slides', () => {
  const longList = Array.from({ length: 24 }, (_, i) => `${i + 1}. Item ${i + 1} carries a short line of text`).join('\n');

  it('long-list-continues: Title (1/n)…(n/n), split between items, numbering carried on', () => {
    const slides = content(plan(`## Steps\n\n${longList}\n`));
    expect(slides.length).toBeGreaterThan(1);
    expect(slides.map((slide) => slide.continued)).toEqual(slides.map((_, i) => ({ part: i + 1, of: slides.length })));
    expect(slides.every((slide) => slide.title === 'Steps')).toBe(true);
    expect(slides.map((slide) => slide.id)).toEqual(['steps', ...slides.slice(1).map((_, i) => `steps-${i + 2}`)]);
    const second = slides[1]!.html;
    const start = Number(/<ol start="(\d+)">/.exec(second)?.[1]);
    expect(start).toBe((slides[0]!.html.match(/<li>/g) ?? []).length + 1);
    const all = slides.map((slide) => slide.html).join('');
    for (let i = 1; i <= 24; i++) expect(all).toContain(`Item ${i} carries a short line of text</li>`);
  });

  it('continued-parts-are-even-and-within-the-word-budget', () => {
    const slides = content(plan(`## Steps\n\n${longList}\n`));
    const words = slides.map((slide) => countWords(slide.html.replace(/<[^>]+>/g, ' ')));
    expect(Math.max(...words)).toBeLessThanOrEqual(60);
    expect(Math.min(...words)).toBeGreaterThanOrEqual(15);
    expect(Math.max(...words) - Math.min(...words)).toBeLessThanOrEqual(12);
  });

  it('continuation-parts-stay-in-their-section-stack', () => {
    const deck = plan(`## Section\n\n### Steps\n\n${longList}\n`);
    const parts = deck.slides.filter((slide) => slide.title === 'Steps');
    expect(parts.length).toBeGreaterThan(1);
    expect(new Set(parts.map((slide) => slide.stack))).toEqual(new Set(['section']));
  });

  it('long-code-block-continues-between-lines', () => {
    const code = Array.from({ length: 40 }, (_, i) => `line_${i + 1} = compute(${i + 1})`).join('\n');
    const slides = content(plan(`## Code\n\n\`\`\`python\n${code}\n\`\`\`\n`));
    expect(slides.length).toBeGreaterThan(2);
    const shown = slides.flatMap((slide) => [...slide.html.matchAll(/line_(\d+) =/g)].map((match) => Number(match[1])));
    expect(shown).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(slides.every((slide) => slide.html.includes('class="language-python"'))).toBe(true);
  });

  it('display-formulas-are-never-a-thin-part-to-merge-away', async () => {
    // Eight formulas with a few words each: parts of few words but full of formulas stay apart, like parts of code.
    const steps = Array.from({ length: 8 }, (_, i) => `Step ${i + 1} gives:\n\n$$\n\\frac{\\partial L}{\\partial w_${i}} = \\sum_{i=1}^{n} \\frac{2}{n} (y_i - \\hat{y}_i) x_{i${i}}\n$$\n`).join('\n');
    const source = parseSource('test.md', `---\nuse_math: true\n---\n\n## Derivation\n\n${steps}`);
    const tree = await readArticle(source, 'test.md');
    const options = resolveOptions({ frontMatter: source.frontMatter, file: 'test.md' });
    const slides = content(planDeck({ source, tree, options, render: slideRenderer(tree, rawHtmlIfNeeded(tree)) }));
    expect(slides.length).toBeGreaterThanOrEqual(3);
    const formulas = slides.map((slide) => (slide.html.match(/math-display/g) ?? []).length);
    expect(formulas.reduce((sum, count) => sum + count, 0)).toBe(8);
    expect(Math.max(...formulas)).toBeLessThanOrEqual(3);
  });

  it('long-table-continues-with-its-header-on-every-part', () => {
    const rows = Array.from({ length: 30 }, (_, i) => `| Row ${i + 1} | value ${i + 1} |`).join('\n');
    const slides = content(plan(`## Table\n\n| Name | Value |\n|---|---|\n${rows}\n`));
    expect(slides.length).toBeGreaterThan(1);
    for (const slide of slides) expect(slide.html).toContain('<th>Name</th>');
    expect(slides.map((slide) => slide.html).join('').match(/<td>Row \d+<\/td>/g)).toHaveLength(30);
  });

  it('never-splits-inside-a-paragraph: many short paragraphs continue between paragraphs', () => {
    const paragraphs = Array.from({ length: 12 }, (_, i) => `Paragraph ${i + 1} is short but it is there.`).join('\n\n');
    const slides = content(plan(`## Prose\n\n${paragraphs}\n`));
    expect(slides.length).toBeGreaterThan(1);
    for (const slide of slides) expect(slide.html).toMatch(/^(<p>Paragraph \d+ is short but it is there\.<\/p>\s*)+$/);
  });

  it('condensed-notes-go-with-the-part-that-shows-their-lead', () => {
    const paragraphs = Array.from({ length: 6 }, (_, i) => `Lead ${i + 1} opens it. ${longParagraph}`).join('\n\n');
    const slides = content(plan(`## Prose\n\n${paragraphs}\n`));
    for (const slide of slides) {
      const leads = [...slide.html.matchAll(/Lead (\d+) opens it\./g)].map((match) => match[1]);
      const noted = slide.notes.map((note) => /Lead (\d+) opens it\./.exec(note)?.[1]);
      expect(noted).toEqual(leads);
    }
  });

  it('fit-budget-splits-a-slide-further', () => {
    // Five items (six short ones would go in two columns), each with words enough that no part is thin: a thin part
    // (a handful of words) joins its neighbour instead.
    const text = `## Steps\n\n${Array.from({ length: 5 }, (_, i) => `- Step ${i + 1} checks the valves, the pumps and the gauges`).join('\n')}\n`;
    expect(content(plan(text))).toHaveLength(1);
    expect(content(plan(text, {}, { budgets: { steps: 0.3 } })).length).toBeGreaterThan(1);
  });

  it('fit-scale-is-never-below-minScale', () => {
    const deck = plan('## One\n\nText.\n', { minScale: 0.85 }, { scales: { one: 0.5 } });
    expect(deck.slides.find((slide) => slide.id === 'one')!.attributes).toEqual({ 'data-fit-scale': '0.850' });
  });
});

describe('title and agenda', () => {
  it('very-long-title-is-shortened-on-the-slide-and-whole-in-its-notes', () => {
    const title = Array.from({ length: 12 }, (_, i) => `Clause ${i + 1} goes on and on.`).join(' ');
    const deck = plan(`---\ntitle: "${title}"\n---\nText.\n`);
    const slide = deck.slides[0]!;
    expect(countWords(slide.title!)).toBeLessThanOrEqual(21);
    expect(slide.title).toMatch(/…$/);
    expect(slide.notes).toEqual([`<p>${title}</p>`]);
    expect(deck.meta.title).toBe(title);
  });

  it('agenda-with-many-sections-continues', () => {
    const sections = Array.from({ length: 30 }, (_, i) => `## Section number ${i + 1} with a longer name\n\ntext\n`).join('\n');
    const agenda = plan(`---\ntoc: true\n---\n${sections}`).slides.filter((slide) => slide.kind === 'agenda');
    expect(agenda.length).toBeGreaterThan(1);
    expect(agenda[1]!.html).toMatch(/^<ol class="agenda-list" style="counter-reset: agenda \d+">/);
    expect(agenda.map((slide) => slide.html).join('').match(/<li>/g)).toHaveLength(30);
  });
});

describe('theme metrics', () => {
  it('theme-json-metrics-must-be-numbers', async () => {
    const { mkdir, writeFile } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const { tempDir } = await import('./helpers.js');
    const { loadTheme } = await import('../src/render/theme.js');
    const dir = await tempDir();
    await mkdir(join(dir, 'good'));
    await writeFile(join(dir, 'good', 'theme.json'), JSON.stringify({ extends: 'briefing', metrics: { fontSize: 32 } }));
    expect((await loadTheme('./good', { cwd: dir })).metrics).toMatchObject({ fontSize: 32, codeSize: 24, maxWords: 60 });
    await mkdir(join(dir, 'bad'));
    await writeFile(join(dir, 'bad', 'theme.json'), JSON.stringify({ extends: 'briefing', metrics: { fontSize: 'big' } }));
    await expect(loadTheme('./bad', { cwd: dir })).rejects.toThrow('theme.json key "metrics.fontSize" must be a number (font sizes and paddings in px)');
  });

  it('bigger-type-in-the-metrics-means-more-continuation-slides', () => {
    // Five items (six short ones would go in two columns), each with words enough that no part is thin: a thin part
    // (a handful of words) joins its neighbour instead.
    const text = `## Steps\n\n${Array.from({ length: 5 }, (_, i) => `- Step ${i + 1} checks the valves, the pumps and the gauges`).join('\n')}\n`;
    const source = parseSource('test.md', text);
    const options = resolveOptions({ frontMatter: source.frontMatter, file: 'test.md' });
    const parts = (fontSize: number): number => planDeck({ source, tree: parseMarkdown(source.body), options, render: slideRenderer(parseMarkdown(source.body), rawHtmlIfNeeded(parseMarkdown(source.body))), metrics: { fontSize, denseFontSize: fontSize } }).slides.filter((slide) => slide.title === 'Steps').length;
    expect(parts(28)).toBe(1);
    expect(parts(60)).toBeGreaterThan(1);
  });
});
