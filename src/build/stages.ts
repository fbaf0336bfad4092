// The heavy stages a deck that must be built needs (Markdown parsing, planning, rendering), in one module the build
// imports only when some deck is not unchanged: a build of unchanged decks never loads them.
export { withinStack } from '../load/limits.js';
export { planDeck } from '../plan/index.js';
export { renderDeck } from '../render/deck.js';
export { slideRenderer } from '../render/markdown.js';
export { assetsDirName, dressImages, localImages, redressImages } from '../write/assets.js';
export { readArticle as parseArticle } from '../load/article.js';
export { renderTools } from '../render/tools.js';
export { copyImage } from '../write/assets.js';
