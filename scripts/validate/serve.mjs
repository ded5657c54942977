// The browser check of `privsite serve` (scripts/check-serve), in headless
// Debian Chromium driven by playwright-core. Against a copy of the example
// project it proves, as a reader's browser sees it, that:
//
// - an open page reloads by itself when its source file is saved, and comes
//   back at the same scroll position; a page the save did not change (another
//   policy's) stays as it is;
// - a broken save shows the diagnostic (file:line:column, message) in an
//   accessible dialog over the last good page, which does not reload;
//   Escape dismisses it; the dialog passes axe-core's WCAG 2.1 A/AA rules
//   in the light and the dark colour scheme;
// - the fix removes the dialog;
//
// and, against a copy of the feature corpus, that the dialog stays left to
// right and inside the screen over an Arabic (right-to-left) page. The
// dialog is photographed at 375 and 1280 px, left to right and right to
// left, light and dark, into the artifacts folder.
//
// usage: node serve.mjs --privsite BIN --example DIR --features DIR
//          --artifacts DIR [--chromium PATH] [--today YYYY-MM-DD]
// Exit status: 0 when every check passed, 1 otherwise.

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { serve } from './serve-process.mjs';

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const PHONE = { width: 375, height: 812 };
const DESKTOP = { width: 1280, height: 900 };
const PATIENCE = 15_000;

function parseArgs(argv) {
  const opts = { chromium: '/usr/bin/chromium', today: '2026-11-23' };
  for (let i = 0; i < argv.length; i += 2) {
    const [key, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${key} needs a value`);
    opts[key.replace(/^--/, '')] = value;
  }
  for (const key of ['privsite', 'example', 'features', 'artifacts']) {
    if (!opts[key]) throw new Error(`--${key} is required`);
  }
  return opts;
}

let passed = 0;
let failed = 0;
function check(ok, what, detail = '') {
  if (ok) {
    passed++;
    console.log(`ok - ${what}`);
  } else {
    failed++;
    console.log(`FAILED - ${what}${detail ? `: ${detail}` : ''}`);
  }
}

// Replaces `from` with `to` in a file, as an editor saves it.
function edit(file, from, to) {
  const text = fs.readFileSync(file, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} has no ${JSON.stringify(from)}`);
  fs.writeFileSync(file, text.replace(from, to));
}

// Opens `url` and waits until its live script listens to the server.
async function openLive(page, url) {
  const listening = page.waitForResponse((r) => new URL(r.url()).pathname === '/__privsite/events');
  await page.goto(url, { waitUntil: 'load' });
  await listening;
}

// What a reader and a screen reader get of the problems dialog, if shown.
function overlay(page) {
  return page.evaluate(() => {
    const host = document.querySelector('privsite-problems');
    const dialog = host?.shadowRoot?.querySelector('dialog');
    if (!dialog) return null;
    const rect = dialog.getBoundingClientRect();
    const focused = host.shadowRoot.activeElement;
    return {
      open: dialog.open,
      modal: dialog.matches(':modal'),
      role: dialog.getAttribute('role'),
      label: host.shadowRoot.getElementById(dialog.getAttribute('aria-labelledby'))?.textContent,
      dir: getComputedStyle(dialog).direction,
      text: dialog.innerText,
      focused: focused ? `${focused.tagName.toLowerCase()}:${focused.textContent}` : null,
      left: rect.left,
      right: rect.right,
      viewport: document.documentElement.clientWidth,
      pageScrollsSideways: document.documentElement.scrollWidth > document.documentElement.clientWidth,
    };
  });
}

async function waitForOverlay(page, shown) {
  await page.waitForFunction(
    (shown) => Boolean(document.querySelector('privsite-problems')) === shown,
    shown,
    { timeout: PATIENCE },
  );
}

// axe-core's findings inside the dialog, in the page's current colour scheme.
async function axeOnOverlay(page) {
  await page.addScriptTag({ path: AXE_PATH });
  return page.evaluate(async (tags) => {
    const result = await window.axe.run(
      { include: [{ fromShadowDom: ['privsite-problems', 'dialog'] }] },
      { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] },
    );
    return result.violations.map((v) => `${v.id} (${v.nodes.map((n) => n.target.join(' > ')).join(', ')})`);
  }, WCAG_TAGS);
}

