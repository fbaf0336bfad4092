// briefdeck serve's live-reload client, added to pages only by the preview server: reloads the page on the same slide when its
// deck is rebuilt, and shows build errors over the page until they are fixed. Never part of a built deck.
(function () {
  'use strict';

  var script = document.currentScript;
  var version = script ? script.getAttribute('data-version') : null;
  var first = location.pathname.split('/')[1] || '';
  var page = first === 'index.html' ? '' : decodeURIComponent(first);
  var key = 'briefdeck-serve-position:' + location.pathname;
  var overlay = null;
  var badge = null;
  var badgeTimer = 0;
  var lost = false;

  function whenReady(callback) {
    if (!window.Reveal || !Reveal.on) return;
    if (Reveal.isReady && Reveal.isReady()) callback();
    else Reveal.on('ready', callback);
  }

  /** Remembers where the deck stands, for when the slide's id does not survive the edit. */
  function savePosition() {
    if (!window.Reveal || !Reveal.isReady || !Reveal.isReady()) return;
    var indices = Reveal.getIndices();
    try {
      sessionStorage.setItem(key, JSON.stringify({ h: indices.h, v: indices.v, f: indices.f, hash: location.hash }));
    } catch (error) { /* private mode: the hash alone keeps the slide */ }
  }

  /** Reveal's `hash: true` brings the deck back to the slide by its id; when that id is gone (its heading changed), go back by position. */
  function restorePosition() {
    var saved = null;
    try {
      saved = JSON.parse(sessionStorage.getItem(key) || 'null');
      sessionStorage.removeItem(key);
    } catch (error) { saved = null; }
    if (!saved) return;
    whenReady(function () {
      var id = decodeURIComponent(saved.hash.replace(/^#\/?/, '').split('/')[0] || '');
      if (id && !/^\d+$/.test(id) && !document.getElementById(id)) Reveal.slide(saved.h, saved.v || 0, saved.f);
    });
  }

  function reload() {
    savePosition();
    location.reload();
  }

  function showProblems(problems) {
    if (overlay) {
      overlay.remove();
      overlay = null;
    }
    if (problems.length === 0) return;
    overlay = document.createElement('div');
    overlay.id = 'briefdeck-overlay';
    overlay.setAttribute('role', 'alert');
    var root = overlay.attachShadow({ mode: 'open' });
    var style = document.createElement('style');
    style.textContent =
      ':host { all: initial; position: fixed; inset: 0; z-index: 2147483647; background: rgba(10, 14, 20, 0.6); display: flex; align-items: flex-end; justify-content: center; }' +
      '.panel, h1, p, button { font: 22px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; }' +
      '.panel { margin-bottom: 6vh; max-width: min(1100px, 92vw); max-height: 60vh; overflow: auto; background: #1c2128; color: #f2f4f7; border-left: 8px solid #e5484d; border-radius: 8px; padding: 28px 32px; box-shadow: 0 12px 40px rgba(0,0,0,.5); }' +
      'h1 { font-size: 26px; font-weight: 700; margin: 0 0 16px; color: #ff8589; }' +
      'pre { font: 22px/1.45 "DejaVu Sans Mono", Menlo, Consolas, monospace; white-space: pre-wrap; word-break: break-word; margin: 0 0 16px; }' +
      'p { margin: 0; color: #c9d1d9; } button { margin-top: 20px; font: inherit; padding: 6px 16px; border-radius: 6px; border: 1px solid #6e7681; background: transparent; color: inherit; cursor: pointer; }';
    var panel = document.createElement('div');
    panel.className = 'panel';
    var title = document.createElement('h1');
    title.textContent = problems.length === 1 ? 'Build error' : problems.length + ' build errors';
    var text = document.createElement('pre');
    text.textContent = problems.map(function (problem) { return problem.text; }).join('\n');
    var hint = document.createElement('p');
    hint.textContent = 'The page shows the last version that built. Fix the file and save: this page updates by itself.';
    var close = document.createElement('button');
    close.type = 'button';
    close.textContent = 'Dismiss';
    close.addEventListener('click', function () { showProblems([]); });
    panel.append(title, text, hint, close);
    root.append(style, panel);
    document.body.appendChild(overlay);
  }

  function showBadge(shown) {
    if (!shown) {
      clearTimeout(badgeTimer);
      if (badge) badge.remove();
      badge = null;
      return;
    }
    if (badge || badgeTimer) return;
    badgeTimer = setTimeout(function () {
      badgeTimer = 0;
      badge = document.createElement('div');
      badge.id = 'briefdeck-offline';
      badge.textContent = 'briefdeck serve has stopped: this page no longer updates';
      badge.style.cssText = 'position:fixed;left:12px;bottom:12px;z-index:2147483647;background:#1c2128;color:#f2f4f7;font:16px/1.4 system-ui,sans-serif;padding:6px 12px;border-radius:6px;opacity:.9';
      document.body.appendChild(badge);
    }, 1500);
  }

  restorePosition();
  // Frames (the speaker view's previews) do not connect: a browser keeps only six connections per server, so one per tab.
  if (!window.EventSource || window.top !== window) return;
  var source = new EventSource('/__briefdeck/events');
  source.addEventListener('open', function () {
    showBadge(false);
    if (lost) reload();
  });
  source.addEventListener('error', function () {
    if (source.readyState === EventSource.OPEN) return;
    lost = true;
    showBadge(true);
  });
  source.addEventListener('hello', function (event) {
    // The deck was rebuilt between this page's loading and its connecting: the reload was missed, so reload now.
    var current = JSON.parse(event.data).versions[page] || 0;
    if (version !== null && String(current) !== version) reload();
  });
  source.addEventListener('status', function (event) {
    var problems = JSON.parse(event.data).problems.filter(function (problem) {
      return page === '' || problem.slug === page || problem.slug === '';
    });
    showProblems(problems);
  });
  source.addEventListener('reload', function (event) {
    if (JSON.parse(event.data).slugs.indexOf(page) !== -1) reload();
  });
  window.addEventListener('beforeunload', function () { source.close(); });
})();
