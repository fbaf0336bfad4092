// Broken and hostile articles through the real CLI: each fails (or builds) with one clear line, and a failure
// never touches the good deck an earlier build left in the same output folder.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Deck } from '../src/model/deck.js';
import { runCli, tempDir } from './helpers.js';
import { expectOneLine, leftoverTemps, snapshotDir, summaryOf } from './safety-helpers.js';

const good = '---\ntitle: A good deck\n---\n\n## Section\n\nText.\n';

/** Each broken article, the exit code and the exact stderr line it must give (file:line where there is one). */
const broken: Array<{ name: string; bytes: string | Uint8Array; code: number; line: RegExp }> = [
  { name: 'empty', bytes: '', code: 3, line: /^✗ content\/empty\.md: the article is empty — write some Markdown/ },
  { name: 'blank', bytes: '  \n\n\t\n', code: 3, line: /^✗ content\/blank\.md: the article is empty — / },
  { name: 'never-closed', bytes: '---\ntitle: Open\n\n## Heading\n\nText.\n', code: 3, line: /^✗ content\/never-closed\.md:1: front matter is never closed — end it with a line holding only '---'$/ },
  { name: 'yaml-list', bytes: '---\n- one\n- two\n---\n\nText.\n', code: 3, line: /^✗ content\/yaml-list\.md:2: front matter must be a mapping of keys to values — / },
  { name: 'yaml-scalar', bytes: '---\njust a sentence\n---\n\nText.\n', code: 3, line: /^✗ content\/yaml-scalar\.md:2: front matter must be a mapping of keys to values — / },
  { name: 'tags-mapping', bytes: '---\ntitle: T\ntags:\n  a: 1\n---\n\nText.\n', code: 3, line: /^✗ content\/tags-mapping\.md:3: front matter `tags` must be a list or a space-separated text — / },
  { name: 'impossible-date', bytes: '---\ntitle: T\nauthor: A\ndate: 2025-02-30\n---\n\nText.\n', code: 3, line: /^✗ content\/impossible-date\.md:4: front matter `date` must be a real date/ },
  { name: 'toc-text', bytes: '---\ntitle: T\ntoc: perhaps\n---\n\nText.\n', code: 3, line: /^✗ content\/toc-text\.md:3: front matter `toc` must be true or false — / },
  { name: 'bad-yaml', bytes: '---\ntitle: T\ntags: [one, two\n---\n\nText.\n', code: 3, line: /^✗ content\/bad-yaml\.md:3: invalid YAML front matter: / },
  { name: 'binary', bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]), code: 3, line: /^✗ content\/binary\.md: not a text file \(it contains NUL bytes\) — / },
  { name: 'utf-16', bytes: Uint8Array.from([0xff, 0xfe, ...Buffer.from('---\ntitle: T\n---\n', 'utf16le')]), code: 3, line: /^✗ content\/utf-16\.md: saved as UTF-16 — save the file as UTF-8$/ },
  {
    name: 'yaml-bomb',
    bytes: `---\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n${'bcdefg'.split('').map((key, i) => `${key}: &${key} [${Array(9).fill(`*${'abcdefg'[i]}`).join(', ')}]`).join('\n')}\ntitle: Bomb\n---\n\nText.\n`,
    code: 3,
    line: /^✗ content\/yaml-bomb\.md:2: front matter expands too many YAML aliases — remove the repeated \*alias references$/,
  },
  { name: 'latin1', bytes: Uint8Array.from([...Buffer.from('---\ntitle: Caf'), 0xe9, ...Buffer.from('\n---\n\nText.\n')]), code: 3, line: /^✗ content\/latin1\.md:2: invalid UTF-8 — save the file as UTF-8$/ },
];

