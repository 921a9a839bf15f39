/**
 * rasflow benchmarks: `node packages/bench/dist/src/main.js [--quick] [--out <file>] [--plots <dir>]`.
 *
 * Performance targets are checked here, by ratios to a baseline measured in the same run, and not
 * by timed unit tests: on a noisy 2-core machine an absolute threshold either flakes or is so loose
 * it checks nothing. Every suite runs; `--quick` shortens the samples (a few minutes on 2 cores,
 * what CI runs, without thresholds) and the full run takes about six minutes. The run writes
 * latest.json (every sample, the `ratios`, `fleet` and `startup` figures) and the SVG plots.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLEAN_PATH_FULL, CLEAN_PATH_QUICK, runCleanPathSuite } from './clean-path-suite.js';
import { runEngineRunSuite } from './engine-run-suite.js';
import { runErrorRateSuite } from './error-rate-suite.js';
import { formatFleet, runFleetSuite } from './fleet-suite.js';
import { formatJourney, runJourneySuite } from './journey-suite.js';
import { runMacroCleanPathSuite } from './macro-clean-path-suite.js';
import { formatMicro, runMicroSuite } from './micro-suite.js';
import { writePlots } from './plots.js';
import {
  formatCleanPath, formatEngineRun, formatErrorRate, formatMacroCleanPath, formatTargets, formatWorkerScaling,
  makeReport, writeReport,
} from './report.js';
import { formatStartup, runStartupSuite } from './startup-suite.js';
import { runWorkerScalingSuite } from './worker-scaling-suite.js';

/** packages/bench/results/latest.json, found from this file (dist/src/main.js) so any cwd works. */
const DEFAULT_OUT = fileURLToPath(new URL('../../results/latest.json', import.meta.url));

const USAGE = `usage: node packages/bench/dist/src/main.js [--quick] [--out <file>] [--plots <dir>]
  --quick        shorter samples (a few minutes) instead of the full run (about six minutes)
  --out <file>   where to write the JSON results (default packages/bench/results/latest.json)
  --plots <dir>  where to write the SVG plots (default: beside the JSON results)`;

interface Args {
  quick: boolean;
  out: string;
  plots: string | null;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { quick: false, out: DEFAULT_OUT, plots: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--quick') args.quick = true;
    else if (a === '--out') {
      const file = argv[++i];
      if (file === undefined || file.startsWith('--')) throw new UsageError('--out needs a file name');
      args.out = resolve(file);
    } else if (a.startsWith('--out=')) args.out = resolve(a.slice('--out='.length));
    else if (a === '--plots') {
      const dir = argv[++i];
      if (dir === undefined || dir.startsWith('--')) throw new UsageError('--plots needs a directory');
      args.plots = resolve(dir);
    }
    else if (a === '--help' || a === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new UsageError(`unknown argument '${a}'`);
  }
  return args;
}

class UsageError extends Error {}

async function main(): Promise<void> {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`bench: ${err.message}\n${USAGE}`);
    process.exit(2);
  }
  const quick = args.quick;
  const mode = quick ? 'quick' : 'full';
  const say = (line: string): void => console.log(`  ${line}`);
  const started = Date.now();
  console.log(`rasflow bench (${mode}), node ${process.version}`);
  const micro = await runMicroSuite({ quick, progress: say });
  const options = quick ? CLEAN_PATH_QUICK : CLEAN_PATH_FULL;
  const cleanPath = runCleanPathSuite({ ...options, progress: say });
  const macroCleanPath = await runMacroCleanPathSuite({ pairs: quick ? 5 : 8, sampleSeconds: quick ? 0.3 : 1, progress: say });
  const engineRun = await runEngineRunSuite({ memoryBytes: options.memoryBytes, pairs: quick ? 3 : 6, sampleSeconds: quick ? 0.5 : 1, progress: say });
  const journey = await runJourneySuite({ pairs: quick ? 5 : 8, sampleSeconds: quick ? 0.25 : 1, progress: say });
  const errorRate = await runErrorRateSuite({ rounds: 5, sampleSeconds: quick ? 0.25 : 1, progress: say });
  const workerScaling = await runWorkerScalingSuite({ durationNs: quick ? 5_000_000 : 20_000_000, pairs: quick ? 5 : 5, progress: say });
  const fleet = await runFleetSuite({ progress: say });
  const startup = await runStartupSuite({ runs: quick ? 5 : 9, progress: say });
  const report = makeReport(mode, { micro, cleanPath, macroCleanPath, engineRun, journey, errorRate, workerScaling, fleet, startup });
  for (const block of [
    formatMicro(micro), formatCleanPath(cleanPath), formatMacroCleanPath(macroCleanPath), formatEngineRun(engineRun),
    formatJourney(journey), formatErrorRate(errorRate), formatWorkerScaling(workerScaling), formatFleet(fleet),
    formatStartup(startup), formatTargets(report),
  ]) console.log(`\n${block}`);
  writeReport(args.out, report);
  const plots = writePlots(args.plots ?? dirname(args.out), errorRate, workerScaling);
  console.log(`\nwrote ${args.out}, ${plots.join(', ')} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
}

await main();
