/**
 * The clean-path suite: the engine's per-access loop (no error anywhere) against the bare access
 * loop, both over the same amount of memory, measured in one process and reported as ratios.
 *
 * Why ratios of pairs: machines are noisy (2 cores, neighbours, frequency changes), so an absolute
 * rate says little and a rate from an earlier run says less. Samples alternate
 * bare, engine, bare, engine-data-backed, …; each engine sample is divided by the bare sample run
 * just before it, and the ratios are summarised by their median and range. Whatever slowed the
 * machine during a pair slows both halves and cancels out.
 *
 * Timing uses tinybench: one Bench per pair with two tasks, `iterations: 1, time: 0, warmup: false`,
 * so a Bench run is exactly "baseline once, then engine once" with hrtime around each call. The JIT
 * is warmed and the samples sized beforehand by a calibration Bench that runs every workload in
 * small chunks (tinybench's own warmup phase, then a timed phase whose median gives the rate).
 */
import { Bench, type Task } from 'tinybench';
import { bareAccessLoop, makeBareMemory } from './bare-access-loop.js';
import { EngineCleanPath, fillWords, makeCleanPathGuest } from './engine-clean-path.js';
import { figure, pairRatios, type Figure, type RatioFigure } from './stats.js';

export interface CleanPathOptions {
  /** Guest RAM and bare-loop memory, bytes: a power of two from 1 MiB to 1 GiB. */
  memoryBytes: number;
  /** A/B pairs per engine mode. */
  pairs: number;
  /** Target length of one sample; long enough that the two timer reads around it do not matter. */
  sampleSeconds: number;
  /** Warmup and calibration time per workload (each of the two phases). */
  warmupSeconds: number;
  /** Accesses per engine batch. */
  batchSize: number;
  /** Called with one line per finished step (setup, calibration, each pair). */
  progress?: (line: string) => void;
}

/** The day-one figure: 1 GiB, ~1 s samples, 12 pairs per mode (about a minute on 2 cores). */
export const CLEAN_PATH_FULL: Readonly<CleanPathOptions> = {
  memoryBytes: 1 << 30, pairs: 12, sampleSeconds: 1, warmupSeconds: 1, batchSize: 1024,
};

/** A quick look: same memory, 5 pairs of ~0.25 s samples (well under a minute). */
export const CLEAN_PATH_QUICK: Readonly<CleanPathOptions> = {
  memoryBytes: 1 << 30, pairs: 5, sampleSeconds: 0.25, warmupSeconds: 0.3, batchSize: 1024,
};

/** The repeating order of samples; `bare.samples` holds both bare entries of every round. */
export const CLEAN_PATH_SEQUENCE = ['bare', 'engine', 'bare', 'engineDataBacked'] as const;

export interface CleanPathResult {
  memoryBytes: number;
  batchSize: number;
  pairs: number;
  /** The bare loop's data (and the guest's) was written in full before any sample. */
  dataFilled: true;
  sequence: typeof CLEAN_PATH_SEQUENCE;
  /** Accesses per sample of each workload, fixed after calibration. */
  accessesPerSample: { bare: number; engine: number; engineDataBacked: number };
  /** Accesses per second. `bare` has 2 × pairs samples: bare.samples[2k] goes with engine pair k,
   *  bare.samples[2k + 1] with data-backed pair k. */
  bare: Figure;
  engine: Figure;
  engineDataBacked: Figure;
  /** engine / bare, pair by pair. */
  ratio: RatioFigure;
  /** engineDataBacked / bare, pair by pair. */
  ratioDataBacked: RatioFigure;
  /** Folded results of every call of each workload: makes the loads observable. */
  checksum: { bare: number; engine: number; engineDataBacked: number };
  /** Allocating and filling the memory (not measured by any sample). */
  setupSeconds: number;
}

/**
 * One measured workload: `run(n)` does n accesses and returns a checksum, `n` is set by
 * calibration. The task function is made once here, so a sample is one call through it.
 */
class Workload {
  n = 0;
  checksum = 0;
  readonly task: () => void;

  constructor(readonly name: keyof CleanPathResult['checksum'], run: (n: number) => number) {
    this.task = () => {
      this.checksum = (this.checksum + run(this.n)) | 0;
    };
  }
}

