// A deck whose inputs did not change is not built again: the article, its images, the theme chain's files, the
// resolved options and briefdeck itself are hashed into deck.json; any change rebuilds that deck, `--force` all.
import { cp, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeHash, codeHashFile, hasBuiltDecks, inputsHash, toolIdentity, type InputParts } from '../src/build/inputs.js';
import { loadTheme } from '../src/render/theme.js';
import { resolveOptions } from '../src/load/config.js';
import { root, runCli, tempDir } from './helpers.js';

const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');

async function project(): Promise<string> {
  const dir = await tempDir();
  await mkdir(join(dir, 'content'));
  await writeFile(join(dir, 'content', 'a.md'), '---\ntitle: Alpha\n---\n\n## One\n\nText of alpha.\n\n![chart](chart.png)\n\n![later](later.png)\n');
  await writeFile(join(dir, 'content', 'b.md'), '---\ntitle: Beta\ntheme: ./house\n---\n\n## One\n\nText of beta.\n');
  await writeFile(join(dir, 'content', 'chart.png'), png);
  await mkdir(join(dir, 'house', 'partials'), { recursive: true });
  await writeFile(join(dir, 'house', 'theme.json'), JSON.stringify({ name: 'house', extends: 'briefing' }));
  await writeFile(join(dir, 'house', 'theme.css'), '.reveal { letter-spacing: 0; }\n');
  return dir;
}

/** Builds (HTML only unless `args` say otherwise) and returns the decks reported unchanged and rebuilt. */
async function buildOnce(dir: string, args: string[] = ['--no-pdf']): Promise<{ unchanged: string[]; built: string[]; stderr: string; code: number }> {
  const run = await runCli(['build', ...args], { cwd: dir });
  const lines = run.stdout.split('\n').filter((line) => line.startsWith('✓'));
  return {
    code: run.code,
    stderr: run.stderr,
    unchanged: lines.filter((line) => line.includes('  unchanged · ')).map((line) => line.split(/\s+/)[1]!),
    built: lines.filter((line) => !line.includes('  unchanged · ')).map((line) => line.split(/\s+/)[1]!),
  };
}

