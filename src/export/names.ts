// The file names of a deck's downloads, beside its index.html.

/** Returns the file names of a deck's slides PDF and handout, relative to its folder. */
export function downloadNames(slug: string): { slides: string; handout: string } {
  return { slides: `${slug}.pdf`, handout: `${slug}-handout.pdf` };
}
