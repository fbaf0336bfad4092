// Math and code at build time, without a browser: when math is on, what each syntax becomes, TeX kept exactly,
// currency left alone, errors boxed with a warning at their line, KaTeX's output through the sanitiser, code tokens
// coloured from each theme's variables (with contrast), unknown languages plain.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readArticle } from '../src/load/article.js';
import { cleanMarkup } from '../src/load/liquid.js';
import { mayHoldMath } from '../src/load/math.js';
import { resolveOptions } from '../src/load/config.js';
import { parseSource } from '../src/load/source.js';
import type { Deck } from '../src/model/deck.js';
import { planDeck } from '../src/plan/index.js';
import { mergeVariables } from '../src/render/brand.js';
import { codeKinds, codeVariable } from '../src/render/highlight.js';
import { slideRenderer } from '../src/render/markdown.js';
import { loadTheme } from '../src/render/theme.js';
import { renderTools } from '../src/render/tools.js';
import { root } from './helpers.js';

/** Returns the deck planned from an article's text as the build plans it (math and code tools loaded when needed), and its warnings. */
async function plan(text: string, path = 'post.md'): Promise<{ deck: Deck; html: string; warnings: string[] }> {
  const warnings: string[] = [];
  const source = parseSource(path, text);
  const tree = await readArticle(source, path, (message) => warnings.push(message));
  const tools = await renderTools(tree, (line, message) => warnings.push(`${path}:${line}: ${message}`));
  const deck = planDeck({ source, tree, options: resolveOptions({ frontMatter: source.frontMatter }), render: slideRenderer(tree, tools) });
  const html = deck.slides.flatMap((slide) => [slide.titleHtml ?? '', slide.html, ...slide.notes]).join('\n');
  return { deck, html, warnings };
}

const fixture = (name: string): Promise<string> => readFile(join(root, 'test', 'fixtures', name), 'utf8');

describe('when an article has math', () => {
  it('follows Pandoc\'s rules for dollars, outside code', () => {
    expect(mayHoldMath('It costs $5 a day and $10 on weekends.')).toBe(false);
    expect(mayHoldMath('Prices: $20,000 and $30,000.')).toBe(false);
    expect(mayHoldMath('A variable $x$ here.')).toBe(true);
    expect(mayHoldMath('Kramdown $$a^2$$ inline.')).toBe(true);
    expect(mayHoldMath('Parens \\(x\\) too.')).toBe(true);
    expect(mayHoldMath('```bash\necho "$HOME:$PATH"\n```\n\nand `$a$` in code.')).toBe(false);
    expect(mayHoldMath('```math\nx\n```')).toBe(true);
  });

  it('typesets only when on: front matter wins, detection decides otherwise', async () => {
    const detected = await plan('## A\n\nThe mean $\\mu$ of it.\n');
    expect(detected.html).toContain('<span class="math math-inline">');
    const off = await plan('---\nuse_math: false\n---\n\n## A\n\nThe mean $\\mu$ of it.\n');
    expect(off.html).not.toContain('class="math');
    expect(off.html).toContain('$\\mu$');
    const plain = await plan('## A\n\nNo maths, $5 only.\n');
    expect(plain.html).not.toContain('class="math');
    const forced = await plan('---\nmath: true\n---\n\n## A\n\n```math\nE = mc^2\n```\n');
    expect(forced.html).toContain('<div class="math math-display">');
  });
});

