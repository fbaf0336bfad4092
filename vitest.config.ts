import { defineConfig } from 'vitest/config';

/**
 * Test files that start Chromium, in the test process or through the binary. They form the `browser` project, whose
 * global setup starts one Chromium they share and one build of the seed and the fixture articles (test/shared.ts).
 * Every other file is a `unit` test: no browser (the binary may run, with --no-pdf).
 */
const browserTests = [
  'test/api.test.ts',
  'test/browser.test.ts',
  'test/browser-failures.test.ts',
  'test/corpus-script.test.ts',
  'test/doctor.test.ts',
  'test/export-cli.test.ts',
  'test/fill.test.ts',
  'test/handout.test.ts',
  'test/interrupt.test.ts',
  'test/korean.test.ts',
  'test/large-deck.test.ts',
  'test/math-code-browser.test.ts',
  'test/pptx-cli.test.ts',
  'test/readable-decks.test.ts',
  'test/remote-images.test.ts',
  'test/serve.test.ts',
  'test/themes-browser.test.ts',
  'test/themes-cli.test.ts',
  'test/unchanged.test.ts',
];

export default defineConfig({
  test: {
    // Generous: on a loaded 2-core machine the heaviest tests (a 5 MB article, a build with PDFs) run five times slower.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    // Two cores: at most two files at once (a browser test file also drives Chromium and the binary).
    maxWorkers: 2,
    projects: [
      // Unit files share their workers' modules (no module keeps state): half the cost of importing them per file.
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: browserTests, isolate: false } },
      { extends: true, test: { name: 'browser', include: browserTests, globalSetup: ['test/global-setup.ts'] } },
    ],
  },
});
