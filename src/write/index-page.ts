// The index of every deck in an output folder: title, date, excerpt and links, grouped by `ref`.
import { readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Deck } from '../model/deck.js';
import { escapeHtml } from '../model/html.js';
import { formatDate, labelsFor, languageName, slideCount } from '../render/labels.js';
import { deckDirs, deckFileName } from './decks.js';
import { writeFileAtomic } from './files.js';

interface Entry {
  slug: string;
  deck: Deck;
  pdf: boolean;
  handout: boolean;
  pptx: boolean;
}

/** Writes `<outDir>/index.html` listing every deck found in the folder. */
export async function writeIndex(outDir: string): Promise<string> {
  const entries: Entry[] = [];
  for (const dir of await deckDirs(outDir)) {
    const slug = basename(dir);
    const text = await readFile(join(dir, deckFileName), 'utf8').catch(() => undefined);
    if (!text) continue;
    try {
      const deck = JSON.parse(text) as Deck;
      const exists = (name: string): Promise<boolean> => stat(join(dir, name)).then(() => true, () => false);
      entries.push({ slug, deck, pdf: await exists(`${slug}.pdf`), handout: await exists(`${slug}-handout.pdf`), pptx: await exists(`${slug}.pptx`) });
    } catch {
      continue;
    }
  }
  entries.sort((a, b) => (b.deck.meta.date ?? '').localeCompare(a.deck.meta.date ?? '') || a.deck.meta.title.localeCompare(b.deck.meta.title));
  const html = renderIndex(entries);
  await writeFileAtomic(join(outDir, 'index.html'), html);
  return html;
}

/** Returns the entries grouped into one list per `ref` (translations together, by language), in the order of each group's first entry. */
export function groupByRef<T extends { deck: Pick<Deck, 'meta'> }>(entries: T[]): T[][] {
  const groups: T[][] = [];
  const byRef = new Map<string, T[]>();
  for (const entry of entries) {
    const ref = entry.deck.meta.ref;
    const group = ref ? byRef.get(ref) : undefined;
    if (group) group.push(entry);
    else {
      const fresh = [entry];
      groups.push(fresh);
      if (ref) byRef.set(ref, fresh);
    }
  }
  for (const group of groups) group.sort((a, b) => a.deck.meta.lang.localeCompare(b.deck.meta.lang));
  return groups;
}

function renderEntry({ slug, deck, pdf, handout, pptx }: Entry, translated: boolean): string {
  const meta = deck.meta;
  const labels = labelsFor(meta.lang);
  const href = encodeURIComponent(slug);
  const links = [`<a href="${href}/index.html">${escapeHtml(labels.slides)}</a>`];
  if (pdf) links.push(`<a href="${href}/${href}.pdf">PDF</a>`);
  if (handout) links.push(`<a href="${href}/${href}-handout.pdf">${escapeHtml(labels.handout)}</a>`);
  if (pptx) links.push(`<a href="${href}/${href}.pptx">PowerPoint</a>`);
  return `<article lang="${escapeHtml(meta.lang)}">
  ${translated ? `<p class="lang">${escapeHtml(languageName(meta.lang))}</p>\n  ` : ''}<h2><a href="${href}/index.html">${escapeHtml(meta.title)}</a></h2>
  <p class="meta">${[
    meta.date ? `<time datetime="${meta.date}">${escapeHtml(formatDate(meta.date, meta.lang))}</time>` : '',
    meta.author ? escapeHtml(meta.author) : '',
    escapeHtml(slideCount(deck.slides.length, meta.lang)),
  ].filter(Boolean).join(' · ')}</p>
  ${meta.subtitle ? `<p class="excerpt">${escapeHtml(meta.subtitle)}</p>` : ''}
  <p class="links">${links.join(' ')}</p>
</article>`;
}

function renderIndex(entries: Entry[]): string {
  const items = groupByRef(entries)
    .map((group) => `<li${group.length > 1 ? ' class="translations"' : ''}>\n${group.map((entry) => renderEntry(entry, group.length > 1)).join('\n')}\n</li>`)
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Decks</title>
<link rel="stylesheet" href="_shared/fonts/fonts.css">
<style>
body { font-family: "Pretendard", "Noto Sans KR", "Noto Sans CJK KR", "Noto Sans", system-ui, sans-serif; margin: 0; background: #f5f7fa; color: #17212b; }
main { max-width: 860px; margin: 0 auto; padding: 48px 24px; }
h1 { font-size: 28px; margin: 0 0 24px; }
ul { list-style: none; padding: 0; margin: 0; display: grid; gap: 16px; }
li { background: #fff; border: 1px solid #d3dbe4; border-radius: 10px; padding: 20px 24px; }
li.translations { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 24px; }
li.translations article + article { border-left: 1px solid #d3dbe4; padding-left: 24px; }
article:lang(ko) { word-break: keep-all; }
.lang { display: inline-block; margin: 0 0 8px; padding: 2px 10px; border-radius: 999px; background: #eaf1f8; color: #0b4f8f; font-size: 13px; font-weight: 700; }
h2 { font-size: 20px; margin: 0 0 6px; line-height: 1.3; text-wrap: balance; }
h2 a { color: #0b4f8f; text-decoration: none; }
.meta { color: #4f5b68; font-size: 14px; margin: 0 0 8px; }
.excerpt { margin: 0 0 10px; line-height: 1.5; }
.links a { display: inline-block; margin-right: 12px; color: #0b4f8f; font-weight: 600; font-size: 14px; }
</style>
</head>
<body>
<main>
<h1>Decks</h1>
<ul>
${items}
</ul>
</main>
</body>
</html>
`;
}