async function photograph(browser, url, viewport, scheme, file) {
  const context = await browser.newContext({ viewport, colorScheme: scheme });
  const page = await context.newPage();
  await openLive(page, url);
  await waitForOverlay(page, true);
  const state = await overlay(page);
  await page.screenshot({ path: file });
  await context.close();
  return state;
}

async function reloadAndOverlay(browser, opts, server) {
  const root = opts.example;
  const source = path.join(root, 'policies/mozilla/2008-11/en.yaml');
  const url = `${server.url}mozilla/en/`;
  const context = await browser.newContext({ viewport: DESKTOP });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await openLive(page, url);
  const other = await context.newPage();
  await openLive(other, `${server.url}zimbra/en/`);
  await other.evaluate(() => { window.privsiteCheckMark = true; });

  // Scroll, mark this page, then save an edit of its source.
  await page.evaluate(() => window.scrollTo(0, 1500));
  const scrolled = await page.evaluate(() => window.scrollY);
  check(scrolled > 1000, 'the page is long enough to scroll', `scrollY ${scrolled}`);
  await page.evaluate(() => { window.privsiteCheckMark = true; });
  const reloaded = page.waitForEvent('load', { timeout: PATIENCE });
  const relistening = page.waitForResponse((r) => new URL(r.url()).pathname === '/__privsite/events', { timeout: PATIENCE });
  edit(source, 'Except as described below,', 'Except as described below (edited live),');
  await reloaded.catch(() => null);
  await relistening.catch(() => null);
  await page.waitForFunction(() => document.body.innerText.includes('(edited live)'), null, { timeout: PATIENCE })
    .catch(() => null);
  const after = await page.evaluate(() => ({
    mark: window.privsiteCheckMark === true,
    edited: document.body.innerText.includes('(edited live)'),
  }));
  check(!after.mark && after.edited, 'the page reloaded by itself with the edit', JSON.stringify(after));
  await page.waitForFunction((y) => Math.abs(window.scrollY - y) <= 1, scrolled, { timeout: 3000 }).catch(() => null);
  const kept = await page.evaluate(() => window.scrollY);
  check(Math.abs(kept - scrolled) <= 1, 'the reload kept the scroll position', `${scrolled} before, ${kept} after`);
  // The server has told every open page of the rebuild by now; give a
  // reload that should not happen a moment to show itself.
  await other.waitForTimeout(500);
  const untouched = await other.evaluate(() => window.privsiteCheckMark === true);
  check(untouched, "another policy's open page, which the save did not change, did not reload");
  await other.close();

  // Break the file: the dialog shows the diagnostic over the last good page.
  await page.evaluate(() => { window.privsiteCheckMark = true; });
  edit(source, 'effective: 2008-11-01', 'effective: 2008-11-31');
  await waitForOverlay(page, true).catch(() => null);
  const shown = await overlay(page);
  check(shown?.open && shown.modal, 'a broken save opens a modal dialog', JSON.stringify(shown));
  check(shown?.role === 'alertdialog' && /The sources have 1 error/.test(shown?.label ?? ''),
    'the dialog is an alertdialog named after the errors', `${shown?.role}, ${shown?.label}`);
  check(shown?.text.includes('policies/mozilla/2008-11/en.yaml:4:12') && /2008-11-31/.test(shown?.text),
    'the dialog gives file:line:column and the message', shown?.text);
  check(shown?.focused === 'button:Dismiss', 'focus is in the dialog, on its button', shown?.focused);
  const behind = await page.evaluate(() => ({
    mark: window.privsiteCheckMark === true,
    edited: document.body.innerText.includes('(edited live)'),
  }));
  check(behind.mark && behind.edited, 'the last good page stays behind it, not reloaded', JSON.stringify(behind));
  const light = await axeOnOverlay(page);
  check(light.length === 0, 'axe-core finds nothing in the dialog (light)', light.join('; '));
  await page.emulateMedia({ colorScheme: 'dark' });
  const dark = await axeOnOverlay(page);
  check(dark.length === 0, 'axe-core finds nothing in the dialog (dark)', dark.join('; '));
  await page.emulateMedia({ colorScheme: 'light' });

  for (const [name, viewport] of [['1280', DESKTOP], ['375', PHONE]]) {
    for (const scheme of ['light', 'dark']) {
      const file = path.join(opts.artifacts, `overlay-ltr-${name}-${scheme}.png`);
      const state = await photograph(browser, url, viewport, scheme, file);
      check(state && state.left >= 0 && state.right <= state.viewport && !state.pageScrollsSideways,
        `the dialog fits the screen at ${name} px (${scheme})`, JSON.stringify(state));
    }
  }

  await page.keyboard.press('Escape');
  await waitForOverlay(page, false).catch(() => null);
  check(!(await overlay(page)), 'Escape dismisses the dialog');

  // A different mistake brings it back; the fix takes it away.
  edit(source, 'effective: 2008-11-31', 'effective: 2008-11-32');
  await waitForOverlay(page, true).catch(() => null);
  check((await overlay(page))?.text.includes('2008-11-32'), 'a new mistake shows the dialog again');
  edit(source, 'effective: 2008-11-32', 'effective: 2008-11-01');
  await waitForOverlay(page, false).catch(() => null);
  check(!(await overlay(page)), 'the fix removes the dialog');
  check(errors.length === 0, 'no script error on the page', errors.join('; '));
  await context.close();
}

