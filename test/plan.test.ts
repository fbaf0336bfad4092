import { describe, expect, it } from 'vitest';
import { planText } from './helpers.js';

const kinds = (text: string, path?: string) => planText(text, path).slides.map((slide) => slide.kind);
const titles = (text: string) => planText(text).slides.map((slide) => slide.title ?? null);

describe('planner', () => {
  it('makes the title slide from the front matter: title, excerpt, author, date, tags, image', () => {
    const deck = planText(`---
title: "A Briefing"
excerpt: What this is about.
author: Kim
date: 2025-11-18 12:00:00 +0900
tags: ai korea
image: cover.jpg
---

Body text.
`);
    expect(deck.slides[0]).toMatchObject({ id: 'title', kind: 'title', title: 'A Briefing' });
    expect(deck.meta).toMatchObject({ title: 'A Briefing', subtitle: 'What this is about.', author: 'Kim', date: '2025-11-18', tags: ['ai', 'korea'], image: 'cover.jpg' });
  });

  it('takes the title from the first # heading when the front matter has none, and drops that heading', () => {
    const deck = planText('# The Heading Title\n\nIntro.\n\n## One\n\nText.\n');
    expect(deck.meta.title).toBe('The Heading Title');
    // The content before the first section runs under the article's title: every content slide has a title.
    expect(deck.slides.map((slide) => slide.title ?? null)).toEqual(['The Heading Title', 'The Heading Title', 'One', null]);
  });

  it('takes the title from the file name when there is neither', () => {
    expect(planText('Just text.\n', 'posts/2009-09-05-edge-case-no-yaml-title.md').meta.title).toBe('Edge Case No Yaml Title');
  });

  it('drops a body # heading that repeats the front-matter title', () => {
    const deck = planText('---\ntitle: Same\n---\n# Same\n\n## A\n\ntext\n');
    expect(deck.slides.filter((slide) => slide.title === 'Same')).toHaveLength(1);
  });

  it('adds an agenda listing the ## sections when toc is true, and not otherwise', () => {
    const text = '## One\n\na\n\n## Two\n\nb\n';
    expect(kinds(text)).not.toContain('agenda');
    const deck = planText(`---\ntoc: true\n---\n${text}`);
    const agenda = deck.slides.find((slide) => slide.kind === 'agenda');
    expect(agenda?.html).toContain('href="#/one"');
    expect(agenda?.html).toContain('href="#/two"');
    expect(deck.slides.map((slide) => slide.kind)).toEqual(['title', 'agenda', 'content', 'content', 'closing']);
  });

  it('stacks each ### below its ## section; a ## followed straight by ### gets a section-title slide', () => {
    const deck = planText('## Section\n\n### First\n\na\n\n### Second\n\nb\n\n## Other\n\nText.\n');
    expect(deck.slides.map((slide) => [slide.kind, slide.title ?? null, slide.stack ?? null])).toEqual([
      ['title', 'Test', null],
      ['section', 'Section', 'section'],
      ['content', 'First', 'section'],
      ['content', 'Second', 'section'],
      ['content', 'Other', 'other'],
      ['closing', null, null],
    ]);
  });

  it('keeps content directly under a ## on the section\'s first slide', () => {
    const deck = planText('## Section\n\nLead text.\n\n### Sub\n\nb\n');
    expect(deck.slides[1]).toMatchObject({ kind: 'content', title: 'Section' });
    expect(deck.slides[1]!.html).toContain('Lead text.');
  });

  it('keeps #### and deeper inside their slide as sub-heads', () => {
    const deck = planText('## S\n\n### Slide\n\n#### Sub-head\n\ntext\n\n##### Deeper\n\nmore\n');
    expect(titles('## S\n\n### Slide\n\n#### Sub-head\n\ntext\n')).toEqual(['Test', 'S', 'Slide', null]);
    expect(deck.slides[2]!.html).toContain('<h4>Sub-head</h4>');
    expect(deck.slides[2]!.html).toContain('<h5>Deeper</h5>');
  });

  it('makes content before the first ## the first content slide, under the article\'s title', () => {
    const deck = planText('Opening words.\n\n## One\n\ntext\n');
    expect(deck.slides[1]).toMatchObject({ kind: 'content', title: 'Test', titleHtml: 'Test' });
    expect(deck.slides[1]!.html).toContain('Opening words.');
  });

  it('starts a new slide at a --- thematic break', () => {
    const deck = planText('## One\n\nBefore.\n\n---\n\nAfter.\n');
    expect(deck.slides.map((slide) => slide.kind)).toEqual(['title', 'content', 'content', 'closing']);
    expect(deck.slides[1]!.html).toContain('Before.');
    expect(deck.slides[2]!.html).toContain('After.');
    expect(deck.slides[2]!.stack).toBe(deck.slides[1]!.stack);
  });

  it('ignores front matter keys it does not use', () => {
    expect(() => planText('---\ntitle: T\nlayout: post\nref: x\nuse_math: true\ncategories: [a, b]\nheader: { teaser: x.jpg }\n---\ntext\n')).not.toThrow();
  });

  it('takes levels relative to what the article uses: one ## with #### under it gives a slide per ####', () => {
    const body = Array.from({ length: 9 }, (_, i) => `#### Part ${i + 1}\n\ntext ${i + 1}\n`).join('\n');
    const deck = planText(`## Essay\n\n${body}`);
    expect(deck.slides.filter((slide) => slide.stack === 'essay')).toHaveLength(10);
    expect(deck.slides.filter((slide) => slide.title?.startsWith('Part '))).toHaveLength(9);
  });

  it('treats the shallowest heading level as sections when an article starts at ###', () => {
    const deck = planText('### A\n\na\n\n### B\n\nb\n');
    expect(deck.slides.map((slide) => [slide.kind, slide.title ?? null])).toEqual([
      ['title', 'Test'],
      ['content', 'A'],
      ['content', 'B'],
      ['closing', null],
    ]);
  });

  it('passes <!-- .slide: --> attributes through to the slide', () => {
    const deck = planText('## One\n\n<!-- .slide: data-background-color="#123456" onclick="x" -->\n\ntext\n');
    expect(deck.slides[1]!.attributes).toEqual({ 'data-background-color': '#123456' });
    expect(deck.slides[1]!.html).not.toContain('.slide:');
  });

  it('gives every slide a unique id and its source line', () => {
    const deck = planText('## Same\n\na\n\n## Same\n\nb\n');
    const ids = deck.slides.map((slide) => slide.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(deck.slides[1]!.position.line).toBe(1);
    expect(deck.slides[2]!.position.line).toBe(5);
  });

  it('is plain data: it survives a JSON round trip unchanged', () => {
    const deck = planText('---\ntitle: T\ntoc: true\n---\n## A\n\n### B\n\n- x\n- y\n');
    expect(JSON.parse(JSON.stringify(deck))).toEqual(deck);
  });
});
