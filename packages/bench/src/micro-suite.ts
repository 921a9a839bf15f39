/**
 * Micro benchmarks of the pieces a journey is made of (micro-tasks.ts): ESR decoding and
 * encoding, the GHES memory record writer and reader, the full GHES codec, the poison test, plugin
 * hook dispatch, and one complete SEA journey on the real engine (engine-journeys.ts).
 *
 * Unlike the suites that compare the engine with a baseline, these are absolute rates: useful to
 * see which piece moved after a change, on the same machine, not to compare machines. tinybench
 * times each call of a task (one batch of 1,000 or 10,000 units, long enough that the two timer
 * reads around it do not matter) and gives per-call throughput statistics; a rate here is
 * tinybench's median calls/s times the units per call. The journey task gets a Bench of its own
 * with a longer warmup: a journey runs through dozens of functions (plugins, contexts, hand-overs)
 * that the JIT optimises one after another.
 *
 * For the journey task read the mean too. Its calls are heavy-tailed: the host's journey log
 * grows by ~1.3 KB per journey and doubles now and then (a copy, and fresh pages to fault in), so
 * the median call, which misses those, runs well above the long-run rate that the mean (units
 * over the summed call times) and the journey suite's whole-host samples measure.
 */
import { Bench } from 'tinybench';
import { EngineJourneys } from './engine-journeys.js';
import {
  esrDecodeStructuredTask, esrDecodeTask, esrEncodeTask, ghesRecordTask, hookDispatchTask, poisonTestTask, type MicroTaskSpec,
} from './micro-tasks.js';
import { ghesCodecTask } from './micro-codec-task.js';
import { alignedTable, completedResult, percent, rate } from './tinybench-tables.js';

export interface MicroOptions {
  /** A short look (about 5 s on 2 cores) instead of the full run (about 20 s). */
  quick: boolean;
  /** Called with one line per finished task. */
  progress?: (line: string) => void;
}

export interface MicroTaskResult {
  name: string;
  unit: string;
  /** Units per timed call: fixed, or for the journey task the mean journeys completed per call. */
  unitsPerIteration: number;
  /** Units per second: tinybench's per-call throughput statistics × unitsPerIteration. */
  median: number;
  min: number;
  max: number;
  /** Units done over the summed time of the timed calls (what outliers cost, unlike the median). */
  mean: number;
  /** Median absolute deviation of the per-call rates relative to their median (robust to the odd GC pause). */
  spread: number;
  /** Timed calls. */
  samples: number;
  checksum: number;
}

export interface MicroResult {
  mode: 'quick' | 'full';
  tasks: MicroTaskResult[];
  /** The journey task's engine: simulated time per journey, hosts built (outside timed calls) and their build time. */
  engine: { nsPerJourney: number; hostsBuilt: number; setupSeconds: number };
  /** Every task's checksum folded together. */
  checksum: number;
}

/** Bench settings: per-task time budget and minimum timed calls, for warmup and measurement. */
const SETTINGS = {
  quick: { micro: { ms: 100, calls: 10, warmupMs: 50, warmupCalls: 5 }, journey: { ms: 300, calls: 10, warmupMs: 300, warmupCalls: 10 } },
  full: { micro: { ms: 1000, calls: 32, warmupMs: 300, warmupCalls: 16 }, journey: { ms: 3000, calls: 32, warmupMs: 2000, warmupCalls: 32 } },
} as const;

/** Engine journeys per call of the journey task. */
const JOURNEYS_PER_CALL = 1000;

