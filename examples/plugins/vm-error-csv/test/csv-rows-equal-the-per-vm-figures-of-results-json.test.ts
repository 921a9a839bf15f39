// examples/plugins/vm-error-csv: `rasflow run` with the observer writes one CSV per host with a
// header and one row per VM in VM order; the outcome columns are results.json's per-VM figures,
// the other columns add up to its run-wide counters, and the bytes do not depend on the number
// of worker threads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVENTS, OUTCOMES } from '@rasflow/core';
import { exampleDir, rasflow, readScenario, runInThread, withAbsoluteModules } from '../../helpers/run.js';

const NAME = 'vm-error-csv';
const DIR = exampleDir(NAME);
const HEADER = ['host', 'vm', 'journeys', ...EVENTS, ...OUTCOMES, 'sigbus-ar', 'sigbus-ao'];

interface Results {
  complete: boolean;
  counts: Record<string, number>;
  vms: { host: number; vm: number; outcomes: Record<string, number> }[];
}

/** Runs the example with `rasflow run --workers N` in a fresh directory; the CSV files go to --out. */
async function runCli(workers: number): Promise<{ csv: string[]; results: Results }> {
  const dir = await mkdtemp(join(tmpdir(), 'rasflow-vm-error-csv-'));
  try {
    const file = join(dir, 'scenario.json');
    await writeFile(file, JSON.stringify(withAbsoluteModules(readScenario(NAME), DIR)));
    const ran = await rasflow(['run', file, '--out', join(dir, 'run'), '--workers', String(workers), '--quiet'], { cwd: dir });
    assert.equal(ran.code, 0, ran.stderr);
    const csv = await Promise.all([0, 1].map((h) => readFile(join(dir, 'run', `vm-errors-host-${h}.csv`), 'utf8')));
    const results = JSON.parse(await readFile(join(dir, 'run', 'results.json'), 'utf8')) as Results;
    return { csv, results };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The run with two workers, shared by the tests that need it (a run takes a few seconds). */
let twoWorkers: ReturnType<typeof runCli> | undefined;
const withTwoWorkers = () => (twoWorkers ??= runCli(2));

test('each host writes a header and one row per VM; outcomes equal results.json per VM, the rest sums to its counters', { timeout: 120_000 }, async () => {
  const { csv, results } = await withTwoWorkers();
  assert.equal(results.complete, true);
  const rows: Record<string, number>[] = [];
  csv.forEach((text, host) => {
    const lines = text.trimEnd().split('\n');
    assert.deepEqual(lines[0]!.split(','), HEADER);
    assert.equal(lines.length, 1 + 3, 'a row for every VM');
    for (const [k, line] of lines.slice(1).entries()) {
      const row = Object.fromEntries(line.split(',').map((v, i) => [HEADER[i]!, Number(v)]));
      assert.deepEqual([row['host'], row['vm']], [host, k], 'rows in VM order');
      rows.push(row);
    }
  });
  for (const v of results.vms) {
    const row = rows.find((r) => r['host'] === v.host && r['vm'] === v.vm)!;
    for (const o of OUTCOMES) assert.equal(row[o], v.outcomes[o], `host ${v.host} VM ${v.vm}: ${o}`);
    const sum = (names: readonly string[]) => names.reduce((s, n) => s + row[n]!, 0);
    assert.equal(sum(OUTCOMES), row['journeys']);
    assert.equal(sum(EVENTS), row['journeys']);
  }
  // No error of this scenario lands outside a VM, so every journey is in some row; and every
  // SIGBUS the hosts sent went to one VM's VMM.
  const total = (name: string) => rows.reduce((s, r) => s + r[name]!, 0);
  assert.equal(total('journeys'), results.counts['errorsInjected']);
  assert.equal(total('sigbus-ar'), results.counts['sigbusAR']);
  assert.equal(total('sigbus-ao'), results.counts['sigbusAO']);
  assert.ok(total('sigbus-ar') > 0 && total('guest-panic') > 0 && total('vm-terminated') > 0, 'the scenario exercises the columns');
});

test('the files are the same bytes with one worker thread as with two', { timeout: 120_000 }, async () => {
  const [one, two] = [await runCli(1), await withTwoWorkers()];
  assert.deepEqual(one.csv, two.csv);
});

test('with two hosts and no {host} in the path the observer refuses to start', { timeout: 60_000 }, async () => {
  const raw = readScenario(NAME);
  (raw['plugins'] as { observers: { options: { path: string } }[] }).observers[0]!.options.path = join(tmpdir(), 'never-written.csv');
  await assert.rejects(runInThread(raw, DIR), /needs \{host\}: the scenario has 2 hosts/);
});
