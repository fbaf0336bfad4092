// What pptxgenjs 4.0.1 writes that PowerPoint and LibreOffice need otherwise, fixed in the finished package:
// - a paragraph whose runs differ gets a second `<a:pPr>` before each run (the schema allows one, first; PowerPoint
//   2016 reports the file damaged, LibreOffice applies the last one and loses the list bullet);
// - the East Asian typeface (`<a:ea>`) is always the Latin one, with a Chinese charset; the theme names none;
// - every typeface is marked proportional sans-serif, so a missing monospace face is replaced by a proportional one;
// - list markers cannot be given a colour (the themes colour them: the accent, nested ones muted);
// - speaker notes are one run of plain text tagged en-US, and so are slide numbers and empty paragraph ends, whatever
//   the deck's language;
// - the document properties carry no language or keywords.
import type { Face } from './style.js';
import { xmlText } from './notes.js';
import { readZip, writeZip } from './zip.js';

export interface RepairOptions {
  /** The notes page paragraphs (DrawingML `<a:p>`s) of each slide, in order. */
  notes: string[];
  /** East Asian typeface for each Latin typeface used in runs. */
  eastAsian: Record<string, string>;
  /** The monospace Latin typeface (code). */
  monospace: string;
  /** Colours of each slide's list markers (RRGGBB): bullets and numbers, and the dashes of nested lists. */
  markers: Array<{ bullet: string; nested: string }>;
  fonts: { heading: Face; body: Face };
  /** BCP 47 tag of the deck. */
  lang: string;
  keywords: string[];
}

/** Returns a paragraph-by-paragraph copy of DrawingML with only each paragraph's leading `<a:pPr>` kept. */
export function singleParagraphProperties(xml: string): string {
  return xml.replace(/<a:p>([\s\S]*?)<\/a:p>/g, (_whole, body: string) => {
    let index = 0;
    const kept = body.replace(/<a:pPr\b[^>]*?(?:\/>|>[\s\S]*?<\/a:pPr>)/g, (pPr: string, offset: number) => (index++ === 0 && body.slice(0, offset).trim() === '' ? pPr : ''));
    return `<a:p>${kept}</a:p>`;
  });
}

/** Returns DrawingML with each run's East Asian typeface set from its Latin one (charset and pitch left to the application). */
export function eastAsianTypefaces(xml: string, eastAsian: Record<string, string>): string {
  return xml.replace(/<a:ea typeface="([^"]*)"[^>]*?\/>/g, (whole, face: string) => {
    const ea = eastAsian[face];
    return ea === undefined ? whole : `<a:ea typeface="${xmlText(ea)}"/>`;
  });
}

/** Returns DrawingML with pptxgenjs's default language tag (`lang="en-US"`, where no language was given) made the deck's. */
export function deckLanguage(xml: string, lang: string): string {
  return lang === 'en-US' ? xml : xml.replace(/(?<![\w:])lang="en-US"/g, `lang="${xmlText(lang)}"`);
}

/** Returns DrawingML with the monospace typeface marked fixed-pitch (pitch family 49), so an application without it substitutes a monospace face. */
export function fixedPitch(xml: string, face: string): string {
  return xml.split(`<a:latin typeface="${xmlText(face)}" pitchFamily="34"`).join(`<a:latin typeface="${xmlText(face)}" pitchFamily="49"`);
}

/** Returns DrawingML with list markers coloured: bullets and numbers `bullet`, dashes (nested items) `nested`. */
export function markerColours(xml: string, colours: { bullet: string; nested: string }): string {
  return xml.replace(/<a:buSzPct val="100000"\/>(<a:buFont [^>]*\/>)?<a:(buChar char="([^"]*)"|buAutoNum )/g, (whole, _font, _kind, char: string | undefined) => {
    if (char === '&#x00A0;' || char === '\u00a0') return whole;
    const colour = char === '&#x2013;' || char === '\u2013' ? colours.nested : colours.bullet;
    return `<a:buClr><a:srgbClr val="${xmlText(colour)}"/></a:buClr>${whole}`;
  });
}

/** Returns a notes page with its notes placeholder holding `paragraphs`. */
export function notesPage(xml: string, paragraphs: string): string {
  return xml.replace(/(name="Notes Placeholder \d+"[\s\S]*?<p:txBody>[\s\S]*?<a:lstStyle\/>)[\s\S]*?(<\/p:txBody>)/, (_whole, head: string, tail: string) => `${head}${paragraphs}${tail}`);
}

/** Returns the package (a PPTX file's bytes) with the fixes above applied. */
export function repairPackage(bytes: Uint8Array, options: RepairOptions): Uint8Array {
  const entries = readZip(bytes);
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  const byName = new Map(entries.map((entry) => [entry.name, entry]));
  const edit = (path: string, change: (xml: string) => string): void => {
    const entry = byName.get(path);
    if (entry) entry.data = encoder.encode(change(decoder.decode(entry.data)));
  };
  for (const [index, paragraphs] of options.notes.entries()) edit(`ppt/notesSlides/notesSlide${index + 1}.xml`, (xml) => notesPage(xml, paragraphs));
  for (const [index, colours] of options.markers.entries()) edit(`ppt/slides/slide${index + 1}.xml`, (xml) => markerColours(xml, colours));
  for (const { name } of entries) {
    if (/^ppt\/(slides|slideLayouts|slideMasters)\/[^/]+\.xml$/.test(name)) {
      edit(name, (xml) => deckLanguage(fixedPitch(eastAsianTypefaces(singleParagraphProperties(xml), options.eastAsian), options.monospace), options.lang));
    } else if (/^ppt\/(notesSlides|notesMasters)\/[^/]+\.xml$/.test(name)) {
      edit(name, (xml) => deckLanguage(xml, options.lang));
    }
  }
  edit('ppt/theme/theme1.xml', (xml) =>
    xml
      .replace(/(<a:majorFont>[\s\S]*?)<a:ea typeface="[^"]*"\/>/, `$1<a:ea typeface="${xmlText(options.fonts.heading.ea)}"/>`)
      .replace(/(<a:minorFont>[\s\S]*?)<a:ea typeface="[^"]*"\/>/, `$1<a:ea typeface="${xmlText(options.fonts.body.ea)}"/>`),
  );
  edit('docProps/core.xml', (xml) =>
    xml.replace('</cp:coreProperties>', `<dc:language>${xmlText(options.lang)}</dc:language>${options.keywords.length > 0 ? `<cp:keywords>${xmlText(options.keywords.join(', '))}</cp:keywords>` : ''}</cp:coreProperties>`),
  );
  // [Content_Types].xml first, as Office writes it.
  return writeZip([...entries].sort((a, b) => Number(b.name === '[Content_Types].xml') - Number(a.name === '[Content_Types].xml')));
}
