// Reads an article's body as the build and `check` both do: Liquid and kramdown markup cleaned, math syntax read when
// the article has math (front matter `use_math`/`math`, else detected by Pandoc's rules), hostile structure flattened.
import type { Root } from 'mdast';
import { cleanMarkup } from './liquid.js';
import { parseGuarded } from './limits.js';
import { loadMathSyntax, mathMode, mayHoldMath } from './math.js';
import type { Source } from './source.js';

/** Returns the mdast tree of an article's body; warnings (dropped Liquid tags, flattened nesting) go to `warn`. */
export async function readArticle(source: Source, shown: string, warn: (message: string) => void = () => undefined): Promise<Root> {
  const mode = mathMode(source.frontMatter.math);
  const cleaned = cleanMarkup(source.body, shown, { math: mode !== 'off' });
  for (const warning of cleaned.warnings) warn(warning);
  const math = mode === 'on' || (mode === 'auto' && mayHoldMath(cleaned.text)) ? await loadMathSyntax() : undefined;
  return parseGuarded(cleaned.text, shown, warn, math ? { math } : {});
}
