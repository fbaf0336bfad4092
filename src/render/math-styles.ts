// A page that shows typeset formulas links KaTeX's stylesheet (from the shared assets); pages without math do not.
import type { Deck } from '../model/deck.js';

/** Returns whether any slide (title, body, picture or notes) of a deck holds a typeset formula. */
export function usesMath(deck: Deck): boolean {
  const marker = /class="math math-(inline|display)/;
  return deck.slides.some((slide) => marker.test(slide.html) || marker.test(slide.titleHtml ?? '') || marker.test(slide.media ?? '') || slide.notes.some((note) => marker.test(note)));
}

/** Returns a page with a link to KaTeX's stylesheet (`<shared>/katex/katex.css`) before its `</head>`, whatever the theme's layout. */
export function linkMathStyles(html: string, shared: string): string {
  const link = `<link rel="stylesheet" href="${shared.replace(/"/g, '&quot;')}/katex/katex.css">\n`;
  const head = html.search(/<\/head>/i);
  return head === -1 ? `${link}${html}` : `${html.slice(0, head)}${link}${html.slice(head)}`;
}
