// probe.mjs <html> <query> <js-expression>: open a deck page in Chromium and print the value of an expression.
import puppeteer from 'puppeteer';
const [file, query, expr] = process.argv.slice(2);
const browser = await puppeteer.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
const page = await browser.newPage();
await page.setViewport({ width: 1280, height: 720 });
page.on('console', (m) => console.log('console:', m.text()));
await page.goto('file://' + file + (query || ''), { waitUntil: 'load' });
await page.waitForFunction(() => document.documentElement.getAttribute('data-briefdeck-ready') === 'true', { timeout: 30000 });
console.log(JSON.stringify(await page.evaluate(expr), null, 1));
await browser.close();
