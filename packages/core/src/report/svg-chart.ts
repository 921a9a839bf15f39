/**
 * A small, dependency-free line-chart writer for the plots the benchmark commits to docs/.
 *
 * The output is one standalone SVG document with no scripts, no stylesheets pulled from elsewhere
 * and no links (the only URL is the mandatory SVG namespace), because GitHub shows committed SVGs
 * through an <img> sandbox that refuses anything external. A white background rectangle is drawn
 * so the black text stays readable under GitHub's dark theme. Output is deterministic (coordinates
 * rounded to 2 decimals, fixed ids, no dates) so regenerating an unchanged plot leaves no git diff.
 */

/** One line of a {@link lineChart}. */
export interface ChartSeries {
  /** Legend label. */
  name: string;
  /** The points, as [x, y]. */
  points: ReadonlyArray<readonly [number, number]>;
  /** Optional error bars: [x, low, high]. */
  range?: ReadonlyArray<readonly [number, number, number]>;
  /** Draw the line dashed (e.g. a baseline). */
  dashed?: boolean;
}
/** What a {@link lineChart} draws. */
export interface LineChartSpec {
  /** Title above the plot. */
  title: string;
  /** x axis label (with its unit). */
  xLabel: string;
  /** y axis label (with its unit). */
  yLabel: string;
  /** The lines. */
  series: ChartSeries[];
  /** x axis scale (default linear; a log axis shows x = 0 in a slot of its own). */
  xScale?: 'linear' | 'log';
  /** y axis scale (default linear, starting at 0 unless `yMin` is given). */
  yScale?: 'linear' | 'log';
  /** Width in px (default 720, at least 320). */
  width?: number;
  /** Height in px (default 420, at least 200). */
  height?: number;
  /** x values to label exactly (e.g. error rates 0, 1e-6, 1e-4, 1e-2, or worker counts 1, 2). */
  xTicks?: number[];
  /** Labels of `xTicks`, one each (default: SI-style numbers). */
  xTickLabels?: string[];
  /** Horizontal reference lines, e.g. a target. */
  hLines?: Array<{
    /** Where, in y units. */
    y: number;
    /** Label drawn above the line's right end. */
    label: string;
  }>;
  /** Bottom of the y axis. */
  yMin?: number;
  /** Top of the y axis. */
  yMax?: number;
}

// Okabe–Ito palette (distinguishable under the common colour-vision deficiencies), without its
// yellow, which is too pale on white. Each series also gets its own marker shape, so the chart
// still reads in greyscale print or for readers who cannot tell two of these colours apart.
const COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'];
const SHAPES = ['circle', 'square', 'triangle', 'diamond', 'down', 'plus', 'cross'] as const;
type Shape = (typeof SHAPES)[number];
const FONT = "system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif";
const PAD = 10; // inset of the data from the axis lines, so markers on the extremes are not cut by them
const ZERO_GAP = 52; // px between the "0" slot and the first decade of a log x axis
const MARKER_R = 4.5;

interface Tick { v: number; label: string }
interface Axis { px: (v: number) => number; ticks: Tick[]; breakAt?: number }

/** Coordinates are rounded to 2 decimals so output bytes do not depend on floating-point noise. */
function n(v: number): string {
  return String(Math.round(v * 100) / 100 || 0); // `|| 0` turns -0 into 0
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** Rough width of a label: no font metrics without a renderer, and 0.6 em over-estimates sans-serif. */
function textWidth(s: string, size: number): number {
  return s.length * size * 0.6;
}

/**
 * SI-style tick label: 1.2M, 350k, 0.25, 1e-6. With `step`, enough significant digits are kept to
 * tell neighbouring ticks apart (1.005M next to 1.01M); without it, three.
 */
function siLabel(v: number, step?: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  const sig = step ? Math.min(15, Math.max(1, Math.floor(Math.log10(a)) - Math.floor(Math.log10(step)) + 1)) : 3;
  const r = Number(v.toPrecision(sig));
  const ra = Math.abs(r);
  if (ra < 1e-3) return r.toExponential();
  for (const [scale, unit] of [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k']] as const) {
    if (ra >= scale) return String(Number((r / scale).toPrecision(sig))) + unit;
  }
  return String(r);
}

/** A 1-2-5 step giving about `target` intervals over `span`. */
function niceStep(span: number, target: number): number {
  const raw = span / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const f = raw / mag;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
}

/** Multiples of step within [lo, hi], computed as k * step and cleaned of floating-point noise. */
function linearTicks(lo: number, hi: number, step: number): Tick[] {
  const ticks: Tick[] = [];
  for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9; k++) {
    const v = Number((k * step).toPrecision(12));
    ticks.push({ v, label: siLabel(v, step) });
  }
  return ticks;
}

/** Powers of ten; with at most two decades also 2x and 5x; with many, every k-th decade. */
function logTicks(lo: number, hi: number): Tick[] {
  const e0 = Math.floor(Math.log10(lo) + 1e-9);
  const e1 = Math.ceil(Math.log10(hi) - 1e-9);
  const every = Math.max(1, Math.ceil((e1 - e0) / 8));
  const mults = e1 - e0 <= 2 ? [1, 2, 5] : [1];
  const ticks: Tick[] = [];
  for (let e = e0; e <= e1; e += every) {
    for (const m of mults) {
      const v = Number((m * 10 ** e).toPrecision(12));
      if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) ticks.push({ v, label: siLabel(v) });
    }
  }
  return ticks;
}

