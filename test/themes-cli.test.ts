// The theme commands and theme choices through the real binary: an outside theme folder, a broken partial,
// `theme new`, `themes`, the config file / front matter / flag precedence, and the gallery (real Chromium).
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from './helpers.js';

const article = '---\ntitle: House Style Test\ntoc: true\n---\n\n## First part\n\nA point.\n\n## Second part\n\n### One\n\nText.\n';

describe('a theme folder outside the project', () => {
  it('that only extends briefing, overrides partials/title.hbs and one variable, takes effect with no other file', async () => {
    const themeDir = await tempDir('briefdeck-house-');
    await mkdir(join(themeDir, 'partials'));
    await writeFile(join(themeDir, 'theme.json'), JSON.stringify({ extends: 'briefing', variables: { '--bd-accent': '#7a1f2b' } }));
    await writeFile(join(themeDir, 'partials', 'title.hbs'), '<div class="title-frame"><h1 class="house-title">{{@root.meta.title}}</h1></div>\n');
    const project = await tempDir();
    await writeFile(join(project, 'talk.md'), article);
    const run = await runCli(['build', 'talk.md', '--no-pdf', '--theme', themeDir, '--out', 'out'], { cwd: project });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const html = await readFile(join(project, 'out', 'talk', 'index.html'), 'utf8');
    expect(html).toContain('<h1 class="house-title">House Style Test</h1>');
    expect(html).not.toContain('class="deck-title"');
    expect(html).toMatch(/--bd-accent: #7a1f2b;/);
    expect(html).toMatch(/class="agenda-list( is-single)?"/);
    expect(html).toContain('class="section-frame"');
    const name = themeDir.split(/[\\/]/).filter(Boolean).pop()!;
    const css = await readFile(join(project, 'out', '_shared', 'themes', name, 'theme.css'), 'utf8');
    expect(css).toContain('briefing/theme.css');
  });

  it('with a broken partial fails with the partial\'s file and line, exit 4, and writes no deck', async () => {
    const themeDir = await tempDir('briefdeck-broken-');
    await mkdir(join(themeDir, 'partials'));
    await writeFile(join(themeDir, 'theme.json'), JSON.stringify({ extends: 'briefing' }));
    await writeFile(join(themeDir, 'partials', 'content.hbs'), '<div class="slide-frame">\n  <h2>{{title}}</h2>\n  {{#if html}}<div>{{{html}}}</div>\n</div>\n');
    const project = await tempDir();
    await writeFile(join(project, 'talk.md'), article);
    const run = await runCli(['build', 'talk.md', '--no-pdf', '--theme', themeDir, '--out', 'out'], { cwd: project });
    expect(run.code).toBe(4);
    expect(run.stderr).toBe(`✗ ${join(themeDir, 'partials', 'content.hbs')}:3: template syntax error: {{#if}} is never closed — add {{/if}} where the block ends\n`);
    expect(await readdir(join(project, 'out')).catch(() => [])).not.toContain('talk');
  });

  it('with an unknown helper names its line and column', async () => {
    const themeDir = await tempDir('briefdeck-helper-');
    await mkdir(join(themeDir, 'partials'));
    await writeFile(join(themeDir, 'theme.json'), JSON.stringify({ extends: 'briefing' }));
    await writeFile(join(themeDir, 'partials', 'closing.hbs'), '<div class="closing-frame">\n\n  <p>{{thanks @root.lang}}</p>\n</div>\n');
    const project = await tempDir();
    await writeFile(join(project, 'talk.md'), article);
    const run = await runCli(['build', 'talk.md', '--no-pdf', '--theme', themeDir, '--out', 'out'], { cwd: project });
    expect(run.code).toBe(4);
    expect(run.stderr).toContain(`${join(themeDir, 'partials', 'closing.hbs')}:3:6: unknown helper "thanks"`);
  });
});

describe('choosing a theme through the binary', () => {
  it('takes the flag over front matter, and front matter over briefdeck.config.json', async () => {
    const project = await tempDir();
    await writeFile(join(project, 'briefdeck.config.json'), JSON.stringify({ theme: 'midnight' }));
    await writeFile(join(project, 'plain.md'), '---\ntitle: Plain\n---\n\nBody.\n');
    await writeFile(join(project, 'chosen.md'), '---\ntitle: Chosen\ntheme: hanji\n---\n\nBody.\n');
    const themeOf = async (slug: string): Promise<string> => /class="reveal deck-([\w-]+)/.exec(await readFile(join(project, 'out', slug, 'index.html'), 'utf8'))![1]!;
    const configured = await runCli(['build', 'plain.md', 'chosen.md', '--no-pdf', '--out', 'out'], { cwd: project });
    expect(configured.code).toBe(0);
    expect([await themeOf('plain'), await themeOf('chosen')]).toEqual(['midnight', 'hanji']);
    const flagged = await runCli(['build', 'plain.md', 'chosen.md', '--no-pdf', '--theme', 'briefing', '--out', 'out'], { cwd: project });
    expect(flagged.code).toBe(0);
    expect([await themeOf('plain'), await themeOf('chosen')]).toEqual(['briefing', 'briefing']);
  });

  it('reads theme_vars from the config file under front matter', async () => {
    const project = await tempDir();
    await writeFile(join(project, 'briefdeck.config.yaml'), 'theme_vars:\n  accent: "#112233"\n  footer: Config footer\n');
    await writeFile(join(project, 'talk.md'), '---\ntitle: Talk\ntheme_vars:\n  footer: Article footer\n---\n\nBody.\n');
    const run = await runCli(['build', 'talk.md', '--no-pdf', '--out', 'out'], { cwd: project });
    expect(run.code).toBe(0);
    const html = await readFile(join(project, 'out', 'talk', 'index.html'), 'utf8');
    expect(html).toContain('--bd-accent: #112233;');
    expect(html).toContain('<span class="deck-brand-footer">Article footer</span>');
    expect(html).not.toContain('Config footer');
  });
});

describe('briefdeck theme new / themes', () => {
  it('scaffolds an editable theme that extends its parent, lists it, and builds with it by name', async () => {
    const project = await tempDir();
    const made = await runCli(['theme', 'new', 'acme'], { cwd: project });
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    expect(made.stdout).toContain('created themes/acme/');
    expect((await readdir(join(project, 'themes', 'acme'))).sort()).toEqual(['assets', 'partials', 'theme.css', 'theme.json']);
    expect((await readdir(join(project, 'themes', 'acme', 'partials'))).sort()).toEqual(['closing.hbs', 'title.hbs']);
    const json = JSON.parse(await readFile(join(project, 'themes', 'acme', 'theme.json'), 'utf8')) as { extends: string; variables: Record<string, string> };
    expect(json.extends).toBe('briefing');
    expect(json.variables['--bd-accent']).toBe('#0b4f8f');

    const listed = await runCli(['themes'], { cwd: project });
    expect(listed.code).toBe(0);
    expect(listed.stdout.split('\n').map((line) => line.split(/\s{2,}/).slice(0, 2).join(' '))).toEqual([
      'briefing built-in', 'hanji built-in', 'midnight built-in', './themes/acme local', '',
    ]);
    expect(listed.stdout).toMatch(/\.\/themes\/acme +local +House style based on briefing\. \(extends briefing\)/);

    await writeFile(join(project, 'themes', 'acme', 'partials', 'title.hbs'), '{{#if @root.meta.title}}\n<h1>{{@root.meta.title}}</h1>\n');
    await writeFile(join(project, 'talk.md'), article);
    const broken = await runCli(['build', 'talk.md', '--no-pdf', '--theme', 'acme', '--out', 'out'], { cwd: project });
    expect(broken.code).toBe(4);
    expect(broken.stderr).toBe('✗ themes/acme/partials/title.hbs:1: template syntax error: {{#if}} is never closed — add {{/if}} where the block ends\n');
    await writeFile(join(project, 'themes', 'acme', 'partials', 'title.hbs'), '<div class="title-frame"><h1 class="deck-title">{{@root.meta.title}}</h1></div>\n');
    const built = await runCli(['build', 'talk.md', '--no-pdf', '--theme', 'acme', '--out', 'out'], { cwd: project });
    expect(built.stderr).toBe('');
    expect(built.code).toBe(0);
    expect(await readFile(join(project, 'out', 'talk', 'index.html'), 'utf8')).toContain('class="reveal deck-acme"');

    await mkdir(join(project, 'themes', 'broken'));
    await writeFile(join(project, 'themes', 'broken', 'theme.json'), JSON.stringify({ extends: 'briefing', colour: 'red' }));
    const withBroken = await runCli(['themes'], { cwd: project });
    expect(withBroken.code).toBe(4);
    expect(withBroken.stdout).toContain('./themes/acme');
    expect(withBroken.stderr).toBe('✗ themes/broken/theme.json: theme.json has unknown key "colour" — known keys: name, description, extends, variables, reveal, fonts, metrics, brand\n');

    const again = await runCli(['theme', 'new', 'acme'], { cwd: project });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/themes\/acme: a file or folder of that name already exists — choose another name/);
  });

  it('scaffolds from another theme into another folder, extending it by name or relative path', async () => {
    const project = await tempDir();
    expect((await runCli(['theme', 'new', 'night', '--from', 'midnight', '--dir', 'brand'], { cwd: project })).code).toBe(0);
    const night = JSON.parse(await readFile(join(project, 'brand', 'night', 'theme.json'), 'utf8')) as { extends: string; variables: Record<string, string> };
    expect(night.extends).toBe('midnight');
    expect(night.variables['--bd-bg']).toBe('#0b1120');
    expect((await runCli(['theme', 'new', 'later', '--from', './brand/night'], { cwd: project })).code).toBe(0);
    const later = JSON.parse(await readFile(join(project, 'themes', 'later', 'theme.json'), 'utf8')) as { extends: string };
    expect(later.extends).toBe('../../brand/night');
    await writeFile(join(project, 'talk.md'), article);
    const built = await runCli(['build', 'talk.md', '--no-pdf', '--theme', 'later', '--out', 'out'], { cwd: project });
    expect(built.code).toBe(0);
    expect(await readFile(join(project, 'out', 'talk', 'index.html'), 'utf8')).toContain('--bd-bg: #0b1120;');
  });

  it('refuses a bad name or a missing parent with one line', async () => {
    const project = await tempDir();
    const bad = await runCli(['theme', 'new', '../x'], { cwd: project });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('briefdeck: invalid theme name "../x" — use letters, digits, dots and dashes, like acme-2026\n');
    const taken = await runCli(['theme', 'new', 'hanji'], { cwd: project });
    expect(taken.code).toBe(2);
    expect(taken.stderr).toBe('briefdeck: "hanji" is the name of a built-in theme — choose your own name, and --from hanji to start from it\n');
    const missing = await runCli(['theme', 'new', 'x', '--from', 'nope'], { cwd: project });
    expect(missing.code).toBe(4);
    expect(missing.stderr).toMatch(/^briefdeck: unknown theme "nope" — built-in themes: briefing, hanji, midnight/);
    expect(await stat(join(project, 'themes')).then(() => true, () => false)).toBe(false);
  });

  it('draws a gallery of every slide kind and layout in every theme, from the sample shipped with briefdeck (real Chromium)', async () => {
    const project = await tempDir();
    expect((await runCli(['theme', 'new', 'acme', '--from', 'hanji'], { cwd: project })).code).toBe(0);
    const run = await runCli(['themes', '--preview', '--out', 'out'], { cwd: project });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const shown = ['title', 'agenda', 'section', 'statement', 'list', 'columns', 'picture', 'table', 'code', 'dense', 'closing'];
    expect(run.stdout).toContain(`gallery: 4 themes, ${4 * shown.length} slides → out/_themes/index.html`);
    const page = await readFile(join(project, 'out', '_themes', 'index.html'), 'utf8');
    const pictures = [...page.matchAll(/<img src="([^"]+)"/g)].map((match) => match[1]!);
    expect(pictures).toHaveLength(4 * shown.length);
    for (const label of shown) expect(pictures).toContain(`03-midnight/${label}.jpg`);
    // The sample's picture is copied beside its deck.
    expect((await readdir(join(project, 'out', '_themes', '01-briefing', 'assets'))).some((name) => name.endsWith('.svg'))).toBe(true);
    for (const picture of pictures) {
      const bytes = await readFile(join(project, 'out', '_themes', picture));
      expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
      expect(bytes.length).toBeGreaterThan(10_000);
    }
    expect(page).toContain('href="04-acme/index.html#/title"');
  });
});
