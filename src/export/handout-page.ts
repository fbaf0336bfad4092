// Renders a deck's handout page (HTML, printed later): a cover, then each slide drawn from the theme's own partials with its full notes.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DeckError, ExitCode } from '../model/errors.js';
import type { Deck, Slide } from '../model/deck.js';
import { columnsOf, compile, sectionsOf, themeEnvironment, variablesCss } from '../render/deck.js';
import { labelsFor } from '../render/labels.js';
import { linkMathStyles, usesMath } from '../render/math-styles.js';
import { readCompiledTemplates } from '../render/precompiled.js';
import { builtInThemesDir, templateFile, type Theme, type ThemeFile } from '../render/theme.js';
import { countOutlineSlides, outlineOf } from './outline.js';

/** Paper sizes the handout prints on. */
export type PageSize = 'a4' | 'letter';

export const pageSizes: Record<PageSize, { css: string; width: number; height: number }> = {
  a4: { css: 'A4', width: 210, height: 297 },
  letter: { css: 'letter', width: 215.9, height: 279.4 },
};

/** CSS pixels per millimetre. */
const pxPerMm = 96 / 25.4;

/** Where things go on a handout page, in millimetres and CSS pixels. */
export interface HandoutGeometry {
  /** The CSS `size` of `@page`. */
  size: string;
  margin: { top: number; right: number; bottom: number; left: number };
  /** The slide as designed (px) and as drawn: scale and box size in px. */
  slide: { width: number; height: number; scale: number; boxWidth: number; boxHeight: number };
}

/** Widest a slide is drawn on the handout (mm). */
const slideWidthMm = 150;

/**
 * Height (mm) a handout item takes besides its slide when its notes have four lines: the rule and gap above it,
 * its heading, the notes label and four lines of 10.5 pt notes (see handout.hbs).
 */
const itemChromeMm = 54;

/** Returns the page geometry of a handout: slides as wide as lets two of them, each with four lines of notes, share a page (at most 150 mm). */
export function handoutGeometry(pageSize: PageSize, slide: { width: number; height: number }): HandoutGeometry {
  const paper = pageSizes[pageSize];
  const margin = { top: 16, right: 18, bottom: 20, left: 18 };
  const contentHeight = paper.height - margin.top - margin.bottom;
  const fitting = (contentHeight / 2 - itemChromeMm) * (slide.width / slide.height);
  const boxWidth = Math.floor(Math.min(slideWidthMm, paper.width - margin.left - margin.right, fitting) * pxPerMm);
  const scale = boxWidth / slide.width;
  return { size: paper.css, margin, slide: { width: slide.width, height: slide.height, scale, boxWidth, boxHeight: Math.round(slide.height * scale) } };
}

/** Words of the handout that the interface labels do not have. */
const handoutWords: Record<string, { handout: string; slides: string; words: string }> = {
  en: { handout: 'Handout', slides: 'slides', words: 'Speaker notes' },
  ko: { handout: '유인물', slides: '슬라이드', words: '발표자 노트' },
};

/**
 * Returns the element id of the slide at 0-based `index` in the handout (also its named destination in the PDF).
 * Numbered, not named after the slide id: Chromium writes a destination's name percent-encoded, so a non-ASCII id
 * (a Korean heading) would neither match when the outline is written nor stay within a PDF name's 127 bytes.
 */
export function handoutAnchor(index: number): string {
  return `handout-slide-${index + 1}`;
}

/** Returns the handout's own words (its name, "slides") in a deck's language; English when there are none. */
export function handoutWordsFor(lang: string): { handout: string; slides: string; words: string } {
  return handoutWords[lang.toLowerCase().split('-')[0] ?? 'en'] ?? handoutWords['en']!;
}

/** The handout template used when a theme (and its parents) has none. */
export const defaultHandoutFile = join(builtInThemesDir, 'briefing', 'handout.hbs');

/** Returns the built-in handout template, for themes that have none. */
export async function loadDefaultHandout(): Promise<ThemeFile> {
  return templateFile(defaultHandoutFile, await readFile(defaultHandoutFile, 'utf8'), await readCompiledTemplates());
}

export interface HandoutRenderOptions {
  /** Relative URL from the handout page to the shared assets folder. */
  shared: string;
  themeVars?: Record<string, string>;
  pageSize: PageSize;
  /** The template for a theme without `handout.hbs` (see `loadDefaultHandout`). */
  fallback?: ThemeFile;
}

/** Returns the HTML of a deck's handout page, from the theme's `handout.hbs` (or `options.fallback`). */
export function renderHandout(deck: Deck, theme: Theme, options: HandoutRenderOptions): string {
  const hb = themeEnvironment(theme);
  const template = theme.handout ?? options.fallback;
  if (!template) throw new DeckError('theme has no handout.hbs', { code: ExitCode.theme, file: theme.dirs[0] ?? theme.name, hint: 'add handout.hbs or extend a theme that has one' });
  const lang = deck.meta.lang;
  const sections = sectionsOf(deck.slides);
  const geometry = handoutGeometry(options.pageSize, theme.reveal);
  const items = deck.slides.map((slide, index) => ({
    slide,
    number: index + 1,
    anchor: handoutAnchor(index),
    section: slide.stack !== undefined ? sections[slide.stack]?.title : undefined,
    background: backgroundOf(slide, deck),
  }));
  const contents = outlineOf(deck)
    .filter((item) => deck.slides[item.slide]?.kind !== 'title')
    .map((item) => ({ title: item.title, number: item.slide + 1, anchor: handoutAnchor(item.slide), slides: countOutlineSlides([item]) }));
  const page = compile(hb, template)({
    deck,
    meta: deck.meta,
    options: deck.options,
    lang,
    labels: labelsFor(lang),
    words: handoutWordsFor(lang),
    columns: columnsOf(deck.slides),
    sections,
    slideCount: deck.slides.length,
    theme: { name: theme.name, description: theme.description, fonts: theme.fonts },
    shared: options.shared,
    themeCss: `${options.shared}/themes/${theme.name}/theme.css`,
    variables: variablesCss(theme, options.themeVars),
    downloads: {},
    translations: [],
    handout: { geometry, items, contents, notesCount: deck.slides.filter((slide) => slide.notes.length > 0).length },
  });
  return usesMath(deck) ? linkMathStyles(page, options.shared) : page;
}

/** Returns the inline CSS of a slide's background (Reveal draws it outside the slide; the handout draws it inside). */
function backgroundOf(slide: Slide, deck: Deck): string | undefined {
  const attributes = slide.attributes ?? {};
  const clean = (value: string): string => value.replace(/["\\<>;{}\n\r]/g, '');
  const image = attributes['data-background-image'] ?? (slide.kind === 'title' ? deck.meta.image : undefined);
  const color = attributes['data-background-color'] ?? attributes['data-background'];
  const rules: string[] = [];
  if (color && !/^(url|https?:)/.test(color)) rules.push(`background-color: ${clean(color)}`);
  if (image) {
    rules.push(`background-image: url("${clean(image)}")`, 'background-size: cover', 'background-position: center');
    const opacity = Number(attributes['data-background-opacity'] ?? (slide.kind === 'title' && !attributes['data-background-image'] ? 0.14 : 1));
    if (opacity < 1) rules.push(`opacity: ${Math.max(0, opacity)}`);
  }
  return rules.length > 0 ? rules.join('; ') : undefined;
}
