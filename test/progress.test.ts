// What a build prints while it prints PDFs: progress per deck on a terminal, plain result lines elsewhere.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { consoleReporter } from '../src/commands/build.js';
import type { Io } from '../src/commands/io.js';

/** Returns an Io whose streams collect their text; `tty` makes stderr a terminal. */
function collectingIo(tty: boolean, env: NodeJS.ProcessEnv = {}): Io & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  const stdout = Object.assign(new Writable({ write: (chunk, _encoding, done) => ((out += String(chunk)), done()) }), { isTTY: false });
  const stderr = Object.assign(new Writable({ write: (chunk, _encoding, done) => ((err += String(chunk)), done()) }), { isTTY: tty });
  return { stdout, stderr, env: { NO_COLOR: '1', ...env }, cwd: '/', out: () => out, err: () => err };
}

async function flush(): Promise<void> {
  await new Promise((done) => setImmediate(done));
}

function report(io: Io): void {
  const reporter = consoleReporter(io, false);
  reporter.start(2, 11, 'content/a.md');
  reporter.progress?.('slides PDF 29 pages');
  reporter.progress?.('handout 16 pages');
  reporter.deck({ file: 'content/a.md', ok: true, slug: 'a', slides: 29, pages: 29, handoutPages: 16, ms: 2100 });
}

describe('build progress', () => {
  it('shows deck N of M and what is being printed on a terminal, then the result line', async () => {
    const io = collectingIo(true);
    report(io);
    await flush();
    expect(io.err()).toContain('deck 2 of 11: content/a.md…');
    expect(io.err()).toContain('deck 2 of 11: content/a.md · slides PDF 29 pages…');
    expect(io.err()).toContain('deck 2 of 11: content/a.md · handout 16 pages…');
    expect(io.err().endsWith('\r\u001b[2K')).toBe(true);
    expect(io.out()).toBe('✓ a  29 slides · 29 PDF pages · handout 16 pages · 2.1 s\n');
  });

  it('prints plain result lines only, without progress, when not on a terminal or in CI', async () => {
    for (const io of [collectingIo(false), collectingIo(true, { CI: 'true' })]) {
      report(io);
      await flush();
      expect(io.err()).toBe('');
      expect(io.out()).toBe('✓ a  29 slides · 29 PDF pages · handout 16 pages · 2.1 s\n');
    }
  });
});
