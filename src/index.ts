// The library API: `import { build } from 'briefdeck'`. The command line calls the same functions; nothing here reads
// the command line or prints.

// Build decks from articles, as `briefdeck build` does: a result per deck, progress through a callback.
export { build } from './build/api.js';
export type { BuildEvent, BuildOptions, BuildResult, DeckBuild } from './build/api.js';

// One article in memory: plan it into a Deck, render a Deck with a theme, load a theme.
export { loadTheme, planDeck, renderDeck } from './build/article.js';
export type { PlanOptions, PlannedDeck, RenderDeckOptions } from './build/article.js';

// Audit built decks in a browser, as `briefdeck check` does.
export { check } from './build/check.js';
export type { CheckOptions, CheckResult, DeckCheck } from './build/check.js';

// The Deck model: plain data from the planner to the themes (what deck.json holds).
export type { Deck, DeckMeta, DeckOptions, Position, ProseMode, Slide, SlideKind, SlideLayout } from './model/deck.js';

// A loaded theme.
export type { Brand, RevealSettings, Theme, ThemeFile } from './render/theme.js';

// Errors: a DeckError carries the exit code, file, line and hint; formatError() gives the one line the command prints.
export { DeckError, ExitCode, formatError } from './model/errors.js';
export type { ExitCodeValue } from './model/errors.js';
