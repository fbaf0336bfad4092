// Local images: copied into dist/<slug>/assets/ when they are image files inside the content folder; a missing
// one warns with file:line and the build goes on; a path out of the folder is never copied, and is reported.
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Deck } from '../src/model/deck.js';
import { runCli, tempDir } from './helpers.js';
import { leftoverTemps, snapshotDir } from './safety-helpers.js';

/** A 1×1 PNG; `variant` changes one byte of its colour so two files differ. */
function png(variant = 0): Buffer {
  return Buffer.from(
    `89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415408d763f8${variant.toString(16).padStart(2, '0')}cf0000030101009a6e8f4e0000000049454e44ae426082`,
    'hex',
  );
}

const article = `---
title: Pictures
image: img/cover.png
---

## Local

![chart](img/chart.png) and the same file again ![again](./img/chart.png)

![in a folder with spaces](img/my%20photo.png)

<p><img src="img/chart.png" alt="raw html"></p>

## Broken

![missing](img/nope.png)

![up and out](../outside/secret.png)

![absolute](/etc/passwd)

![through a link](img/escape.png)

![not an image](img/notes.txt)

<img src="../../../../../../etc/passwd" alt="raw escape">

![remote](https://example.org/remote.png)

## Background inside

<!-- .slide: data-background-image="img/chart.png" -->

## Background outside

<!-- .slide: data-background-image="../outside/secret.png" -->
`;

describe('local images', () => {
  let dir = '';
  let run: Awaited<ReturnType<typeof runCli>>;
  let html = '';
  let deck: Deck;

  beforeAll(async () => {
    dir = await tempDir();
    await mkdir(join(dir, 'content', 'img'), { recursive: true });
    await mkdir(join(dir, 'content', 'sub', 'img'), { recursive: true });
    await mkdir(join(dir, 'outside'));
    await writeFile(join(dir, 'content', 'img', 'chart.png'), png(1));
    await writeFile(join(dir, 'content', 'img', 'cover.png'), png(2));
    await writeFile(join(dir, 'content', 'img', 'my photo.png'), png(3));
    await writeFile(join(dir, 'content', 'img', 'notes.txt'), 'private notes');
    await writeFile(join(dir, 'outside', 'secret.png'), png(9));
    await symlink(join(dir, 'outside', 'secret.png'), join(dir, 'content', 'img', 'escape.png'));
    await writeFile(join(dir, 'content', 'talk.md'), article);
    // A second article in a subfolder: `..` that stays inside the content folder is fine; a same-named file gets its own name.
    await writeFile(join(dir, 'content', 'sub', 'img', 'chart.png'), png(4));
    await writeFile(join(dir, 'content', 'sub', 'nested.md'), '---\ntitle: Nested\n---\n\n![shared](../img/chart.png) ![own](img/chart.png)\n');
    run = await runCli(['build', 'content', '--no-pdf'], { cwd: dir });
    html = await readFile(join(dir, 'dist', 'talk', 'index.html'), 'utf8');
    deck = JSON.parse(await readFile(join(dir, 'dist', 'talk', 'deck.json'), 'utf8')) as Deck;
  });

  it('builds, and warns once per problem with file:line, never with a stack', () => {
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/2 decks built in/);
    expect(run.stderr.trim().split('\n').sort()).toEqual([
      'warning: content/talk.md:16: image "img/nope.png" not found: the deck shows its alt text instead',
      'warning: content/talk.md:18: image "../outside/secret.png" is outside the content folder: not copied',
      'warning: content/talk.md:20: image "/etc/passwd" is an absolute path, outside the content folder: not copied',
      'warning: content/talk.md:22: image "img/escape.png" is a link to a file outside the content folder: not copied',
      'warning: content/talk.md:24: image "img/notes.txt" is not an image file (png, jpg, gif, webp, avif, svg): not copied',
      'warning: content/talk.md:26: image "../../../../../../etc/passwd" is outside the content folder: not copied',
      'warning: content/talk.md:34: image "../outside/secret.png" is outside the content folder: not copied',
    ]);
  });

  it('copies exactly the local image files into assets/, once each, byte for byte', async () => {
    const files = await snapshotDir(join(dir, 'dist', 'talk'), []);
    expect(Object.keys(files).sort()).toEqual(['assets/chart.png', 'assets/cover.png', 'assets/my-photo.png', 'deck.json', 'index.html']);
    expect(await readFile(join(dir, 'dist', 'talk', 'assets', 'chart.png'))).toEqual(png(1));
    expect(await readFile(join(dir, 'dist', 'talk', 'assets', 'my-photo.png'))).toEqual(png(3));
    const nested = await snapshotDir(join(dir, 'dist', 'nested'), []);
    expect(Object.keys(nested).sort()).toEqual(['assets/chart-2.png', 'assets/chart.png', 'deck.json', 'index.html']);
    expect(await readFile(join(dir, 'dist', 'nested', 'assets', 'chart-2.png'))).toEqual(png(4));
    expect(await leftoverTemps(join(dir, 'dist'))).toEqual([]);
  });

  it('never copies a file from outside the content folder, nor one that is not an image', async () => {
    const everything = await snapshotDir(join(dir, 'dist'));
    const secret = Object.values(await snapshotDir(join(dir, 'outside')))[0];
    expect(Object.values(everything)).not.toContain(secret);
    expect(Object.keys(everything).filter((path) => /secret|escape|passwd|notes\.txt/.test(path))).toEqual([]);
  });

  it('points the deck at assets/, shows refused ones as a card with their alt text, and leaves remote images alone (--no-fetch)', () => {
    const images = [...html.matchAll(/<img[^>]*>|<span class="image-missing">[^<]*<\/span>/g)].map((match) => match[0]);
    expect(images).toEqual([
      '<img src="assets/chart.png" alt="chart">',
      '<img src="assets/chart.png" alt="again">',
      '<img src="assets/my-photo.png" alt="in a folder with spaces">',
      '<img src="assets/chart.png" alt="raw html">',
      '<span class="image-missing">missing</span>',
      '<span class="image-missing">up and out</span>',
      '<span class="image-missing">absolute</span>',
      '<span class="image-missing">through a link</span>',
      '<span class="image-missing">not an image</span>',
      '<span class="image-missing">raw escape</span>',
      '<img src="https://example.org/remote.png" alt="remote">',
    ]);
    expect(html).toContain('data-background-image="assets/cover.png"');
    expect(html).toMatch(/<section id="background-inside"[^>]* data-background-image="assets\/chart\.png"/);
    expect(html).toMatch(/<section id="background-outside"[^>]*>/);
    expect(html.match(/<section id="background-outside"[^>]*>/)![0]).not.toContain('data-background-image');
    expect(deck.meta.image).toBe('assets/cover.png');
    expect(html).not.toMatch(/passwd|secret|escape\.png|notes\.txt/);
  });

  it('drops a front-matter image outside the folder or with a script URL, with its line', async () => {
    const other = await tempDir();
    await writeFile(join(other, 'a.md'), '---\ntitle: A\nimage: ../../etc/hosts\n---\n\nText.\n');
    await writeFile(join(other, 'b.md'), '---\ntitle: B\nauthor: X\nimage: "javascript:alert(1)"\n---\n\nText.\n');
    const result = await runCli(['build', 'a.md', 'b.md', '--no-pdf'], { cwd: other });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('warning: a.md:3: image "../../etc/hosts" is outside the content folder: not copied\n');
    for (const slug of ['a', 'b']) {
      const page = await readFile(join(other, 'dist', slug, 'index.html'), 'utf8');
      expect(page).not.toMatch(/data-background-image|hosts|javascript/);
    }
  });
});
