// The output folder under stress: two builds at once, a held or stale lock, a read-only folder, a write that fails
// half-way. Each ends with a clear line and exit code, no temporary files, and every earlier deck intact.
import { spawn } from 'node:child_process';
import { chmod, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root, runCli, tempDir } from './helpers.js';
import { expectOneLine, leftoverTemps, runWrapped, snapshotDir, summaryOf } from './safety-helpers.js';

const article = (title: string): string => `---\ntitle: ${title}\n---\n\n## One\n\nText of ${title}.\n\n## Two\n\n- a\n- b\n`;

async function contentDir(titles: string[]): Promise<string> {
  const dir = await tempDir();
  await mkdir(join(dir, 'content'));
  for (const title of titles) await writeFile(join(dir, 'content', `${title.toLowerCase()}.md`), article(title));
  return dir;
}

describe('two builds into the same output folder', () => {
  it('both succeed, one after the other, and leave exactly what one build leaves', async () => {
    const titles = ['Alpha', 'Beta', 'Gamma', 'Delta'];
    const dir = await contentDir(titles);
    const [first, second] = await Promise.all([runCli(['build', '--no-pdf'], { cwd: dir }), runCli(['build', '--no-pdf'], { cwd: dir })]);
    for (const run of [first, second]) {
      expect(run.code).toBe(0);
      expect(summaryOf(run.stdout)).toEqual({ built: 4, failed: 0 });
      expect(run.stderr).toMatch(/^(|warning: another briefdeck build is writing to .*dist; waiting for it to finish .*\n)$/);
    }
    const alone = await contentDir(titles);
    expect((await runCli(['build', '--no-pdf'], { cwd: alone })).code).toBe(0);
    expect(await snapshotDir(join(dir, 'dist'), [])).toEqual(await snapshotDir(join(alone, 'dist'), []));
    expect(await leftoverTemps(join(dir, 'dist'))).toEqual([]);
  });

  it('waits while another live build holds the lock, and goes on when it is released', async () => {
    const dir = await contentDir(['Alpha']);
    const lock = join(dir, 'dist', '.briefdeck-lock');
    await mkdir(lock, { recursive: true });
    await writeFile(join(lock, 'owner'), `${process.pid}@${hostname()}`);
    const child = spawn(process.execPath, [join(root, 'bin', 'briefdeck.js'), 'build', '--no-pdf'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const waiting = new Promise<void>((done) => child.stderr.on('data', (chunk: Buffer) => ((stderr += chunk.toString()), stderr.includes('waiting') && done())));
    const exited = new Promise<number>((done) => child.on('close', (code) => done(code ?? -1)));
    await waiting;
    expect(await readdir(join(dir, 'dist'))).toEqual(['.briefdeck-lock']);
    await rm(lock, { recursive: true });
    expect(await exited).toBe(0);
    expect(stderr).toMatch(/^warning: another briefdeck build is writing to .*dist; waiting for it to finish \(if none is running, remove .*\.briefdeck-lock\)\n$/);
    expect(summaryOf(stdout)).toEqual({ built: 1, failed: 0 });
    expect(await leftoverTemps(join(dir, 'dist'))).toEqual([]);
  });

  it('takes over the lock of a build that died', async () => {
    const dir = await contentDir(['Alpha']);
    const dead = spawn(process.execPath, ['-e', '0']);
    const pid = dead.pid!;
    await new Promise((done) => dead.on('close', done));
    await mkdir(join(dir, 'dist', '.briefdeck-lock'), { recursive: true });
    await writeFile(join(dir, 'dist', '.briefdeck-lock', 'owner'), `${pid}@${hostname()}`);
    const run = await runCli(['build', '--no-pdf'], { cwd: dir });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(await leftoverTemps(join(dir, 'dist'))).toEqual([]);
  });
});

describe('an output folder that cannot be written', () => {
  // Tests run as root, whom file modes do not stop. So the build runs as the unprivileged `nobody` user
  // (setpriv drops root's uid, gid and groups), and the kernel enforces the read-only modes as it would for anyone.
  it('a read-only dist/: exit 7, one line, the earlier decks untouched', async () => {
    const dir = await contentDir(['Alpha', 'Beta']);
    await chmod(dir, 0o755);
    expect((await runCli(['build', '--no-pdf'], { cwd: dir })).code).toBe(0);
    const before = await snapshotDir(join(dir, 'dist'), []);
    await writeFile(join(dir, 'content', 'alpha.md'), article('Alpha changed'));
    await makeReadOnly(join(dir, 'dist'));
    const run = await runWrapped(['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--'], ['build', '--no-pdf'], { cwd: dir });
    expect(run.code).toBe(7);
    expectOneLine(run.stderr);
    expect(run.stderr).toBe(`briefdeck: ${join(dir, 'dist')}: cannot write output (permission denied) — check that the output folder is writable and has room\n`);
    expect(await snapshotDir(join(dir, 'dist'), [])).toEqual(before);
    expect(await leftoverTemps(join(dir, 'dist'))).toEqual([]);
  });

  it('a file where the output folder should be: exit 7, one line', async () => {
    const dir = await contentDir(['Alpha']);
    await writeFile(join(dir, 'dist'), 'a file, not a folder');
    const run = await runCli(['build', '--no-pdf', '--out', 'dist/site'], { cwd: dir });
    expect(run.code).toBe(7);
    expectOneLine(run.stderr);
    expect(run.stderr).toMatch(/^briefdeck: .*dist\/site: cannot write output \(a file is in the way of a folder\) — /);
  });

  // A write that fails half-way through a deck, as on a full disk: a file-size limit (ulimit -f, with SIGXFSZ
  // ignored so the write returns EFBIG) lets the small files through and stops the deck's large page.
  it('a write that fails half-way: exit 7, the staged deck removed, the earlier deck intact', async () => {
    const dir = await contentDir(['Alpha', 'Beta']);
    expect((await runCli(['build', '--no-pdf'], { cwd: dir })).code).toBe(0);
    const before = await snapshotDir(join(dir, 'dist'));
    await writeFile(join(dir, 'content', 'alpha.md'), `${article('Alpha')}\n${'A paragraph that makes the page large.\n\n'.repeat(2000)}`);
    const run = await runWrapped(['sh', '-c', 'trap "" XFSZ; ulimit -f 64; exec "$@"', 'sh'], ['build', '--no-pdf'], { cwd: dir });
    expect(run.code).toBe(7);
    expectOneLine(run.stderr);
    expect(run.stderr).toMatch(/^✗ .*dist\/alpha\/index\.html: cannot write output \(file too large for a size limit\) — /);
    expect(summaryOf(run.stdout)).toEqual({ built: 1, failed: 1 });
    expect(await snapshotDir(join(dir, 'dist'))).toEqual(before);
    expect(await leftoverTemps(join(dir, 'dist'))).toEqual([]);
  });
});

async function makeReadOnly(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await makeReadOnly(path);
    else await chmod(path, 0o444);
  }
  await chmod(dir, 0o555);
}
