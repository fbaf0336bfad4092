// The PowerPoint export without a browser: slide HTML -> blocks, theme -> style, Deck -> PPTX, read back from its XML.
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { htmlBlocks, type Block } from '../src/export/pptx/blocks.js';
import { parseColor, resolveVariable } from '../src/export/pptx/colors.js';
import { deckToPptx, type PptxInput } from '../src/export/pptx/deck.js';
import { noteParagraphs, notesXml } from '../src/export/pptx/notes.js';
import { pictureOf } from '../src/export/pptx/pictures.js';
import { deckLanguage, eastAsianTypefaces, fixedPitch, singleParagraphProperties } from '../src/export/pptx/repair.js';
import { pptxStyle } from '../src/export/pptx/style.js';
import { crc32, readZip, writeZip } from '../src/export/pptx/zip.js';
import JSZip from 'jszip';
import type { Deck, Slide } from '../src/model/deck.js';
import { resolveMetrics } from '../src/plan/metrics.js';
import { mergeVariables } from '../src/render/brand.js';
import { loadTheme } from '../src/render/theme.js';
import { root } from './helpers.js';
import { readPptx, runTexts, shapes, titleOf, type PptxFile } from './pptx-read.js';

/** Returns the bytes of a plain PNG of one colour. */
function png(width: number, height: number, rgb: [number, number, number] = [40, 120, 200]): Uint8Array {
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  const chunk = (type: string, data: Buffer): Buffer => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.concat(Array.from({ length: height }, () => row)))), chunk('IEND', Buffer.alloc(0))]);
}

