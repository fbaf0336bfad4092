// The kicker above a stacked slide's title: a short breadcrumb of its section's title.

/** Returns the short form of a section title for the kicker: the part before a colon, question mark or dash, at most 5 words. */
export function kickerOf(title: string): string {
  const head = /^(.+?)(?:[:：?？]|\s[-–—]\s)/u.exec(title)?.[1]?.trim();
  const text = head && head.length >= 3 ? head : title.trim();
  const words = text.split(/\s+/);
  return words.length > 5 ? `${words.slice(0, 5).join(' ')} …` : text;
}