describe('math syntax', async () => {
  const { deck, html, warnings } = await plan(await fixture('math-post/adam.md'), 'test/fixtures/math-post/adam.md');

  it('reads $…$, kramdown $$ inline and display, \\( \\), \\[ \\], $$ blocks, math fences, bmatrix and cases', () => {
    const tex = [...html.matchAll(/<annotation encoding="application\/x-tex">([\s\S]*?)<\/annotation>/g)].map((match) => match[1]!.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>'));
    expect(tex).toEqual([
      'm_t',
      'v_t',
      '\\beta_1 = 0.9',
      'V_{dw(t)} = \\beta_1 V_{dw(t-1)} + (1-\\beta_1)dW_{(t)}',
      '\\hat m_t = \\frac{m_t}{1-\\beta_1^t}',
      'L(w) = \\frac{1}{n}\\sum_{i=1}^{n} \\left(y_i - w^\\top x_i\\right)^2',
      'W = \\begin{bmatrix} w_{11} & w_{12} \\\\ w_{21} & w_{22} \\end{bmatrix}',
      '\\operatorname{sign}(x) = \\begin{cases} 1 & x > 0 \\\\ 0 & x = 0 \\\\ -1 & x < 0 \\end{cases}',
      'f(x_1, x_2, x_3, x_4, x_5, x_6, x_7, x_8) = a_1 x_1 + a_2 x_2 + a_3 x_3 + a_4 x_4 + a_5 x_5 + a_6 x_6 + a_7 x_7 + a_8 x_8 + b_1 x_1^2 + b_2 x_2^2 + b_3 x_3^2 + b_4 x_4^2 + c',
    ]);
    // Inline in a sentence (kramdown $$ and \( \)), display alone ($$ line, $$ block, \[ \], math fence).
    expect(html.match(/<span class="math math-inline">/g)).toHaveLength(4);
    expect(html.match(/<div class="math math-display">/g)).toHaveLength(5);
    expect(html).toMatch(/the decay\s<span class="math math-inline"><span class="katex">/);
  });

  it('gives every formula HTML and MathML, its TeX in an annotation', () => {
    for (const [, body] of html.matchAll(/<(?:span|div) class="math math-(?:inline|display)">([\s\S]*?<\/math>)/g)) {
      expect(body).toContain('<span class="katex-mathml"><math xmlns="http://www.w3.org/1998/Math/MathML"');
      expect(body).toContain('<annotation encoding="application/x-tex">');
    }
    expect(html).toContain('class="katex-html" aria-hidden="true"');
  });

  it('leaves currency as written, in the same post', () => {
    expect(html).toContain('A training run costs $5 a day and $10 on weekends.');
  });

  it('shows a TeX error as its source in a marked box, with a warning at its line, and goes on', () => {
    expect(warnings).toEqual(["test/fixtures/math-post/adam.md:35: TeX error: Unexpected end of input in a macro argument, expected '}' at end of input: \\frac{1}{2; the slide shows the formula's source"]);
    expect(html).toMatch(/<span class="math math-inline math-error" title="TeX error: [^"]+"><code class="math-source">\\frac\{1\}\{2<\/code><\/span>/);
    expect(deck.slides.some((slide) => slide.title === 'Python')).toBe(true);
  });
});

describe('math and the sanitiser', () => {
  it('lets KaTeX\'s output through and nothing dangerous around it', async () => {
    const { html } = await plan('## A\n\nA $x<script>alert(1)</script>$ formula, <span class="math math-inline" onclick="alert(2)" style="color:red">y^2</span>, and $\\href{javascript:alert(3)}{z}$.\n');
    expect(html).not.toMatch(/<script|onclick|href=|style="color:red"/);
    expect(html).toContain('<span class="math math-inline"><span class="katex">');
    // \href is refused without trust: KaTeX shows it as an error-coloured command, never as a link.
    expect(html).not.toMatch(/<a\b/);
  });

  it('keeps backslashes and underscores inside math away from Markdown', async () => {
    const { html } = await plan('## A\n\nBoth $a_1 + b_1$ and \\(c_2 * d_2 * e\\) and $$\\{x\\}$$ stay TeX.\n');
    const tex = [...html.matchAll(/<annotation encoding="application\/x-tex">([\s\S]*?)<\/annotation>/g)].map((match) => match[1]);
    expect(tex).toEqual(['a_1 + b_1', 'c_2 * d_2 * e', '\\{x\\}']);
    expect(html).not.toContain('<em>');
  });

  it('reads a delimiter with no closer within reach as text, so unclosed dollars cost no scan to the paragraph\'s end', async () => {
    const far = await plan(`---\nuse_math: true\n---\n\n## A\n\nA $a ${'word '.repeat(300)}b$ and \\(open only, and ${'$x '.repeat(2000)}end.\n`);
    expect(far.html).not.toContain('class="math');
    expect(far.html).toContain('A $a word');
    expect(far.html).toContain('(open only');
  });

  it('keeps Liquid-looking braces inside formulas (only when math is read)', () => {
    const text = 'A $\\frac{{a}}{b}$ formula and {{ site.title }} output.\n\n$$\n{{x}}^2\n$$\n';
    const on = cleanMarkup(text, 'post.md', { math: true });
    expect(on.text).toContain('$\\frac{{a}}{b}$');
    expect(on.text).toContain('{{x}}^2');
    expect(on.warnings).toEqual(['post.md:1: dropped Liquid output {{ site.title }}']);
    expect(cleanMarkup(text, 'post.md').text).not.toContain('{{a}}');
  });

  it('reads a `$$` line inside a code block as code: Liquid after the block is still cleaned', () => {
    const text = '```tex\n$$\n```\n\nText with {{ site.title }} output.\n';
    expect(cleanMarkup(text, 'post.md', { math: true }).warnings).toEqual(['post.md:5: dropped Liquid output {{ site.title }}']);
  });
});

describe('use_math: false', () => {
  it('leaves $4, $9 and $x$ as written', async () => {
    const { html } = await plan(await fixture('dollars-post/prices.md'));
    expect(html).toContain('The basic plan is $4 a month and the team plan $9 a month; a variable reads $x$ in this post.');
    expect(html).not.toContain('class="math');
  });
});

describe('code highlighting', async () => {
  const { deck } = await plan(await fixture('math-post/adam.md'));
  const slide = (title: string): string => deck.slides.find((candidate) => candidate.title === title)?.html ?? '';
  const kindsOn = (title: string): Set<string> => new Set([...slide(title).matchAll(/<span class="hl-([a-z]+)">/g)].map((match) => match[1]!));

  it('marks tokens with the fixed kinds, at least three in Python, TypeScript and a Liquid highlight bash block', () => {
    for (const title of ['Python', 'TypeScript', 'Shell']) {
      const kinds = kindsOn(title);
      expect(kinds.size, title).toBeGreaterThanOrEqual(3);
      for (const kind of kinds) expect(codeKinds).toContain(kind);
    }
    expect(slide('Python')).toContain('<code class="language-python"><span class="hl-keyword">def</span> <span class="hl-function">adam_step</span>');
    expect(slide('Shell')).toContain('<code class="language-bash">');
  });

  it('shows an unknown language plain, without an error', () => {
    expect(slide('Unknown language')).toBe('<pre><code class="language-klingon">Qapla\' batlh\n</code></pre>');
  });

  it('gives every built-in theme a colour per kind with a contrast of at least 4.5:1 on its code background', async () => {
    for (const name of ['briefing', 'midnight', 'hanji']) {
      const variables = mergeVariables(await loadTheme(name, { cwd: root }), {});
      const background = variables['--bd-code-bg']!;
      for (const kind of codeKinds) {
        const colour = variables[codeVariable(kind)];
        expect(colour, `${name} ${kind}`).toMatch(/^#[0-9a-f]{6}$/i);
        expect(contrast(colour!, background), `${name} ${kind} on ${background}`).toBeGreaterThanOrEqual(4.5);
      }
    }
  });
});

/** WCAG contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string): number => {
    const [r, g, bl] = [1, 3, 5].map((index) => parseInt(hex.slice(index, index + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}
