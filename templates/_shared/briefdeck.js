// briefdeck's in-deck runtime: applies the fit stage's scales, keeps every slide inside its box on any screen and
// font (the guard), and tells automation (the fit stage, the PDF export) when the deck is laid out.
(function () {
  'use strict';

  /** `?briefdeck-measure`: the fit stage and `check` measure the deck as planned, without the guard's help. */
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

  /** Shrinks a slide's frame just enough to fit when it still overflows here (other screens and fonts). */
  function guard(slide) {
    var frame = frameOf(slide);
    if (!frame) return;
    var scale = fitScale(slide);
    scaleFrame(frame, scale);
    if (measuring || !frame.scrollHeight) return;
    var config = (window.Reveal && Reveal.getConfig && Reveal.getConfig()) || {};
    var height = config.height || 720;
    var width = config.width || 1280;
    // The frame is laid out 1/scale as large; what it needs, seen at this scale, against the slide's box.
    var ratio = Math.max(frame.scrollHeight * scale / height, frame.scrollWidth * scale / width);
    if (ratio > 1.003) {
      var guarded = Math.max(0.5, scale / ratio);
      scaleFrame(frame, guarded);
      slide.setAttribute('data-guard-scale', guarded.toFixed(3));
    } else {
      slide.removeAttribute('data-guard-scale');
      if (scale >= 0.999) fill(slide, frame);
    }
  }

  /** The height a slide body's content takes, in layout pixels (transforms do not change it). */
  function contentHeight(body) {
    var last = body.lastElementChild;
    if (!last) return 0;
    var first = body.firstElementChild;
    return last.offsetTop + last.offsetHeight - first.offsetTop;
  }

  /**
   * Sets a sparse content slide's type larger (up to 1.4x), so a slide holding a sentence or two reads as a
   * statement instead of a nearly empty page; the text stays within 85% of the body's room and its width.
   */
  function fill(slide, frame) {
    if (!slide.classList.contains('kind-content')) return;
    var body = frame.querySelector(':scope > .slide-body');
    if (!body || body.querySelector('pre, table, img, figure')) return;
    body.style.fontSize = '';
    slide.removeAttribute('data-fill');
    var room = body.clientHeight;
    if (!room || contentHeight(body) > room * 0.5) return;
    var base = parseFloat(window.getComputedStyle(body).fontSize) || 28;
    var steps = [1.4, 1.3, 1.2, 1.1];
    for (var i = 0; i < steps.length; i++) {
      body.style.fontSize = (base * steps[i]) + 'px';
      if (contentHeight(body) <= room * 0.85 && body.scrollWidth <= body.clientWidth + 1) {
        slide.setAttribute('data-fill', String(steps[i]));
        return;
      }
    }
    body.style.fontSize = '';
  }

  function guardAll() {
    document.querySelectorAll('.reveal .slides section.slide').forEach(guard);
  }

  // The fit stage measures the print view without the guard, then turns the guard on to print from the same page.
  if (measuring) window.briefdeckRelease = function () { measuring = false; guardAll(); };

  /** Reveal's print view lays the slides out into pages after 'ready' and says so with 'pdf-ready'. */
  var printing = /[?&]print-pdf\b/.test(window.location.search);

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
      renumberPart();
      guardAll();
      document.documentElement.setAttribute('data-briefdeck-ready', 'true');
    });
  }

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

  if (window.Reveal && Reveal.on) {
    Reveal.on('ready', whenReady);
    Reveal.on('ready', followSlide);
    Reveal.on('slidechanged', followSlide);
    // Slides far from the current one are not laid out at load; guard each as it is shown.
    Reveal.on('slidechanged', function (event) { if (event.currentSlide) guard(event.currentSlide); });
  } else {
    document.addEventListener('DOMContentLoaded', whenReady);
  }
  window.addEventListener('resize', function () { if (document.fonts) document.fonts.ready.then(guardAll); });
})();
