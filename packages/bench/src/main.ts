/**
 * rasflow benchmarks: `node packages/bench/dist/src/main.js [--quick] [--out <file>]`.
 *
 * Performance targets are checked here, by ratios to a baseline measured in the same run, and not
 * by timed unit tests: on a noisy 2-core machine an absolute threshold either flakes or is so loose
 * it checks nothing. The full run takes about a minute on 2 cores (must stay under 5 min); `--quick`
 * about 15 s (must stay under 60 s) with fewer and shorter samples, for a look while editing.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLEAN_PATH_FULL, CLEAN_PATH_QUICK, runCleanPathSuite } from './clean-path-suite.js';
import { formatCleanPath, formatEngineRun, formatWorkerScaling, makeReport, writeReport } from './report.js';
import { runWorkerScalingSuite } from './worker-scaling-suite.js';
import { runEngineRunSuite } from './engine-run-suite.js';

/** packages/bench/results/latest.json, found from this file (dist/src/main.js) so any cwd works. */
const DEFAULT_OUT = fileURLToPath(new URL('../../results/latest.json', import.meta.url));

const USAGE = `usage: node packages/bench/dist/src/main.js [--quick] [--out <file>]
  --quick       fewer, shorter samples (under a minute) instead of the full run (under 5 minutes)
  --out <file>  where to write the JSON results (default packages/bench/results/latest.json)`;

interface Args {
  quick: boolean;
  out: string;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { quick: false, out: DEFAULT_OUT };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--quick') args.quick = true;
    else if (a === '--out') {
      const file = argv[++i];
      if (file === undefined || file.startsWith('--')) throw new UsageError('--out needs a file name');
      args.out = resolve(file);
    } else if (a.startsWith('--out=')) args.out = resolve(a.slice('--out='.length));
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
  const mode = args.quick ? 'quick' : 'full';
  const options = args.quick ? CLEAN_PATH_QUICK : CLEAN_PATH_FULL;
  const started = Date.now();
  console.log(`rasflow bench (${mode}), node ${process.version}`);
  const cleanPath = runCleanPathSuite({ ...options, progress: (line) => console.log(`  ${line}`) });
  const engineRun = await runEngineRunSuite({
    memoryBytes: options.memoryBytes, pairs: args.quick ? 3 : 6, sampleSeconds: args.quick ? 0.5 : 1,
    progress: (line) => console.log(`  ${line}`),
  });
  const workerScaling = await runWorkerScalingSuite({
    durationNs: args.quick ? 5_000_000 : 20_000_000, pairs: args.quick ? 3 : 5, progress: (line) => console.log(`  ${line}`),
  });
  console.log();
  console.log(formatCleanPath(cleanPath));
  console.log();
  console.log(formatEngineRun(engineRun));
  console.log();
  console.log(formatWorkerScaling(workerScaling));
  writeReport(args.out, makeReport(mode, cleanPath, engineRun, workerScaling));
  console.log(`\nwrote ${args.out} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
}

await main();
