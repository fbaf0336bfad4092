// What the planner needs of rendering: mdast to slide HTML. The build passes render/markdown's renderer in, so planning
// stays a pure function that never imports a later stage.
import type { PhrasingContent, RootContent } from 'mdast';

export interface SlideRenderer {
  /** Returns the sanitised HTML of a run of blocks. */
  blocks(nodes: RootContent[]): string;
  /** Returns the sanitised HTML of inline content, without a wrapping element. */
  inline(nodes: PhrasingContent[]): string;
  /** Returns slide attributes (from `<!-- .slide: … -->`) made safe, or as written when the article is trusted. */
  attributes(attributes: Record<string, string>): Record<string, string>;
}
