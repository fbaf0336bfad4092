#!/usr/bin/env node
// Bundles the compiled command line into lib/bundle/: one module per command and stage group instead of hundreds of
// small files, so start-up spends its time working rather than resolving and loading modules. Chunks are split at the
// dynamic imports, so each command still loads only what it needs; Puppeteer stays outside (loaded only to print).
// bin/briefdeck.js runs the bundle when it is there, else lib/cli.js. Run by `npm run build:ts` after tsc.
// It also compiles the built-in themes' Handlebars templates ahead into lib/templates.json (see src/render/precompiled.ts).
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
  plugins: [
    {
      name: 'no-source-map',
      setup(bundle) {
        bundle.onResolve({ filter: /^source-map$/ }, () => ({ path: 'source-map', namespace: 'stub' }));
        bundle.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
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
