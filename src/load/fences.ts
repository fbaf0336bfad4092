// Fenced code lines by CommonMark's rules, for the line scans that run before the parser (Liquid cleaning, the math
// check, cutting a long text into pieces): they must see code where the parser will.

/** A code fence opened on a line: its mark as written (three or more backticks or tildes) and its info string. */
export interface Fence {
  mark: string;
  info: string;
}

/**
 * Returns the fence a line opens (up to three spaces in), or undefined; a backtick fence's info holds no backtick. The
 * line may end with its line break.
 */
export function openingFence(line: string): Fence | undefined {
  const found = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line.replace(/\r?\n?$/, ''));
  if (!found) return undefined;
  const [, mark, info] = found as unknown as [string, string, string];
  if (mark[0] === '`' && info.includes('`')) return undefined;
  return { mark, info: info.trim() };
}

/** Returns whether a line closes `fence`: the same character at least as many times, then only spaces. */
export function closesFence(line: string, fence: Fence): boolean {
  const found = /^ {0,3}(`{3,}|~{3,})[ \t]*\r?\n?$/.exec(line);
  return found !== null && found[1]![0] === fence.mark[0] && found[1]!.length >= fence.mark.length;
}
