/**
 * What the micro and journey suites share: reading a finished tinybench task (its result, or its
 * one sample) and drawing aligned text tables like report.ts's, the first column left-aligned,
 * the others right-aligned, a rule under the header and between row groups (rates, then ratios).
 * report.ts keeps its table private; this one serves the newer suites.
 */
import type { Task } from 'tinybench';

/** The statistics of a task that completed; throws, naming the task and its error, otherwise. */
export function completedResult(task: Task) {
  const r = task.result;
  if (r.state !== 'completed') throw new Error(`${task.name}: benchmark task ended as ${r.state}${r.state === 'errored' ? `: ${r.error.message}` : ''}`);
  return r;
}

/** The one sample of a task run with `iterations: 1, time: 0`, in milliseconds. */
export function oneSampleMs(task: Task): number {
  const latency = completedResult(task).latency;
  if (latency.samplesCount !== 1) throw new Error(`${task.name}: expected one sample, got ${latency.samplesCount}`);
  return latency.mean;
}

/** `groups` of rows under `header`; returns the lines. Every row has the header's column count. */
export function alignedTable(header: readonly string[], groups: readonly (readonly string[])[][]): string[] {
  const rows = [header, ...groups.flat()];
  for (const row of rows) {
    if (row.length !== header.length) throw new RangeError(`table row has ${row.length} cells, the header ${header.length}`);
  }
  const widths = header.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  const line = (row: readonly string[]): string =>
    row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const lines = [line(header)];
  for (const group of groups) {
    if (group.length === 0) continue;
    lines.push(rule, ...group.map(line));
  }
  return lines;
}

/** A rate with a unit prefix chosen for three or four significant digits: 9.87 M/s, 123 k/s. */
export function rate(perSecond: number): string {
  if (!Number.isFinite(perSecond)) return String(perSecond);
  const [scale, prefix] = perSecond >= 1e9 ? [1e9, 'G'] : perSecond >= 1e6 ? [1e6, 'M'] : perSecond >= 1e3 ? [1e3, 'k'] : [1, ''];
  const v = perSecond / scale;
  return `${v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)} ${prefix}/s`;
}

/** ± a relative figure as a percentage with one decimal. */
export function percent(relative: number): string {
  return `±${(relative * 100).toFixed(1)}%`;
}
