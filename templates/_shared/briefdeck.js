// briefdeck's in-deck runtime: applies the fit stage's scales, sets each content slide's type as large as its room
// allows (fill), keeps every slide inside its box on any screen and font (the guard), and tells automation (the fit
// stage, the PDF export) when the deck is laid out.
(function () {
  'use strict';

  /** `?briefdeck-measure`: the fit stage and `check` measure the deck as planned and filled, without the guard's help. */
  var measuring = /[?&]briefdeck-measure\b/.test(window.location.search);

  // `?briefdeck-range=A-B`: only slides A to B-1 (from 0, in deck order) stay, before Reveal starts, so a large deck is
  // measured and printed in parts and the browser never lays out all of it at once.
  var range = /[?&]briefdeck-range=(\d+)-(\d+)/.exec(window.location.search);
  if (range) {
    var all = document.querySelectorAll('.reveal .slides section.slide');
    document.documentElement.setAttribute('data-briefdeck-slides', String(all.length));
    all.forEach(function (slide, index) {
      if (index < Number(range[1]) || index >= Number(range[2])) slide.remove();
    });
    document.querySelectorAll('.reveal .slides > section.stack').forEach(function (stack) {
      if (!stack.querySelector('section.slide')) stack.remove();
    });
  }

  // `?briefdeck-stamp` (a handout printed beside its deck's slides PDF): each slide box of the handout
  // (`.handout-slide-box`) keeps its place but not its slide, which is never laid out here: a link naming the slide
  // fills the box, and the export draws the slide's page of the slides PDF where the printed link is.
  if (/[?&]briefdeck-stamp\b/.test(window.location.search)) {
    var slots = [];
    document.querySelectorAll('.handout-slide-box').forEach(function (box) {
      var slide = box.querySelector('section.slide[id]');
      if (!slide) return;
      var slot = document.createElement('a');
      slot.className = 'briefdeck-slot';
      // What the drawn slide says, for the handout's tagged structure (a screen reader reads it in place of the picture).
      slot.setAttribute('aria-label', slideText(slide));
      slot.setAttribute('data-slide', slide.id);
      // An inline block is never split between two printed pages.
      slot.style.cssText = 'display: inline-block; vertical-align: top; width: 100%; height: 100%;';
      box.replaceChildren(slot);
      slots.push({ box: box, slot: slot, id: slide.id });
    });
    // The slide is drawn inside the box's border, its corners rounded as the border's inside is (read once the slides
    // are gone, so their styles are never worked out).
    slots.map(function (found) {
      var style = window.getComputedStyle(found.box);
      return Math.max(0, (parseFloat(style.borderTopLeftRadius) || 0) - (parseFloat(style.borderTopWidth) || 0));
    }).forEach(function (radius, index) {
      slots[index].slot.href = 'https://briefdeck.invalid/slot/' + radius + '/' + encodeURIComponent(slots[index].id);
    });
    // A page the export shows to no screen (a large deck's handout: printing lays it out for the paper anyway) asks
    // for none of the font files its text needs, as laying it out would: they are asked for here.
    if (window.getComputedStyle(document.body).display === 'none') loadFontsFor(document.body.textContent);
  }

  /**
   * Asks for the font files a text needs, in every family, weight and style the page's stylesheets declare (the files
   * whose unicode-range holds one of its characters, or of ASCII, which the paper's margins use for page numbers);
   * `document.fonts.ready` waits for them.
   */
  function loadFontsFor(text) {
    if (!document.fonts || !document.fonts.load) return;
    var ascii = '';
    for (var code = 32; code < 127; code++) ascii += String.fromCharCode(code);
    var asked = {};
    document.fonts.forEach(function (face) {
      var font = face.style.split(' ')[0] + ' ' + face.weight.split(' ')[0] + ' 16px "' + face.family.replace(/["\\]/g, '') + '"';
      if (asked[font]) return;
      asked[font] = true;
      document.fonts.load(font, text + ascii).catch(function () { /* a face that fails prints with the next one */ });
    });
  }

  /**
   * The text a slide shows, block by block (one line each), read from its markup without laying it out: its notes and
   * what is hidden left out, a formula as its TeX, a picture as its alternative text.
   */
  function slideText(slide) {
    var lines = [];
    var line = '';
    var block = /^(H[1-6]|P|LI|DT|DD|TR|FIGCAPTION|PRE|BLOCKQUOTE|DIV|SECTION|HEADER|FOOTER|TABLE|UL|OL|DL|FIGURE)$/;
    var end = function () {
      var text = line.replace(/\s+/g, ' ').trim();
      if (text) lines.push(text);
      line = '';
    };
    (function walk(node) {
      for (var child = node.firstChild; child; child = child.nextSibling) {
        if (child.nodeType === 3) line += child.nodeValue;
        if (child.nodeType !== 1) continue;
        if (child.matches('aside.notes, .closing-downloads, [aria-hidden="true"], script, style, template')) continue;
        if (child.matches('.katex')) {
          var tex = child.querySelector('annotation[encoding="application/x-tex"]');
          line += ' ' + (tex ? tex.textContent : child.textContent) + ' ';
          continue;
        }
        if (child.tagName === 'IMG') line += ' ' + (child.getAttribute('alt') || '') + ' ';
        var isBlock = block.test(child.tagName);
        if (isBlock) end();
        // Two elements side by side are two words (an author beside a date), a word cut by markup one word.
        else if (child.previousSibling && child.previousSibling.nodeType === 1) line += ' ';
        walk(child);
        if (isBlock) end();
        else if (child.tagName === 'TD' || child.tagName === 'TH') line += ' ';
      }
    })(slide);
    end();
    return lines.join('\n');
  }

  /** The content of a slide that may grow: the frame inside the slide section. */
  function frameOf(slide) {
    return slide.querySelector(':scope > .slide-frame, :scope > .title-frame, :scope > .section-frame, :scope > .closing-frame');
  }

  /** Lays the frame out in a box 1/scale as large and shows it scaled down to the slide. */
  function scaleFrame(frame, scale) {
    if (scale >= 0.999) {
      frame.style.transform = '';
      frame.style.width = '';
      frame.style.height = '';
      return;
    }
    frame.style.transformOrigin = 'top left';
    frame.style.transform = 'scale(' + scale + ')';
    frame.style.width = (100 / scale) + '%';
    frame.style.height = (100 / scale) + '%';
  }

  /** The scale the fit stage chose for a slide (1 when none). */
  function fitScale(slide) {
    var scale = parseFloat(slide.getAttribute('data-fit-scale'));
    return scale > 0 && scale < 1 ? scale : 1;
  }

  /**
   * Runs layout steps side by side. A step (a generator) reads the layout, then yields the one write it needs next (a
   * function); the writes of every step of a round are made together, after all of the round's reads, so the page is
   * laid out once a round rather than once a write: a print view of 150 slides, each filled in some ten writes, lays
   * out some twenty times rather than a thousand.
   */
  function runSteps(steps) {
    var active = steps;
    while (active.length > 0) {
      var writes = [];
      active = active.filter(function (step) {
        var next = step.next();
        if (next.done) return false;
        writes.push(next.value);
        return true;
      });
      writes.forEach(function (write) { write(); });
    }
  }

  /** A write that sets a style property of an element (the value taken now, not when the write is made). */
  function setStyle(element, property, value) {
    return function () { element.style.setProperty(property, value); };
  }

  /**
   * Sets a display formula wider than its slide smaller, just enough to fit its width (KaTeX sizes everything in em, so
   * the whole formula scales). Layout rather than a guard: it also runs while the fit stage measures.
   */
  function* formulaSteps(slide) {
    var formulas = slide.querySelectorAll('.math-display');
    if (formulas.length === 0) return;
    yield function () { formulas.forEach(function (formula) { formula.style.fontSize = ''; }); };
    var sizes = Array.prototype.map.call(formulas, function (formula) {
      var room = formula.clientWidth;
      var katex = formula.querySelector('.katex-display > .katex') || formula.firstElementChild;
      if (!room || !katex) return '';
      var needed = katex.scrollWidth;
      return needed > room + 1 ? (Math.floor(room / needed * 1000) / 10) + '%' : '';
    });
    if (sizes.some(Boolean)) yield function () { formulas.forEach(function (formula, index) { formula.style.fontSize = sizes[index]; }); };
  }

  /**
   * Fills a slide, then shrinks its frame just enough to fit when it still overflows here (other screens and fonts).
   * Steps for `runSteps`.
   */
  function* guardSteps(slide, filled) {
    var frame = frameOf(slide);
    if (!frame) return;
    var scale = fitScale(slide);
    if (!filled) {
      yield* formulaSteps(slide);
      yield function () { scaleFrame(frame, scale); };
    }
    // A slide far from the current one is not laid out (display: none) until it is shown.
    if (!frame.offsetHeight) return;
    if (!filled) {
      // A slide the fit stage scaled may still be set dense, never larger.
      yield* fillSteps(slide, frame, scale >= 0.999);
      yield* formulaSteps(slide);
    }
    if (measuring) return;
    var config = (window.Reveal && Reveal.getConfig && Reveal.getConfig()) || {};
    var height = config.height || 720;
    var width = config.width || 1280;
    // The frame is laid out 1/scale as large; what it needs, seen at this scale, against the slide's box.
    var ratio = Math.max(frame.scrollHeight * scale / height, frame.scrollWidth * scale / width);
    if (ratio > 1.003) {
      var guarded = Math.max(0.5, scale / ratio);
      yield function () {
        scaleFrame(frame, guarded);
        slide.setAttribute('data-guard-scale', guarded.toFixed(3));
      };
    } else {
      yield function () { slide.removeAttribute('data-guard-scale'); };
    }
  }

  /** The height a slide body's content takes, in layout pixels (transforms do not change it): its highest top to its
   * lowest bottom (the blocks of a two-column list, text beside a picture). */
  function contentHeight(body) {
    var top = Infinity;
    var bottom = -Infinity;
    for (var child = body.firstElementChild; child; child = child.nextElementSibling) {
      if (!child.offsetHeight && !child.offsetWidth) continue;
      top = Math.min(top, child.offsetTop);
      bottom = Math.max(bottom, child.offsetTop + child.offsetHeight);
    }
    return bottom > top ? bottom - top : 0;
  }

  /** A theme variable in px (`--bd-size-max: 38px`), or `fallback`. */
  function cssPixels(element, name, fallback) {
    var value = parseFloat(window.getComputedStyle(element).getPropertyValue(name));
    return value > 0 ? value : fallback;
  }

  /** How many lines each code block takes: filling may not wrap code that did not wrap. */
  function codeLines(body) {
    return Array.prototype.map.call(body.querySelectorAll('pre'), function (pre) {
      var line = parseFloat(window.getComputedStyle(pre).lineHeight) || 1;
      return Math.round(pre.clientHeight / line);
    }).join(',');
  }

  /** Shares the room of a picture slide's media column among its pictures, leaving room for their captions. */
  function* mediaSteps(body, room) {
    var media = body.querySelector(':scope > .slide-media');
    var count = media ? media.querySelectorAll('img, svg, video, .image-missing').length : 0;
    var height = room / Math.max(1, count);
    yield setStyle(body, '--bd-media-height', Math.round(height) + 'px');
    // Captions and gaps take room too: take the excess off each picture, four times at most (pictures are scaled to their width too, and captions may rewrap).
    for (var i = 0; media && count > 0 && i < 4; i++) {
      var over = media.scrollHeight - room;
      if (over <= 1) break;
      height = Math.max(room / 6, height - Math.ceil(over / count) - 1);
      yield setStyle(body, '--bd-media-height', Math.round(height) + 'px');
    }
  }

  /**
   * Fills a content slide: sets its body's type as large as the room allows, from the theme's --bd-size-min (a dense
   * slide) up to --bd-size-max (or --bd-size-statement for a statement), then, when the content is still short of the
   * room, opens up the space between its blocks and items. Never makes text wrap out of its box or code wrap more.
   * Steps for `runSteps`: each size tried is a write, each check a read.
   */
  function* fillSteps(slide, frame, grow) {
    if (!slide.classList.contains('kind-content')) return;
    var body = frame.querySelector(':scope > .slide-body');
    if (!body) return;
    yield function () {
      body.style.fontSize = '';
      body.style.removeProperty('--bd-gap');
      body.style.removeProperty('--bd-media-height');
      slide.removeAttribute('data-fill');
    };
    var room = body.clientHeight;
    if (!room) return;
    var layout = slide.getAttribute('data-layout') || 'text';
    if (layout === 'picture') yield* mediaSteps(body, room);
    var base = parseFloat(window.getComputedStyle(body).fontSize) || 28;
    var most = cssPixels(body, layout === 'statement' ? '--bd-size-statement' : '--bd-size-max', base * 1.35);
    if (layout === 'code' || layout === 'table') most = Math.min(most, base * 1.5);
    var lines = codeLines(body);
    // Beside a picture, the text is what grows: the picture takes the room it is given.
    var measured = (layout === 'picture' && body.querySelector(':scope > .slide-text')) || body;
    var fits = function (share) {
      return contentHeight(measured) <= room * share && body.scrollWidth <= body.clientWidth + 1 && body.scrollHeight <= body.clientHeight + 1 && codeLines(body) === lines;
    };
    var size = function (px) { return setStyle(body, 'font-size', px + 'px'); };
    var settled = function (px) {
      var fill = (px / base).toFixed(2);
      return function () {
        size(Math.floor(px * 2) / 2)();
        slide.setAttribute('data-fill', fill);
      };
    };
    var low = base;
    var high = most;
    if (!fits(0.97)) {
      // Dense: the largest size down to the theme's smallest that fits (the smallest when none does).
      low = Math.min(base, cssPixels(body, '--bd-size-min', base));
      high = base;
      yield size(low);
      // Code lines are counted anew at each size tried: setting type smaller never makes code wrap more.
      lines = codeLines(body);
      if (!fits(0.97)) {
        var fill = (low / base).toFixed(2);
        yield function () { slide.setAttribute('data-fill', fill); };
        return;
      }
      for (var d = 0; d < 6 && high - low > 0.5; d++) {
        var middle = (low + high) / 2;
        yield size(middle);
        lines = codeLines(body);
        if (fits(0.97)) low = middle; else high = middle;
      }
      yield settled(low);
      return;
    }
    if (!grow) return;
    yield size(high);
    if (!fits(0.94)) {
      for (var i = 0; i < 8 && high - low > 0.5; i++) {
        var mid = (low + high) / 2;
        yield size(mid);
        if (fits(0.94)) low = mid; else high = mid;
      }
      high = low;
    }
    yield settled(high);
    if (layout === 'statement' || layout === 'code' || layout === 'table' || layout === 'picture') return;
    // Still short of the room at the largest type: more space between blocks and items, up to three times as much.
    if (contentHeight(body) < room * 0.8) {
      var gap = function (value) { return setStyle(body, '--bd-gap', String(value)); };
      var loose = 1;
      var tight = 3;
      yield gap(tight);
      if (!fits(0.9)) {
        for (var j = 0; j < 6; j++) {
          var between = (loose + tight) / 2;
          yield gap(between);
          if (fits(0.9)) loose = between; else tight = between;
        }
        tight = loose;
      }
      yield gap(tight.toFixed(2));
    }
  }

  /** Fills and guards every slide; `filled`: they are filled as they should be, only the guard is added. The slides
   * are laid out side by side (`runSteps`). */
  function guardAll(filled) {
    runSteps(Array.prototype.map.call(document.querySelectorAll('.reveal .slides section.slide'), function (slide) {
      return guardSteps(slide, filled === true);
    }));
  }

  // The fit stage measures the print view without the guard, then turns the guard on to print from the same page.
  // Filling again would give what the fit stage measured, at the cost of laying every slide out again.
  if (measuring) window.briefdeckRelease = function () { measuring = false; guardAll(true); };

  /** Reveal's print view lays the slides out into pages after 'ready' and says so with 'pdf-ready'. */
  var printing = /[?&]print-pdf\b/.test(window.location.search);
  // A slide the fit stage scaled lays its frame out taller than the page (then scales it down): the printer would move
  // that frame to the next page, where the page's clipping hides it, and the slide printed empty. Each page is laid out
  // on its own, at its own size.
  if (printing) {
    var pages = document.createElement('style');
    pages.textContent = 'html.reveal-print .reveal .slides .pdf-page { contain: size layout; }';
    document.head.appendChild(pages);
  }

  /** In a part of a deck (`briefdeck-range`), Reveal numbers the printed slides from the part's first: number them as in the whole deck. */
  function renumberPart() {
    if (!range) return;
    var total = document.documentElement.getAttribute('data-briefdeck-slides');
    document.querySelectorAll('.slide-number-pdf').forEach(function (number) {
      // "7" or "7/80": the first number is the slide's, counted from the part; a second is the total.
      var seen = 0;
      var walker = document.createTreeWalker(number, NodeFilter.SHOW_TEXT);
      for (var node = walker.nextNode(); node; node = walker.nextNode()) {
        node.textContent = node.textContent.replace(/\d+/g, function (digits) {
          seen++;
          return seen === 1 ? String(Number(digits) + Number(range[1])) : total;
        });
      }
    });
  }

  function whenReady() {
    var fonts = document.fonts && document.fonts.ready ? document.fonts.ready : Promise.resolve();
    var laidOut = printing && window.Reveal && Reveal.on
      ? new Promise(function (done) {
        if (document.querySelector('.pdf-page')) done();
        else Reveal.on('pdf-ready', done);
      })
      : Promise.resolve();
    Promise.all([fonts, laidOut]).then(function () {
      // Laying the slides out asks for the font files their glyphs need (each face is split by unicode-range): wait
      // for those too, or a slide is filled with a fallback font's metrics.
      return document.fonts && document.fonts.ready;
    }).then(function () {
      renumberPart();
      guardAll();
      ready = true;
      document.documentElement.setAttribute('data-briefdeck-ready', 'true');
    });
  }
  var ready = false;

  /** Points the language switch at the same place (horizontal/vertical index) in the other-language decks. */
  function followSlide() {
    var indices = window.Reveal && Reveal.getIndices ? Reveal.getIndices() : { h: 0, v: 0 };
    var hash = indices.h || indices.v ? '#/' + indices.h + (indices.v ? '/' + indices.v : '') : '';
    document.querySelectorAll('a[data-translation]').forEach(function (link) {
      var base = link.getAttribute('data-href') || link.getAttribute('href');
      link.setAttribute('data-href', base);
      link.setAttribute('href', base + hash);
    });
  }

  // The fit stage and `check` lay every slide out at once before measuring (far slides were not laid out, so neither
  // filled nor their formulas fitted), then ask for each slide's layout to be finished.
  document.addEventListener('briefdeck:layout', guardAll);

  if (window.Reveal && Reveal.on) {
    Reveal.on('ready', whenReady);
    Reveal.on('ready', followSlide);
    Reveal.on('slidechanged', followSlide);
    // Slides far from the current one are not laid out at load; guard each as it is shown.
    Reveal.on('slidechanged', function (event) { if (event.currentSlide) runSteps([guardSteps(event.currentSlide)]); });
  } else {
    document.addEventListener('DOMContentLoaded', whenReady);
  }
  // Slides are laid out at the deck's size whatever the window (Reveal scales them), so a resize changes nothing,
  // but for fonts that arrive late. Printing fires resizes with the page's print layout: the print view is laid out
  // once, after 'pdf-ready', and left alone.
  if (!printing) window.addEventListener('resize', function () { if (document.fonts) document.fonts.ready.then(guardAll); });
  // A slide shown later may need font files nobody asked for yet (a glyph range not used before): fill again once
  // they have arrived.
  if (!printing && document.fonts && document.fonts.addEventListener) {
    document.fonts.addEventListener('loadingdone', function () { if (ready) guardAll(); });
  }
})();
