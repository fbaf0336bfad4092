// The document information a PDF of a deck carries: title, author, subject, keywords, creator, language.
import type { Deck } from '../model/deck.js';

/** Document information for a PDF (the Info dictionary and the catalog's /Lang). */
export interface PdfMetadata {
  title: string;
  author?: string;
  subject?: string;
  keywords: string[];
  creator: string;
  producer: string;
  lang: string;
  /** The article's date, as the PDF's creation date. */
  created?: Date;
}

/** Returns the PDF metadata of a deck: Subject from the excerpt, Keywords from the tags; `kind` names the document. */
export function pdfMetadataOf(deck: Deck, options: { kind?: string; version?: string } = {}): PdfMetadata {
  const { meta } = deck;
  const metadata: PdfMetadata = {
    title: options.kind ? `${meta.title} — ${options.kind}` : meta.title,
    keywords: [...meta.tags],
    creator: `briefdeck${options.version ? ` ${options.version}` : ''}`,
    producer: 'briefdeck with Chromium and pdf-lib',
    lang: meta.lang,
  };
  if (meta.author) metadata.author = meta.author;
  if (meta.subtitle) metadata.subject = meta.subtitle;
  const date = meta.date ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(meta.date) : null;
  if (date) metadata.created = new Date(Date.UTC(Number(date[1]), Number(date[2]) - 1, Number(date[3])));
  return metadata;
}
