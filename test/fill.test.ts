// The in-deck runtime sets a sparse content slide's type larger, on screen and in the print view, and never
// makes it overflow; a full slide keeps the theme's size.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserSession } from '../src/fit/browser.js';
import { runCli, tempDir } from './helpers.js';
import { sharedBrowser } from './shared.js';

const article = `---
title: Fill
---

## Sparse

One short sentence on its own.

## Full

- Data
- Computing power
- Model development
- Application services
- Open cooperation
- Talent
- Long-term investment
`;

describe('filling sparse slides', () => {
  let out = '';
  let session: BrowserSession;

  beforeAll(async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'fill.md'), article);
    out = join(dir, 'out');
    const run = await runCli(['build', 'fill.md', '--no-pdf', '--out', out], { cwd: dir });
    expect(run.code).toBe(0);
    session = await sharedBrowser();
  });
  afterAll(async () => session?.close());

  for (const view of ['', '?print-pdf']) {
    it(`sets the sparse slide larger and leaves the full one as it is (${view || 'presentation'} view)`, async () => {
      const page = await session.newPage({ width: 1280, height: 720 });
      await page.goto(`${pathToFileURL(join(out, 'fill', 'index.html')).href}${view}#/1`, { waitUntil: 'load' });
      await page.waitForFunction(() => document.documentElement.getAttribute('data-briefdeck-ready') === 'true');
      if (!view) await page.evaluate(() => (window as unknown as { Reveal: { slide(h: number): void } }).Reveal.slide(2));
      const slides = await page.evaluate(() =>
        ['sparse', 'full'].map((id) => {
          const slide = document.getElementById(id)!;
          const body = slide.querySelector('.slide-body')!;
          const text = body.querySelector('p, li')!;
          const last = body.lastElementChild as HTMLElement;
          const first = body.firstElementChild as HTMLElement;
          return {
            fill: slide.getAttribute('data-fill'),
            size: parseFloat(getComputedStyle(text).fontSize),
            used: last.offsetTop + last.offsetHeight - first.offsetTop,
            room: (body as HTMLElement).clientHeight,
          };
        }),
      );
      await page.close();
      const [sparse, full] = slides;
      expect(Number(sparse!.fill)).toBeGreaterThan(1);
      expect(sparse!.size).toBeGreaterThan(30);
      expect(sparse!.used).toBeLessThanOrEqual(sparse!.room);
      expect(full!.fill).toBeNull();
      expect(full!.size).toBe(28);
    });
  }
});
