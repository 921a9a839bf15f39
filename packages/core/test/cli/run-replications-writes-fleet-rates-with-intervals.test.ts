import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomScenario, readResults, runRun, withTempDir, writeScenario } from '../helpers/run-command.js';
import { NS_PER_YEAR, replicationSeed, type FleetStats } from '../../src/results/fleet-stats.js';

test('--replications 3 runs the scenario with derived seeds and writes rates per 1,000 host-years with 95 % intervals', { timeout: 120_000 }, async () => {
  await withTempDir(async (dir) => {
    const file = await writeScenario(dir, randomScenario({}, 4e-5));
    const ran = await runRun([file, '--out', 'fleet', '--replications', '3', '--workers', '1'], dir);
    assert.equal(ran.code, 0, ran.err.join('\n'));
    assert.match(ran.out.join('\n'), /fleet: 3 replications × .* host-years, profile seed; per 1,000 host-years, mean ± 95 % interval/);
    const reps = await Promise.all([0, 1, 2].map((r) => readResults(join(dir, 'fleet', `rep-00${r}`))));
    assert.deepEqual(reps.map((r) => r.seed), [7, replicationSeed(7, 1), replicationSeed(7, 2)]);
    // Each progress line names the directory, the place in the sequence and the seed.
    assert.deepEqual(ran.out.filter((l) => l.startsWith('rep-')).map((l) => l.split(':')[0]),
      [0, 1, 2].map((r) => `rep-00${r} (replication ${r + 1} of 3, seed ${reps[r]!.seed})`));
    assert.equal(new Set(reps.map((r) => r.digest)).size, 3, 'different seeds, different runs');
    // Replication 0 is the scenario as written.
    const plain = await runRun([file, '--out', 'plain', '--quiet'], dir);
    assert.equal(plain.code, 0);
    assert.equal((await readResults(join(dir, 'plain'))).digest, reps[0]!.digest);

    const f = JSON.parse(await readFile(join(dir, 'fleet', 'fleet.json'), 'utf8')) as FleetStats;
    const hostYears = (2 * 200_000) / NS_PER_YEAR; // two hosts × 200 µs
    assert.ok(Math.abs(f.hostYears - hostYears) < 1e-18);
    const rates = reps.map((r) => (r.counts.guestAppKilled / hostYears) * 1000);
    assert.ok(rates.some((x) => x > 0), 'some processes were killed');
    const mean = rates.reduce((t, x) => t + x, 0) / 3;
    const sd = Math.sqrt(rates.reduce((t, x) => t + (x - mean) ** 2, 0) / 2);
    const s = f.per1000HostYears['guestAppKilled']!;
    assert.deepEqual(s.values, rates);
    assert.ok(Math.abs(s.mean - mean) <= 1e-9 * mean);
    assert.ok(Math.abs(s.ci95! - (4.303 * sd) / Math.sqrt(3)) <= 1e-9 * Math.max(1, s.ci95!), 'Student t with 2 degrees of freedom');
    assert.equal(f.complete, true);
  });
});

test('--replications with --shard or --checkpoint-every, or not a positive integer: exit 2', { timeout: 60_000 }, async () => {
  await withTempDir(async (dir) => {
    const file = await writeScenario(dir, randomScenario());
    for (const args of [['--replications', '0'], ['--replications', '2', '--shard', '1/2'], ['--replications', '2', '--checkpoint-every', '10us']]) {
      const ran = await runRun([file, ...args], dir);
      assert.equal(ran.code, 2, args.join(' '));
      assert.match(ran.err.join('\n'), /--replications/);
    }
  });
});