export function runCleanPathSuite(o: CleanPathOptions): CleanPathResult {
  validate(o);
  const log = o.progress ?? (() => {});
  const t0 = process.hrtime.bigint();
  const bareMemory = makeBareMemory(o.memoryBytes);
  fillWords(bareMemory.data);
  const guest = makeCleanPathGuest(o.memoryBytes);
  const guestData = new Int32Array(new SharedArrayBuffer(o.memoryBytes));
  fillWords(guestData);
  const setupSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  log(`setup: ${mib(o.memoryBytes)} MiB bare data + ${mib(o.memoryBytes)} MiB guest data filled in ${setupSeconds.toFixed(1)} s`);

  let seed = 0;
  const engineClean = new EngineCleanPath(guest, null, o.batchSize, 0);
  const engineData = new EngineCleanPath(guest, guestData, o.batchSize, 1);
  const bare = new Workload('bare', (n) => bareAccessLoop(bareMemory, n, ++seed));
  const engine = new Workload('engine', (n) => engineClean.run(n));
  const engineDataBacked = new Workload('engineDataBacked', (n) => engineData.run(n));
  calibrate([bare, engine, engineDataBacked], o, log);

  const bareRates: number[] = [];
  const engineRates: number[] = [];
  const dataRates: number[] = [];
  for (let k = 0; k < o.pairs; k++) {
    const [b1, e] = measurePair(bare, engine);
    bareRates.push(b1);
    engineRates.push(e);
    const [b2, d] = measurePair(bare, engineDataBacked);
    bareRates.push(b2);
    dataRates.push(d);
    log(`pair ${k + 1}/${o.pairs}: bare ${mrate(b1)} engine ${mrate(e)} (×${(e / b1).toFixed(3)}) | ` +
      `bare ${mrate(b2)} data-backed ${mrate(d)} (×${(d / b2).toFixed(3)})`);
  }
  return {
    memoryBytes: o.memoryBytes,
    batchSize: o.batchSize,
    pairs: o.pairs,
    dataFilled: true,
    sequence: CLEAN_PATH_SEQUENCE,
    accessesPerSample: { bare: bare.n, engine: engine.n, engineDataBacked: engineDataBacked.n },
    bare: figure(bareRates),
    engine: figure(engineRates),
    engineDataBacked: figure(dataRates),
    ratio: pairRatios(bareRates.filter((_, i) => i % 2 === 0), engineRates),
    ratioDataBacked: pairRatios(bareRates.filter((_, i) => i % 2 === 1), dataRates),
    checksum: { bare: bare.checksum, engine: engine.checksum, engineDataBacked: engineDataBacked.checksum },
    setupSeconds,
  };
}

/**
 * Warms every workload up (JIT tiers settle only after a few calls; the bare loop's first two calls
 * run ~25 % slower) and sizes its samples: chunks of 64 batches, rate from the median chunk.
 */
function calibrate(workloads: readonly Workload[], o: CleanPathOptions, log: (line: string) => void): void {
  const chunk = o.batchSize * 64;
  const ms = o.warmupSeconds * 1000;
  const bench = new Bench({
    name: 'clean path calibration', timestampProvider: 'hrtimeNow', throws: true,
    warmup: true, warmupTime: ms, warmupIterations: 4, time: ms, iterations: 4,
  });
  for (const w of workloads) {
    w.n = chunk;
    bench.add(w.name, w.task, { async: false }); // async: false also skips tinybench's probe call
  }
  bench.runSync();
  bench.tasks.forEach((task, i) => {
    const w = workloads[i]!;
    const rate = (chunk * 1000) / completed(task).latency.p50;
    w.n = Math.max(chunk, Math.ceil((rate * o.sampleSeconds) / o.batchSize) * o.batchSize);
    log(`calibration: ${w.name} ${mrate(rate)}, ${w.n} accesses per sample`);
  });
}

/** Runs `baseline` once, then `engine` once; returns their rates in accesses per second. */
function measurePair(baseline: Workload, engine: Workload): [number, number] {
  const bench = new Bench({ timestampProvider: 'hrtimeNow', throws: true, warmup: false, time: 0, iterations: 1 });
  bench.add(baseline.name, baseline.task, { async: false }).add(engine.name, engine.task, { async: false });
  bench.runSync();
  const [tb, te] = bench.tasks;
  return [oneSampleRate(tb!, baseline.n), oneSampleRate(te!, engine.n)];
}

function oneSampleRate(task: Task, accesses: number): number {
  const latency = completed(task).latency;
  if (latency.samplesCount !== 1) throw new Error(`${task.name}: expected one sample, got ${latency.samplesCount}`);
  return (accesses * 1000) / latency.mean;
}

function completed(task: Task) {
  const r = task.result;
  if (r.state !== 'completed') throw new Error(`${task.name}: benchmark task ended as ${r.state}`);
  return r;
}

function validate(o: CleanPathOptions): void {
  const m = o.memoryBytes;
  if (!Number.isInteger(m) || m < 1 << 20 || m > 1 << 30 || (m & (m - 1)) !== 0) {
    // The bare loop masks addresses, so a power of two; above 1 GiB its int32 byte mask overflows.
    throw new RangeError(`memoryBytes must be a power of two from 1 MiB to 1 GiB, got ${m}`);
  }
  if (!Number.isInteger(o.pairs) || o.pairs < 1) throw new RangeError(`pairs must be a positive integer, got ${o.pairs}`);
  if (!(o.sampleSeconds > 0) || !(o.warmupSeconds > 0)) throw new RangeError('sampleSeconds and warmupSeconds must be positive');
  if (!Number.isInteger(o.batchSize) || o.batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${o.batchSize}`);
}

const mib = (bytes: number): number => bytes / (1 << 20);
const mrate = (perSecond: number): string => `${(perSecond / 1e6).toFixed(1)} M/s`;
