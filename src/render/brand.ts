// Theme variables as a user gives them (`accent`, `logo`, `footer`, `--bd-ink`…) -> CSS custom properties and house marks.
import { isUrl, type Brand, type Theme } from './theme.js';

/** Short names for the variables a house style changes most, accepted in `theme_vars:`. */
export const variableAliases: Record<string, string> = {
  accent: '--bd-accent',
  'accent-ink': '--bd-accent-ink',
  background: '--bd-bg',
  bg: '--bd-bg',
  ink: '--bd-ink',
  text: '--bd-ink',
  muted: '--bd-muted',
  font: '--bd-font-body',
  'body-font': '--bd-font-body',
  'heading-font': '--bd-font-heading',
  'mono-font': '--bd-font-mono',
};

/** `theme_vars:` names that are house marks rather than CSS variables. */
const brandKeys = new Set(['logo', 'footer']);

/** The house marks as the layout uses them: the logo as a URL relative to the deck page. */
export interface BrandContext {
  logo?: string;
  footer?: string;
}

/** Returns the CSS custom property a `theme_vars` name stands for (`accent` -> `--bd-accent`, `bd-ink` -> `--bd-ink`). */
export function variableName(name: string): string {
  if (name.startsWith('--')) return name;
  return variableAliases[name] ?? `--${name}`;
}

/** Returns the theme's variables with `theme_vars` overrides applied (house marks left out). */
export function mergeVariables(theme: Theme, overrides: Record<string, string> = {}): Record<string, string> {
  const merged: Record<string, string> = { ...theme.variables };
  for (const [name, value] of Object.entries(overrides)) {
    if (!brandKeys.has(name)) merged[variableName(name)] = value;
  }
  return merged;
}

/** Returns the house marks of a deck: the theme's `brand`, overridden by `theme_vars` `logo` and `footer`; the logo resolved to a URL. */
export function resolveBrand(theme: Theme, overrides: Record<string, string>, shared: string): BrandContext {
  const brand: Brand = { ...theme.brand };
  if (overrides['logo'] !== undefined) brand.logo = overrides['logo'];
  if (overrides['footer'] !== undefined) brand.footer = overrides['footer'];
  const result: BrandContext = {};
  if (brand.footer) result.footer = brand.footer;
  if (brand.logo && brand.logo !== 'none') result.logo = logoUrl(theme, brand.logo, shared);
  return result;
}

/** Returns a logo's URL: a theme asset (`assets/logo.svg`) becomes its copy under the shared folder; anything else is used as written. */
function logoUrl(theme: Theme, logo: string, shared: string): string {
  if (isUrl(logo) || logo.startsWith('/')) return logo;
  const asset = logo.replace(/^\.\//, '').replace(/^assets\//, '');
  if (asset in theme.assets) return `${shared}/themes/${theme.name}/assets/${asset.split('/').map(encodeURIComponent).join('/')}`;
  return logo;
}
