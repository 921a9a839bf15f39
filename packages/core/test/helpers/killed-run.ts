// A `rasflow run --checkpoint-every` process killed with SIGKILL at a known point: host 0 of the
// scenario has finished and host 1 has written snapshots when the stall injector (a fixture)
// blocks it, and the test kills it as soon as it says so. No timing is involved.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { fixtureUrl, randomScenario } from './run-command.js';

const MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

/** Two hosts of four 50 µs slices; host 1 stalls at 130 µs when RASFLOW_TEST_STALL=1. */
export function stallingScenario(): Record<string, unknown> {
  const s = randomScenario({}, 4e-5);
  const plugins = s['plugins'] as { injectors: unknown[] };
  plugins.injectors.push({ module: fixtureUrl('stall-injector'), options: { host: 1, atNs: 130_000 } });
  return s;
}

/** Runs `file` into `out` with a checkpoint every 50 µs and kills it once host 1 stalls; returns the signal and stderr. */
export async function killedRun(file: string, out: string, cwd: string): Promise<{ signal: NodeJS.Signals | null; stderr: string }> {
  const child = spawn(process.execPath, [MAIN, 'run', file, '--out', out, '--quiet', '--workers', '1', '--checkpoint-every', '50us', '--watchdog', '0'], {
    cwd, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, RASFLOW_TEST_STALL: '1' },
  });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => {
    stderr += b.toString();
    if (stderr.includes('stalled on host 1')) child.kill('SIGKILL');
  });
  const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, sig) => resolve(sig)));
  return { signal, stderr };
}
