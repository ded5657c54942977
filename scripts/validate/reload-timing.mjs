// How long a saved edit takes to reach an open page in the browser
// (scripts/bench-reload): the time from writing a version file to the
// `load` event of the page `privsite serve` made it reload, in headless
// Debian Chromium driven by playwright-core. Both ends read the same
// clock: the save is stamped in Node just before the write, the load in
// the page (`performance.timeOrigin + loadEventEnd`).
//
// usage: node reload-timing.mjs --privsite BIN --root DIR --file REL
//          --page PATH [--edits N] [--chromium PATH] [--today YYYY-MM-DD]
// Prints each edit's time and the median, 90th percentile and range.

import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from './serve-process.mjs';

const PATIENCE = 15_000;

function parseArgs(argv) {
  const opts = { chromium: '/usr/bin/chromium', today: '2026-01-01', edits: '30' };
  for (let i = 0; i < argv.length; i += 2) {
    const [key, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${key} needs a value`);
    opts[key.replace(/^--/, '')] = value;
  }
  for (const key of ['privsite', 'root', 'file', 'page']) {
    if (!opts[key]) throw new Error(`--${key} is required`);
  }
  return opts;
}

const listening = (page) =>
  page.waitForResponse((r) => new URL(r.url()).pathname === '/__privsite/events', { timeout: PATIENCE });

function quantile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const file = path.join(opts.root, opts.file);
  const original = fs.readFileSync(file, 'utf8');
  if (!original.includes('body: |\n')) throw new Error(`${file} has no body to edit`);
  const server = await serve(opts.privsite, opts.root, opts.today);
  const browser = await chromium.launch({ executablePath: opts.chromium, headless: true });
  const times = [];
  try {
    const page = await (await browser.newContext()).newPage();
    const first = listening(page);
    await page.goto(`${server.url}${opts.page}`, { waitUntil: 'load' });
    await first;
    for (let n = 1; n <= Number(opts.edits); n++) {
      const marker = `Reload check ${n}.`;
      const text = original.replace('body: |\n', `body: |\n      ${marker}\n\n`);
      const loaded = page.waitForEvent('load', { timeout: PATIENCE });
      const relistening = listening(page);
      const saved = performance.timeOrigin + performance.now();
      fs.writeFileSync(file, text);
      await loaded;
      const { at, began } = await page.evaluate(() => {
        const [nav] = performance.getEntriesByType('navigation');
        return { at: performance.timeOrigin + nav.loadEventEnd, began: performance.timeOrigin };
      });
      const shows = await page.evaluate((m) => document.body.innerText.includes(m), marker);
      if (!shows) throw new Error(`edit ${n}: the reloaded page does not show it`);
      await relistening;
      times.push(at - saved);
      const build = server.builds.at(-1);
      console.log(
        `edit ${n}: ${(at - saved).toFixed(1)} ms ` +
        `(reload asked ${(began - saved).toFixed(0)} ms after the save, ` +
        `the rebuild itself ${build} ms; the page loaded in ${(at - began).toFixed(0)} ms)`,
      );
      // Let the server go quiet before the next save.
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    fs.writeFileSync(file, original);
    await browser.close();
    server.child.kill();
  }
  const sorted = [...times].sort((a, b) => a - b);
  const ms = (x) => `${x.toFixed(0)} ms`;
  console.log(
    `save to reloaded page, ${sorted.length} edits: median ${ms(quantile(sorted, 0.5))}, ` +
    `90th percentile ${ms(quantile(sorted, 0.9))}, range ${ms(sorted[0])}-${ms(sorted.at(-1))}`,
  );
}

main().catch((err) => {
  console.error(`reload timing crashed: ${err.stack || err}`);
  process.exit(2);
});