describe('a build after a build', () => {
  it('leaves every unchanged deck as it was and says so; --force builds them all', async () => {
    const dir = await project();
    expect(await buildOnce(dir)).toMatchObject({ code: 0, built: ['a', 'b'], unchanged: [] });
    const page = join(dir, 'dist', 'a', 'index.html');
    const before = (await stat(page)).mtimeMs;
    const again = await runCli(['build', '--no-pdf'], { cwd: dir });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^✓ a {2}unchanged · 3 slides · [\d.]+ s {2}→ dist\/a\/$/m);
    expect(again.stdout).toMatch(/^2 decks built in [\d.]+ s \(2 unchanged\)$/m);
    expect((await stat(page)).mtimeMs).toBe(before);
    // The warning about the missing image is given again, as the first build gave it.
    expect(again.stderr).toBe('warning: content/a.md:11: image "later.png" not found: the deck shows its alt text instead\n');
    expect(await buildOnce(dir, ['--no-pdf', '--force'])).toMatchObject({ built: ['a', 'b'], unchanged: [] });
    expect((await stat(page)).mtimeMs).toBeGreaterThan(before);
  });

  it('builds again the deck whose article changed, and only it', async () => {
    const dir = await project();
    await buildOnce(dir);
    await writeFile(join(dir, 'content', 'a.md'), (await readFile(join(dir, 'content', 'a.md'), 'utf8')).replace('Text of alpha.', 'Other text.'));
    expect(await buildOnce(dir)).toMatchObject({ built: ['a'], unchanged: ['b'] });
    expect(await readFile(join(dir, 'dist', 'a', 'index.html'), 'utf8')).toContain('Other text.');
  });

  it('builds again when a local image changes, and when a missing one appears', async () => {
    const dir = await project();
    await buildOnce(dir);
    await writeFile(join(dir, 'content', 'chart.png'), Buffer.concat([png, Buffer.from([0])]));
    expect(await buildOnce(dir)).toMatchObject({ built: ['a'], unchanged: ['b'] });
    expect((await stat(join(dir, 'dist', 'a', 'assets', 'chart.png'))).size).toBe(png.length + 1);
    await writeFile(join(dir, 'content', 'later.png'), png);
    const run = await buildOnce(dir);
    expect(run).toMatchObject({ built: ['a'], unchanged: ['b'], stderr: '' });
    expect(await readFile(join(dir, 'dist', 'a', 'index.html'), 'utf8')).toContain('assets/later.png');
  });

  it('builds again the decks of a theme whose files changed (CSS, a partial, theme.json), and only them', async () => {
    const dir = await project();
    await buildOnce(dir);
    await writeFile(join(dir, 'house', 'theme.css'), '.reveal { letter-spacing: 0.01em; }\n');
    expect(await buildOnce(dir)).toMatchObject({ built: ['b'], unchanged: ['a'] });
    await writeFile(join(dir, 'house', 'partials', 'title.hbs'), '<section class="slide kind-title"><h1>{{meta.title}} by the house</h1></section>\n');
    expect(await buildOnce(dir)).toMatchObject({ built: ['b'], unchanged: ['a'] });
    await writeFile(join(dir, 'house', 'theme.json'), JSON.stringify({ name: 'house', extends: 'briefing', variables: { '--bd-accent': '#7a1f2b' } }));
    expect(await buildOnce(dir)).toMatchObject({ built: ['b'], unchanged: ['a'] });
  });

  it('builds again when the options change: the config file, a flag, the outputs asked for', async () => {
    const dir = await project();
    await buildOnce(dir);
    await writeFile(join(dir, 'briefdeck.config.json'), JSON.stringify({ theme_vars: { accent: '#0f5c4d' } }));
    expect(await buildOnce(dir)).toMatchObject({ built: ['a', 'b'], unchanged: [] });
    expect(await buildOnce(dir, ['--no-pdf', '--agenda'])).toMatchObject({ built: ['a', 'b'], unchanged: [] });
    expect(await buildOnce(dir, ['--no-pdf', '--agenda'])).toMatchObject({ built: [], unchanged: ['a', 'b'] });
    expect(await buildOnce(dir, ['--no-pdf', '--agenda', '--unsafe-html'])).toMatchObject({ built: ['a', 'b'], unchanged: [] });
  });

  it('builds again a deck whose files were removed from the output', async () => {
    const dir = await project();
    await buildOnce(dir);
    await rm(join(dir, 'dist', 'a', 'assets', 'chart.png'));
    expect(await buildOnce(dir)).toMatchObject({ built: ['a'], unchanged: ['b'] });
    expect((await stat(join(dir, 'dist', 'a', 'assets', 'chart.png'))).size).toBe(png.length);
  });

  it('builds again a deck whose translation appeared (its language links change)', async () => {
    const dir = await project();
    await writeFile(join(dir, 'content', 'a.md'), '---\ntitle: Alpha\nref: alpha\nlang: en\n---\n\n## One\n\nText.\n');
    await buildOnce(dir);
    await writeFile(join(dir, 'content', 'a-ko.md'), '---\ntitle: 알파\nref: alpha\nlang: ko\nslug: a-ko\n---\n\n## 하나\n\n글.\n');
    expect(await buildOnce(dir)).toMatchObject({ built: ['a-ko', 'a'], unchanged: ['b'] });
    expect(await readFile(join(dir, 'dist', 'a', 'index.html'), 'utf8')).toContain('hreflang="ko"');
  });

  it('does not print an unchanged deck again: no browser is even started', async () => {
    const dir = await project();
    await rm(join(dir, 'content', 'b.md'));
    expect((await buildOnce(dir, [])).built).toEqual(['a']);
    const pdf = join(dir, 'dist', 'a', 'a.pdf');
    const before = (await stat(pdf)).mtimeMs;
    const run = await runCli(['build'], { cwd: dir, env: { PUPPETEER_EXECUTABLE_PATH: join(dir, 'no-such-browser') } });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^✓ a {2}unchanged · 3 slides · 3 PDF pages · handout \d+ pages · [\d.]+ s/m);
    expect((await stat(pdf)).mtimeMs).toBe(before);
    // The same deck without its handout is another output: built again (and the browser is needed).
    const without = await runCli(['build', '--no-handout'], { cwd: dir });
    expect(without.stdout).toMatch(/^✓ a {2}3 slides · 3 PDF pages · [\d.]+ s/m);
  });
});

describe('an output folder with nothing to skip', () => {
  it('is one without a deck folder holding a deck.json (the browser then starts before the articles are read)', async () => {
    const dir = await tempDir();
    expect(await hasBuiltDecks(join(dir, 'missing'))).toBe(false);
    expect(await hasBuiltDecks(dir)).toBe(false);
    await mkdir(join(dir, '_shared'));
    await writeFile(join(dir, '_shared', 'manifest.json'), '{}');
    await mkdir(join(dir, 'half-built'));
    await writeFile(join(dir, 'index.html'), '');
    expect(await hasBuiltDecks(dir)).toBe(false);
    await writeFile(join(dir, 'half-built', 'deck.json'), '{}');
    expect(await hasBuiltDecks(dir)).toBe(true);
  });
});

