// The in-deck runtime sets each content slide's type as large as its room allows, on screen and in the print view:
// a statement large and centred, a list of short items in two columns, a dense slide between the theme's smallest
// and its body size; nothing ever overflows.
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

## Dense

**Infrastructure**
- Regional broadband reaches every county
- Fabrication capacity expands southward
- Data centres double their power
- Public clouds host national models

**People and partners**
- Universities open graduate programmes
- Operators sell enterprise assistants
- Ministries coordinate security standards
- Partners broaden research collaboration
`;

interface Seen {
  layout: string | null;
  fill: string | null;
  size: number;
  used: number;
  room: number;
  columns: string;
}

describe('filling content slides', () => {
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
    it(`sets a statement large, a short list in two columns and a dense slide smaller, all within their room (${view || 'presentation'} view)`, async () => {
      const page = await session.newPage({ width: 1280, height: 720 });
      const seen: Record<string, Seen> = {};
      for (const [index, id] of ['sparse', 'full', 'dense'].entries()) {
        await page.goto(`${pathToFileURL(join(out, 'fill', 'index.html')).href}${view}#/${index + 1}`, { waitUntil: 'load' });
        await page.waitForFunction(() => document.documentElement.getAttribute('data-briefdeck-ready') === 'true');
        seen[id] = await page.evaluate((slideId) => {
          const slide = document.getElementById(slideId)!;
          const body = slide.querySelector<HTMLElement>('.slide-body')!;
          const text = body.querySelector('p, li')!;
          const blocks = Array.from(body.children) as HTMLElement[];
          const top = Math.min(...blocks.map((block) => block.offsetTop));
          const bottom = Math.max(...blocks.map((block) => block.offsetTop + block.offsetHeight));
          return {
            layout: slide.getAttribute('data-layout'),
            fill: slide.getAttribute('data-fill'),
            size: parseFloat(getComputedStyle(text).fontSize),
            used: bottom - top,
            room: body.clientHeight,
            columns: getComputedStyle(body.querySelector('ul, ol, p')!).columnCount,
          };
        }, id);
      }
      await page.close();
      const { sparse, full, dense: packed } = seen as Record<'sparse' | 'full' | 'dense', Seen>;
      expect(sparse.layout).toBe('statement');
      expect(Number(sparse.fill)).toBeGreaterThan(1.4);
      expect(sparse.size).toBeGreaterThanOrEqual(40);
      expect(sparse.size).toBeLessThanOrEqual(56);
      expect(full.layout).toBe('columns');
      expect(full.columns).toBe('2');
      expect(full.size).toBeGreaterThan(28);
      expect(full.size).toBeLessThanOrEqual(42);
      expect(packed.layout).toBe('list');
      expect(packed.size).toBeGreaterThanOrEqual(24);
      expect(packed.size).toBeLessThan(28);
      for (const slide of [sparse, full, packed]) expect(slide.used).toBeLessThanOrEqual(slide.room);
    });
  }
});
