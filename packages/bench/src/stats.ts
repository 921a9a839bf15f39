/**
 * The few statistics the benchmarks report. Medians and min/max rather than means and standard
 * deviations: a 2-core machine produces outliers (another process, a page-cache flush) that would
 * drag a mean, and a handful of samples is too few for a standard deviation to mean much.
 */

/** A raw figure: accesses per second, one sample per measured run, in run order. */
export interface Figure {
  median: number;
  min: number;
  max: number;
  samples: number[];
}

/** A ratio figure: one ratio per A/B pair (engine rate / baseline rate of that pair), in run order. */
export interface RatioFigure {
  median: number;
  min: number;
  max: number;
  pairs: number[];
}

/** Median of a non-empty list (mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of an empty list');
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >>> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function extremes(values: readonly number[]): { min: number; max: number } {
  if (values.length === 0) throw new RangeError('extremes of an empty list');
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
}

export function figure(samples: readonly number[]): Figure {
  return { median: median(samples), ...extremes(samples), samples: [...samples] };
}

/**
 * Ratios pair by pair: `engine[k] / baseline[k]`. Pairing (instead of dividing the two medians)
 * cancels whatever slowed both halves of a pair, such as a neighbour process or a frequency
 * change, so the ratio is steadier than either raw figure.
 */
export function pairRatios(baseline: readonly number[], engine: readonly number[]): RatioFigure {
  if (baseline.length !== engine.length || baseline.length === 0) {
    throw new RangeError(`pairwise ratio needs equal, non-zero counts (got ${baseline.length} and ${engine.length})`);
  }
  const pairs = engine.map((e, k) => e / baseline[k]!);
  return { median: median(pairs), ...extremes(pairs), pairs };
}

/** Spread of a figure as ± half its range relative to the median (a readable noise indicator). */
export function relativeSpread(f: { median: number; min: number; max: number }): number {
  return f.median === 0 ? 0 : (f.max - f.min) / 2 / f.median;
}