async function rightToLeft(browser, opts, server) {
  const source = path.join(opts.features, 'policies/privacy/2026-02/ar.yaml');
  const url = `${server.url}privacy/ar/2026-02/`;
  edit(source, '  - id: introduction\n    title: مقدمة', '  - id: مقدمة\n    title: مقدمة');
  // The server has seen the change once the dialog is up on a fresh page.
  for (const [name, viewport] of [['1280', DESKTOP], ['375', PHONE]]) {
    for (const scheme of ['light', 'dark']) {
      const file = path.join(opts.artifacts, `overlay-rtl-${name}-${scheme}.png`);
      const state = await photograph(browser, url, viewport, scheme, file);
      check(state?.dir === 'ltr', `over an Arabic page the dialog reads left to right (${name} px, ${scheme})`, state?.dir);
      check(state && state.left >= 0 && state.right <= state.viewport && !state.pageScrollsSideways,
        `over an Arabic page the dialog fits the screen at ${name} px (${scheme})`, JSON.stringify(state));
      check(state?.text.includes('policies/privacy/2026-02/ar.yaml:'), 'it names the Arabic file', state?.text);
    }
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  fs.mkdirSync(opts.artifacts, { recursive: true });
  const servers = [];
  const browser = await chromium.launch({ executablePath: opts.chromium, headless: true });
  try {
    const example = await serve(opts.privsite, opts.example, opts.today);
    servers.push(example);
    await reloadAndOverlay(browser, opts, example);
    const features = await serve(opts.privsite, opts.features, opts.today);
    servers.push(features);
    await rightToLeft(browser, opts, features);
  } finally {
    await browser.close();
    for (const server of servers) server.child.kill();
  }
  console.log(`serve (Chromium): ${passed} passed, ${failed} failed; screenshots in ${opts.artifacts}`);
  process.exit(failed ? 1 : 0);
}

main().catch((err) => {
  console.error(`serve check crashed: ${err.stack || err}`);
  process.exit(2);
});