interface AxisInput {
  log: boolean; values: number[]; from: number; to: number; min?: number | undefined; max?: number | undefined;
  includeZero: boolean; ticks?: number[] | undefined; labels?: string[] | undefined; name: string;
}

function makeAxis(a: AxisInput): Axis {
  const sign = a.to > a.from ? 1 : -1; // the y axis runs upwards: from > to in pixels
  let from = a.from + sign * PAD;
  const to = a.to - sign * PAD;
  const all = [...a.values, ...(a.ticks ?? [])];
  let zeroSlot = false;
  let pos = all;
  if (a.log) {
    if (all.some((v) => v < 0)) throw new RangeError(`lineChart: the log ${a.name} axis cannot show negative values`);
    pos = all.filter((v) => v > 0);
    // A log axis has no place for 0, yet an error rate of 0 is the most important point of a sweep
    // (1e-6 … 1e-2 next to "no errors"). On the x axis, 0 gets its own slot left of the first decade,
    // labelled "0", with an axis break drawn between, so nobody reads it as a decade further left.
    zeroSlot = all.some((v) => v === 0);
    if (zeroSlot && a.name !== 'x') throw new RangeError(`lineChart: the log ${a.name} axis cannot show 0`);
    if (pos.length === 0) throw new RangeError(`lineChart: the log ${a.name} axis needs a positive value`);
  }
  let lo = a.min ?? Math.min(...pos);
  let hi = a.max ?? Math.max(...pos);
  if (a.includeZero && a.min === undefined && !a.log) lo = Math.min(lo, 0);
  if (hi < lo) throw new RangeError(`lineChart: the ${a.name} axis range is empty (min ${lo} > max ${hi})`);
  let ticks: Tick[];
  if (a.log) {
    if (lo <= 0) throw new RangeError(`lineChart: the log ${a.name} axis needs a positive minimum`);
    if (a.min === undefined) lo = 10 ** Math.floor(Math.log10(lo) + 1e-9);
    if (a.max === undefined) hi = 10 ** Math.ceil(Math.log10(hi) - 1e-9);
    if (hi <= lo) hi = lo * 10;
    ticks = logTicks(lo, hi);
  } else {
    if (hi === lo) { const d = lo === 0 ? 1 : Math.abs(lo) * 0.1; lo -= a.min === undefined ? d : 0; hi += d; }
    // Tick density follows the axis length, so a small chart does not pile labels on each other.
    const step = niceStep(hi - lo, Math.min(6, Math.max(2, Math.floor(Math.abs(to - from) / (a.name === 'x' ? 90 : 50)))));
    if (a.min === undefined) lo = Math.floor(lo / step + 1e-9) * step;
    if (a.max === undefined) hi = Math.ceil(hi / step - 1e-9) * step;
    ticks = linearTicks(lo, hi, step);
  }
  if (a.ticks) ticks = a.ticks.map((v) => ({ v, label: siLabel(v) }));
  // One notation per log axis: "1e-4 … 1e-2", not "1e-4, 0.001, 0.01".
  if (a.log && ticks.some((t) => t.v > 0 && t.v < 1e-3)) {
    for (const t of ticks) if (t.v > 0 && t.v < 1) t.label = Number(t.v.toPrecision(3)).toExponential();
  }
  if (a.labels) ticks.forEach((t, i) => { t.label = a.labels?.[i] ?? t.label; });
  if (zeroSlot && !ticks.some((t) => t.v === 0)) ticks.unshift({ v: 0, label: '0' });
  const zeroPx = from;
  if (zeroSlot) from += sign * ZERO_GAP;
  const t = (v: number): number => (a.log ? Math.log10(v) : v);
  const t0 = t(lo);
  const scale = (to - from) / (t(hi) - t0);
  const axis: Axis = { px: (v) => (zeroSlot && v === 0 ? zeroPx : from + (t(v) - t0) * scale), ticks };
  if (zeroSlot) axis.breakAt = zeroPx + (sign * ZERO_GAP) / 2;
  return axis;
}

