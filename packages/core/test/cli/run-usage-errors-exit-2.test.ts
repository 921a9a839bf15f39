import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand } from '../../src/cli/run-command.js';
import { UsageError } from '../../src/cli/io.js';
import { capturingIo, randomScenario, runRun, withTempDir, writeScenario } from '../helpers/run-command.js';

test('a missing scenario argument is a usage error (exit 2)', { timeout: 60_000 }, async () => {
  await withTempDir(async (dir) => {
    await assert.rejects(runCommand([], capturingIo(dir)), (e: unknown) => e instanceof UsageError && /missing the scenario file/.test(e.message));
    const ran = await runRun([], dir);
    assert.equal(ran.code, 2);
    assert.match(ran.err.join('\n'), /run: missing the scenario file \(usage: rasflow run <scenario\.json>/);
  });
});

test('an unknown flag, a flag without its value, a non-numeric seed, two files: exit 2', { timeout: 60_000 }, async () => {
  await withTempDir(async (dir) => {
    const cases: [string[], RegExp][] = [
      [['s.json', '--frobnicate'], /run: unknown option '--frobnicate' \(known: --journeys, --quiet, --parallel, --trace, --report, --profile, --seed, --out, --workers, --watchdog, --worker-heap, --checkpoint-every, --shard, --replications, --help\)/],
      [['s.json', '--seed'], /run: option '--seed' needs a value/],
      [['s.json', '--seed', '0x10'], /run: --seed takes a decimal integer from 0 to 4294967295, not '0x10'/],
      [['s.json', '--seed', '-1'], /run: --seed takes a decimal integer from 0 to 4294967295, not '-1'/],
      [['s.json', '--seed', '4294967296'], /run: --seed takes a decimal integer from 0 to 4294967295, not '4294967296'/],
      [['s.json', '--seed', '99999999999999999999'], /run: --seed takes a decimal integer from 0 to 4294967295, not '99999999999999999999'/],
      [['s.json', '--journeys=yes'], /run: option '--journeys' takes no value/],
      [['a.json', 'b.json'], /run: expected one scenario file, got 2/],
      [['s.json', '--out='], /run: --out needs a directory/],
      [['s.json', '--workers'], /run: option '--workers' needs a value/],
      [['s.json', '--workers', '0'], /run: --workers takes a positive decimal integer, not '0'/],
    ];
    for (const [args, message] of cases) {
      const ran = await runRun(args, dir);
      assert.equal(ran.code, 2, args.join(' '));
      assert.match(ran.err.join('\n'), message);
    }
  });
});

test('--help prints the usage and exits 0', { timeout: 60_000 }, async () => {
  await withTempDir(async (dir) => {
    const ran = await runRun(['--help'], dir);
    assert.equal(ran.code, 0);
    assert.match(ran.out.join('\n'), /^usage: rasflow run <scenario\.json> \[--profile seed\|upstream\] \[--seed N\] \[--workers N\] \[--parallel\] \[--out DIR\] \[--journeys\] \[--trace\] \[--report\] \[--watchdog SECONDS\] \[--worker-heap MIB\] \[--checkpoint-every TIME\] \[--shard I\/N\] \[--replications N\] \[--quiet\]$/);
  });
});

test('--checkpoint-every needs a simulated time, and not with --parallel: exit 2 naming the flag', { timeout: 60_000 }, async () => {
  await withTempDir(async (dir) => {
    const file = await writeScenario(dir, randomScenario());
    for (const [args, message] of [
      [['--checkpoint-every', 'soon'], /--checkpoint-every takes a simulated time such as 10ms, 1\.5s, 200us or a number of ns, not 'soon'/],
      [['--checkpoint-every', '0'], /--checkpoint-every takes a simulated time/],
      [['--checkpoint-every', '1ms', '--parallel'], /--checkpoint-every needs a deterministic run, and --parallel is not one/],
    ] as const) {
      const ran = await runRun([file, ...args], dir);
      assert.equal(ran.code, 2, args.join(' '));
      assert.match(ran.err.join('\n'), message);
    }
  });
});

test('--shard takes I/N with 1 ≤ I ≤ N ≤ hosts: exit 2 naming the flag', { timeout: 60_000 }, async () => {
  await withTempDir(async (dir) => {
    const file = await writeScenario(dir, randomScenario()); // two hosts
    for (const [value, message] of [
      ['3/2', /--shard takes I\/N with 1 ≤ I ≤ N \(shard I of N\), not '3\/2'/],
      ['0/2', /--shard takes I\/N/],
      ['half', /--shard takes I\/N/],
      ['1/3', /--shard 1\/3: the scenario has 2 hosts, so at most 2 shards/],
    ] as const) {
      const ran = await runRun([file, '--shard', value], dir);
      assert.equal(ran.code, 2, value);
      assert.match(ran.err.join('\n'), message);
    }
  });
});

test('--shard with --parallel is refused before anything runs: exit 2 naming both flags', { timeout: 60_000 }, async () => {
  await withTempDir(async (dir) => {
    const file = await writeScenario(dir, randomScenario());
    const ran = await runRun([file, '--shard', '1/2', '--parallel', '--out', 'o'], dir);
    assert.equal(ran.code, 2);
    assert.match(ran.err.join('\n'), /run: --shard needs a deterministic run, and --parallel is not one: `rasflow merge` cannot combine shards whose results depend on timing/);
    assert.equal(existsSync(join(dir, 'o')), false, 'nothing written');
  });
});
