// Reads a PowerPoint file's XML for tests: its slides and notes pages in order, their text, shapes and language tags.
import JSZip from 'jszip';

export interface PptxSlideXml {
  xml: string;
  /** The notes page's XML. */
  notes: string;
}

export interface PptxFile {
  files: Record<string, string>;
  slides: PptxSlideXml[];
  /** The slide size in EMU. */
  size: { cx: number; cy: number };
}

/** Returns the XML parts of a PPTX file, the slides in their order of presentation.xml. */
export async function readPptx(bytes: Uint8Array): Promise<PptxFile> {
  const zip = await JSZip.loadAsync(bytes);
  const files: Record<string, string> = {};
  for (const [path, file] of Object.entries(zip.files)) if (!file.dir && /\.(xml|rels)$/.test(path)) files[path] = await file.async('string');
  const presentation = files['ppt/presentation.xml'] ?? '';
  const rels = files['ppt/_rels/presentation.xml.rels'] ?? '';
  const target = (id: string): string => new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ?? new RegExp(`Target="([^"]+)"[^>]*Id="${id}"`).exec(rels)?.[1] ?? '';
  const slides = [...presentation.matchAll(/<p:sldId [^>]*r:id="(rId\d+)"/g)].map(([, id]) => {
    const path = `ppt/${target(id!)}`;
    const slideRels = files[path.replace(/slides\/(slide\d+\.xml)$/, 'slides/_rels/$1.rels')] ?? '';
    const notesTarget = /Target="\.\.\/notesSlides\/([^"]+)"/.exec(slideRels)?.[1];
    return { xml: files[path] ?? '', notes: notesTarget ? (files[`ppt/notesSlides/${notesTarget}`] ?? '') : '' };
  });
  const size = /<p:sldSz cx="(\d+)" cy="(\d+)"/.exec(presentation);
  return { files, slides, size: { cx: Number(size?.[1]), cy: Number(size?.[2]) } };
}

/** Returns XML text content with the five entities decoded. */
export function decode(text: string): string {
  return text.replace(/&(lt|gt|quot|apos|amp);/g, (_match, name: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[name] ?? '');
}

/** Returns the text runs (`<a:r><a:t>`) of some DrawingML, fields such as the slide number left out. */
export function runTexts(xml: string): string[] {
  return [...xml.matchAll(/<a:r>(?:(?!<\/a:r>)[\s\S])*?<a:t>([^<]*)<\/a:t><\/a:r>/g)].map((match) => decode(match[1]!));
}

/** Returns the shapes (`<p:sp>`, `<p:pic>`, `<p:graphicFrame>`) of a slide, each with its name, placeholder type, box (px of a 1280-wide slide) and text. */
export function shapes(xml: string): Array<{ kind: string; name: string; placeholder?: string; box: { x: number; y: number; w: number; h: number }; text: string; xml: string }> {
  return [...xml.matchAll(/<p:(sp|pic|graphicFrame)>[\s\S]*?<\/p:\1>/g)].map((match) => {
    const part = match[0];
    const off = /<a:off x="(-?\d+)" y="(-?\d+)"\/>\s*<a:ext cx="(\d+)" cy="(\d+)"/.exec(part);
    const px = (emu: string | undefined): number => Math.round(Number(emu ?? 0) / 9525);
    const placeholder = /<p:ph[^>]*type="(\w+)"/.exec(part)?.[1];
    return {
      kind: match[1]!,
      name: decode(/<p:cNvPr id="\d+" name="([^"]*)"/.exec(part)?.[1] ?? ''),
      ...(placeholder ? { placeholder } : {}),
      box: { x: px(off?.[1]), y: px(off?.[2]), w: px(off?.[3]), h: px(off?.[4]) },
      text: runTexts(part).join(''),
      xml: part,
    };
  });
}

/** Returns the text of a slide's title placeholder. */
export function titleOf(slide: PptxSlideXml): string {
  return shapes(slide.xml).find((shape) => shape.placeholder === 'title')?.text ?? '';
}
