/**
 * One S1 journey (flow.md §6: a poisoned load consumed at guest EL0, seed profile) in the trace:
 * one slice per layer run on the hardware → EL3 firmware → EL2 KVM + host kernel → VMM → guest
 * kernel tracks, in time order, each named by its layer's main action and holding that layer's
 * steps (ESR, FAR, signal, si_code); the slices are linked by one flow id ('s', 't'…, 'f', each on
 * its slice's thread and inside it); the vCPU track shows the guest's view of the whole journey.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTrace, validateTrace, type TraceEvent } from '@rasflow/core/report';
import { loadP0, poisonP0, runRow } from '../decision/run-row.js';

test('an S1 journey is a chain of slices from the hardware to the guest, linked by one flow', async () => {
  const { journeys } = await runRow({ profile: 'seed', accesses: [loadP0()], injections: [poisonP0()] });
  const j = journeys.find((x) => x.event === 'poison')!;
  assert.equal(j.outcome, 'guest-app-killed');
  const trace = buildTrace(journeys, { vcpusPerVm: 2 });
  assert.deepEqual(validateTrace(JSON.parse(JSON.stringify(trace))), []);

  const ev = trace.traceEvents;
  const thread = new Map(ev.filter((e) => e.name === 'thread_name').map((e) => [e.tid, (e.args as { name: string }).name]));
  const sortIndex = new Map(ev.filter((e) => e.name === 'thread_sort_index').map((e) => [e.tid, (e.args as { sort_index: number }).sort_index]));
  const mine = (e: TraceEvent): boolean => (e.args as { journey?: string } | undefined)?.journey === j.id;
  const slices = ev.filter((e) => e.ph === 'X' && e.cat !== 'guest-view' && mine(e)).sort((a, b) => a.ts! - b.ts!);

  assert.deepEqual(slices.map((s) => thread.get(s.tid)), ['injector', 'hardware', 'EL3 firmware', 'EL2 KVM + host kernel', 'VMM', 'guest kernel']);
  assert.deepEqual(slices.map((s) => s.name), ['inject-poison', 'consume', 'fake-sea-el2', 'sigbus', 'inject-sea', 'kill']);
  const order = ['hardware', 'EL3 firmware', 'EL2 KVM + host kernel', 'VMM', 'guest kernel', 'injector'].map((n) => sortIndex.get([...thread].find(([, v]) => v === n)![0]));
  assert.deepEqual(order, [...order].sort((a, b) => a! - b!), 'tracks sorted in flow order, injector last');

  // Times: the consume is an instant; each handler's slice runs from the handover to its last step.
  const at = (action: string): number => j.steps.find((s) => s.action === action)!.atNs / 1000;
  const [, hw, fw, kvm, vmm, guest] = slices as [TraceEvent, TraceEvent, TraceEvent, TraceEvent, TraceEvent, TraceEvent];
  assert.equal(hw.ts, at('consume'));
  assert.deepEqual([fw.ts, fw.ts! + fw.dur!], [at('consume'), at('fake-sea-el2')]);
  assert.equal(kvm.ts, at('fake-sea-el2'));
  assert.ok(Math.abs(kvm.ts! + kvm.dur! - at('sigbus')) < 1e-9);
  assert.ok(at('fake-sea-el2') > at('consume') && at('sigbus') > at('fake-sea-el2'), 'seed handlers take time');
  for (let k = 1; k < slices.length; k++) assert.ok(slices[k]!.ts! >= slices[k - 1]!.ts!, 'slices in time order');

  // The steps are in the args, with the ESRs as hex and the signal of the kill.
  const steps = (e: TraceEvent): Array<Record<string, unknown>> => (e.args as { steps: Array<Record<string, unknown>> }).steps;
  assert.deepEqual(steps(fw).map((s) => s['action']), ['record-cper', 'fake-sea-el2']);
  assert.equal(steps(fw)[1]!['esr'], '0x92000010');
  assert.equal(steps(vmm).find((s) => s['action'] === 'inject-sea')!['esr'], '0x92000410');
  const kill = steps(guest).find((s) => s['action'] === 'kill')!;
  assert.deepEqual([kill['signal'], kill['si_code']], [7, 4], 'SIGBUS, BUS_MCEERR_AR');
  assert.equal(steps(hw)[0]!['far'], j.steps.find((s) => s.action === 'consume')!.far);

  // One flow: 's' on the first slice, 't' on the middle ones, 'f' on the last, each inside its slice.
  const flow = ev.filter((e) => (e.ph === 's' || e.ph === 't' || e.ph === 'f') && mine(e)).sort((a, b) => a.ts! - b.ts!);
  assert.deepEqual(flow.map((e) => e.ph), ['s', 't', 't', 't', 't', 'f']);
  assert.equal(new Set(flow.map((e) => e.id)).size, 1);
  assert.ok(flow.every((e) => e.bp === 'e' && e.cat === 'journey'));
  flow.forEach((e, k) => {
    const s = slices[k]!;
    assert.equal(e.tid, s.tid, `flow event ${k} on its slice's thread`);
    assert.ok(e.ts! > s.ts! && e.ts! < s.ts! + s.dur!, `flow event ${k} strictly inside its slice`);
  });

  // The guest's view: VM 0 vCPU 0, from the consumption to the end of the guest's handling.
  const view = ev.filter((e) => e.cat === 'guest-view' && mine(e));
  assert.equal(view.length, 1);
  assert.equal(thread.get(view[0]!.tid), `VM ${j.vm} vCPU ${j.vcpu}`);
  assert.equal(view[0]!.name, 'guest-app-killed (poison)');
  assert.equal(view[0]!.ts, hw.ts);
  assert.ok(Math.abs(view[0]!.ts! + view[0]!.dur! - (guest.ts! + guest.dur!)) < 1e-9);
});
