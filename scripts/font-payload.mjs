#!/usr/bin/env node
// Prints the font payload of built decks: the font files (and fonts.css, for a page that links it) each deck loads when all its
// slides are laid out (the print view, as for the PDF), with their sizes, and the size of its PDF.
// Usage: node scripts/font-payload.mjs dist/<slug> [dist/<slug> …]   (after `briefdeck build`)
import { stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launchBrowser } from '../lib/fit/browser.js';

const dirs = process.argv.slice(2);
if (dirs.length === 0) {
  console.error('usage: node scripts/font-payload.mjs dist/<slug> [dist/<slug> …]');
  process.exit(2);
}
const size = (path) => stat(path).then((info) => info.size, () => 0);
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const session = await launchBrowser({ env: process.env });
try {
  for (const dir of dirs.map((d) => resolve(d))) {
    const page = await session.newPage({ width: 1280, height: 720 });
    const urls = [];
    page.on('requestfinished', (request) => urls.push(request.url()));
    await page.goto(`${pathToFileURL(join(dir, 'index.html')).href}?print-pdf`, { waitUntil: 'load' });
    await page.waitForFunction(() => document.documentElement.getAttribute('data-briefdeck-ready') === 'true' && document.querySelectorAll('.pdf-page').length > 0, { timeout: 60_000 });
    await page.close();
    const fonts = urls.filter((url) => /\.(woff2?|ttf|otf)$/.test(url));
    const sheet = urls.find((url) => url.endsWith('/fonts/fonts.css'));
    const sizes = await Promise.all(fonts.map((url) => size(fileURLToPath(url))));
    const fontBytes = sizes.reduce((a, b) => a + b, 0);
    const sheetBytes = sheet ? await size(fileURLToPath(sheet)) : 0;
    const pdfBytes = await size(join(dir, `${basename(dir)}.pdf`));
    console.log(`${basename(dir)}: ${fonts.length} font files, ${kb(fontBytes)} (${sheet ? `+ fonts.css ${kb(sheetBytes)}` : 'faces named in the page'}); PDF ${kb(pdfBytes)}`);
  }
} finally {
  await session.close();
}