function markerPath(shape: Shape, x: number, y: number, r: number): string {
  const poly = (pts: Array<[number, number]>): string => 'M' + pts.map(([dx, dy]) => `${n(x + dx)},${n(y + dy)}`).join('L') + 'Z';
  const t = r * 0.38; // half the arm thickness of plus and cross
  const plus: Array<[number, number]> = [[-t, -r], [t, -r], [t, -t], [r, -t], [r, t], [t, t], [t, r], [-t, r], [-t, t], [-r, t], [-r, -t], [-t, -t]];
  switch (shape) {
    case 'circle': return `M${n(x - r)},${n(y)}a${n(r)},${n(r)} 0 1,0 ${n(2 * r)},0a${n(r)},${n(r)} 0 1,0 ${n(-2 * r)},0Z`;
    case 'square': { const s = r * 0.88; return poly([[-s, -s], [s, -s], [s, s], [-s, s]]); }
    case 'triangle': { const s = r * 1.25; return poly([[0, -s], [s * 0.87, s * 0.5], [-s * 0.87, s * 0.5]]); }
    case 'down': { const s = r * 1.25; return poly([[0, s], [s * 0.87, -s * 0.5], [-s * 0.87, -s * 0.5]]); }
    case 'diamond': { const s = r * 1.25; return poly([[0, -s], [s, 0], [0, s], [-s, 0]]); }
    case 'plus': return poly(plus.map(([dx, dy]) => [dx * 1.15, dy * 1.15]));
    case 'cross': return poly(plus.map(([dx, dy]) => [(dx - dy) * 0.82, (dx + dy) * 0.82])); // plus turned 45°
  }
}

function finite(v: number, what: string): number {
  if (!Number.isFinite(v)) throw new RangeError(`lineChart: ${what} is ${v}, expected a finite number`);
  return v;
}

function validate(spec: LineChartSpec): void {
  if (spec.series.length === 0) throw new RangeError('lineChart: no series to plot');
  for (const s of spec.series) {
    if (s.points.length === 0) throw new RangeError(`lineChart: series "${s.name}" has no points`);
    s.points.forEach(([x, y], i) => { finite(x, `series "${s.name}" point ${i} x`); finite(y, `series "${s.name}" point ${i} y`); });
    s.range?.forEach(([x, lo, hi], i) => {
      for (const [v, w] of [[x, 'x'], [lo, 'low'], [hi, 'high']] as const) finite(v, `series "${s.name}" range ${i} ${w}`);
      if (lo > hi) throw new RangeError(`lineChart: series "${s.name}" range ${i} has low ${lo} > high ${hi}`);
    });
  }
  spec.xTicks?.forEach((v, i) => finite(v, `xTicks[${i}]`));
  spec.hLines?.forEach((h, i) => finite(h.y, `hLines[${i}].y`));
  for (const k of ['width', 'height', 'yMin', 'yMax'] as const) { const v = spec[k]; if (v !== undefined) finite(v, k); }
  if (spec.xTickLabels && spec.xTickLabels.length !== (spec.xTicks?.length ?? -1)) {
    throw new RangeError('lineChart: xTickLabels needs xTicks of the same length');
  }
  if (spec.yMin !== undefined && spec.yMax !== undefined && spec.yMin >= spec.yMax) {
    throw new RangeError(`lineChart: yMin ${spec.yMin} must be below yMax ${spec.yMax}`);
  }
  // Title, tick labels, axis label and one legend row take about 130 px of height; below these sizes nothing is left to plot.
  if ((spec.width ?? 720) < 320 || (spec.height ?? 420) < 200) throw new RangeError('lineChart: width must be >= 320 and height >= 200');
}

