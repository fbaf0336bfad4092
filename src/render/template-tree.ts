// Walks a parsed Handlebars template: the checks of a theme's templates and the templates compiled ahead read its nodes.

/** A node of a parsed Handlebars template, as far as briefdeck reads it. */
export interface TemplateNode {
  type?: string;
  path?: { type?: string; original?: unknown; parts?: unknown[]; data?: boolean };
  name?: { type?: string; original?: unknown };
  params?: unknown[];
  hash?: { pairs?: unknown[] };
  loc?: { start: { line: number; column: number } };
}

/** Calls `visit` with every node of a template, in document order. */
export function eachTemplateNode(program: hbs.AST.Program, visit: (node: TemplateNode) => void): void {
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (typeof value !== 'object' || value === null) return;
    visit(value as TemplateNode);
    for (const [key, child] of Object.entries(value)) if (key !== 'loc' && typeof child === 'object') walk(child);
  };
  walk(program.body);
}
