// CSS values of a theme's variables -> the plain values PowerPoint takes: `var()` resolved, colours as RRGGBB hex.

/** Returns a variable's value with every `var(--name, fallback)` in it replaced by that variable's own value (cycles end empty). */
export function resolveVariable(name: string, variables: Record<string, string>, seen: ReadonlySet<string> = new Set()): string | undefined {
  const value = variables[name];
  if (value === undefined || seen.has(name)) return undefined;
  return substitute(value, variables, new Set([...seen, name]));
}

function substitute(value: string, variables: Record<string, string>, seen: ReadonlySet<string>): string {
  let result = value;
  // One var() at a time, left to right; a fallback is resolved only when the variable is missing.
  for (let guard = 0; guard < 32; guard++) {
    const match = /var\(\s*(--[\w-]+)\s*(?:,([^()]*(?:\([^()]*\)[^()]*)*))?\)/.exec(result);
    if (!match) break;
    const [whole, ref, fallback] = match;
    const replacement = resolveVariable(ref!, variables, seen) ?? (fallback === undefined ? '' : substitute(fallback.trim(), variables, seen));
    result = result.replace(whole, replacement);
  }
  return result.trim();
}

const named: Record<string, string> = {
  white: 'FFFFFF',
  black: '000000',
  transparent: 'FFFFFF',
  red: 'FF0000',
  green: '008000',
  blue: '0000FF',
  gray: '808080',
  grey: '808080',
  navy: '000080',
  orange: 'FFA500',
};

/** Returns a CSS colour (hex, rgb(), a few names, `color-mix(in srgb, a p%, b)`) as RRGGBB, or undefined when it is not one. */
export function parseColor(value: string): string | undefined {
  const text = value.trim().toLowerCase();
  const hex = /^#([0-9a-f]{3,8})$/.exec(text)?.[1];
  if (hex) {
    if (hex.length === 3 || hex.length === 4) return hex.slice(0, 3).split('').map((digit) => digit + digit).join('').toUpperCase();
    if (hex.length === 6 || hex.length === 8) return hex.slice(0, 6).toUpperCase();
    return undefined;
  }
  const rgb = /^rgba?\(\s*([\d.]+%?)[\s,]+([\d.]+%?)[\s,]+([\d.]+%?)(?:\s*[,/]\s*[\d.]+%?)?\s*\)$/.exec(text);
  if (rgb) return toHex([rgb[1]!, rgb[2]!, rgb[3]!].map((part) => (part.endsWith('%') ? (Number(part.slice(0, -1)) * 255) / 100 : Number(part))));
  if (text in named) return named[text];
  const mix = /^color-mix\(\s*in\s+(?:srgb|srgb-linear|oklab|oklch|lab|lch|hsl)\s*,(.*)\)$/.exec(text);
  if (mix) return parseMix(mix[1]!);
  return undefined;
}

/** `a p%, b q%` of a color-mix(), mixed in sRGB (other spaces approximated by sRGB). */
function parseMix(body: string): string | undefined {
  const parts = splitTopLevel(body, ',');
  if (parts.length !== 2) return undefined;
  const sides = parts.map((part) => {
    const match = /^(.*?)(?:\s+([\d.]+)%)?$/.exec(part.trim());
    return { color: parseColor(match?.[1] ?? ''), percent: match?.[2] === undefined ? undefined : Number(match[2]) };
  });
  const [a, b] = sides as [(typeof sides)[0], (typeof sides)[0]];
  if (!a.color || !b.color) return undefined;
  const pa = a.percent ?? (b.percent === undefined ? 50 : 100 - b.percent);
  const pb = b.percent ?? 100 - pa;
  const total = pa + pb || 1;
  const ca = channels(a.color);
  const cb = channels(b.color);
  return toHex(ca.map((channel, index) => (channel * pa + cb[index]! * pb) / total));
}

/** Returns text split at `separator` outside parentheses and quotes. */
export function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let current = '';
  for (const char of text) {
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '(') depth++;
    else if (char === ')') depth--;
    else if (char === separator && depth === 0) {
      parts.push(current);
      current = '';
      continue;
    }
    current += char;
  }
  parts.push(current);
  return parts;
}

function channels(hex: string): number[] {
  return [0, 2, 4].map((start) => parseInt(hex.slice(start, start + 2), 16));
}

function toHex(values: number[]): string {
  return values.map((value) => Math.round(Math.min(255, Math.max(0, value))).toString(16).padStart(2, '0')).join('').toUpperCase();
}

/** Returns `a` mixed with `b`, `share` (0..1) of `a`: for tints such as a soft accent. */
export function mixColors(a: string, b: string, share: number): string {
  const ca = channels(a);
  const cb = channels(b);
  return toHex(ca.map((channel, index) => channel * share + cb[index]! * (1 - share)));
}

/** Returns the relative luminance of an RRGGBB colour (0 black .. 1 white). */
export function luminance(hex: string): number {
  const [r, g, b] = channels(hex).map((value) => {
    const c = value / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
