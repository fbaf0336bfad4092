// A slide's speaker notes (HTML paragraphs) -> the paragraphs of its PowerPoint notes page, with language tags.
import { htmlBlocks, type Run } from './blocks.js';
import { runsText } from './measure.js';
import { runLanguage } from './text.js';

/** A paragraph of the notes page: its runs, how deep it is indented, and the list marker it starts with. */
export interface NoteParagraph {
  runs: Run[];
  level: number;
  marker?: string;
}

/** Returns the paragraphs of a slide's notes: prose, list items with their markers, table rows, code lines, formulas as TeX. */
export function noteParagraphs(notes: readonly string[]): NoteParagraph[] {
  const paragraphs: NoteParagraph[] = [];
  for (const block of htmlBlocks(notes.join('\n'))) {
    switch (block.type) {
      case 'text': {
        const counters: number[] = [];
        for (const paragraph of block.paragraphs) {
          const list = paragraph.list;
          if (!list) {
            paragraphs.push({ runs: paragraph.runs, level: 0 });
            continue;
          }
          counters.length = list.level + 1;
          if (list.marker) counters[list.level] = (counters[list.level] ?? (list.start ?? 1) - 1) + 1;
          const marker = !list.marker ? undefined : list.ordered ? `${counters[list.level]}.` : '•';
          paragraphs.push({ runs: paragraph.runs, level: list.level + 1, ...(marker ? { marker } : {}) });
        }
        break;
      }
      case 'table':
        for (const row of block.rows) paragraphs.push({ runs: [{ text: row.map((cell) => runsText(cell.runs)).join(' | ') }], level: 0 });
        break;
      case 'code':
        for (const line of block.lines) paragraphs.push({ runs: [{ text: runsText(line), code: true }], level: 1 });
        break;
      case 'image':
        if (block.alt) paragraphs.push({ runs: [{ text: block.alt, italic: true }], level: 0 });
        break;
      case 'math':
        paragraphs.push({ runs: [{ text: block.tex, tex: true }], level: 1 });
    }
  }
  return paragraphs;
}

/** Returns text safe inside an XML element or attribute (characters XML cannot hold dropped). */
export function xmlText(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/[&<>"]/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[char] ?? char);
}

/** Returns the DrawingML paragraphs (`<a:p>`) of a notes page: runs bold and italic as written, each tagged with its language. */
export function notesXml(paragraphs: readonly NoteParagraph[], lang: string, monoFace: string): string {
  if (paragraphs.length === 0) return `<a:p><a:endParaRPr lang="${xmlText(lang)}" dirty="0"/></a:p>`;
  return paragraphs
    .map((paragraph) => {
      const indent = paragraph.level > 0 ? `<a:pPr marL="${paragraph.level * 228600}" indent="${paragraph.marker ? -228600 : 0}"/>` : '';
      const runs = [...(paragraph.marker ? [{ text: `${paragraph.marker} ` }] : []), ...paragraph.runs].map((run) => {
        const tag = runLanguage(run.text, lang);
        const attributes = [`lang="${xmlText(tag)}"`, tag === 'en-US' ? '' : 'altLang="en-US"', run.bold ? 'b="1"' : '', run.italic ? 'i="1"' : '', 'dirty="0"'].filter(Boolean).join(' ');
        const face = run.code || run.tex ? `<a:latin typeface="${xmlText(monoFace)}"/>` : '';
        const breakBefore = run.breakBefore ? '<a:br/>' : '';
        return `${breakBefore}<a:r><a:rPr ${attributes}>${face}</a:rPr><a:t>${xmlText(run.text)}</a:t></a:r>`;
      });
      return `<a:p>${indent}${runs.join('')}<a:endParaRPr lang="${xmlText(lang)}" dirty="0"/></a:p>`;
    })
    .join('');
}
