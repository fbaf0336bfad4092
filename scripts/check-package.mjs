#!/usr/bin/env node
// Packs briefdeck as `npm publish` would, installs the tarball into an empty project in a temporary folder (with
// PUPPETEER_SKIP_DOWNLOAD=1: the machine's own browser is used), and uses it there as a user would: the library
// (`import { build } from 'briefdeck'`), the command (`npx briefdeck build`), its types, `doctor` and the theme gallery.
// Prints one line per step; exits 1 at the first that fails. Needs the npm registry (or a warm npm cache).
//
//   node scripts/check-package.mjs            every step (the last two start a browser)
//   node scripts/check-package.mjs --no-browser   leave out doctor and the gallery
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repo = fileURLToPath(new URL('..', import.meta.url));
const browser = !process.argv.includes('--no-browser');
const keep = process.argv.includes('--keep');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const env = { ...process.env, PUPPETEER_SKIP_DOWNLOAD: '1', NO_COLOR: '1', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };

const talk = `---
title: A Talk From npm
---

Installed from the tarball.

## First

- one
- two

## Second

Text.
`;

/** Runs one step and prints its line; on failure prints what failed and exits 1. */
async function step(name, fn) {
  const started = performance.now();
  try {
    const note = await fn();
    console.log(`✓ ${name}${note ? `: ${note}` : ''} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  } catch (error) {
    console.error(`✗ ${name}: ${error instanceof Error ? error.message : String(error)}`);
    if (error?.stderr) console.error(String(error.stderr).trim());
    process.exit(1);
  }
}

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

const dir = await mkdtemp(join(tmpdir(), 'briefdeck-package-'));
const project = join(dir, 'project');
await mkdir(project);
const { version } = JSON.parse(await readFile(join(repo, 'package.json'), 'utf8'));
let tarball = '';

try {
  await step('npm pack (prepack empties lib/, prepare compiles it)', async () => {
    const { stdout } = await run(npm, ['pack', '--json', '--pack-destination', dir], { cwd: repo, env, maxBuffer: 64 * 1024 * 1024 });
    const [packed] = JSON.parse(stdout.slice(stdout.indexOf('[')));
    tarball = join(dir, packed.filename);
    const files = packed.files.map((file) => file.path);
    const unwanted = files.filter((file) => /^(test|src|scripts|content|dist|\.ci)\b|fixtures|\.map$|\.test\./.test(file));
    expect(unwanted.length === 0, `the tarball carries ${unwanted.join(', ')}`);
    for (const file of ['lib/index.js', 'lib/index.d.ts', 'lib/cli.js', 'bin/briefdeck.js', 'LICENSE', 'README.md', 'templates/_gallery/layouts.md']) {
      expect(files.includes(file), `the tarball lacks ${file}`);
    }
    return `${packed.filename}, ${files.length} files, ${Math.round(packed.size / 1024)} KB`;
  });

  await step('npm install the tarball into an empty project (PUPPETEER_SKIP_DOWNLOAD=1)', async () => {
    await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'try-briefdeck', private: true, type: 'module' }, null, 2));
    await run(npm, ['install', '--no-package-lock', tarball], { cwd: project, env, maxBuffer: 64 * 1024 * 1024 });
    const installed = JSON.parse(await readFile(join(project, 'node_modules', 'briefdeck', 'package.json'), 'utf8'));
    expect(installed.version === version, `installed ${installed.version}, packed ${version}`);
    expect(!existsSync(join(project, 'node_modules', 'briefdeck', 'test')), 'the installed package has a test/ folder');
  });

  await writeFile(join(project, 'talk.md'), talk);

  await step("import { build } from 'briefdeck'; await build({ inputs: ['talk.md'], out: 'api-out', pdf: false })", async () => {
    const script = "import { build } from 'briefdeck';\nconst result = await build({ inputs: ['talk.md'], out: 'api-out', pdf: false });\nconsole.log(JSON.stringify(result.decks.map((deck) => ({ ok: deck.ok, slug: deck.slug, slides: deck.slides }))));\n";
    await writeFile(join(project, 'use-api.mjs'), script);
    const { stdout } = await run(process.execPath, ['use-api.mjs'], { cwd: project, env });
    const decks = JSON.parse(stdout);
    expect(decks.length === 1 && decks[0].ok, `build() returned ${stdout.trim()}`);
    expect(existsSync(join(project, 'api-out', decks[0].slug, 'index.html')), `no api-out/${decks[0].slug}/index.html`);
    return `api-out/${decks[0].slug}/index.html, ${decks[0].slides} slides`;
  });

  await step('npx briefdeck build talk.md --no-pdf --out cli-out', async () => {
    const { stdout } = await run(npx, ['briefdeck', 'build', 'talk.md', '--no-pdf', '--out', 'cli-out'], { cwd: project, env });
    expect(existsSync(join(project, 'cli-out', 'talk', 'index.html')), `no cli-out/talk/index.html: ${stdout}`);
    expect(existsSync(join(project, 'cli-out', '_shared', 'reveal', 'reveal.js')), 'no Reveal.js in cli-out/_shared/');
    return stdout.trim().split('\n').pop();
  });

  await step('npx briefdeck --version', async () => {
    const { stdout } = await run(npx, ['briefdeck', '--version'], { cwd: project, env });
    expect(stdout.trim() === version, `printed "${stdout.trim()}", not ${version}`);
    return stdout.trim();
  });

  await step('the package declares its types (a strict TypeScript program type-checks against them)', async () => {
    const installed = JSON.parse(await readFile(join(project, 'node_modules', 'briefdeck', 'package.json'), 'utf8'));
    expect(installed.types && installed.exports?.['.']?.types, 'package.json has no types');
    expect(existsSync(join(project, 'node_modules', 'briefdeck', installed.exports['.'].types)), `no ${installed.exports['.'].types}`);
    await writeFile(join(project, 'use-types.ts'), [
      "import { build, planDeck, renderDeck, loadTheme, check, DeckError, type BuildResult, type Deck, type DeckBuild } from 'briefdeck';",
      "const result: BuildResult = await build({ inputs: ['talk.md'], out: 'api-out', pdf: false, onProgress: (event) => { if (event.type === 'deck') console.log(event.deck.slug); } });",
      'const first: DeckBuild | undefined = result.decks[0];',
      "const { deck } = await planDeck({ file: 'talk.md' });",
      'const plain: Deck = deck;',
      "const html: string = await renderDeck(plain, { theme: await loadTheme('briefing') });",
      'const checked: number = (await check({ paths: [] })).problems;',
      'console.log(first?.error instanceof DeckError, html.length, checked);',
      '',
    ].join('\n'));
    // And the types are real: a wrong option is an error (one program, so the declarations are read once).
    await writeFile(join(project, 'use-wrong.ts'), "import { build } from 'briefdeck';\nawait build({ pageSize: 'a3' });\n");
    await writeFile(join(project, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2023', 'DOM'], types: [], strict: true, exactOptionalPropertyTypes: true, noEmit: true, skipLibCheck: false },
      files: ['use-types.ts', 'use-wrong.ts'],
    }));
    const tsc = join(repo, 'node_modules', 'typescript', 'bin', 'tsc');
    const output = await run(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: project, env }).then(() => '', (error) => String(error.stdout));
    const errors = output.split('\n').filter((line) => /error TS\d+/.test(line));
    expect(errors.length === 1 && errors[0].startsWith('use-wrong.ts') && errors[0].includes('"a3"'), `expected one error, in use-wrong.ts, got:\n${output || 'none'}`);
    return installed.exports['.'].types;
  });

  if (browser) {
    await step('npx briefdeck doctor', async () => {
      const { stdout } = await run(npx, ['briefdeck', 'doctor'], { cwd: project, env });
      expect(stdout.includes('PDFs can be printed.'), stdout);
      return stdout.split('\n').find((line) => line.startsWith('browser'))?.replace(/\s+/g, ' ');
    });

    await step('npx briefdeck themes --preview (no content/ here: the sample article shipped with the package)', async () => {
      const { stdout } = await run(npx, ['briefdeck', 'themes', '--preview', '--out', 'gallery'], { cwd: project, env });
      expect(/gallery: \d+ themes/.test(stdout), stdout);
      return stdout.trim().split('\n').pop();
    });
  }
  console.log(`the package works when installed from its tarball${keep ? ` (kept in ${dir})` : ''}`);
} finally {
  if (!keep) await rm(dir, { recursive: true, force: true });
}
