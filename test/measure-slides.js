// Runs inside a built deck page (page.evaluate): visits every slide as a person sees it and returns, per slide,
// how far anything sticks out of the slide box, the guard's scale, the smallest text as seen and the contrast of its text.
// Plain JavaScript on purpose: it is sent to the browser as written.
(async () => {
  const reveal = window.Reveal;
  reveal.configure({ transition: 'none', backgroundTransition: 'none' });
  const frame = () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));

  /** [r, g, b, a] of a CSS colour as computed styles write it (rgb/rgba, or color(srgb …)). */
  const parse = (text) => {
    const rgb = /rgba?\(([^)]+)\)/.exec(text);
    if (rgb) {
      const parts = rgb[1].split(/[\s,/]+/).filter(Boolean).map(Number);
      return [parts[0], parts[1], parts[2], parts[3] === undefined ? 1 : parts[3]];
    }
    const srgb = /color\(srgb ([^)]+)\)/.exec(text);
    if (srgb) {
      const parts = srgb[1].split(/[\s/]+/).filter(Boolean).map(Number);
      return [parts[0] * 255, parts[1] * 255, parts[2] * 255, parts[3] === undefined ? 1 : parts[3]];
    }
    return null;
  };
  const colorsIn = (text) => (text.match(/(rgba?\([^)]+\)|color\(srgb [^)]+\))/g) || []).map(parse).filter(Boolean);
  const over = (top, below) => {
    const a = top[3];
    return [0, 1, 2].map((i) => top[i] * a + below[i] * (1 - a)).concat(1);
  };
  const luminance = (c) => {
    const [r, g, b] = c.slice(0, 3).map((v) => {
      const s = v / 255;
      return s <= 0.04045 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = (a, b) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };

  const viewport = document.querySelector('.reveal-viewport') || document.body;
  const base = parse(getComputedStyle(viewport).backgroundColor);
  const pageColor = base && base[3] > 0 ? over(base, [255, 255, 255, 1]) : [255, 255, 255, 1];

  /** The colours that may lie behind an element: its ancestors' backgrounds (colours and gradient stops) stacked up to it. */
  const backdrops = (element, slide) => {
    const chain = [];
    for (let node = element; node; node = node.parentElement) {
      chain.unshift(node);
      if (node === slide) break;
    }
    let candidates = [pageColor];
    const slideBackground = document.querySelector('.reveal .backgrounds .slide-background.present');
    if (slideBackground) {
      const color = parse(getComputedStyle(slideBackground).backgroundColor);
      if (color && color[3] > 0) candidates = candidates.map((c) => over(color, c));
    }
    for (const node of chain) {
      const style = getComputedStyle(node);
      const color = parse(style.backgroundColor);
      if (color && color[3] > 0) candidates = candidates.map((c) => over(color, c));
      if (style.backgroundImage.includes('gradient')) {
        const stops = colorsIn(style.backgroundImage);
        if (stops.length) candidates = candidates.flatMap((c) => stops.map((s) => over(s, c)));
      }
    }
    return candidates;
  };
  const opacity = (element, slide) => {
    let value = 1;
    for (let node = element; node && node !== slide.parentElement; node = node.parentElement) value *= Number(getComputedStyle(node).opacity);
    return value;
  };
  /** The scale the transforms between an element and its slide apply (the fit stage's scale, the guard's). */
  const scaleWithin = (element, slide) => {
    let scale = 1;
    for (let node = element; node && node !== slide; node = node.parentElement) {
      const transform = getComputedStyle(node).transform;
      if (transform && transform !== 'none') {
        const matrix = new DOMMatrixReadOnly(transform);
        scale *= Math.hypot(matrix.a, matrix.b);
      }
    }
    return scale;
  };
  // Text a person can see: zero-width characters (KaTeX's 1 px struts hold only U+200B) are not text.
  const ownText = (element) => Array.from(element.childNodes).some((node) => node.nodeType === 3 && node.textContent.replace(/[\u200b-\u200d\ufeff]/g, '').trim());

  const slides = [];
  for (const slide of document.querySelectorAll('.reveal .slides section.slide')) {
    const { h, v } = reveal.getIndices(slide);
    reveal.slide(h, v);
    await frame();
    const box = slide.getBoundingClientRect();
    let overflow = 0;
    let minFont = Infinity;
    let minFontAt = '';
    let minBody = Infinity;
    let minBodyAt = '';
    let minAny = Infinity;
    let minAnyAt = '';
    for (const element of slide.querySelectorAll('*')) {
      if (element.closest('aside.notes')) continue;
      // A formula's MathML is for screen readers: KaTeX clips it to nothing on screen (its HTML is what shows).
      if (element.closest('.katex-mathml')) continue;
      const style = getComputedStyle(element);
      if (style.display === 'none' || style.visibility === 'hidden') continue;
      const rect = element.getBoundingClientRect();
      if (rect.width === 0 && rect.height === 0) continue;
      overflow = Math.max(overflow, box.top - rect.top, rect.bottom - box.bottom, box.left - rect.left, rect.right - box.right);
      if (!ownText(element)) continue;
      const size = Math.round(parseFloat(style.fontSize) * scaleWithin(element, slide) * 100) / 100;
      if (size < minFont) { minFont = size; minFontAt = element.className || element.tagName.toLowerCase(); }
      const color = parse(style.color);
      if (!color) continue;
      const alpha = color[3] * opacity(element, slide);
      const worst = Math.min(...backdrops(element, slide).map((bg) => ratio(over([color[0], color[1], color[2], alpha], bg), bg)));
      const where = `${element.tagName.toLowerCase()}${element.className ? `.${String(element.className).split(' ')[0]}` : ''}`;
      if (worst < minAny) { minAny = worst; minAnyAt = where; }
      if (slide.dataset.kind === 'content' && element.closest('.slide-body') && worst < minBody) { minBody = worst; minBodyAt = where; }
    }
    slides.push({
      id: slide.id,
      kind: slide.dataset.kind,
      overflow: Math.round(overflow * 10) / 10,
      guardScale: Number(slide.getAttribute('data-guard-scale') || 1),
      minFont, minFontAt,
      bodyContrast: minBody === Infinity ? null : Math.round(minBody * 100) / 100, bodyContrastAt: minBodyAt,
      textContrast: minAny === Infinity ? null : Math.round(minAny * 100) / 100, textContrastAt: minAnyAt,
    });
  }
  return slides;
})()