describe('broken articles', () => {
  let dir = '';
  let out = '';
  let before: Record<string, string> = {};

  beforeAll(async () => {
    dir = await tempDir();
    out = join(dir, 'dist');
    await mkdir(join(dir, 'good'));
    // An earlier build left a good deck under each slug.
    for (const { name } of broken) await writeFile(join(dir, 'good', `${name}.md`), good);
    const first = await runCli(['build', 'good', '--no-pdf', '--out', out], { cwd: dir });
    expect(first.code).toBe(0);
    before = await snapshotDir(out);
    await mkdir(join(dir, 'content'));
    for (const { name, bytes } of broken) await writeFile(join(dir, 'content', `${name}.md`), bytes);
  });

  it.each(broken)('$name: exit $code, one line naming the file (and line), the earlier deck intact', async ({ name, code, line }) => {
    const run = await runCli(['build', `content/${name}.md`, '--no-pdf', '--out', out], { cwd: dir });
    expect(run.code).toBe(code);
    expectOneLine(run.stderr);
    expect(run.stderr.trim()).toMatch(line);
    expect(summaryOf(run.stdout)).toEqual({ built: 0, failed: 1 });
    expect(await snapshotDir(out)).toEqual(before);
    expect(await leftoverTemps(out)).toEqual([]);
  });

  it('builds the rest of a folder when some articles are broken, and counts the failures', async () => {
    await writeFile(join(dir, 'content', 'fine.md'), good);
    const run = await runCli(['build', 'content', '--no-pdf', '--out', out], { cwd: dir });
    expect(run.code).toBe(3);
    expect(summaryOf(run.stdout)).toEqual({ built: 1, failed: broken.length });
    expect(run.stderr.trim().split('\n')).toHaveLength(broken.length);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    const after = await snapshotDir(out);
    for (const [path, hash] of Object.entries(before)) expect(after[path], path).toBe(hash);
    expect(after['fine/index.html']).toBeDefined();
    expect(await leftoverTemps(out)).toEqual([]);
  });
});

describe('articles that are odd but fine', () => {
  it('builds an article without front matter, titled by its first heading', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'plain.md'), '# Plain Title\n\n## Part\n\nText.\n');
    const run = await runCli(['build', 'plain.md', '--no-pdf', '--out', 'out'], { cwd: dir });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const deck = JSON.parse(await readFile(join(dir, 'out', 'plain', 'deck.json'), 'utf8')) as Deck;
    expect(deck.meta.title).toBe('Plain Title');
    expect(deck.slides.map((slide) => slide.kind)).toEqual(['title', 'content', 'closing']);
  });

  it('builds front matter alone as a title slide, and says the body is empty', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'stub.md'), '---\ntitle: Only a title\n---\n');
    const run = await runCli(['build', 'stub.md', '--no-pdf', '--out', 'out'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('warning: stub.md: nothing after the front matter; the deck has only its title slide\n');
    const deck = JSON.parse(await readFile(join(dir, 'out', 'stub', 'deck.json'), 'utf8')) as Deck;
    expect(deck.slides.map((slide) => slide.kind)).toEqual(['title', 'closing']);
  });

  it('reads tags given as one text as space-separated words', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'tags.md'), '---\ntitle: T\ntags: policy  budget\n---\n\nText.\n');
    const run = await runCli(['build', 'tags.md', '--no-pdf', '--out', 'out'], { cwd: dir });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const deck = JSON.parse(await readFile(join(dir, 'out', 'tags', 'deck.json'), 'utf8')) as Deck;
    expect(deck.meta.tags).toEqual(['policy', 'budget']);
  });

  it('reads a BOM and CRLF line ends, keeping source lines, and names the right line of a CRLF error', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'crlf.md'), '\uFEFF---\r\ntitle: Windows\r\n---\r\n\r\n## First\r\n\r\nText.\r\n\r\n## Second\r\n\r\nMore.\r\n');
    const run = await runCli(['build', 'crlf.md', '--no-pdf', '--out', 'out'], { cwd: dir });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const deck = JSON.parse(await readFile(join(dir, 'out', 'crlf', 'deck.json'), 'utf8')) as Deck;
    expect(deck.meta.title).toBe('Windows');
    expect(deck.slides.filter((slide) => slide.kind === 'content').map((slide) => [slide.title, slide.position.line])).toEqual([['First', 5], ['Second', 9]]);
    expect(JSON.stringify(deck)).not.toMatch(/\\r|\uFEFF/);

    await writeFile(join(dir, 'crlf-bad.md'), '\uFEFF---\r\ntitle: T\r\ndate: 2025-13-01\r\n---\r\n');
    const bad = await runCli(['build', 'crlf-bad.md', '--no-pdf', '--out', 'out'], { cwd: dir });
    expect(bad.code).toBe(3);
    expectOneLine(bad.stderr);
    expect(bad.stderr).toMatch(/^✗ crlf-bad\.md:3: front matter `date` must be a real date/);
  });
});

