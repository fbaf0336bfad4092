// The preview site in-process: what a change rebuilds, and what pages it asks to reload.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPreviewSite } from '../src/serve/site.js';
import { tempDir } from './helpers.js';

const article = (title: string, body: string): string => `---\ntitle: ${title}\n---\n\n## Section\n\n${body}\n`;

async function twoArticles(): Promise<{ dir: string; out: string; site: ReturnType<typeof createPreviewSite> }> {
  const dir = await tempDir();
  const out = await tempDir();
  await writeFile(join(dir, 'alpha.md'), article('Alpha', 'First words.'));
  await writeFile(join(dir, 'beta.md'), article('Beta', 'Other words.'));
  const site = createPreviewSite({ inputs: ['.'], cwd: dir, outDir: out, flags: {}, unsafeHtml: false });
  const first = await site.rebuild();
  expect(first.built.map((deck) => deck.slug)).toEqual(['alpha', 'beta']);
  return { dir, out, site };
}

describe('the preview site', () => {
  it('rebuilds only the article that changed and reloads only its page', async () => {
    const { dir, out, site } = await twoArticles();
    await writeFile(join(dir, 'alpha.md'), article('Alpha', 'New words.'));
    const report = await site.rebuild(new Set([join(dir, 'alpha.md')]));
    expect(report.built.map((deck) => [deck.slug, deck.changed])).toEqual([['alpha', true]]);
    expect(report.reload).toEqual(['alpha']);
    expect(await readFile(join(out, 'alpha', 'index.html'), 'utf8')).toContain('New words.');
  });

  it('reloads nothing when a save leaves the page as it was', async () => {
    const { dir, site } = await twoArticles();
    const report = await site.rebuild(new Set([join(dir, 'alpha.md')]));
    expect(report.built.map((deck) => [deck.slug, deck.changed])).toEqual([['alpha', false]]);
    expect(report.reload).toEqual([]);
    expect(report.problemsChanged).toBe(false);
  });

  it('reloads the index too when what it shows (the title) changes', async () => {
    const { dir, out, site } = await twoArticles();
    await writeFile(join(dir, 'beta.md'), article('Beta, renamed', 'Other words.'));
    const report = await site.rebuild(new Set([join(dir, 'beta.md')]));
    expect(report.reload.sort()).toEqual(['', 'beta']);
    expect(await readFile(join(out, 'index.html'), 'utf8')).toContain('Beta, renamed');
  });

  it('keeps the last good page of a broken article, reports it once, and clears it when fixed', async () => {
    const { dir, out, site } = await twoArticles();
    await writeFile(join(dir, 'alpha.md'), '---\ntitle: [unclosed\n---\n');
    const broken = await site.rebuild(new Set([join(dir, 'alpha.md')]));
    expect(broken.failed).toEqual([{ slug: 'alpha', file: 'alpha.md', text: expect.stringMatching(/^alpha\.md:\d+: invalid YAML front matter: /) }]);
    expect([broken.reload, broken.problemsChanged]).toEqual([[], true]);
    expect(site.problems()).toHaveLength(1);
    expect(await readFile(join(out, 'alpha', 'index.html'), 'utf8')).toContain('First words.');
    await writeFile(join(dir, 'alpha.md'), article('Alpha', 'First words.'));
    const fixed = await site.rebuild(new Set([join(dir, 'alpha.md')]));
    expect([fixed.failed, fixed.problemsChanged, site.problems()]).toEqual([[], true, []]);
  });

  it('ignores editor litter and files that are no article', async () => {
    const { dir, site } = await twoArticles();
    const report = await site.rebuild(new Set([join(dir, '.alpha.md.swp'), join(dir, 'alpha.md~'), join(dir, '4913')]));
    expect([report.built, report.reload]).toEqual([[], []]);
  });

  it('redirects a deck whose slug changed from its old address', async () => {
    const { dir, out, site } = await twoArticles();
    await writeFile(join(dir, 'alpha.md'), `---\ntitle: Alpha\nslug: first\n---\n\n## Section\n\nFirst words.\n`);
    const report = await site.rebuild(new Set([join(dir, 'alpha.md')]));
    expect(report.reload.sort()).toEqual(['', 'alpha', 'first']);
    expect(site.movedTo('alpha')).toBe('first');
    await expect(readFile(join(out, 'alpha', 'index.html'))).rejects.toThrow();
  });
});

