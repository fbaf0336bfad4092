// Shared test helpers: the seed and the fixture articles, plan an article from text, run the real CLI binary, read PDFs with poppler.
import { execFile, spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { resolveOptions } from '../src/load/config.js';
import { parseSource } from '../src/load/source.js';
import type { Deck } from '../src/model/deck.js';
import { parseMarkdown } from '../src/load/parse.js';
import { planDeck } from '../src/plan/index.js';
import type { Root as HastRoot } from 'hast';
import { raw } from 'hast-util-raw';
import type { Root } from 'mdast';
import { slideRenderer, type RawHtml } from '../src/render/markdown.js';
import { needsRawHtml } from '../src/render/tools.js';

export const root = fileURLToPath(new URL('..', import.meta.url));

/** The HTML parser a build loads for an article with HTML (`renderTools`), for tests that plan without it. */
const rawHtml: RawHtml = (tree) => raw(tree) as HastRoot;

/** The HTML parser, given as a build gives it: only when the build's test says the article's slides show raw HTML. */
export function rawHtmlIfNeeded(tree: Root): { raw?: RawHtml } {
  return needsRawHtml(tree) ? { raw: rawHtml } : {};
}
export const seedFile = join(root, 'content', 'sovereign-ai-korea.md');
/** The project's own test articles: each exercises something real blog posts do (see test/fixtures/README.md). */
export const fixtureArticles = join(root, 'test', 'fixtures', 'articles');

/** Returns the paths of the fixture articles, in name order. */
export function fixtureFiles(): string[] {
  return readdirSync(fixtureArticles).filter((name) => name.endsWith('.md')).sort().map((name) => join(fixtureArticles, name));
}

const bin = join(root, 'bin', 'briefdeck.js');

/** Returns the Deck planned from an article's text (no disk, no browser). */
export function planText(text: string, path = 'test.md', flags: Parameters<typeof resolveOptions>[0]['flags'] = {}): Deck {
  const source = parseSource(path, text);
  const options = resolveOptions({ frontMatter: source.frontMatter, file: path, flags });
  const tree = parseMarkdown(source.body);
  return planDeck({ source, tree, options, render: slideRenderer(tree, rawHtmlIfNeeded(tree)) });
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `briefdeck` binary (through `wrapper`, such as `setpriv …`, when given) and returns its exit code and output. */
export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; wrapper?: string[] } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const [command, ...prefix] = [...(options.wrapper ?? []), process.execPath];
    const child = spawn(command!, [...prefix, bin, ...args], {
      cwd: options.cwd ?? root,
      // No test reaches the internet: remote pictures stay remote unless a test serves them itself (and says so).
      env: { ...process.env, NO_COLOR: '1', BRIEFDECK_NO_FETCH: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Returns a new empty temporary folder. */
export function tempDir(prefix = 'briefdeck-test-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

const run = promisify(execFile);

/** Returns the fields `pdfinfo` prints for a PDF. */
export async function pdfInfo(file: string): Promise<Record<string, string>> {
  const { stdout } = await run('pdfinfo', [file]);
  return Object.fromEntries(stdout.split('\n').map((line) => line.split(/:\s+/, 2)).filter((pair) => pair.length === 2).map(([key, value]) => [key!.trim(), value!.trim()]));
}

/** Returns the text of a PDF (or of pages first..last) as `pdftotext` reads it. */
export async function pdfText(file: string, first?: number, last?: number): Promise<string> {
  const args = [...(first ? ['-f', String(first)] : []), ...(last ? ['-l', String(last)] : []), file, '-'];
  const { stdout } = await run('pdftotext', args, { maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}
