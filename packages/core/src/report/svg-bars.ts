/**
 * Two more small, dependency-free charts for the HTML reports, in svg-chart.ts's style (Okabe–Ito
 * colours, a white background, deterministic bytes, no references to anything outside the file):
 *
 * - barChart: horizontal bars, one row per category, one bar per series. Horizontal because the
 *   categories are outcome names like `guest-page-offlined`, which do not fit under vertical bars.
 * - boxChart: one row per category and series, min–max whisker, p50–p90 box and a p99 mark, on a
 *   log time axis: layer latencies run from nanoseconds (firmware) to milliseconds (a latent error).
 *
 * Both return an `<svg>` element without the XML declaration or namespace, meant to be inlined in
 * an HTML page (HTML's parser puts `<svg>` in the SVG namespace by itself). Callers that inline
 * several charts give each a distinct `id` prefix so element ids never collide.
 */

/** The Okabe–Ito colour-blind-safe palette, in the order series take it. */
export const OKABE_ITO = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'] as const;
const FONT = "system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif";

/** What a {@link barChart} draws: one group of horizontal bars per category, one bar per series. */
export interface BarChartSpec {
  /** Title above the chart. */
  title: string;
  /** Label of the value axis (with its unit). */
  valueLabel: string;
  /** One row per category (e.g. an outcome, a kind of error). */
  categories: readonly string[];
  /** The series; `values[i]` is the bar of category i. */
  series: ReadonlyArray<{
    /** Legend label (e.g. a run or a profile). */
    name: string;
    /** One value per category. */
    values: readonly number[];
  }>;
  /** One colour per category, for a single series (e.g. outcomes coloured by severity). */
  categoryColours?: readonly string[];
  /** Width in px (default 720). */
  width?: number;
}

/** A latency distribution as a {@link boxChart} draws it, in ns. */
export interface BoxStats {
  /** Smallest value. */
  min: number;
  /** Median. */
  p50: number;
  /** 90th percentile. */
  p90: number;
  /** 99th percentile. */
  p99: number;
  /** Largest value. */
  max: number;
}

/** What a {@link boxChart} draws: per category, one box per series on a log ns axis. */
export interface BoxChartSpec {
  /** Title above the chart. */
  title: string;
  /** One row per category; per row one box per series (null: no data for that series). */
  categories: readonly string[];
  /** The series (e.g. one per run being compared). */
  series: ReadonlyArray<{
    /** Legend label. */
    name: string;
    /** One box per category, null where the series has no data. */
    boxes: ReadonlyArray<BoxStats | null>;
  }>;
  /** Width in px (default 720). */
  width?: number;
}

/** Coordinates rounded to 2 decimals so the bytes do not depend on floating-point noise. */
const n = (v: number): string => String(Math.round(v * 100) / 100 || 0);
export const escXml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
const textWidth = (s: string, size: number): number => s.length * size * 0.6;

/** The opening tag and title every chart shares. */
function open(w: number, h: number, title: string): string[] {
  return [
    `<svg width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="${FONT}" role="img" aria-label="${escXml(title)}">`,
    `<title>${escXml(title)}</title>`, `<rect width="${w}" height="${h}" fill="#ffffff"/>`,
    `<text x="${n(w / 2)}" y="22" text-anchor="middle" font-size="15" font-weight="bold" fill="#222">${escXml(title)}</text>`,
  ];
}

/** A legend row of colour swatches, centred at height y. */
function legend(names: readonly string[], w: number, y: number): string[] {
  const widths = names.map((s) => 22 + textWidth(s, 12) + 16);
  let x = (w - widths.reduce((a, b) => a + b, 0)) / 2;
  const out = ['<g class="legend" font-size="12" fill="#222">'];
  names.forEach((s, i) => {
    out.push(`<rect x="${n(x)}" y="${n(y - 6)}" width="14" height="12" fill="${OKABE_ITO[i % OKABE_ITO.length]}"/>`);
    out.push(`<text x="${n(x + 20)}" y="${n(y)}" dy="0.35em">${escXml(s)}</text>`);
    x += widths[i]!;
  });
  out.push('</g>');
  return out;
}

/** A 1-2-5 step giving about `target` intervals up to `max`. */
function niceStep(max: number, target: number): number {
  const raw = max / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const f = raw / mag;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
}

