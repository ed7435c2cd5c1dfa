"""What a projected screen shows: results drawn over one another, or sideways scrolling.

``OVERLAPS`` is a script for Chromium's ``page.evaluate``: it takes the visible box of every
text, control and picture on the page (each box clipped by the boxes around it that scroll,
so what a scrolling column hides is not counted), and returns each pair of boxes that
overlap by more than 3 pixels, and whether the page scrolls sideways. The zoom advice in
the facilitator notes is checked with it on the web pages (``test_zoom_advice.py``).
"""

OVERLAPS = """() => {
  const W = document.documentElement.clientWidth;
  const sel = 'p, li, h1, h2, h3, h4, td, th, caption, img, svg, label, input, select, button,'
    + ' .widget-label';
  function shown(e) {
    const r = e.getBoundingClientRect();
    let box = {l: r.left, t: r.top, r: r.right, b: r.bottom};
    for (let a = e.parentElement; a; a = a.parentElement) {
      const cs = getComputedStyle(a);
      if (cs.overflowX !== 'visible' || cs.overflowY !== 'visible') {
        const q = a.getBoundingClientRect();
        box = {l: Math.max(box.l, q.left), t: Math.max(box.t, q.top),
               r: Math.min(box.r, q.right), b: Math.min(box.b, q.bottom)};
      }
    }
    return box;
  }
  const boxes = [...document.querySelectorAll(sel)]
    // not drawn: hidden, or inside a closed <details> (whose boxes Chromium still reports)
    .filter(e => e.checkVisibility({visibilityProperty: true, contentVisibilityAuto: true}))
    .map(e => [e, shown(e)]).filter(([e, b]) => b.r - b.l > 2 && b.b - b.t > 2);
  const overlaps = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const [a, ra] = boxes[i], [b, rb] = boxes[j];
    if (a.contains(b) || b.contains(a)) continue;
    const x = Math.min(ra.r, rb.r) - Math.max(ra.l, rb.l);
    const y = Math.min(ra.b, rb.b) - Math.max(ra.t, rb.t);
    if (x > 3 && y > 3) overlaps.push((a.textContent || a.tagName).trim().slice(0, 30) + ' / '
      + (b.textContent || b.tagName).trim().slice(0, 30));
  }
  return {sideways: document.scrollingElement.scrollWidth > W + 1, overlaps: overlaps};
}"""
