import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { loadPluginSet, parseScenario, runHosts, type JourneyRecord } from '@rasflow/core';

async function run(profile: 'seed' | 'upstream', injections: Record<string, unknown>[]): Promise<JourneyRecord[]> {
  const s = parseScenario({
    profile,
    durationNs: 200_000,
    vms: { perHost: 1, vcpus: 2, memoryMiB: 4, kernelPages: 16, processes: 2, processPages: 16 },
    workload: { kind: 'scripted', accesses: [{ atNs: 100, process: 0, address: 0x40 }, { atNs: 150_000, process: 0, address: 0x3000 }] },
    plugins: { injectors: [{ module: '@rasflow/plugins/injector/pfg-injector', options: { injections } }] },
  });
  const baseDir = fileURLToPath(new URL('.', import.meta.url));
  return runHosts(s, await loadPluginSet(s, baseDir), { baseDir, keepJourneys: true }).hosts.flatMap((h) => h.records ?? []);
}

test('PFGCTL CDNEN|AV|ER|UER with a countdown signals an SError from the record when it reaches 0', async () => {
  const js = await run('seed', [{ atNs: 1_000, vcpu: 0, countdown: 5_000, guestPa: '0x13000' }]);
  assert.equal(js.length, 1);
  const j = js[0]!;
  const fired = j.steps[0]!;
  assert.equal(fired.action, 'inject-serror');
  assert.equal(fired.atNs, 6_000, 'programmed at 1 µs, fires 5,000 ns later');
  assert.equal(fired.esr, '0xbe000c11', 'UER');
  assert.match(fired.text ?? '', /ERR\d+PFGCTL 0x80000a08 fired/);
  assert.equal(j.guestPa, '0x13000', 'ERR<n>ADDR names the programmed address');
  // Seed: handle_guest_sei → memory_failure → AO → the guest offlines the page; process 0 maps
  // guest page 0x13 (kernel 16 pages, then its page 3) and touches it at 150 µs: late kill.
  assert.equal(j.outcome, 'guest-app-killed');
});

test('the restart bit repeats the error every countdown', async () => {
  const js = await run('upstream', [{ atNs: 0, countdown: 40_000, pfgctl: 0xc000_0a08, guestPa: '0x12000' }]);
  assert.deepEqual(js.map((j) => j.atNs), [40_000, 80_000, 120_000, 160_000]);
});

test('a corrected error kind goes to the counter, not to an exception', async () => {
  const ceOnly = (0x8000_0000 | (2 << 6)) >>> 0; // CDNEN, CE = 0b10
  const js = await run('seed', [{ atNs: 10, countdown: 100, pfgctl: ceOnly }]);
  assert.equal(js[0]!.event, 'ce');
  assert.equal(js[0]!.outcome, 'corrected');
});
