/**
 * The journey ratio (benchmark issue): complete SEA journeys per second of the real engine
 * (flow.md S1, seed profile, guest-app-killed; engine-journeys.ts) against the bare journey
 * (bare-journey.ts: the two 172-byte records and four page flags a journey needs at minimum),
 * measured in one process and reported as engine rate / bare rate, pair by pair.
 *
 * Samples alternate bare, engine, bare, engine …; each engine sample is divided by the bare
 * sample just before it, so whatever slowed the machine during a pair cancels out (stats.ts).
 * As in the clean-path suite, a pair is one tinybench Bench with two tasks run once each
 * (`iterations: 1, time: 0, warmup: false`), after a calibration Bench that warms both up and
 * sizes their samples to about `sampleSeconds`.
 *
 * Every engine sample runs on a fresh host built just before it (a `beforeEach` hook, outside
 * the timed call; its build time is reported). A sample of ~10^5 journeys is the size of a host
 * (engine-journeys.ts: each journey uses up a guest page and grows the journey log), and a fresh
 * host makes every sample the same work, journeys 0…N of a host with the same log growth, where
 * a long-lived host would give each sample a different share of the log's doubling copies.
 */
import { Bench } from 'tinybench';
import { bareJourneys, makeBareJourneyMemory } from './bare-journey.js';
import { EngineJourneys } from './engine-journeys.js';
import { figure, median, pairRatios, relativeSpread, type Figure, type RatioFigure } from './stats.js';
import { alignedTable, completedResult, oneSampleMs, percent, rate } from './tinybench-tables.js';

export interface JourneyOptions {
  pairs: number;
  /** Target length of one sample, seconds (also the calibration's warmup and timed phases, up to 1 s each). */
  sampleSeconds: number;
  /** Called with one line per step (calibration, each pair). */
  progress?: (line: string) => void;
}

export interface JourneyResult {
  pairs: number;
  sequence: readonly ['bare', 'engine'];
  /** Bare journeys per second, one sample per pair. */
  bare: Figure;
  /** Complete engine journeys per second, one sample per pair. */
  engine: Figure;
  /** engine / bare, pair by pair. */
  ratio: RatioFigure;
  /** Work per sample, fixed after calibration: bare journeys, and the simulated time an engine sample advances (in journeys and ns). */
  journeysPerSample: { bare: number; engine: number; engineSimulatedNs: number };
  /** Journeys each engine sample actually completed, in run order. */
  engineCompleted: number[];
  /** Simulated time of one engine journey (seed plugins' default latencies). */
  nsPerJourney: number;
  /** Building the fresh host of each engine sample (not inside any sample): median and max seconds. */
  hostSetupSeconds: { median: number; max: number };
  /** Folded results of both workloads. */
  checksum: number;
}

export const JOURNEY_SEQUENCE = ['bare', 'engine'] as const;

/** Bare journeys per calibration chunk, engine journeys per calibration chunk. */
const BARE_CHUNK = 100_000;
const ENGINE_CHUNK = 1_000;