describe('the inputs hash', () => {
  it('changes with each input: article, path, images, options, theme variables, flags, theme, briefdeck itself', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'x.png'), png);
    await cp(join(dir, 'x.png'), join(dir, 'y.png'));
    const theme = await loadTheme('briefing', { cwd: dir });
    const base: InputParts = {
      tool: '0.1.0+abc', cwd: dir, shown: 'a.md', article: Buffer.from('# A\n'), root: dir,
      options: resolveOptions({}), themeVars: {}, flags: { pdf: true }, theme, images: [join(dir, 'x.png')],
    };
    const hash = await inputsHash(base);
    expect(await inputsHash({ ...base })).toBe(hash);
    const changed: Array<Partial<InputParts>> = [
      { tool: '0.1.1+abc' },
      { shown: 'b.md' },
      { article: Buffer.from('# B\n') },
      { root: join(dir, 'sub') },
      { options: { ...base.options, agenda: true } },
      { themeVars: { accent: '#000' } },
      { flags: { pdf: false } },
      { theme: { ...theme, css: [...theme.css, { file: 'extra.css', source: 'a {}' }] } },
      { theme: await loadTheme('hanji', { cwd: dir }) },
      { images: [join(dir, 'y.png')] },
      { images: [join(dir, 'x.png'), join(dir, 'missing.png')] },
    ];
    for (const change of changed) expect(await inputsHash({ ...base, ...change }), JSON.stringify(Object.keys(change))).not.toBe(hash);
    await writeFile(join(dir, 'x.png'), Buffer.concat([png, png]));
    expect(await inputsHash(base)).not.toBe(hash);
    // Where the project lies does not matter: paths are named from the working folder.
    const moved = await tempDir();
    await cp(join(dir, 'y.png'), join(moved, 'x.png'));
    await writeFile(join(moved, 'x.png'), Buffer.concat([png, png]));
    expect(await inputsHash({ ...base, cwd: moved, root: moved, images: [join(moved, 'x.png')] })).toBe(await inputsHash(base));
  });
});

describe("briefdeck's identity", () => {
  it('hashes a folder by its files\' paths within it and their content, wherever it lies', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'code', 'sub'), { recursive: true });
    await writeFile(join(dir, 'code', 'a.js'), 'a');
    await writeFile(join(dir, 'code', 'sub', 'b.js'), 'b');
    const hash = await codeHash(join(dir, 'code'));
    await cp(join(dir, 'code'), join(dir, 'moved'), { recursive: true });
    expect(await codeHash(join(dir, 'moved'))).toBe(hash);
    // Its own hash file and source maps are not the code.
    await writeFile(join(dir, 'code', codeHashFile), hash);
    await writeFile(join(dir, 'code', 'a.js.map'), '{}');
    expect(await codeHash(join(dir, 'code'))).toBe(hash);
    await writeFile(join(dir, 'code', 'sub', 'b.js'), 'c');
    expect(await codeHash(join(dir, 'code'))).not.toBe(hash);
    await rm(join(dir, 'code', 'sub', 'b.js'));
    await writeFile(join(dir, 'code', 'b.js'), 'b');
    expect(await codeHash(join(dir, 'code'))).not.toBe(hash);
  });

  it('is the version and the hash of the code and templates, the bundle\'s hash read from beside it', async () => {
    const dir = await tempDir();
    const bundle = join(dir, 'lib', 'bundle');
    await mkdir(bundle, { recursive: true });
    await mkdir(join(dir, 'templates'));
    await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'briefdeck', version: '9.8.7' }));
    await writeFile(join(dir, 'templates', 'layout.hbs'), '<p>{{title}}</p>');
    await writeFile(join(bundle, 'cli.js'), 'export {};');
    const computed = await toolIdentity(bundle);
    expect(computed).toMatch(/^9\.8\.7\+[0-9a-f]{16}$/);
    await writeFile(join(bundle, codeHashFile), `${await codeHash(bundle)}\n`);
    expect(await toolIdentity(bundle)).toBe(computed);
    // Read, not worked out again: another hash written there gives another identity.
    await writeFile(join(bundle, codeHashFile), `${'0'.repeat(64)}\n`);
    expect(await toolIdentity(bundle)).not.toBe(computed);
    await writeFile(join(bundle, codeHashFile), `${await codeHash(bundle)}\n`);
    await writeFile(join(dir, 'templates', 'layout.hbs'), '<p>{{title}}!</p>');
    expect(await toolIdentity(bundle)).not.toBe(computed);
  });

  it('is written beside the bundle when the bundle is made', async () => {
    const bundle = join(root, 'lib', 'bundle');
    const written = (await readFile(join(bundle, codeHashFile), 'utf8')).trim();
    expect(written).toBe(await codeHash(bundle));
  });
});