describe('hostile HTML', () => {
  const hostile = `---
title: "Budget <script>alert(10)</script> & <b>bold</b>"
author: "<img src=x onerror=alert(1)>"
excerpt: "</p><script>alert(11)</script>"
tags: ["<script>alert(12)</script>", "<i>t</i>"]
---

## Raw HTML

<script>alert(13)</script>

<p onclick="alert(14)" onmouseover="alert(15)">Paragraph with handlers.</p>

<a href="javascript:alert(16)">HTML link</a> and [Markdown link](javascript:alert(17)) and [spaced](java%0Ascript:alert(1)).

<img src="x.png" onerror="alert(18)"> <iframe src="https://example.org"></iframe> <style>body{display:none}</style>

<form action="https://example.org"><input name="q"></form>

## Safe HTML

Press <kbd>Ctrl</kbd>+<kbd>C</kbd>; <abbr title="HyperText Markup Language">HTML</abbr>; E = mc<sup>2</sup>; H<sub>2</sub>O; <mark>marked</mark>.

<table><thead><tr><th>Year</th><th>Budget</th></tr></thead><tbody><tr><td>2025</td><td>1.2</td></tr></tbody></table>

<details><summary>More</summary>Hidden text.</details>

<!-- .slide: data-background-iframe="java\tscript:alert(19)" data-background-color="#123456" -->
`;

  let safe = '';
  let unsafe = '';
  beforeAll(async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'hostile.md'), hostile);
    const runSafe = await runCli(['build', 'hostile.md', '--no-pdf', '--out', 'safe'], { cwd: dir });
    expect(runSafe).toMatchObject({ code: 0, stderr: expect.stringContaining('image "x.png" not found') });
    safe = await readFile(join(dir, 'safe', 'hostile', 'index.html'), 'utf8');
    const runUnsafe = await runCli(['build', 'hostile.md', '--no-pdf', '--unsafe-html', '--out', 'unsafe'], { cwd: dir });
    expect(runUnsafe.code).toBe(0);
    unsafe = await readFile(join(dir, 'unsafe', 'hostile', 'index.html'), 'utf8');
  });

  /** The deck's own markup without the three script tags every deck page ends with. */
  const withoutRuntime = (html: string): string => html.replace(/<script src="\.\.\/_shared\/[^"]+"><\/script>|<script>Reveal\.initialize\(.*<\/script>/g, '');

  it('escapes HTML in the title, author, excerpt and tags', () => {
    expect(safe).toContain('<title>Budget &lt;script&gt;alert(10)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;</title>');
    expect(safe).toContain('<h1 class="deck-title">Budget &lt;script&gt;alert(10)');
    expect(safe).toContain('<li>&lt;script&gt;alert(12)&lt;/script&gt;</li><li>&lt;i&gt;t&lt;/i&gt;</li>');
    expect(safe).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
    expect(safe).toContain('&lt;/p&gt;&lt;script&gt;alert(11)');
    // The same holds with --unsafe-html: it trusts the article's body, never its metadata.
    expect(withoutRuntime(unsafe)).not.toMatch(/<script>alert\(1[012]\)|<img src=x/);
  });

  it('removes scripts, on* handlers, javascript: links, iframes, styles, forms and script slide backgrounds by default', () => {
    const body = safe.slice(safe.indexOf('<div class="slides">'), safe.indexOf('<div class="deck-footer"'));
    expect(body).not.toMatch(/<script/i);
    expect(body).not.toMatch(/\son[a-z]+=/i);
    expect(body).not.toMatch(/javascript|java\s*script/i);
    expect(body).not.toMatch(/<iframe|<style|<form/i);
    // The only input the sanitiser lets through is a task list's disabled checkbox.
    expect(body).not.toMatch(/<input(?![^>]*disabled type="checkbox")/);
    expect(body).toContain('Paragraph with handlers.');
    expect(body).toContain('HTML link');
    expect(body).toContain('Markdown link');
    expect(body).toContain('data-background-color="#123456"');
  });

  it('keeps safe raw HTML: kbd, abbr, sup, sub, mark, tables, details', () => {
    expect(safe).toContain('<kbd>Ctrl</kbd>+<kbd>C</kbd>');
    expect(safe).toContain('<abbr title="HyperText Markup Language">HTML</abbr>');
    expect(safe).toContain('mc<sup>2</sup>');
    expect(safe).toContain('H<sub>2</sub>O');
    expect(safe).toContain('<mark>marked</mark>');
    expect(safe).toMatch(/<table><thead><tr><th>Year<\/th><th>Budget<\/th><\/tr><\/thead><tbody><tr><td>2025<\/td><td>1\.2<\/td><\/tr><\/tbody><\/table>/);
    expect(safe).toContain('<details><summary>More</summary>Hidden text.</details>');
  });

  it('keeps raw HTML as written with --unsafe-html', () => {
    const body = withoutRuntime(unsafe);
    expect(body).toContain('<script>alert(13)</script>');
    expect(body).toContain('onclick="alert(14)"');
    expect(body).toContain('href="javascript:alert(16)"');
    expect(body).toMatch(/data-background-iframe="java\tscript:alert\(19\)"/);
    expect(body).toContain('<iframe src="https://example.org"></iframe>');
    expect(body).toContain('<kbd>Ctrl</kbd>');
  });
});