export async function runMicroSuite(o: MicroOptions): Promise<MicroResult> {
  const log = o.progress ?? (() => undefined);
  const s = o.quick ? SETTINGS.quick : SETTINGS.full;
  const engine = await EngineJourneys.create();
  const micro = [
    esrDecodeTask(), esrEncodeTask(), esrDecodeStructuredTask(), ghesRecordTask(), ghesCodecTask(),
    poisonTestTask(false), poisonTestTask(true), hookDispatchTask(engine.host.engine),
  ];
  const results = runBench(micro, s.micro, log);
  results.push(...runBench([journeyTask(engine, JOURNEYS_PER_CALL)], s.journey, log));
  return {
    mode: o.quick ? 'quick' : 'full',
    tasks: results,
    engine: { nsPerJourney: engine.nsPerJourney, hostsBuilt: engine.hostsBuilt, setupSeconds: engine.setupSeconds },
    checksum: results.reduce((c, r) => (Math.imul(c, 31) + r.checksum) | 0, 0),
  };
}

/** The aligned table: one row per task, rates in units per second. */
export function formatMicro(r: MicroResult): string {
  const rows = r.tasks.map((t) => [
    t.name, `${fmtUnits(t.unitsPerIteration)} ${t.unit}s`, rate(t.median), percent(t.spread), rate(t.mean), String(t.samples),
  ]);
  return [
    `micro (${r.mode}): tinybench, rates in units per second (median of per-call rates; spread = their median absolute ` +
      `deviation / median; mean = units over the summed call times)`,
    ...alignedTable(['', 'per call', 'median', 'spread', 'mean', 'samples'], [rows]),
    `engine journeys: ${r.engine.nsPerJourney.toFixed(0)} simulated ns each; ${r.engine.hostsBuilt} hosts built outside the timed calls ` +
      `in ${(r.engine.setupSeconds * 1000).toFixed(0)} ms; checksum ${r.checksum}`,
  ].join('\n');
}

/** One complete S1 journey per unit on the engine, ~1,000 per call; the host is replaced outside timing when full. */
function journeyTask(engine: EngineJourneys, n: number): MicroTaskSpec {
  let sum = 0;
  return {
    name: 'engine S1 journey (seed plugins)', unit: 'journey', checksum: () => sum,
    beforeEach: () => void engine.ensureRoom(n),
    fn: () => {
      const done = engine.run(n);
      sum = (sum + done + engine.accesses()) | 0;
      return done;
    },
  };
}

interface Budget {
  ms: number;
  calls: number;
  warmupMs: number;
  warmupCalls: number;
}

function runBench(specs: readonly MicroTaskSpec[], b: Budget, log: (line: string) => void): MicroTaskResult[] {
  const bench = new Bench({
    name: 'micro', timestampProvider: 'hrtimeNow', throws: true,
    warmup: true, warmupTime: b.warmupMs, warmupIterations: b.warmupCalls, time: b.ms, iterations: b.calls,
  });
  // Units done in the timed phase only: reset when it starts (tinybench calls beforeAll per phase).
  const units = specs.map(() => 0);
  specs.forEach((spec, k) => {
    const fn = spec.fn;
    bench.add(spec.name, () => void (units[k]! += fn()), {
      async: false, // also skips tinybench's probe call
      beforeAll: (mode) => void (mode === 'run' && (units[k] = 0)),
      ...(spec.beforeEach === undefined ? {} : { beforeEach: spec.beforeEach }),
    });
  });
  bench.runSync();
  return specs.map((spec, k) => {
    const r = completedResult(bench.tasks[k]!);
    const perCall = units[k]! / r.latency.samplesCount;
    const t = r.throughput;
    const result: MicroTaskResult = {
      name: spec.name, unit: spec.unit, unitsPerIteration: perCall,
      median: t.p50 * perCall, min: t.min * perCall, max: t.max * perCall,
      mean: (units[k]! * 1000) / r.totalTime,
      spread: t.p50 === 0 ? 0 : t.mad / t.p50,
      samples: r.latency.samplesCount,
      checksum: spec.checksum(),
    };
    log(`micro: ${spec.name}: ${rate(result.median)} (${percent(result.spread)}, ${result.samples} calls of ${fmtUnits(perCall)} ${spec.unit}s)`);
    return result;
  });
}

const fmtUnits = (n: number): string => (Number.isInteger(n) ? n.toLocaleString('en-US') : n.toFixed(1));