function crc32(bytes: Buffer): number {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

const slide = (id: string, kind: Slide['kind'], extra: Partial<Slide> = {}): Slide => ({ id, kind, html: '', notes: [], position: { line: 1, column: 1 }, ...extra });

/** A deck with every kind of slide and every layout, built by hand (the planner does not choose layouts yet). */
function layoutsDeck(): Deck {
  return {
    meta: { title: 'Water Policy Briefing', subtitle: 'What the new rules change.', author: 'Min Park', date: '2025-03-04', lang: 'en', tags: ['water', 'policy'], image: 'assets/chart.png', slug: 'water', source: 'water.md' },
    options: { theme: 'briefing', agenda: true, closing: true, prose: 'notes', proseWords: 30, minScale: 0.8, lang: 'en', pptx: true },
    slides: [
      slide('title', 'title', { title: 'Water Policy Briefing', notes: ['<p>Welcome everyone.</p>'] }),
      slide('agenda', 'agenda', { html: '<ol class="agenda-list"><li><a href="#/why">Why now</a></li><li><a href="#/rules">The rules</a></li></ol>' }),
      slide('why', 'content', { title: 'Why now', stack: 'why', layout: 'statement', html: '<p>Water use <strong>doubled</strong> in ten years.</p>', notes: ['<p>Say the number slowly.</p>'] }),
      slide('rules', 'section', { title: 'The rules', stack: 'rules' }),
      slide('who-pays', 'content', {
        title: 'Who pays', stack: 'rules', layout: 'list',
        html: '<p class="lead-in">Three groups:</p>\n<ul>\n<li>Farms, which use <em>most</em> of the water<ul><li>Rice paddies first</li></ul></li>\n<li>Cities and <a href="https://example.org/towns">towns</a></li>\n<li>Industry</li>\n</ul>',
        notes: ['<p>Farms pay by the <strong>season</strong>.</p>', '<ul><li>one</li><li>two</li></ul>'],
      }),
      slide('steps', 'content', { title: 'Steps', stack: 'rules', layout: 'columns', continued: { part: 1, of: 2 }, html: '<ol><li>Register the well</li><li>Install a meter</li><li>Report each month</li><li>Pay the levy</li><li>Keep records five years</li><li>Renew the licence</li></ol>' }),
      slide('chart', 'content', { title: 'Use by sector', stack: 'rules', layout: 'picture', html: '<p>Farms use <strong>70%</strong> of the water.</p>', media: '<figure><img src="assets/chart.png" alt="Bar chart of water use by sector"><figcaption>Water use, 2024</figcaption></figure>' }),
      slide('levies', 'content', { title: 'Levies', stack: 'rules', layout: 'table', html: '<table><thead><tr><th>Group</th><th align="right">Levy</th></tr></thead><tbody><tr><td>Farms</td><td align="right">12</td></tr><tr><td>Cities</td><td align="right">45</td></tr></tbody></table>' }),
      slide('code', 'content', { title: 'The levy, in code', titleHtml: 'The levy, in <code>code</code>', stack: 'rules', layout: 'code', html: '<pre><code class="language-python"><span class="hl-keyword">def</span> levy(volume, rate):\n    <span class="hl-comment"># cubic metres</span>\n    <span class="hl-keyword">return</span> volume * rate\n</code></pre>' }),
      slide('formula', 'content', { title: 'The formula', stack: 'rules', layout: 'text', html: '<p>Per month, <span class="math math-inline"><span class="katex"><annotation encoding="application/x-tex">L = v r</annotation></span></span>:</p><div class="math math-display"><span class="katex"><span class="katex-mathml"><math><semantics><mrow><mi>L</mi></mrow><annotation encoding="application/x-tex">L = \\sum_i v_i r_i</annotation></semantics></math></span><span class="katex-html" aria-hidden="true">L=∑vr</span></span></div><div class="math math-display"><span class="katex"><annotation encoding="application/x-tex">x^2</annotation></span></div>' }),
      slide('korean', 'content', { title: '한국어 슬라이드', stack: 'rules', html: '<p>물 사용량은 <strong>두 배</strong>가 되었습니다 (Seoul).</p>', notes: ['<p>한국어 발표자 노트입니다.</p>'] }),
      slide('untitled', 'content', { stack: 'rules', html: '<p><em>Sources: public reports.</em></p>' }),
      slide('closing', 'closing'),
    ],
  };
}

async function briefingInput(deck: Deck, extra: Partial<PptxInput> = {}): Promise<PptxInput> {
  const theme = await loadTheme('briefing', { cwd: root });
  const variables = { ...mergeVariables(theme, {}), '--bd-code-keyword': 'color-mix(in srgb, var(--bd-accent) 50%, #ff0000)' };
  return {
    deck,
    style: pptxStyle(variables, { lang: deck.meta.lang, width: 1280, height: 720 }),
    metrics: resolveMetrics(theme.metrics),
    images: new Map([['assets/chart.png', pictureOf(png(800, 500))!]]),
    formulas: new Map([['L = \\sum_i v_i r_i', pictureOf(png(300, 60, [0, 0, 0]))!]]),
    brand: { footer: 'Ministry of Water', logo: pictureOf(png(80, 40, [163, 48, 42]))! },
    creator: 'briefdeck test',
    ...extra,
  };
}

describe('slide HTML to blocks', () => {
  it('keeps inline formatting, links and line breaks as runs, white space collapsed as HTML does', () => {
    const [block] = htmlBlocks('<p>A  <strong>bold</strong>\n<em>word</em> and <a href="https://example.org">a link</a><br>next line <code>x = 1</code></p>');
    expect(block).toEqual({
      type: 'text',
      paragraphs: [{
        role: 'body',
        runs: [
          { text: 'A ' }, { text: 'bold', bold: true }, { text: ' ' }, { text: 'word', italic: true }, { text: ' and ' },
          { text: 'a link', link: 'https://example.org' }, { text: 'next line ', breakBefore: true }, { text: 'x = 1', code: true },
        ],
      }],
    });
  });

  it('gives list items their real levels, numbered lists their start, and items continued from a slide before no marker', () => {
    const [block] = htmlBlocks('<ol start="4"><li class="continued-item">end of three</li><li>four<ul><li>four a<ol><li>deep</li></ol></li></ul>after</li></ol>');
    const paragraphs = block?.type === 'text' ? block.paragraphs : [];
    expect(paragraphs.map((p) => [p.runs.map((r) => r.text).join(''), p.list])).toEqual([
      ['end of three', { ordered: true, level: 0, start: 4, marker: false }],
      ['four', { ordered: true, level: 0, start: 4, marker: true }],
      ['four a', { ordered: false, level: 1, marker: true }],
      ['deep', { ordered: true, level: 2, marker: true }],
      ['after', { ordered: true, level: 0, start: 4, marker: false }],
    ]);
  });

  it('reads tables, highlighted code, formulas, figures and quotes as their own blocks', () => {
    const blocks = htmlBlocks([
      '<table><thead><tr><th>A</th><th align="right">B</th></tr></thead><tbody><tr><td>1</td><td align="right"><strong>2</strong></td></tr></tbody></table>',
      '<pre><code class="language-js"><span class="hl-keyword">const</span> a = <span class="hl-string">"x"</span>;\n\n<span class="hl-comment">// done</span>\n</code></pre>',
      '<div class="math math-display"><span class="katex"><annotation encoding="application/x-tex">a^2 + b^2</annotation><span class="katex-html">a2+b2</span></span></div>',
      '<figure><img src="assets/a.png" alt="A chart"><figcaption>Source: us</figcaption></figure>',
      '<p><img src="assets/b.png" alt="B"></p>',
      '<p><img alt="missing picture"></p>',
      '<blockquote><p>Pay what you pump.</p></blockquote>',
    ].join(''));
    expect(blocks.map((block) => block.type)).toEqual(['table', 'code', 'math', 'image', 'image', 'text', 'text']);
    const [table, code, math, figure, image, missing, quote] = blocks as [Extract<Block, { type: 'table' }>, Extract<Block, { type: 'code' }>, Extract<Block, { type: 'math' }>, Extract<Block, { type: 'image' }>, Extract<Block, { type: 'image' }>, Extract<Block, { type: 'text' }>, Extract<Block, { type: 'text' }>];
    expect(table.rows).toEqual([
      [{ runs: [{ text: 'A' }], header: true }, { runs: [{ text: 'B' }], header: true, align: 'right' }],
      [{ runs: [{ text: '1' }], header: false }, { runs: [{ text: '2', bold: true }], header: false, align: 'right' }],
    ]);
    expect(code.language).toBe('js');
    expect(code.lines).toEqual([[{ text: 'const', token: 'keyword' }, { text: ' a = ' }, { text: '"x"', token: 'string' }, { text: ';' }], [], [{ text: '// done', token: 'comment' }]]);
    expect(math.tex).toBe('a^2 + b^2');
    expect(figure).toEqual({ type: 'image', src: 'assets/a.png', alt: 'A chart', caption: [{ text: 'Source: us' }] });
    expect(image).toEqual({ type: 'image', src: 'assets/b.png', alt: 'B' });
    expect(missing.paragraphs[0]?.runs).toEqual([{ text: 'missing picture', italic: true }]);
    expect(quote.quote).toBe(true);
  });

  it('writes an inline formula as its TeX', () => {
    const [block] = htmlBlocks('<p>So <span class="math math-inline"><span class="katex"><annotation encoding="application/x-tex">E = mc^2</annotation><span class="katex-html">E=mc2</span></span></span>.</p>');
    expect(block?.type === 'text' && block.paragraphs[0]?.runs).toEqual([{ text: 'So ' }, { text: 'E = mc^2', tex: true }, { text: '.' }]);
  });
});

describe('theme variables to the PowerPoint style', () => {
  it('resolves var() and color-mix() to plain colours', () => {
    const variables = { '--a': '#0b4f8f', '--bg': '#fff', '--soft': 'color-mix(in srgb, var(--a) 10%, var(--bg))', '--loop': 'var(--loop)', '--fallback': 'var(--none, #123)' };
    expect(parseColor(resolveVariable('--soft', variables)!)).toBe('E7EDF4');
    expect(resolveVariable('--loop', variables)).toBe('');
    expect(parseColor(resolveVariable('--fallback', variables)!)).toBe('112233');
    expect(parseColor('rgb(255 0 0 / 50%)')).toBe('FF0000');
    expect(parseColor('#abc')).toBe('AABBCC');
  });

  it('takes faces from the theme, an East Asian one for Korean, and code colours from --bd-code-<kind> with fallbacks', async () => {
    const hanji = await loadTheme('hanji', { cwd: root });
    const style = pptxStyle({ ...mergeVariables(hanji, {}), '--bd-code-string': '#2a7a2a' }, { lang: 'ko', width: 1280, height: 720 });
    expect(style.lang).toBe('ko-KR');
    expect(style.fonts.body).toEqual({ latin: 'Pretendard', ea: 'Pretendard' });
    expect(style.fonts.heading).toEqual({ latin: 'Noto Serif KR', ea: 'Noto Serif KR' });
    expect(style.fonts.mono).toEqual({ latin: 'D2Coding', ea: 'D2Coding' });
    expect(style.colors.bg).toBe('F5EDDF');
    expect(style.colors.accentSoft).toMatch(/^[0-9A-F]{6}$/);
    expect(style.colors.code['string']).toBe('2A7A2A');
    expect(style.colors.code['keyword']).toBe(style.colors.accent);
    const plain = pptxStyle({ '--bd-font-body': 'Georgia, serif', '--bd-font-mono': 'monospace' }, { lang: 'ko', width: 1280, height: 720 });
    expect(plain.fonts.body).toEqual({ latin: 'Georgia', ea: 'Malgun Gothic' });
    expect(plain.fonts.mono.latin).toBe('Consolas');
  });
});

describe('speaker notes and package fixes', () => {
  it('turns notes into paragraphs with list markers, each run tagged with its language', () => {
    const paragraphs = noteParagraphs(['<p>Say <strong>this</strong>.</p>', '<ol><li>one</li><li>two<ul><li>deep</li></ul></li></ol>', '<p>한국어 노트</p>']);
    expect(paragraphs.map((p) => [p.level, p.marker, p.runs.map((r) => r.text).join('')])).toEqual([
      [0, undefined, 'Say this.'], [1, '1.', 'one'], [1, '2.', 'two'], [2, '•', 'deep'], [0, undefined, '한국어 노트'],
    ]);
    const xml = notesXml(paragraphs, 'en-US', 'Consolas');
    expect(xml).toContain('<a:rPr lang="en-US" b="1" dirty="0"></a:rPr><a:t>this</a:t>');
    expect(xml).toContain('<a:rPr lang="ko-KR" altLang="en-US" dirty="0"></a:rPr><a:t>한국어 노트</a:t>');
  });

  it('keeps one paragraph-properties element per paragraph, first; sets East Asian faces, fixed pitch and the deck language', () => {
    const xml = '<a:p><a:pPr marL="1"><a:buChar char="x"/></a:pPr><a:r><a:t>a</a:t></a:r><a:pPr indent="0" marL="0"><a:buNone/></a:pPr><a:r><a:t>b</a:t></a:r><a:pPr/><a:r><a:t>c</a:t></a:r></a:p>';
    expect(singleParagraphProperties(xml)).toBe('<a:p><a:pPr marL="1"><a:buChar char="x"/></a:pPr><a:r><a:t>a</a:t></a:r><a:r><a:t>b</a:t></a:r><a:r><a:t>c</a:t></a:r></a:p>');
    expect(eastAsianTypefaces('<a:ea typeface="Inter" pitchFamily="34" charset="-122"/>', { Inter: 'Malgun Gothic' })).toBe('<a:ea typeface="Malgun Gothic"/>');
    expect(fixedPitch('<a:latin typeface="Mono" pitchFamily="34" charset="0"/><a:latin typeface="Sans" pitchFamily="34" charset="0"/>', 'Mono')).toBe('<a:latin typeface="Mono" pitchFamily="49" charset="0"/><a:latin typeface="Sans" pitchFamily="34" charset="0"/>');
    expect(deckLanguage('<a:rPr lang="en-US" altLang="en-US"/>', 'ko-KR')).toBe('<a:rPr lang="ko-KR" altLang="en-US"/>');
  });
});

describe('the ZIP container', () => {
  it('writes archives that JSZip reads, and reads JSZip\'s stored and deflated ones', async () => {
    const text = new TextEncoder().encode('<a:t>한국어 text</a:t>'.repeat(50));
    const entries = [{ name: '[Content_Types].xml', data: text }, { name: 'ppt/media/image-1.png', data: png(4, 4) }, { name: 'empty.xml', data: new Uint8Array(0) }];
    const zip = await JSZip.loadAsync(writeZip(entries));
    expect(Object.keys(zip.files)).toEqual(entries.map((entry) => entry.name));
    expect(await zip.file('[Content_Types].xml')!.async('uint8array')).toEqual(text);
    for (const compression of ['STORE', 'DEFLATE'] as const) {
      const back = readZip(await zip.generateAsync({ type: 'uint8array', compression }));
      expect(back.map((entry) => [entry.name, Buffer.from(entry.data).toString('base64')])).toEqual(entries.map((entry) => [entry.name, Buffer.from(entry.data).toString('base64')]));
    }
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });
});

describe('a deck to PowerPoint', () => {
  let file: PptxFile;
  const deck = layoutsDeck();
  const slideOf = (id: string): PptxFile['slides'][number] => file.slides[deck.slides.findIndex((s) => s.id === id)]!;

  it('writes one 16:9 slide per deck slide, in order, each title in a title placeholder', async () => {
    file = await readPptx(await deckToPptx(await briefingInput(deck)));
    expect(file.slides).toHaveLength(deck.slides.length);
    expect(file.size.cx / file.size.cy).toBeCloseTo(16 / 9, 3);
    expect(file.slides.map(titleOf)).toEqual([
      'Water Policy Briefing', 'Agenda', 'Why now', 'The rules', 'Who pays', 'Steps (1/2)', 'Use by sector', 'Levies', 'The levy, in code', 'The formula', '한국어 슬라이드', '', 'Thank you',
    ]);
    for (const { xml } of file.slides) {
      for (const [paragraph] of xml.matchAll(/<a:p>[\s\S]*?<\/a:p>/g)) expect(paragraph.match(/<a:pPr\b/g)?.length ?? 0).toBeLessThanOrEqual(1);
    }
    expect(file.files['docProps/core.xml']).toContain('<dc:title>Water Policy Briefing</dc:title>');
    expect(file.files['docProps/core.xml']).toContain('<cp:keywords>water, policy</cp:keywords>');
  });

  it('draws the title slide with its dimmed picture, tags, subtitle and byline; the house marks and a slide number on the others', () => {
    const title = shapes(file.slides[0]!.xml);
    const cover = title.find((shape) => shape.name === 'Cover picture')!;
    expect(cover.box).toEqual({ x: 0, y: 0, w: 1280, h: 720 });
    expect(cover.xml).toContain('<a:alphaModFix amt="14000"/>');
    expect(title.filter((shape) => shape.name === 'Tag').map((shape) => shape.text)).toEqual(['water', 'policy']);
    expect(title.find((shape) => shape.name === 'Subtitle')?.text).toBe('What the new rules change.');
    expect(title.find((shape) => shape.name === 'Byline')?.text).toBe('Min Park    March 4, 2025');
    expect(title.some((shape) => shape.name === 'Footer')).toBe(false);
    for (const page of file.slides.slice(1)) {
      expect(shapes(page.xml).find((shape) => shape.name === 'Footer')?.text).toBe('Ministry of Water');
      expect(shapes(page.xml).find((shape) => shape.name === 'Logo')?.box).toMatchObject({ x: 80, w: 80, h: 40 });
    }
    for (const page of file.slides) expect(page.xml).toMatch(/<a:fld [^>]*type="slidenum"/);
  });

  it('gives a slide without a title no header, as the deck does: its body starts at the top', () => {
    const untitled = shapes(slideOf('untitled').xml);
    expect(untitled.some((shape) => shape.placeholder === 'title' || shape.name === 'Kicker')).toBe(false);
    expect(untitled.find((shape) => shape.text === 'Sources: public reports.')?.box.y).toBe(60);
  });

  it('sets a statement large and centred, a section on the accent', () => {
    const statement = shapes(slideOf('why').xml).find((shape) => shape.name === 'Statement')!;
    expect(statement.text).toBe('Water use doubled in ten years.');
    expect(statement.xml).toContain('anchor="ctr"');
    expect(statement.xml).toContain('algn="ctr"');
    expect(Math.min(...[...statement.xml.matchAll(/ sz="(\d+)"/g)].map((m) => Number(m[1])))).toBeGreaterThan(2100);
    const section = slideOf('rules').xml;
    const accent = pptxStyle({}, { lang: 'en', width: 1280, height: 720 }).colors.accent;
    expect(file.files[`ppt/slideLayouts/${/slideLayouts\/([^"]+)"/.exec(file.files['ppt/slides/_rels/slide4.xml.rels'] ?? '')?.[1]}`]).toContain(`<a:srgbClr val="${accent}"/>`);
    expect(shapes(section).find((shape) => shape.name === 'Section number')?.text).toBe('02');
  });

  it('writes lists with real bullet levels, bold, italic and links; two columns as two text boxes, numbering going on', () => {
    const list = slideOf('who-pays');
    const body = shapes(list.xml).find((shape) => shape.text.startsWith('Three groups:'))!;
    expect(body.xml).toContain('<a:normAutofit/>');
    expect(body.xml).toMatch(/<a:pPr[^>]*lvl="1"[^>]*>/);
    expect(body.xml).toMatch(/<a:rPr [^>]*i="1"[^>]*>(?:(?!<\/a:rPr>).)*<\/a:rPr><a:t>most<\/a:t>/);
    expect(body.xml).toMatch(/<a:rPr [^>]*b="1"[^>]*>(?:(?!<\/a:rPr>).)*<\/a:rPr><a:t>Three groups:<\/a:t>/);
    const rels = file.files['ppt/slides/_rels/slide5.xml.rels'] ?? '';
    const linkId = /<a:hlinkClick r:id="(rId\d+)"/.exec(body.xml)?.[1];
    expect(rels).toMatch(new RegExp(`Id="${linkId}"[^>]*Target="https://example.org/towns"`));
    const columns = shapes(slideOf('steps').xml).filter((shape) => shape.name.startsWith('Column'));
    expect(columns.map((shape) => shape.text)).toEqual(['Register the wellInstall a meterReport each month', 'Pay the levyKeep records five yearsRenew the licence']);
    expect(columns[1]!.box.x).toBeGreaterThan(columns[0]!.box.x + columns[0]!.box.w);
    expect(columns[1]!.xml).toContain('startAt="4"');
  });

  it('puts the picture beside its text, its alt text on it; tables as tables; code in a monospace box with its colours, in titles too', () => {
    const chart = shapes(slideOf('chart').xml);
    const picture = chart.find((shape) => shape.kind === 'pic')!;
    const text = chart.find((shape) => shape.text.startsWith('Farms use'))!;
    expect(picture.xml).toContain('descr="Bar chart of water use by sector"');
    expect(picture.box.x).toBeGreaterThanOrEqual(text.box.x + text.box.w);
    expect(chart.some((shape) => shape.text === 'Water use, 2024')).toBe(true);
    const table = shapes(slideOf('levies').xml).find((shape) => shape.kind === 'graphicFrame')!;
    expect(table.xml).toContain('<a:tbl>');
    expect(runTexts(table.xml)).toEqual(['Group', 'Levy', 'Farms', '12', 'Cities', '45']);
    expect(table.xml).toMatch(/<a:rPr [^>]*b="1"[^>]*>(?:(?!<\/a:rPr>).)*<\/a:rPr><a:t>Group<\/a:t>/);
    const title = shapes(slideOf('code').xml).find((shape) => shape.placeholder === 'title')!;
    expect(title.xml).toMatch(/<a:latin typeface="JetBrains Mono"[^>]*\/>(?:(?!<\/a:rPr>).)*<\/a:rPr><a:t>code<\/a:t>/);
    const code = shapes(slideOf('code').xml).find((shape) => shape.name === 'Code (python)')!;
    expect(runTexts(code.xml)).toEqual(['def', ' levy(volume, rate):', '    ', '# cubic metres', '    ', 'return', ' volume * rate']);
    expect(code.xml).toContain('<a:latin typeface="JetBrains Mono" pitchFamily="49"');
    expect(code.xml).toContain(`<a:srgbClr val="${parseColor('color-mix(in srgb, #0b4f8f 50%, #ff0000)')}"/>`);
  });

  it('draws a display formula as its picture with the TeX as alt text, or as its TeX when there is no picture', () => {
    const formula = shapes(slideOf('formula').xml);
    expect(formula.find((shape) => shape.kind === 'pic')?.xml).toContain('descr="L = \\sum_i v_i r_i"');
    expect(formula.some((shape) => shape.kind === 'sp' && shape.text === 'x^2')).toBe(true);
    expect(formula.some((shape) => shape.text === 'Per month, L = v r:')).toBe(true);
  });

  it('puts each slide\'s notes on its notes page, tagged with their language; Korean text is ko-KR with an East Asian face', () => {
    expect(runTexts(slideOf('title').notes)).toEqual(['Welcome everyone.']);
    expect(runTexts(slideOf('who-pays').notes)).toEqual(['Farms pay by the ', 'season', '.', '• ', 'one', '• ', 'two']);
    expect(runTexts(slideOf('steps').notes)).toEqual([]);
    expect(slideOf('korean').notes).toContain('<a:rPr lang="ko-KR" altLang="en-US" dirty="0"></a:rPr><a:t>한국어 발표자 노트입니다.</a:t>');
    const korean = slideOf('korean').xml;
    for (const [, attributes, text] of korean.matchAll(/<a:rPr ([^>]*)>(?:(?!<\/a:rPr>)[\s\S])*<\/a:rPr><a:t>([^<]*)<\/a:t>/g)) {
      if (/\p{Script=Hangul}/u.test(text!)) expect(attributes).toContain('lang="ko-KR"');
    }
    expect(korean).toContain('<a:ea typeface="Pretendard"/>');
    expect(korean).not.toContain('charset="-122"');
  });

  it('tags a Korean deck ko-KR throughout and names its East Asian faces in the theme', async () => {
    const korean: Deck = { ...deck, meta: { ...deck.meta, lang: 'ko', title: '물 정책 브리핑' }, slides: deck.slides.map((s) => (s.kind === 'title' ? { ...s, title: '물 정책 브리핑' } : s)) };
    const input = await briefingInput(korean);
    const read = await readPptx(await deckToPptx({ ...input, style: { ...input.style, lang: 'ko-KR', fonts: { ...input.style.fonts, body: { latin: 'Inter', ea: 'Malgun Gothic' } } } }));
    const all = read.slides.map((s) => s.xml + s.notes).join('');
    expect(all).not.toMatch(/(?<![\w:])lang="en-US"/);
    expect(all).toContain('<a:ea typeface="Malgun Gothic"/>');
    expect(read.files['ppt/theme/theme1.xml']).toMatch(/<a:minorFont><a:latin typeface="Inter"\/><a:ea typeface="Malgun Gothic"\/>/);
    expect(read.files['docProps/core.xml']).toContain('<dc:language>ko-KR</dc:language>');
  });
});
