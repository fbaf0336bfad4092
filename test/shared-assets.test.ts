// The shared assets (Reveal.js, the runtime, the fonts, each theme's CSS and assets) are written only when missing or
// changed, tracked by `_shared/manifest.json`: a folder that is already current is not written at all.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { syncShared } from '../src/write/manifest.js';
import { loadTheme } from '../src/render/theme.js';
import { sharedWriter, writeShared } from '../src/write/shared.js';
import { runCli, tempDir } from './helpers.js';

/** Returns every file under a folder with its modification time. */
async function times(dir: string): Promise<Record<string, number>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const found: Record<string, number> = {};
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    found[relative(dir, path)] = (await stat(path)).mtimeMs;
  }
  return found;
}

describe('shared assets', () => {
  it('writes everything once, then nothing while the folder is current; restores a deleted file and rewrites a changed one', async () => {
    const out = await tempDir();
    const theme = await loadTheme('briefing', { cwd: out });
    const first = await writeShared(out, [theme]);
    expect(first.length).toBeGreaterThan(400);
    expect(first).toContain('reveal/reveal.js');
    const shared = join(out, '_shared');
    const manifest = JSON.parse(await readFile(join(shared, 'manifest.json'), 'utf8')) as { files: Record<string, { sha256: string; size: number }> };
    const css = await readFile(join(shared, 'themes', 'briefing', 'theme.css'));
    expect(manifest.files['themes/briefing/theme.css']).toMatchObject({ sha256: createHash('sha256').update(css).digest('hex'), size: css.length });
    expect(Object.keys(manifest.files).length).toBe(first.length);

    const before = await times(shared);
    await new Promise((done) => setTimeout(done, 20));
    expect(await writeShared(out, [theme])).toEqual([]);
    expect(await times(shared)).toEqual(before);

    const font = Object.keys(manifest.files).find((path) => path.startsWith('fonts/pretendard/'))!;
    await rm(join(shared, font));
    await writeFile(join(shared, 'reveal', 'reveal.css'), 'tampered');
    expect(await writeShared(out, [theme])).toEqual([font, 'reveal/reveal.css'].sort());
    expect(await readFile(join(shared, 'reveal', 'reveal.css'), 'utf8')).not.toBe('tampered');
  });

  it('copies a file of a package release again when the release changes, even at the same size', async () => {
    const dir = await tempDir();
    const from = join(dir, 'source.js');
    await writeFile(from, 'one');
    const shared = join(dir, 'shared');
    expect(await syncShared(shared, [{ path: 'lib.js', from, release: 'lib@1' }])).toEqual(['lib.js']);
    expect(await syncShared(shared, [{ path: 'lib.js', from, release: 'lib@1' }])).toEqual([]);
    await writeFile(from, 'two');
    expect(await syncShared(shared, [{ path: 'lib.js', from, release: 'lib@2' }])).toEqual(['lib.js']);
    expect(await readFile(join(shared, 'lib.js'), 'utf8')).toBe('two');
  });

  it('rewrites a file whose content changed, and keeps a file already there with the right content', async () => {
    const dir = await tempDir();
    expect(await syncShared(dir, [{ path: 'a.css', data: 'a {}' }, { path: 'x/b.css', data: 'b {}' }])).toEqual(['a.css', 'x/b.css']);
    expect(await syncShared(dir, [{ path: 'a.css', data: 'a { color: red }' }, { path: 'x/b.css', data: 'b {}' }])).toEqual(['a.css']);
    // A folder written before there was a manifest: files already right are not rewritten.
    await rm(join(dir, 'manifest.json'));
    const before = (await stat(join(dir, 'x', 'b.css'))).mtimeMs;
    expect(await syncShared(dir, [{ path: 'a.css', data: 'a { color: red }' }, { path: 'x/b.css', data: 'b {}' }])).toEqual([]);
    expect((await stat(join(dir, 'x', 'b.css'))).mtimeMs).toBe(before);
  });

  it('within one run, writes a theme once and then only the slices and KaTeX that later pages add', async () => {
    const out = await tempDir();
    const theme = await loadTheme('briefing', { cwd: out });
    const write = sharedWriter(out);
    const slices = async (): Promise<string[]> => (await readdir(join(out, '_shared', 'fonts', 'pretendard'))).sort();
    await write(theme, '<p>Plain English.</p>');
    const english = await slices();
    expect(await stat(join(out, '_shared', 'themes', 'briefing', 'theme.css')).then(() => true)).toBe(true);
    await write(theme, '<p>Plain English again.</p>');
    expect(await slices()).toEqual(english);
    await write(theme, '<p>한국어 문장</p>');
    const korean = await slices();
    expect(korean.length).toBeGreaterThan(english.length);
    expect(korean).toEqual(expect.arrayContaining(english));
    expect(await stat(join(out, '_shared', 'katex', 'katex.css')).then(() => true, () => false)).toBe(false);
    await write(undefined, '<link rel="stylesheet" href="../_shared/katex/katex.css">');
    expect(await stat(join(out, '_shared', 'katex', 'katex.css')).then(() => true, () => false)).toBe(true);
    const manifest = JSON.parse(await readFile(join(out, '_shared', 'manifest.json'), 'utf8')) as { files: Record<string, unknown> };
    expect(Object.keys(manifest.files).filter((path) => path.startsWith('fonts/pretendard/')).sort()).toEqual(korean.map((file) => `fonts/pretendard/${file}`));
  });

  it('tells the page whose shared assets could not be written, and leaves no failure unhandled for the next page', async () => {
    const out = await tempDir();
    await writeFile(join(out, 'taken'), 'a file where the output folder should be');
    const write = sharedWriter(join(out, 'taken'));
    await expect(write(undefined, '<p>One.</p>')).rejects.toThrow();
    // The failure is the first page's alone: nothing else rejects (vitest fails a run on an unhandled rejection).
    await new Promise((done) => setTimeout(done, 50));
    await expect(write(undefined, '<p>Two.</p>')).rejects.toThrow();
  });

  it('a build copies the font slices and KaTeX its pages need, adds what later decks need, and restores them when _shared goes', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'content'));
    await writeFile(join(dir, 'content', 'plain.md'), '---\ntitle: Plain\n---\n\n## Words\n\nOnly English here.\n');
    const slices = async (): Promise<string[]> => (await readdir(join(dir, 'dist', '_shared', 'fonts', 'pretendard'))).sort();
    const katex = (): Promise<boolean> => stat(join(dir, 'dist', '_shared', 'katex', 'katex.css')).then(() => true, () => false);
    expect((await runCli(['build', '--no-pdf'], { cwd: dir })).code).toBe(0);
    const english = await slices();
    expect(english.length).toBeGreaterThan(0);
    expect(english.length).toBeLessThan(60);
    expect(await katex()).toBe(false);
    const css = await readFile(join(dir, 'dist', '_shared', 'fonts', 'fonts.css'), 'utf8');
    expect([...css.matchAll(/url\(pretendard\//g)].length).toBeGreaterThan(400);
    // The deck's page names only the slices it shows (the stylesheet of them all is for other pages): each one copied.
    const page = await readFile(join(dir, 'dist', 'plain', 'index.html'), 'utf8');
    expect(page).not.toContain('fonts/fonts.css"');
    const named = [...new Set([...page.matchAll(/url\(\.\.\/_shared\/fonts\/pretendard\/([^)]+)\)/g)].map((match) => match[1]!))].sort();
    expect(named).toEqual(english);

    await writeFile(join(dir, 'content', 'korean.md'), '---\ntitle: 한국어\nlang: ko\nuse_math: true\n---\n\n## 수식\n\n넓이는 $\\pi r^2$ 입니다.\n');
    expect((await runCli(['build', '--no-pdf'], { cwd: dir })).code).toBe(0);
    const both = await slices();
    expect(both.length).toBeGreaterThan(english.length);
    expect(both).toEqual(expect.arrayContaining(english));
    expect(await katex()).toBe(true);

    // The decks are unchanged; their pages still name their slices, which come back with the shared folder.
    await rm(join(dir, 'dist', '_shared'), { recursive: true });
    const again = await runCli(['build', '--no-pdf'], { cwd: dir });
    expect(again.stdout).toMatch(/unchanged/);
    expect(await slices()).toEqual(both);
    expect(await katex()).toBe(true);
  });
});