/** Horizontal grouped bars with their values written at the bar ends (no need to read the axis). */
export function barChart(spec: BarChartSpec): string {
  const W = spec.width ?? 720;
  const rows = spec.categories.length;
  const per = spec.series.length;
  if (rows === 0 || per === 0) throw new RangeError('barChart: nothing to plot');
  const values = spec.series.flatMap((s) => s.values.slice(0, rows));
  if (values.some((v) => !Number.isFinite(v) || v < 0)) throw new RangeError('barChart: values must be finite and >= 0');
  const barH = per === 1 ? 18 : 13;
  const rowH = per * barH + 10;
  const left = 16 + Math.max(...spec.categories.map((c) => textWidth(c, 12)));
  const right = W - 48; // room for the value label of the longest bar
  const top = 40;
  const bottom = top + rows * rowH;
  const max = Math.max(1, ...values);
  const step = niceStep(max, Math.max(2, Math.min(6, Math.floor((right - left) / 80))));
  const hi = Math.ceil(max / step) * step;
  const px = (v: number): number => left + (v / hi) * (right - left);
  const H = bottom + 40 + (per > 1 ? 24 : 0);
  const out = open(W, H, spec.title);
  out.push('<g class="grid" stroke="#e3e3e3">');
  for (let v = 0; v <= hi + step / 2; v += step) out.push(`<line x1="${n(px(v))}" y1="${top}" x2="${n(px(v))}" y2="${n(bottom)}"/>`);
  out.push('</g><g class="tick-labels" font-size="11" fill="#444" text-anchor="middle">');
  for (let v = 0; v <= hi + step / 2; v += step) out.push(`<text x="${n(px(v))}" y="${n(bottom + 15)}">${Number(v.toPrecision(12))}</text>`);
  out.push('</g>');
  out.push(`<text x="${n((left + right) / 2)}" y="${n(bottom + 33)}" text-anchor="middle" font-size="12" fill="#222">${escXml(spec.valueLabel)}</text>`);
  out.push('<g class="bars" font-size="12">');
  spec.categories.forEach((c, r) => {
    const y0 = top + r * rowH + 5;
    out.push(`<text x="${n(left - 8)}" y="${n(y0 + (per * barH) / 2)}" dy="0.35em" text-anchor="end" fill="#222">${escXml(c)}</text>`);
    spec.series.forEach((s, k) => {
      const v = s.values[r] ?? 0;
      const colour = per === 1 && spec.categoryColours ? spec.categoryColours[r] ?? OKABE_ITO[0] : OKABE_ITO[k % OKABE_ITO.length];
      const y = y0 + k * barH;
      // A zero still gets a hairline, so "none" is visibly a value and not a missing row.
      out.push(`<rect x="${n(left)}" y="${n(y)}" width="${n(Math.max(1, px(v) - left))}" height="${barH - 2}" fill="${colour}"/>`);
      out.push(`<text x="${n(px(v) + 5)}" y="${n(y + (barH - 2) / 2)}" dy="0.35em" fill="#222">${v}</text>`);
    });
  });
  out.push('</g>');
  out.push(`<path d="M${n(left)},${top}V${n(bottom)}" stroke="#666"/>`);
  if (per > 1) out.push(...legend(spec.series.map((s) => s.name), W, bottom + 52));
  out.push('</svg>');
  return out.join('\n');
}

/** `1 ns`, `10 µs`, `1 ms`: the decade labels of the log time axis. */
function decadeLabel(v: number): string {
  for (const [scale, unit] of [[1e9, 's'], [1e6, 'ms'], [1e3, 'µs']] as const) if (v >= scale) return `${v / scale} ${unit}`;
  return `${v} ns`;
}

/**
 * Box-style latency chart on a log ns axis. A log axis has no place for 0 (a layer that took no
 * simulated time, e.g. a guest taking an SError in the same ns KVM raised it), so 0 gets its own
 * slot left of the first decade, labelled "0", as svg-chart does for an error rate of 0.
 */