describe('what the preview site listens to', () => {
  it('accepts articles, images, theme files and the config file, and drops logs and editor litter', async () => {
    const dir = await tempDir();
    const out = await tempDir();
    await writeFile(join(dir, 'alpha.md'), article('Alpha', 'Words.'));
    const site = createPreviewSite({ inputs: ['.'], cwd: dir, outDir: out, flags: {}, unsafeHtml: false });
    await site.rebuild();
    const theme = (await site.folders()).find((folder) => folder.endsWith(join('templates', 'briefing')))!;
    expect(theme).toBeDefined();
    const accepted = ['alpha.md', 'new.md', 'cover.png', 'images', 'briefdeck.config.yaml', 'server.log', 'notes.txt', '.alpha.md.swp', 'alpha.md~']
      .map((name) => [name, site.accepts(join(dir, name))]);
    expect(accepted).toEqual([['alpha.md', true], ['new.md', true], ['cover.png', true], ['images', true], ['briefdeck.config.yaml', true],
      ['server.log', false], ['notes.txt', false], ['.alpha.md.swp', false], ['alpha.md~', false]]);
    expect(site.accepts(join(theme, 'theme.css'))).toBe(true);
  });
});

describe('an article saved in place', () => {
  it('is looked at again when found empty (half-saved), and fails only if it is still empty then', async () => {
    const { dir, out, site } = await twoArticles();
    await writeFile(join(dir, 'alpha.md'), '');
    const half = await site.rebuild(new Set([join(dir, 'alpha.md')]));
    expect([half.deferred, half.built, half.failed, half.reload]).toEqual([[join(dir, 'alpha.md')], [], [], []]);
    expect(await readFile(join(out, 'alpha', 'index.html'), 'utf8')).toContain('First words.');
    const again = await site.rebuild(new Set([join(dir, 'alpha.md')]));
    expect(again.deferred).toEqual([]);
    expect(again.built.length + again.failed.length).toBe(1);
  });
});

describe('translations in the preview', () => {
  it('links decks that share a ref, and updates the link when the other deck\'s title changes', async () => {
    const dir = await tempDir();
    const out = await tempDir();
    await writeFile(join(dir, 'talk.md'), `---\ntitle: The talk\nlang: en\nref: talk\n---\n\n## Section\n\nWords.\n`);
    await writeFile(join(dir, 'talk.ko.md'), `---\ntitle: 발표\nlang: ko\nref: talk\nslug: talk-ko\n---\n\n## 부분\n\n말.\n`);
    const site = createPreviewSite({ inputs: ['.'], cwd: dir, outDir: out, flags: {}, unsafeHtml: false });
    const first = await site.rebuild();
    expect(first.built.map((deck) => deck.slug).sort()).toEqual(['talk', 'talk-ko']);
    expect(await readFile(join(out, 'talk', 'index.html'), 'utf8')).toContain('../talk-ko/index.html');
    expect(await readFile(join(out, 'talk-ko', 'index.html'), 'utf8')).toContain('../talk/index.html');
    await writeFile(join(dir, 'talk.ko.md'), `---\ntitle: 새 발표\nlang: ko\nref: talk\nslug: talk-ko\n---\n\n## 부분\n\n말.\n`);
    const report = await site.rebuild(new Set([join(dir, 'talk.ko.md')]));
    expect(report.reload.sort()).toEqual(['', 'talk', 'talk-ko']);
    expect(await readFile(join(out, 'talk', 'index.html'), 'utf8')).toContain('새 발표');
  });
});
