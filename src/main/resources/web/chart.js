// A small grouped bar chart in SVG, for the reports page: one group of bars per row (a bucket, or
// a bucket and its group), one bar per series, on one linear axis from 0. No library: the reports
// need bars and labels only, and SVG keeps every bar an element the browser test can read
// (data-series, data-row, data-value: the API's own number, unrounded) and a screen reader can skip
// (the table next to it carries the same figures). Null values draw no bar.

// The SVG namespace is a name, not an address: nothing is fetched from it (WebAssetsTest knows).
const NS = 'http://www.w3.org/2000/svg';
const HEIGHT = 220, TOP = 12, BOTTOM = 36, LEFT = 64, RIGHT = 8, BAR = 14, GAP = 10;

function el(tag, attrs, ...children) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v !== null && v !== undefined) node.setAttribute(k, String(v));
  for (const c of children) if (c !== null && c !== undefined) node.append(c instanceof Node ? c : String(c));
  return node;
}

/** Grid steps for milliseconds that read as durations: 1 s … 30 s, 1 min … 30 min, 1 h … 1 d. */
const TIME_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 21600, 43200, 86400]
  .map(s => s * 1000);

/** The step of four or five grid lines: a time step for durations, else 1, 2 or 5 times a power of ten. */
function step(max, durations) {
  const raw = max / 4;
  if (durations && raw <= TIME_STEPS[TIME_STEPS.length - 1]) return TIME_STEPS.find(s => s >= raw);
  const pow = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map(m => m * pow).find(s => s >= raw);
}

/**
 * An <svg> of `rows` (objects from the API) with one bar per `series` key. `label(row)` names a
 * row on the x axis, `format(key, value)` writes a value for the axis and the bars' titles,
 * `names[key]` is the legend's text for a series; `durations`: the values are milliseconds;
 * `counts`: whole numbers, so no grid line falls between two.
 */
export function barChart({ id, title, rows, series, label, format, names, durations, counts }) {
  const values = rows.flatMap(r => series.map(s => r[s])).filter(v => typeof v === 'number');
  const max = Math.max(0, ...values);
  const unit = max > 0 ? Math.max(counts ? 1 : 0, step(max, durations)) : 1;
  const top = Math.max(unit, Math.ceil(max / unit) * unit);
  const groupWidth = series.length * BAR + GAP;
  const width = LEFT + RIGHT + Math.max(1, rows.length) * groupWidth;
  const plot = HEIGHT - TOP - BOTTOM;
  const y = v => TOP + plot - (v / top) * plot;
  const svg = el('svg', { id, class: 'chart', role: 'img', 'aria-label': title,
    viewBox: `0 0 ${width} ${HEIGHT}`, width, height: HEIGHT, preserveAspectRatio: 'xMinYMin meet' },
  el('title', {}, title));
  for (let v = 0; v <= top + unit / 2; v += unit) {
    svg.append(el('line', { class: 'grid', x1: LEFT, x2: width - RIGHT, y1: y(v), y2: y(v) }),
      el('text', { class: 'axis', x: LEFT - 4, y: y(v) + 4, 'text-anchor': 'end' }, format(series[0], v)));
  }
  rows.forEach((row, i) => {
    const x0 = LEFT + i * groupWidth + GAP / 2;
    series.forEach((key, s) => {
      const v = row[key];
      if (typeof v !== 'number') return;
      svg.append(el('rect', { class: 'bar s' + s, x: x0 + s * BAR, y: y(v), width: BAR - 2,
        height: Math.max(0, TOP + plot - y(v)), 'data-series': key, 'data-row': i, 'data-value': v },
      el('title', {}, `${label(row)} · ${names[key] || key}: ${format(key, v)}`)));
    });
    if (rows.length <= 40 || i % Math.ceil(rows.length / 40) === 0) {
      svg.append(el('text', { class: 'axis', x: x0 + (series.length * BAR) / 2, y: HEIGHT - BOTTOM + 14,
        'text-anchor': 'middle' }, short(label(row))));
    }
  });
  return svg;
}

/** The legend: a swatch and a name per series, in HTML beside the chart. */
export function legend(h, series, names) {
  return h('ul', { class: 'legend' }, series.map((key, s) =>
    h('li', {}, h('span', { class: 'swatch s' + s, 'aria-hidden': 'true' }), names[key] || key)));
}

function short(text) {
  return text.length > 18 ? text.slice(0, 17) + '…' : text;
}
