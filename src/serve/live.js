// The live-reload script of `privsite serve`, injected into every HTML page
// it serves (never written to disk). It listens to the server's events:
//
// - when the server shows other bytes at this page's address, or other
//   static files (or is another run of the server), the page reloads; a
//   save that changes other pages leaves it alone. A reload (not a new
//   visit) keeps the scroll position, as browsers restore it for a reload
//   (scripts/check-serve proves it);
// - while the newest sources have errors, it shows them (file:line:column,
//   the message, the help) in a dialog over the last good page; the author
//   may dismiss it until the problems change; fixing them removes it.
//
// Everything from the sources is written with textContent, never as HTML.
// The dialog lives in a shadow root, so the page's style sheet does not
// reach it, and is always left to right in English, whatever the page's
// language; quoted source lines keep their own direction.
(() => {
  'use strict';

  const me = document.currentScript;
  const generation = Number(me.dataset.generation);
  const instance = me.dataset.instance;

  const STYLE = `
    :host { all: initial; }
    dialog {
      box-sizing: border-box; width: min(56rem, calc(100vw - 2rem)); max-height: calc(100vh - 2rem);
      margin: 1rem auto; padding: 0; overflow: auto; border: 0.25rem solid #b3261e; border-radius: 0.5rem;
      background: #fff; color: #1b1b1b; font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", sans-serif;
      box-shadow: 0 0.5rem 2rem rgb(0 0 0 / 0.35);
    }
    dialog::backdrop { background: rgb(0 0 0 / 0.45); }
    header { display: flex; gap: 1rem; align-items: flex-start; justify-content: space-between;
      padding: 1rem 1.25rem 0.5rem; }
    h2 { margin: 0; font-size: 1.25rem; line-height: 1.3; color: #b3261e; }
    button { flex: none; font: inherit; padding: 0.35rem 0.9rem; border: 0.125rem solid currentColor;
      border-radius: 0.375rem; background: transparent; color: inherit; cursor: pointer; }
    button:focus-visible { outline: 0.2rem solid #1a5fb4; outline-offset: 0.15rem; }
    .lead { margin: 0; padding: 0 1.25rem 0.75rem; }
    ol { margin: 0; padding: 0 1.25rem 1.25rem; list-style: none; }
    li { padding: 0.75rem 0 0; border-top: 0.0625rem solid #d0d0d0; margin-top: 0.75rem; }
    p { margin: 0.25rem 0; overflow-wrap: anywhere; }
    code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.9rem; }
    .where code { font-weight: 600; }
    .severity { display: inline-block; margin-inline-end: 0.5rem; padding: 0 0.4rem; border-radius: 0.25rem;
      background: #b3261e; color: #fff; font-size: 0.8rem; font-weight: 600; text-transform: uppercase; }
    .severity.warning { background: #7a4d00; }
    pre { margin: 0.25rem 0; padding: 0.4rem 0.6rem; background: #f3f3f3; border-radius: 0.25rem;
      white-space: pre-wrap; overflow-wrap: anywhere; }
    .help { color: #2d4a1e; }
    @media (prefers-color-scheme: dark) {
      dialog { background: #1e1e1e; color: #ececec; border-color: #ff8a80; }
      h2 { color: #ff8a80; }
      li { border-top-color: #444; }
      .severity { background: #ff8a80; color: #1e1e1e; }
      .severity.warning { background: #ffd27a; }
      pre { background: #2b2b2b; }
      .help { color: #b5e3a0; }
      button:focus-visible { outline-color: #8ab4f8; }
    }
  `;

  let host = null; // the overlay's element, while it is shown
  let drawn = ''; // the problems last drawn (or dismissed), as JSON

  function element(name, attributes = {}, text) {
    const node = document.createElement(name);
    for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function hide() {
    if (host) host.remove();
    host = null;
  }

  function show(state) {
    const problems = state.problems;
    if (state.errors === 0) {
      hide();
      drawn = '';
      return;
    }
    const key = JSON.stringify(problems);
    if (key === drawn) return; // the same problems: leave the overlay as it is, or dismissed
    drawn = key;
    hide();

    host = element('privsite-problems');
    const root = host.attachShadow({ mode: 'open' });
    root.append(element('style', {}, STYLE));
    const dialog = element('dialog', {
      role: 'alertdialog', 'aria-modal': 'true', 'aria-labelledby': 'privsite-title',
      'aria-describedby': 'privsite-lead', lang: 'en', dir: 'ltr',
    });
    const header = element('header');
    const errors = state.errors === 1 ? '1 error' : `${state.errors} errors`;
    header.append(element('h2', { id: 'privsite-title' }, `The sources have ${errors}`));
    const dismiss = element('button', { type: 'button', autofocus: '' }, 'Dismiss');
    dismiss.addEventListener('click', () => dialog.close());
    header.append(dismiss);
    dialog.append(header);
    dialog.append(element('p', { id: 'privsite-lead', class: 'lead' },
      'This page shows the site as last built without errors. Fix the sources and save: ' +
      'the page updates by itself.'));
    const list = element('ol');
    for (const problem of problems) {
      const item = element('li');
      const where = element('p', { class: 'where' });
      where.append(element('span', { class: `severity ${problem.severity}` }, problem.severity));
      where.append(element('code', {}, problem.location));
      item.append(where);
      item.append(element('p', { class: 'message', dir: 'auto' }, problem.message));
      if (problem.source) item.append(element('pre', { dir: 'auto' }, problem.source));
      if (problem.help) item.append(element('p', { class: 'help', dir: 'auto' }, `help: ${problem.help}`));
      list.append(item);
    }
    dialog.append(list);
    dialog.addEventListener('close', hide);
    root.append(dialog);
    document.body.append(host);
    dialog.showModal();
  }


  // The server decides whether this page is out of date from what it was
  // served, and counts it as open (to render it first after a save).
  const seen = new URLSearchParams({
    page: window.location.pathname,
    digest: me.dataset.digest || '',
    assets: me.dataset.assets || '',
    generation: String(generation),
  });
  const events = new EventSource(`/__privsite/events?${seen}`);
  events.onmessage = (event) => {
    const state = JSON.parse(event.data);
    if (state.instance !== instance || state.reload) {
      events.close();
      // A reload, unlike a new visit, comes back at the same scroll position.
      window.location.reload();
    } else {
      show(state);
    }
  };
})();