/** A complete standalone SVG document for `spec`. Throws RangeError on empty or non-finite input. */
export function lineChart(spec: LineChartSpec): string {
  validate(spec);
  const W = spec.width ?? 720;
  const H = spec.height ?? 420;
  const log = { x: spec.xScale === 'log', y: spec.yScale === 'log' };
  const xs: number[] = [];
  const ys: number[] = [];
  for (const s of spec.series) {
    for (const [x, y] of s.points) { xs.push(x); ys.push(y); }
    for (const [x, lo, hi] of s.range ?? []) { xs.push(x); ys.push(lo, hi); }
  }
  for (const h of spec.hLines ?? []) ys.push(h.y);

  // Legend rows first: their count decides how much height is left for the plot.
  const items = spec.series.map((s, i) => ({ s, i, w: 30 + textWidth(s.name, 12) + 18 }));
  const rows: Array<typeof items> = [[]];
  const maxRow = W - 32;
  for (const it of items) {
    const row = rows[rows.length - 1]!;
    if (row.length > 0 && row.reduce((a, b) => a + b.w, 0) + it.w > maxRow) rows.push([it]);
    else row.push(it);
  }

  const top = 48;
  const bottom = H - (58 + rows.length * 20);
  // Linear y starts at 0 unless yMin says otherwise: a rate axis that starts at 0.9M exaggerates differences.
  const yAxis = makeAxis({ log: log.y, values: ys, from: bottom, to: top, min: spec.yMin, max: spec.yMax, includeZero: true, name: 'y' });
  const left = 34 + Math.max(...yAxis.ticks.map((t) => textWidth(t.label, 11))) + 8;
  // A first pass over the x ticks finds the last label, whose half-width sets the right margin.
  const xProbe = makeAxis({ log: log.x, values: xs, from: left, to: W - 20, includeZero: false, ticks: spec.xTicks, labels: spec.xTickLabels, name: 'x' });
  const lastLabel = xProbe.ticks.reduce((a, t) => (t.v >= a.v ? t : a)).label;
  const right = W - Math.max(20, textWidth(lastLabel, 11) / 2 - PAD + 4);
  const xAxis = makeAxis({ log: log.x, values: xs, from: left, to: right, includeZero: false, ticks: spec.xTicks, labels: spec.xTickLabels, name: 'x' });

  const out: string[] = [];
  out.push('<?xml version="1.0" encoding="UTF-8"?>');
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="${FONT}" role="img" aria-label="${esc(spec.title)}">`);
  out.push(`<title>${esc(spec.title)}</title>`);
  out.push(`<rect width="${W}" height="${H}" fill="#ffffff"/>`);
  out.push(`<clipPath id="plot-area"><rect x="${n(left - MARKER_R - 2)}" y="${n(top - MARKER_R - 2)}" width="${n(right - left + 2 * MARKER_R + 4)}" height="${n(bottom - top + 2 * MARKER_R + 4)}"/></clipPath>`);
  out.push(`<text x="${n(W / 2)}" y="26" text-anchor="middle" font-size="16" font-weight="bold" fill="#222">${esc(spec.title)}</text>`);

  // Grid and tick labels; grid lines are light so the data stays in front.
  out.push('<g class="grid" stroke="#e3e3e3" stroke-width="1">');
  for (const t of yAxis.ticks) out.push(`<line x1="${n(left)}" y1="${n(yAxis.px(t.v))}" x2="${n(right)}" y2="${n(yAxis.px(t.v))}"/>`);
  for (const t of xAxis.ticks) out.push(`<line x1="${n(xAxis.px(t.v))}" y1="${n(top)}" x2="${n(xAxis.px(t.v))}" y2="${n(bottom)}"/>`);
  out.push('</g>');
  out.push('<g class="tick-labels" font-size="11" fill="#444">');
  for (const t of yAxis.ticks) out.push(`<text x="${n(left - 6)}" y="${n(yAxis.px(t.v))}" dy="0.35em" text-anchor="end">${esc(t.label)}</text>`);
  for (const t of xAxis.ticks) out.push(`<text x="${n(xAxis.px(t.v))}" y="${n(bottom + 17)}" text-anchor="middle">${esc(t.label)}</text>`);
  out.push('</g>');
  out.push(`<path class="axes" d="M${n(left)},${n(top)}V${n(bottom)}H${n(right)}" fill="none" stroke="#666" stroke-width="1"/>`);
  if (xAxis.breakAt !== undefined) {
    // Axis break between the "0" slot and the log decades: a gap in the axis line and two slashes.
    const b = xAxis.breakAt;
    out.push(`<g class="axis-break"><rect x="${n(b - 4)}" y="${n(bottom - 4)}" width="8" height="8" fill="#ffffff"/>`);
    out.push(`<path d="M${n(b - 6)},${n(bottom + 5)}L${n(b - 2)},${n(bottom - 5)}M${n(b + 2)},${n(bottom + 5)}L${n(b + 6)},${n(bottom - 5)}" stroke="#666" stroke-width="1.2"/></g>`);
  }
  out.push(`<text x="${n((left + right) / 2)}" y="${n(bottom + 38)}" text-anchor="middle" font-size="13" fill="#222">${esc(spec.xLabel)}</text>`);
  out.push(`<text transform="translate(16,${n((top + bottom) / 2)}) rotate(-90)" text-anchor="middle" font-size="13" fill="#222" dy="0.35em">${esc(spec.yLabel)}</text>`);

  out.push('<g clip-path="url(#plot-area)">');
  for (const h of spec.hLines ?? []) {
    const y = yAxis.px(h.y);
    out.push(`<g class="hline"><line x1="${n(left)}" y1="${n(y)}" x2="${n(right)}" y2="${n(y)}" stroke="#555" stroke-width="1.2" stroke-dasharray="5 4"/>`);
    // White halo behind the label so a series line running through it does not make it unreadable.
    out.push(`<text x="${n(right - 4)}" y="${n(y - 5)}" text-anchor="end" font-size="11" fill="#333" stroke="#ffffff" stroke-width="3" paint-order="stroke">${esc(h.label)}</text></g>`);
  }
  spec.series.forEach((s, i) => {
    const colour = COLOURS[i % COLOURS.length]!;
    const shape = SHAPES[(i + Math.floor(i / COLOURS.length)) % SHAPES.length]!; // colour and shape pairs never repeat
    out.push(`<g class="series" fill="${colour}" stroke="${colour}">`);
    for (const [x, lo, hi] of s.range ?? []) {
      const px = n(xAxis.px(x));
      out.push(`<path class="errorbar" d="M${px},${n(yAxis.px(lo))}V${n(yAxis.px(hi))}M${n(xAxis.px(x) - 4)},${n(yAxis.px(lo))}h8M${n(xAxis.px(x) - 4)},${n(yAxis.px(hi))}h8" fill="none" stroke-width="1.2"/>`);
    }
    const pts = [...s.points].sort((a, b) => a[0] - b[0]); // a line chart reads left to right
    const d = pts.map(([x, y], k) => `${k === 0 ? 'M' : 'L'}${n(xAxis.px(x))},${n(yAxis.px(y))}`).join('');
    out.push(`<path class="line" d="${d}" fill="none" stroke-width="2" stroke-linejoin="round"${s.dashed ? ' stroke-dasharray="7 4"' : ''}/>`);
    for (const [x, y] of pts) out.push(`<path class="marker" d="${markerPath(shape, xAxis.px(x), yAxis.px(y), MARKER_R)}" stroke="#ffffff" stroke-width="1"/>`);
    out.push('</g>');
  });
  out.push('</g>');

  // Legend below the x label, rows centred; each entry repeats the series' line style and marker.
  out.push('<g class="legend" font-size="12" fill="#222">');
  rows.forEach((row, r) => {
    let x = (W - row.reduce((a, b) => a + b.w, 0)) / 2;
    const y = bottom + 62 + r * 20;
    for (const { s, i, w } of row) {
      const colour = COLOURS[i % COLOURS.length]!;
      const shape = SHAPES[(i + Math.floor(i / COLOURS.length)) % SHAPES.length]!;
      out.push(`<line x1="${n(x)}" y1="${n(y)}" x2="${n(x + 24)}" y2="${n(y)}" stroke="${colour}" stroke-width="2"${s.dashed ? ' stroke-dasharray="7 4"' : ''}/>`);
      out.push(`<path class="legend-marker" d="${markerPath(shape, x + 12, y, MARKER_R)}" fill="${colour}" stroke="#ffffff" stroke-width="1"/>`);
      out.push(`<text x="${n(x + 30)}" y="${n(y)}" dy="0.35em">${esc(s.name)}</text>`);
      x += w;
    }
  });
  out.push('</g>');
  out.push('</svg>');
  return out.join('\n') + '\n';
}
