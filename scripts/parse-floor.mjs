#!/usr/bin/env node
// A lower bound on an HTML build: start Node, load remark's parser (unified + remark-parse, without the GFM, math and
// other extensions briefdeck adds) and parse an article once, cold, in pieces cut before its level-1 and level-2
// headings (roughly where briefdeck cuts a long article, since micromark's time grows with the square of one text's
// length; unlike briefdeck's cut, this one does not look inside code fences, and the front matter is parsed as text).
// scripts/bench.mjs times this process against Marp's HTML build, to show how much of a target the parser alone takes.
//
// Usage: node scripts/parse-floor.mjs <article.md> [--warm N]   (with --warm, also prints N more parses' times)
import { readFileSync } from 'node:fs';
import { unified } from 'unified';
import remarkParse from 'remark-parse';

const [file, flag, count] = process.argv.slice(2);
if (!file) {
  console.error('usage: node scripts/parse-floor.mjs <article.md> [--warm N]');
  process.exit(2);
}
const text = readFileSync(file, 'utf8');
const pieces = text.split(/\n(?=#{1,2} )/);
const parser = unified().use(remarkParse);
const parseAll = () => {
  const started = performance.now();
  let nodes = 0;
  for (const piece of pieces) nodes += parser.parse(piece).children.length;
  return { ms: performance.now() - started, nodes };
};
const cold = parseAll();
if (flag === '--warm') {
  const warm = Array.from({ length: Number(count ?? 5) }, () => parseAll().ms.toFixed(0));
  console.log(`${pieces.length} pieces, ${cold.nodes} blocks: cold ${cold.ms.toFixed(0)} ms, warm ${warm.join(' ')} ms`);
}