export function boxChart(spec: BoxChartSpec): string {
  const W = spec.width ?? 720;
  const per = spec.series.length;
  const rows = spec.categories.length;
  if (rows === 0 || per === 0) throw new RangeError('boxChart: nothing to plot');
  const all = spec.series.flatMap((s) => s.boxes.flatMap((b) => (b ? [b.min, b.p50, b.p90, b.p99, b.max] : [])));
  if (all.some((v) => !Number.isFinite(v) || v < 0)) throw new RangeError('boxChart: values must be finite and >= 0');
  const pos = all.filter((v) => v > 0);
  const e0 = pos.length ? Math.floor(Math.log10(Math.min(...pos))) : 0;
  const e1 = Math.max(e0 + 1, pos.length ? Math.ceil(Math.log10(Math.max(...pos))) : 1);
  const left = 16 + Math.max(...spec.categories.map((c) => textWidth(c, 12)));
  const zeroX = left + 10;
  const x0 = zeroX + 40;
  const right = W - 30;
  const px = (v: number): number => (v <= 0 ? zeroX : x0 + ((Math.log10(v) - e0) / (e1 - e0)) * (right - x0));
  const boxH = 12;
  const rowH = per * (boxH + 4) + 10;
  const top = 40;
  const bottom = top + rows * rowH;
  const H = bottom + 62 + (per > 1 ? 22 : 0);
  const out = open(W, H, spec.title);
  out.push('<g class="grid" stroke="#e3e3e3">');
  for (let e = e0; e <= e1; e++) out.push(`<line x1="${n(px(10 ** e))}" y1="${top}" x2="${n(px(10 ** e))}" y2="${n(bottom)}"/>`);
  out.push('</g><g class="tick-labels" font-size="11" fill="#444" text-anchor="middle">');
  out.push(`<text x="${n(zeroX)}" y="${n(bottom + 15)}">0</text>`);
  for (let e = e0; e <= e1; e++) out.push(`<text x="${n(px(10 ** e))}" y="${n(bottom + 15)}">${escXml(decadeLabel(10 ** e))}</text>`);
  out.push('</g>');
  out.push(`<text x="${n((x0 + right) / 2)}" y="${n(bottom + 33)}" text-anchor="middle" font-size="12" fill="#222">simulated time in the layer (log scale)</text>`);
  out.push('<g class="boxes" font-size="12">');
  spec.categories.forEach((c, r) => {
    const y0 = top + r * rowH + 5;
    out.push(`<text x="${n(left - 8)}" y="${n(y0 + (per * (boxH + 4)) / 2 - 2)}" dy="0.35em" text-anchor="end" fill="#222">${escXml(c)}</text>`);
    spec.series.forEach((s, k) => {
      const b = s.boxes[r];
      if (!b) return;
      const colour = OKABE_ITO[k % OKABE_ITO.length];
      const y = y0 + k * (boxH + 4);
      const mid = y + boxH / 2;
      out.push(`<g fill="${colour}" stroke="${colour}">`);
      out.push(`<path d="M${n(px(b.min))},${n(mid)}H${n(px(b.max))}M${n(px(b.min))},${n(y + 2)}V${n(y + boxH - 2)}M${n(px(b.max))},${n(y + 2)}V${n(y + boxH - 2)}" stroke-width="1.5"/>`);
      out.push(`<rect x="${n(px(b.p50))}" y="${n(y)}" width="${n(Math.max(2, px(b.p90) - px(b.p50)))}" height="${boxH}" fill-opacity="0.45"/>`);
      out.push(`<path d="M${n(px(b.p50))},${n(y - 1)}V${n(y + boxH + 1)}" stroke-width="3"/>`);
      const d = px(b.p99);
      out.push(`<path d="M${n(d)},${n(mid - 5)}L${n(d + 5)},${n(mid)}L${n(d)},${n(mid + 5)}L${n(d - 5)},${n(mid)}Z" stroke="#ffffff" stroke-width="1"/>`);
      out.push('</g>');
    });
  });
  out.push('</g>');
  out.push(`<path d="M${n(left)},${top}V${n(bottom)}" stroke="#666"/>`);
  out.push(`<text x="${n(W / 2)}" y="${n(bottom + 52)}" text-anchor="middle" font-size="11" fill="#444">line: min to max · thick bar: p50 (median) · box: p50 to p90 · diamond: p99</text>`);
  if (per > 1) out.push(...legend(spec.series.map((s) => s.name), W, bottom + 72));
  out.push('</svg>');
  return out.join('\n');
}

/**
 * Turns lineChart's standalone SVG document into an element to inline in HTML: drops the XML
 * declaration and the namespace attribute (the report must not contain a URL, and HTML needs
 * neither), and prefixes element ids so two charts on one page do not share `#plot-area`.
 */
export function inlineSvg(svg: string, idPrefix: string): string {
  return svg
    .replace(/^<\?xml[^>]*\?>\s*/, '')
    .replace(/\s+xmlns(:\w+)?="[^"]*"/g, '')
    .replace(/\bid="([^"]+)"/g, (_m, id: string) => `id="${idPrefix}-${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_m, id: string) => `url(#${idPrefix}-${id})`)
    .trim();
}
