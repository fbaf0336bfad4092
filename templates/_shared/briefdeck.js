// briefdeck's in-deck runtime: keeps every slide inside its box on any screen and font, and tells
// automation (the fit stage, the PDF export) when the deck is laid out.
(function () {
  'use strict';

  /** The content of a slide that may grow: the frame inside the slide section. */
  function frameOf(slide) {
    return slide.querySelector(':scope > .slide-frame, :scope > .title-frame, :scope > .section-frame, :scope > .closing-frame');
  }

  /** Shrinks a slide's frame just enough to fit when it overflows (the guard for unknown screens and fonts). */
  function guard(slide, height) {
    var frame = frameOf(slide);
    if (!frame) return;
    frame.style.transform = '';
    frame.style.width = '';
    var need = frame.scrollHeight;
    if (need > height + 1) {
      var scale = Math.max(0.5, height / need);
      frame.style.transformOrigin = 'top left';
      frame.style.transform = 'scale(' + scale + ')';
      frame.style.width = (100 / scale) + '%';
      slide.setAttribute('data-guard-scale', scale.toFixed(3));
    } else {
      slide.removeAttribute('data-guard-scale');
    }
  }

  function guardAll() {
    var height = (window.Reveal && Reveal.getConfig && Reveal.getConfig().height) || 720;
    document.querySelectorAll('.reveal .slides section.slide').forEach(function (slide) {
      guard(slide, height);
    });
  }

  function whenReady() {
    var fonts = document.fonts && document.fonts.ready ? document.fonts.ready : Promise.resolve();
    fonts.then(function () {
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
  } else {
    document.addEventListener('DOMContentLoaded', whenReady);
  }
  window.addEventListener('resize', function () { if (document.fonts) document.fonts.ready.then(guardAll); });
})();
