import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ONE_SEA, readResults, runRun, scriptedScenario, withTempDir, writeScenario } from '../helpers/run-command.js';

test('the summary: one start line, then scenario, time, speed, non-zero outcomes, losses, slowest journey, files', async () => {
  await withTempDir(async (dir) => {
    // VM 0: a user process consumes poison (killed). VM 1: its kernel does (guest panic, VM lost).
    const accesses = [...ONE_SEA.accesses, { atNs: 300, vm: 1, pid: 'kernel' as const, address: 0x2000, kind: 'load' as const }];
    const injections = [...ONE_SEA.injections, { atNs: 20, vm: 1, pid: 'kernel' as const, page: 2, offset: 0 }];
    const vms = { perHost: 2, vcpus: 1, memoryMiB: 4, kernelPages: 16, processes: 2, processPages: 16 };
    const file = await writeScenario(dir, scriptedScenario(accesses, injections, { name: 'summary', seed: 3, vms }));
    const ran = await runRun([file, '--out', 'o', '--journeys'], dir);
    assert.equal(ran.code, 0, ran.err.join('\n'));
    assert.deepEqual(ran.err, []);
    assert.equal(ran.out.length, 2, 'a start line and the summary');
    assert.equal(ran.out[0]!.split('\n').length, 1);
    assert.match(ran.out[0]!, /^rasflow run: summary: 1 host × 2 VMs × 1 vCPU, 10 µs simulated, profile seed, seed 3 → o$/);
    const r = await readResults(join(dir, 'o'));
    const text = ran.out[1]!;
    assert.match(text, /^scenario +summary: complete$/m);
    assert.match(text, /^profile +seed$/m);
    assert.match(text, /^seed +3$/m);
    assert.match(text, /^simulated +10 µs$/m);
    assert.match(text, /^wall time +\d+\.\d{3} s$/m);
    assert.match(text, new RegExp(`^accesses +${r.counts.accesses} \\([0-9.]+ ?[kMG]?/s\\)$`, 'm'));
    assert.match(text, /^outcome +journeys +share$/m);
    assert.match(text, /^guest-app-killed +1 +50\.0 %$/m);
    assert.match(text, /^guest-panic +1 +50\.0 %$/m);
    assert.doesNotMatch(text, /^corrected/m, 'zero outcomes are left out');
    assert.match(text, /^VMs lost +1$/m);
    assert.match(text, /^hosts lost +0$/m);
    assert.match(text, /^slowest journey: 0:\d, \d+ ns, guest-(app-killed|panic)$/m);
    assert.match(text, /^wrote o\/results\.json, o\/journeys\.jsonl$/m);
    assert.equal(r.counts.accesses, 1);
    assert.equal(r.counts.guestPanic, 1);
    assert.equal(r.counts.vmsLost, 1);
  });
});
