// The file names of a deck's downloads, beside its index.html.

/** Returns the file names of a deck's slides PDF, handout and PowerPoint, relative to its folder. */
export function downloadNames(slug: string): { slides: string; handout: string; pptx: string } {
  return { slides: `${slug}.pdf`, handout: `${slug}-handout.pdf`, pptx: `${slug}.pptx` };
}