export async function runJourneySuite(o: JourneyOptions): Promise<JourneyResult> {
  if (!Number.isInteger(o.pairs) || o.pairs < 1) throw new RangeError(`pairs must be a positive integer, got ${o.pairs}`);
  if (!(o.sampleSeconds > 0)) throw new RangeError(`sampleSeconds must be positive, got ${o.sampleSeconds}`);
  const log = o.progress ?? (() => undefined);
  const memory = makeBareJourneyMemory();
  const engine = await EngineJourneys.create();
  let seed = 0;
  let checksum = 0;
  let nBare = BARE_CHUNK;
  let nEngine = ENGINE_CHUNK;
  let completed = 0;
  const bareTask = (): void => {
    checksum = (checksum + bareJourneys(memory, nBare, ++seed)) | 0;
  };
  const engineTask = (): void => {
    completed = engine.run(nEngine);
    checksum = (checksum + completed + engine.accesses()) | 0;
  };

  // Calibration: tinybench's warmup phase lets the JIT settle (a journey runs through dozens of
  // functions, plugins, contexts and hand-overs, optimised one after another), and the timed
  // phase's median chunk gives each rate.
  const ms = Math.min(1, Math.max(0.05, o.sampleSeconds)) * 1000;
  const calibration = new Bench({
    name: 'journey calibration', timestampProvider: 'hrtimeNow', throws: true,
    warmup: true, warmupTime: ms, warmupIterations: 4, time: ms, iterations: 4,
  });
  calibration.add('bare', bareTask, { async: false });
  calibration.add('engine', engineTask, { async: false, beforeEach: () => void engine.ensureRoom(ENGINE_CHUNK) });
  calibration.runSync();
  const [cb, ce] = calibration.tasks;
  const bareRate = (BARE_CHUNK * 1000) / completedResult(cb!).latency.p50;
  const engineRate = (ENGINE_CHUNK * 1000) / completedResult(ce!).latency.p50;
  nBare = Math.max(BARE_CHUNK, Math.round(bareRate * o.sampleSeconds));
  nEngine = Math.max(ENGINE_CHUNK, Math.round(engineRate * o.sampleSeconds));
  // Then one engine sample exactly as the pairs run it, to size them: the chunks ran on a host
  // whose journey log had already grown, and their median skips the chunks where the log doubles
  // (a copy, and fresh pages to fault in); a sample from a fresh host pays for all of its growth
  // and runs about 1.5× slower than the median chunk (2-core VM, ~10^5 journeys per sample).
  engine.freshHost(nEngine);
  const t0 = process.hrtime.bigint();
  const sized = engine.run(nEngine);
  const sampleRate = sized / (Number(process.hrtime.bigint() - t0) / 1e9);
  nEngine = Math.max(ENGINE_CHUNK, Math.round(sampleRate * o.sampleSeconds));
  log(`journey calibration: bare ${rate(bareRate)} → ${nBare} per sample; engine ${rate(engineRate)} per median chunk, ` +
    `${rate(sampleRate)} per whole sample → ${nEngine} per sample (${engine.nsPerJourney.toFixed(0)} simulated ns per journey)`);

  const bareRates: number[] = [];
  const engineRates: number[] = [];
  const engineCompleted: number[] = [];
  const setups: number[] = [];
  for (let k = 0; k < o.pairs; k++) {
    const bench = new Bench({ timestampProvider: 'hrtimeNow', throws: true, warmup: false, time: 0, iterations: 1 });
    bench.add('bare', bareTask, { async: false });
    bench.add('engine', engineTask, { async: false, beforeEach: () => engine.freshHost(nEngine) });
    bench.runSync();
    const [tb, te] = bench.tasks;
    const b = (nBare * 1000) / oneSampleMs(tb!);
    const e = (completed * 1000) / oneSampleMs(te!);
    bareRates.push(b);
    engineRates.push(e);
    engineCompleted.push(completed);
    setups.push(engine.lastSetupSeconds);
    log(`journey pair ${k + 1}/${o.pairs}: bare ${rate(b)}, engine ${rate(e)} (${completed} journeys) ` +
      `×${(e / b).toPrecision(3)}: one engine journey costs ${(b / e).toFixed(0)} bare ones`);
  }
  return {
    pairs: o.pairs,
    sequence: JOURNEY_SEQUENCE,
    bare: figure(bareRates),
    engine: figure(engineRates),
    ratio: pairRatios(bareRates, engineRates),
    journeysPerSample: { bare: nBare, engine: nEngine, engineSimulatedNs: Math.round(nEngine * engine.nsPerJourney) },
    engineCompleted,
    nsPerJourney: engine.nsPerJourney,
    hostSetupSeconds: { median: median(setups), max: Math.max(...setups) },
    checksum,
  };
}

/** The journey table: both rates, their pairwise ratio, and what a sample holds. */
export function formatJourney(r: JourneyResult): string {
  const row = (name: string, f: Figure): string[] => [name, rate(f.median), rate(f.min), rate(f.max), percent(relativeSpread(f)), String(f.samples.length)];
  const ratio = (name: string, f: RatioFigure): string[] =>
    [name, `×${f.median.toPrecision(3)}`, `×${f.min.toPrecision(3)}`, `×${f.max.toPrecision(3)}`, percent(relativeSpread(f)), String(f.pairs.length)];
  const lines = alignedTable(['', 'median', 'min', 'max', 'spread', 'samples'], [
    [row('bare journey', r.bare), row('engine S1 journey (seed)', r.engine)],
    [ratio('engine / bare', r.ratio)],
  ]);
  return [
    `journeys: complete SEA journeys (flow.md S1, seed profile, guest-app-killed) against the bare journey, ` +
      `${r.pairs} pairs, order ${r.sequence.join(' ')} … (journeys/s, ratios per pair)`,
    ...lines,
    `one engine journey costs ${(1 / r.ratio.median).toFixed(0)} bare journeys (median pair)`,
    `per sample: ${r.journeysPerSample.bare} bare journeys; engine ${r.journeysPerSample.engine} journeys' worth of simulated time ` +
      `(${(r.journeysPerSample.engineSimulatedNs / 1e9).toFixed(2)} s at ${r.nsPerJourney.toFixed(0)} ns each) on a fresh host, ` +
      `built in ${(r.hostSetupSeconds.median * 1000).toFixed(1)} ms (max ${(r.hostSetupSeconds.max * 1000).toFixed(1)}) outside the sample`,
    `checksum ${r.checksum}`,
  ].join('\n');
}
