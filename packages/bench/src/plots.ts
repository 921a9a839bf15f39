/**
 * The benchmark's plots, as standalone SVG files beside latest.json (and copied into
 * docs/perf/ for docs/performance.md): throughput against error rate and against worker count.
 * Each point is the median of its samples; the bars span min to max.
 */
import { writeFileSync } from 'node:fs';
import { makeDirSync } from '@rasflow/core';
import { join } from 'node:path';
import { lineChart } from '@rasflow/core/report';
import type { ErrorRateResult } from './error-rate-suite.js';
import type { WorkerScalingResult } from './worker-scaling-suite.js';

export function errorRatePlot(r: ErrorRateResult): string {
  const acc = r.points.map((p) => [p.rate, p.accessesPerSecond.median] as const);
  const accRange = r.points.map((p) => [p.rate, p.accessesPerSecond.min, p.accessesPerSecond.max] as const);
  const withErrors = r.points.filter((p) => p.rate > 0);
  return lineChart({
    title: 'Throughput against error rate (seed profile, one worker)',
    xLabel: 'poisonings per access (each consumed at once: a complete S1 journey)',
    yLabel: 'per second',
    xScale: 'log',
    yScale: 'log',
    xTicks: r.points.map((p) => p.rate),
    xTickLabels: r.points.map((p) => (p.rate === 0 ? '0' : p.rate.toExponential(0))),
    series: [
      { name: 'accesses/s', points: acc, range: accRange },
      {
        name: 'journeys/s', dashed: true,
        points: withErrors.map((p) => [p.rate, p.journeysPerSecond.median] as const),
        range: withErrors.map((p) => [p.rate, p.journeysPerSecond.min, p.journeysPerSecond.max] as const),
      },
    ],
  });
}

export function workerScalingPlot(r: WorkerScalingResult): string {
  const one = r.curve[0]!.rate.median;
  return lineChart({
    title: `Throughput against worker threads (${r.hosts} hosts of the quick start)`,
    xLabel: 'worker threads',
    yLabel: 'accesses per second',
    xTicks: r.curve.map((p) => p.workers),
    series: [
      {
        name: 'measured (busiest worker\'s time)',
        points: r.curve.map((p) => [p.workers, p.rate.median] as const),
        range: r.curve.map((p) => [p.workers, p.rate.min, p.rate.max] as const),
      },
      { name: 'linear scaling from 1 worker', dashed: true, points: r.curve.map((p) => [p.workers, one * p.workers] as const) },
    ],
  });
}

/** Writes both plots into `dir`; returns the files written. */
export function writePlots(dir: string, errorRate: ErrorRateResult, workers: WorkerScalingResult): string[] {
  makeDirSync(dir);
  const files = [join(dir, 'throughput-vs-error-rate.svg'), join(dir, 'throughput-vs-workers.svg')];
  writeFileSync(files[0]!, errorRatePlot(errorRate));
  writeFileSync(files[1]!, workerScalingPlot(workers));
  return files;
}
