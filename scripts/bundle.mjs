#!/usr/bin/env node
// Bundles the compiled command line into lib/bundle/: one module per command and stage group instead of hundreds of
// small files, so start-up spends its time working rather than resolving and loading modules. Chunks are split at the
// dynamic imports, so each command still loads only what it needs. Puppeteer's core is bundled too, in the chunk
// loaded to print (about 90 ms to load rather than 300 for its hundreds of modules), without what it needs only to
// download browsers or speak WebDriver BiDi; the full `puppeteer` package, asked only where its own browser is, stays outside.
// bin/briefdeck.js runs the bundle when it is there, else lib/cli.js. Run by `npm run build:ts` after tsc.
// It also compiles the built-in themes' Handlebars templates ahead into lib/templates.json (see src/render/precompiled.ts),
// writes the shipped fonts as read from their packages into lib/font-set.json (see src/write/fonts.ts), and writes the
// bundle's hash beside it (lib/bundle/code.sha256), which briefdeck's identity is made of.
import { build } from 'esbuild';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}lib/bundle`;
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: [`${root}src/cli.ts`],
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outdir,
  // Chunks live two folders below the package, as the modules of src/<stage>/ do, so their paths to templates/ hold.
  chunkNames: 'chunk-[hash]',
  external: ['puppeteer'],
  // CommonJS packages inside the bundle (handlebars) require Node's modules.
  banner: { js: "import { createRequire as createRequireForBundle } from 'node:module'; const require = createRequireForBundle(import.meta.url);" },
  // Handlebars loads the source-map library only to map compiled templates back to their source, which briefdeck never
  // asks for; without it Handlebars uses its own small stand-in, so the bundle leaves it out.
  // Puppeteer's core imports, besides what launches a browser: proxy-agent (with a JavaScript parser for PAC files) to
  // download browsers, yargs for the download tool's command line, chromium-bidi for the WebDriver BiDi protocol.
  // briefdeck launches a browser it found, over the DevTools protocol, so the bundle leaves them out.
  plugins: [
    {
      name: 'left-out',
      setup(bundle) {
        bundle.onResolve({ filter: /^(source-map|proxy-agent|yargs|chromium-bidi)($|\/)/ }, (found) => ({ path: found.path, namespace: 'left-out' }));
        // pdf-lib deflates with Node's zlib rather than pako's JavaScript (see scripts/pdf-lib-deflate.mjs).
        bundle.onResolve({ filter: /^pako$/ }, (found) => (/[\\/]pdf-lib[\\/]/.test(found.importer) ? { path: `${root}scripts/pdf-lib-deflate.mjs` } : undefined));
        bundle.onLoad({ filter: /.*/, namespace: 'left-out' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
      },
    },
  ],
  logLevel: 'warning',
});

// The built-in templates compiled ahead, by the compiled modules (lib/) so that the code that reads them wrote them.
const { compileAhead, compiledTemplatesFile, templateKey } = await import(`${root}lib/render/precompiled.js`);
const { writeFileAtomic } = await import(`${root}lib/write/files.js`);
const { default: Handlebars } = await import('handlebars');
const templates = {};
for (const entry of readdirSync(`${root}templates`, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !entry.name.endsWith('.hbs')) continue;
  const source = readFileSync(join(entry.parentPath ?? entry.path, entry.name), 'utf8');
  templates[templateKey(source)] = compileAhead(Handlebars, source);
}
await writeFileAtomic(compiledTemplatesFile(), `${JSON.stringify(templates)}\n`);

// The shipped fonts as read from their packages (lib/font-set.json; see loadFontSet), so a build reads one small file.
const { fontSetFile, storedFontSet } = await import(`${root}lib/write/fonts.js`);
await writeFileAtomic(fontSetFile(), `${JSON.stringify(await storedFontSet())}\n`);

// The bundle's hash, which briefdeck's identity (deck.json's inputs hash) is made of, so a build need not read the bundle.
const { codeHash, codeHashFile } = await import(`${root}lib/build/inputs.js`);
await writeFileAtomic(join(outdir, codeHashFile), `${await codeHash(outdir)}\n`);