describe('broken themes', () => {
  it('an invalid theme.json or a template syntax error: exit 4, one line naming the theme file, the earlier deck intact', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'talk.md'), good);
    expect((await runCli(['build', 'talk.md', '--no-pdf', '--out', 'out'], { cwd: dir })).code).toBe(0);
    const before = await snapshotDir(join(dir, 'out'));

    await mkdir(join(dir, 'bad-json'));
    await writeFile(join(dir, 'bad-json', 'theme.json'), '{ "name": "bad-json",\n  "variables": {\n');
    const json = await runCli(['build', 'talk.md', '--no-pdf', '--out', 'out', '--theme', './bad-json'], { cwd: dir });
    expect(json.code).toBe(4);
    expectOneLine(json.stderr);
    expect(json.stderr).toMatch(/^✗ .*bad-json\/theme\.json(:\d+)?: invalid theme\.json: .* — /);

    await mkdir(join(dir, 'bad-template'));
    await writeFile(join(dir, 'bad-template', 'theme.json'), '{ "name": "bad-template", "description": "A theme with a broken partial", "extends": "briefing" }\n');
    await mkdir(join(dir, 'bad-template', 'partials'));
    await writeFile(join(dir, 'bad-template', 'partials', 'content.hbs'), '<div class="slide-frame">\n  {{#if title}<h2>{{title}}</h2>{{/if}}\n</div>\n');
    const template = await runCli(['build', 'talk.md', '--no-pdf', '--out', 'out', '--theme', './bad-template'], { cwd: dir });
    expect(template.code).toBe(4);
    expectOneLine(template.stderr);
    expect(template.stderr).toMatch(/^✗ .*bad-template\/partials\/content\.hbs:2: template syntax error: /);

    expect(await snapshotDir(join(dir, 'out'))).toEqual(before);
    expect(await leftoverTemps(join(dir, 'out'))).toEqual([]);
  });
});
