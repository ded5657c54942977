// The browser checks of scripts/validate-site, in headless Debian Chromium
// driven by playwright-core:
//
// - accessibility: axe-core on every page (and every homepage notice, wrapped
//   in a minimal page), in the light and the dark colour scheme, for the
//   WCAG 2.1 A and AA rules, with every <details> unfolded;
// - rendering: every page at 375 px (a phone) must not scroll sideways, and
//   every in-page link (a[href^="#"]) must bring its target to the top of the
//   viewport (or into view, at the end of the page), at 375 and 1280 px; no
//   page may log an error or fail to load a file; one page of each kind is
//   photographed at both widths, in both schemes, and each policy's main page
//   is printed to PDF.
//
// Pages are served by a small static server on 127.0.0.1, each site under
// its own folder (/0/, /1/, ...): privsite links pages to each other with
// relative links, so a site works from any folder. (Opened from disk
// instead, axe-core could not read the style sheet: file:// has no CORS.)
//
// usage: node browser.mjs --site DIR [--site DIR]... [--fragments DIR]
//          --artifacts DIR [--today YYYY-MM-DD] [--chromium PATH]
//          [--summary-a11y FILE] [--summary-render FILE] [--only PATH_END]... [--jobs N]
// Exit status: 0 when both checks pass, 1 on any finding, 2 on a crash.

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');
const AXE_VERSION = require('axe-core/package.json').version;
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const PHONE = { width: 375, height: 812 };
const DESKTOP = { width: 1280, height: 900 };

