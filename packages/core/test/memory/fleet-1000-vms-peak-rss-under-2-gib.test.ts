import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../helpers/paths.js';
import { readResults, withTempDir } from '../helpers/run-command.js';

// The memory figure of the threads issue: 1,000 VMs × 4 vCPUs × 1 GiB of guest RAM, every vCPU
// making at least 10^4 accesses, with peak RSS under 2 GiB. The run happens in a child process
// of its own (the test runner's memory would blur the figure); results.json carries the child's
// peak resident set, worker threads included.
test('examples/fleet-1000-vms.json runs 1,000 VMs × 4 vCPUs × 1 GiB with a peak RSS under 2 GiB on 2 workers', async () => {
  await withTempDir(async (dir) => {
    const cli = join(repoRoot, 'packages', 'core', 'dist', 'src', 'cli', 'main.js');
    const scenario = join(repoRoot, 'examples', 'fleet-1000-vms.json');
    const child = spawn(process.execPath, [cli, 'run', scenario, '--workers', '2', '--quiet', '--out', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 0, err);
    const r = await readResults(dir);
    assert.equal(r.complete, true);
    assert.equal(r.vms.length, 1000);
    assert.ok(r.vms.every((v) => v.accesses >= 4 * 10_000), 'every VM made at least 4 × 10^4 accesses (its 4 vCPUs run side by side)');
    assert.ok(r.counts.errorsConsumed > 0, 'journeys ran at this scale too');
    assert.equal(r.workersUsed, 2);
    assert.ok(r.peakRssMiB !== null);
    assert.ok(r.peakRssMiB < 2048, `peak RSS ${r.peakRssMiB} MiB`);
  });
});
