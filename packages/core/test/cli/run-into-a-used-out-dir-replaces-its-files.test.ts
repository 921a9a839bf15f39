// A run into an --out an earlier run used replaces what that run left: the optional outputs it
// does not write again (a journeys.jsonl, trace.json or report.html of the earlier run would sit
// beside the new results.json and mislead compare and readers), and an earlier run's checkpoint
// (which `rasflow resume` would otherwise continue over the new results).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ONE_SEA, readResults, runRun, scriptedScenario, withTempDir, writeScenario } from '../helpers/run-command.js';

test('a second run without --journeys/--trace/--report removes the first run\'s journeys.jsonl, trace.json and report.html', { timeout: 120_000 }, async () => {
  await withTempDir(async (dir) => {
    const file = await writeScenario(dir, scriptedScenario(ONE_SEA.accesses, ONE_SEA.injections));
    const out = join(dir, 'out');
    assert.equal((await runRun([file, '--out', out, '--journeys', '--trace', '--report', '--quiet'], dir)).code, 0);
    for (const f of ['journeys.jsonl', 'trace.json', 'report.html']) assert.ok(existsSync(join(out, f)), f);
    assert.equal((await runRun([file, '--out', out, '--quiet'], dir)).code, 0);
    for (const f of ['journeys.jsonl', 'trace.json', 'report.html']) assert.ok(!existsSync(join(out, f)), `${f} is gone`);
    assert.equal((await readResults(out)).complete, true);
  });
});

test('a run into a directory holding an earlier run\'s checkpoint removes it and says so', { timeout: 120_000 }, async () => {
  await withTempDir(async (dir) => {
    const file = await writeScenario(dir, scriptedScenario(ONE_SEA.accesses, ONE_SEA.injections));
    const out = join(dir, 'out');
    await mkdir(join(out, 'checkpoint'), { recursive: true });
    await writeFile(join(out, 'checkpoint', 'run.json'), '{}\n');
    const r = await runRun([file, '--out', out], dir);
    assert.equal(r.code, 0);
    assert.ok(!existsSync(join(out, 'checkpoint')));
    assert.match(r.err.join('\n'), /run: removed the checkpoint an earlier run left in out \(this run replaces its results\)/);
  });
});

test('a run refused before it starts (plugin options that do not validate) leaves the earlier checkpoint to resume', { timeout: 60_000 }, async () => {
  await withTempDir(async (dir) => {
    const s = scriptedScenario(ONE_SEA.accesses, ONE_SEA.injections);
    s['plugins'] = { firmware: { module: '@rasflow/plugins/seed/firmware', options: { ackTimeoutNs: 'soon' } } };
    const file = await writeScenario(dir, s);
    const out = join(dir, 'out');
    await mkdir(join(out, 'checkpoint'), { recursive: true });
    await writeFile(join(out, 'checkpoint', 'run.json'), '{}\n');
    const r = await runRun([file, '--out', out, '--quiet'], dir);
    assert.equal(r.code, 1);
    assert.ok(existsSync(join(out, 'checkpoint', 'run.json')), 'kept');
  });
});