function parseArgs(argv) {
  const opts = { sites: [], fragments: [], only: [], today: '2026-11-23', chromium: '/usr/bin/chromium', jobs: 2 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${arg} needs a value`);
      return argv[++i];
    };
    switch (arg) {
      case '--site': opts.sites.push(path.resolve(next())); break;
      case '--fragments': opts.fragments.push(path.resolve(next())); break;
      case '--artifacts': opts.artifacts = path.resolve(next()); break;
      case '--today': opts.today = next(); break;
      case '--chromium': opts.chromium = next(); break;
      case '--summary-a11y': opts.summaryA11y = next(); break;
      case '--summary-render': opts.summaryRender = next(); break;
      case '--only': opts.only.push(next()); break;
      case '--jobs': opts.jobs = Math.max(1, Number(next()) || 1); break;
      default: throw new Error(`unknown argument ${arg}`);
    }
  }
  if (!opts.sites.length || !opts.artifacts) throw new Error('--site and --artifacts are required');
  return opts;
}

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.xml': 'application/xml',
  '.json': 'application/json', '.png': 'image/png', '.svg': 'image/svg+xml', '.js': 'text/javascript',
};

// Serves roots[n] under /n/; answers 404 for anything else.
function serve(roots) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    const match = /^\/(\d+)(\/.*)$/.exec(decodeURIComponent(url.pathname));
    let file = match && roots[Number(match[1])] ? path.join(roots[Number(match[1])], path.normalize(match[2])) : null;
    if (file && file.endsWith(path.sep)) file = path.join(file, 'index.html');
    if (url.pathname === '/_validate/axe.min.js') {
      // Served rather than inlined, so that Chromium compiles it once.
      res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'max-age=3600' });
      fs.createReadStream(AXE_PATH).pipe(res);
      return;
    }
    if (url.pathname === '/favicon.ico') {
      // Browsers ask for it on their own; the sites have none.
      res.writeHead(204);
      res.end();
      return;
    }
    if (!file || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function walk(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(full));
    else if (entry.name.endsWith('.html')) out.push(full);
  }
  return out.sort();
}

// The kind of a page, from its place in the site (see README, "The site").
function kindOf(rel) {
  const parts = rel.split('/');
  if (rel === 'index.html') return 'index';
  if (parts.length === 2) return 'policy';
  if (parts.length === 3) return 'policy-locale';
  if (parts.length === 4 && parts[2] === 'versions') return 'versions';
  if (parts.length === 4) return 'version';
  if (parts.length === 5 && parts[3] === 'changes') return 'changes';
  return 'other';
}

function pagesOf(opts) {
  const pages = [];
  for (const [root, site] of opts.sites.entries()) {
    const name = path.basename(site);
    for (const file of walk(site)) {
      const rel = path.relative(site, file).split(path.sep).join('/');
      if (path.basename(file) === 'notice.html') continue; // fragments: see --fragments
      const head = fs.readFileSync(file, 'utf8').slice(0, 400);
      const dir = /<html[^>]*\sdir="rtl"/.test(head) ? 'rtl' : 'ltr';
      pages.push({ site: name, rel, file, kind: kindOf(rel), dir, root });
    }
  }
  for (const [n, folder] of opts.fragments.entries()) {
    for (const file of walk(folder)) {
      const text = fs.readFileSync(file, 'utf8');
      if (!/<aside/.test(text)) continue; // an empty notice: nothing to show
      const rel = path.relative(folder, file).split(path.sep).join('/');
      const dir = /<aside[^>]*\sdir="rtl"/.test(text) ? 'rtl' : 'ltr';
      pages.push({ site: 'notices', rel, file, kind: 'notice', dir, root: opts.sites.length + n });
    }
  }
  if (opts.only.length) return pages.filter((p) => opts.only.some((o) => p.file.endsWith(o)));
  return pages;
}

// One page of each kind, direction and site is photographed: the longest,
// which has the most of what the theme must lay out.
function representatives(pages) {
  const best = new Map();
  for (const page of pages) {
    const key = `${page.site}/${page.kind}/${page.dir}`;
    page.size ??= fs.statSync(page.file).size;
    if (!best.has(key) || page.size > best.get(key).size) best.set(key, page);
  }
  return [...best.values()];
}

// One tab per context, reused: opening a tab costs more than loading a page.
// What goes wrong while a page loads is added to `tab.problems`.
async function newTab(context) {
  const tab = await context.newPage();
  tab.problems = [];
  tab.on('console', (msg) => {
    if (msg.type() === 'error') tab.problems.push(`console error: ${msg.text()}`);
  });
  tab.on('pageerror', (err) => tab.problems.push(`script error: ${err.message}`));
  tab.on('requestfailed', (req) => tab.problems.push(`could not load ${req.url()}: ${req.failure()?.errorText}`));
  tab.on('response', (res) => {
    if (res.status() >= 400) tab.problems.push(`could not load ${res.url()}: HTTP ${res.status()}`);
  });
  return tab;
}

async function open(tab, url, problems) {
  tab.problems = problems;
  await tab.goto(url, { waitUntil: 'load' });
  return tab;
}

// A notice is a fragment of someone else's homepage, shown here in a minimal
// page: the page-level rule "bypass blocks" (a skip link) is not its own.
async function axeRun(tab, origin, fragment) {
  await timed('axe-inject', tab.addScriptTag({ url: `${origin}/_validate/axe.min.js` }));
  return tab.evaluate(async ([tags, fragment]) => {
    // Folded text (<details>: unchanged sections, side-by-side views) is
    // checked unfolded, as a reader who opens it sees it; then folded again.
    const folded = [...document.querySelectorAll('details:not([open])')];
    for (const d of folded) d.open = true;
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      rules: fragment ? { bypass: { enabled: false } } : {},
      resultTypes: ['violations'],
    });
    for (const d of folded) d.open = false;
    return {
      violations: result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
      })),
      incomplete: result.incomplete.map((i) => [i.id, i.nodes.length]),
    };
  }, [WCAG_TAGS, fragment]);
}

// Runs inside the page: click every in-page link and see where its target lands.
function checkAnchors() {
  const problems = [];
  const hrefs = new Map();
  for (const a of document.querySelectorAll('a[href^="#"]')) {
    const href = a.getAttribute('href');
    if (!hrefs.has(href)) hrefs.set(href, a);
  }
  const root = document.documentElement;
  for (const [href, a] of hrefs) {
    const raw = href.slice(1);
    let id = raw;
    try { id = decodeURIComponent(raw); } catch { /* keep it raw */ }
    const target = raw === '' ? root : document.getElementById(id) || document.getElementsByName(id)[0];
    if (!target) {
      problems.push(`${href}: no element has this id`);
      continue;
    }
    window.scrollTo(0, 0);
    a.click();
    const rect = target.getBoundingClientRect();
    const margin = parseFloat(getComputedStyle(target).scrollMarginTop) || 0;
    const atEnd = Math.ceil(window.scrollY + window.innerHeight) >= root.scrollHeight - 1;
    const atTop = Math.abs(rect.top - margin) <= 4 || (raw === '' && window.scrollY === 0);
    const inView = rect.top >= -4 && rect.top < window.innerHeight - Math.min(rect.height, 16);
    const shown = target.checkVisibility ? target.checkVisibility() : true;
    if (!shown || !(atTop || (atEnd && inView))) {
      problems.push(`${href}: target ends up ${Math.round(rect.top)} px from the top of the viewport`
        + ` (scrolled to ${Math.round(window.scrollY)} of ${root.scrollHeight - window.innerHeight})`
        + (shown ? '' : ', and is not visible'));
    }
  }
  return { checked: hrefs.size, links: document.querySelectorAll('a[href^="#"]').length, problems };
}

// Runs inside the page: does it scroll sideways, and what sticks out?
function checkOverflow() {
  const root = document.documentElement;
  if (root.scrollWidth <= root.clientWidth) return null;
  const culprits = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width && (r.right > root.clientWidth + 1 || r.left < -1)) {
      // Keep the innermost: drop any ancestor already listed.
      for (let i = culprits.length - 1; i >= 0; i--) if (culprits[i].el.contains(el)) culprits.splice(i, 1);
      culprits.push({ el, right: Math.round(r.right) });
    }
  }
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? `#${el.id}` : '')
    + (el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : '');
  return {
    scrollWidth: root.scrollWidth,
    clientWidth: root.clientWidth,
    culprits: culprits.slice(0, 3).map((c) => `${describe(c.el)} (right edge at ${c.right} px)`),
  };
}

function shotName(page, width, scheme) {
  const slug = page.rel.replace(/\/index\.html$|\.html$/, '').replace(/\//g, '_') || 'index';
  return `${page.site}/${page.kind}-${page.dir}-${slug}-${width}${scheme === 'dark' ? '-dark' : ''}.png`;
}

const timings = {};
async function timed(name, promise) {
  const start = Date.now();
  try {
    return await promise;
  } finally {
    timings[name] = (timings[name] || 0) + Date.now() - start;
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const pages = pagesOf(opts);
  if (!pages.length) throw new Error('no pages to check');
  const shots = new Set(representatives(pages.filter((p) => p.kind !== 'other')).map((p) => p.file));
  fs.mkdirSync(opts.artifacts, { recursive: true });

  const browser = await chromium.launch({
    executablePath: opts.chromium,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage',
      '--disable-extensions', '--no-first-run', '--font-render-hinting=none'],
  });
  const today = new Date(`${opts.today}T12:00:00Z`);
  const contexts = {};
  for (const [name, viewport, colorScheme, mobile] of [
    ['desktop-light', DESKTOP, 'light', false],
    ['desktop-dark', DESKTOP, 'dark', false],
    ['phone-light', PHONE, 'light', true],
    ['phone-dark', PHONE, 'dark', true],
  ]) {
    contexts[name] = await browser.newContext({
      viewport, colorScheme, reducedMotion: 'reduce', isMobile: mobile, hasTouch: mobile, deviceScaleFactor: 1,
    });
    // The notices hide themselves after their end date: show the build date's site.
    await contexts[name].clock.setFixedTime(today);
  }
  const server = await serve([...opts.sites, ...opts.fragments]);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const urlOf = (page) => `${origin}/${page.root}/${page.rel}`;

  const a11y = { runs: 0, violations: 0, incomplete: new Map(), pages: 0 };
  const render = { pages: 0, overflow: 0, anchorLinks: 0, anchorTargets: 0, anchorProblems: 0, loadProblems: 0, screenshots: 0, pdfs: 0 };

  const anchorsOn = async (tab, page, width) => {
    const anchors = await timed('anchors', tab.evaluate(checkAnchors));
    render.anchorLinks += anchors.links;
    render.anchorTargets += anchors.checked;
    for (const p of anchors.problems) {
      render.anchorProblems++;
      console.log(`${page.file}: rendering (${width} px): in-page link ${p}`);
    }
  };
  const photograph = async (tab, page, width, scheme) => {
    if (!shots.has(page.file)) return;
    const file = path.join(opts.artifacts, shotName(page, width, scheme));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await timed('screenshots', tab.screenshot({ path: file, fullPage: true }));
    render.screenshots++;
  };

  async function check(page, tabs) {
    const problems = [];

    // Accessibility, in both colour schemes (desktop width).
    a11y.pages++;
    for (const scheme of ['light', 'dark']) {
      const tab = await timed('load', open(tabs[`desktop-${scheme}`], urlOf(page), problems));
      const result = await timed('axe', axeRun(tab, origin, page.kind === 'notice'));
      a11y.runs++;
      for (const [id, count] of result.incomplete) a11y.incomplete.set(id, (a11y.incomplete.get(id) || 0) + count);
      for (const v of result.violations) {
        a11y.violations += v.nodes.length;
        const lines = [`${page.file}: accessibility (${scheme}): ${v.id} [${v.impact}] ${v.help}`];
        for (const node of v.nodes.slice(0, 5)) {
          lines.push(`    ${node.target}: ${node.summary.replace(/\s*\n\s*/g, ' / ')}`);
        }
        if (v.nodes.length > 5) lines.push(`    ... and ${v.nodes.length - 5} more`);
        console.log(lines.join('\n'));
      }
      if (scheme === 'light') {
        await anchorsOn(tab, page, DESKTOP.width);
        if (page.kind === 'policy') {
          const pdf = path.join(opts.artifacts, page.site, `print-${page.rel.split('/')[0]}.pdf`);
          fs.mkdirSync(path.dirname(pdf), { recursive: true });
          await timed('pdf', tab.pdf({ path: pdf, format: 'A4', printBackground: true }));
          const head = fs.readFileSync(pdf).subarray(0, 5).toString();
          if (head !== '%PDF-' || fs.statSync(pdf).size < 2000) {
            render.loadProblems++;
            console.log(`${page.file}: rendering: the printed PDF ${pdf} is not a PDF document`);
          }
          render.pdfs++;
        }
      }
      await photograph(tab, page, DESKTOP.width, scheme);
    }

    // Rendering on a phone.
    render.pages++;
    const phone = await timed('load', open(tabs['phone-light'], urlOf(page), problems));
    const overflow = await phone.evaluate(checkOverflow);
    if (overflow) {
      render.overflow++;
      console.log(`${page.file}: rendering (375 px): the page scrolls sideways`
        + ` (${overflow.scrollWidth} px wide in ${overflow.clientWidth} px): ${overflow.culprits.join('; ')}`);
    }
    await anchorsOn(phone, page, PHONE.width);
    await photograph(phone, page, PHONE.width, 'light');
    if (shots.has(page.file)) {
      const dark = await timed('load', open(tabs['phone-dark'], urlOf(page), problems));
      await photograph(dark, page, PHONE.width, 'dark');
    }

    for (const p of new Set(problems)) {
      render.loadProblems++;
      console.log(`${page.file}: rendering: ${p}`);
    }
  }

  // A few workers, each with its own tabs, share the queue of pages.
  const queue = [...pages];
  const worker = async () => {
    const tabs = {};
    for (const [name, context] of Object.entries(contexts)) tabs[name] = await newTab(context);
    for (let page = queue.shift(); page; page = queue.shift()) await check(page, tabs);
  };
  await Promise.all(Array.from({ length: opts.jobs }, worker));
  await browser.close();
  server.close();
  if (process.env.VALIDATE_TIMINGS) console.log('timings (ms, summed over workers):', JSON.stringify(timings));

  const a11yLine = `accessibility (axe-core ${AXE_VERSION}, WCAG 2.1 A/AA, Chromium): ${a11y.pages} pages`
    + ` checked in light and dark (${a11y.runs} runs), ${a11y.violations} violations`
    + (a11y.incomplete.size
      ? ` (axe could not decide: ${[...a11y.incomplete].map(([id, n]) => `${id} ${n}`).join(', ')})`
      : '');
  const renderProblems = render.overflow + render.anchorProblems + render.loadProblems;
  const renderLine = `rendering (Chromium): ${render.pages} pages at 375 px, ${render.overflow} scroll sideways;`
    + ` ${render.anchorLinks} in-page links to ${render.anchorTargets} targets followed at 375 and 1280 px,`
    + ` ${render.anchorProblems} miss; ${render.loadProblems} load or script errors;`
    + ` ${render.screenshots} screenshots and ${render.pdfs} PDF${render.pdfs === 1 ? '' : 's'} in ${opts.artifacts}`;
  for (const [file, line] of [[opts.summaryA11y, a11yLine], [opts.summaryRender, renderLine]]) {
    if (file) fs.writeFileSync(file, `${line}\n`);
    else console.log(line);
  }
  process.exit(a11y.violations || renderProblems ? 1 : 0);
}

main().catch((err) => {
  console.error(`browser checks crashed: ${err.stack || err}`);
  process.exit(2);
});
