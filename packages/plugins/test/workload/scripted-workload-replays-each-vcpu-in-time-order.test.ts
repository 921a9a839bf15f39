import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AccessBatch, CTL_MASK_SERROR, CTL_UNMASK_SERROR, FLAG_EL1, FLAG_VMM, OP_CONTROL, OP_FETCH, OP_LOAD, OP_STORE, parseScenario } from '@rasflow/core';
import { createScenarioWorkload } from '../../src/workload/scenario-workload.js';
import { env, workloadCtx, type FakeWorkloadCtx } from '../helpers/fake-contexts.js';

/** The validated workload section of a scripted scenario (defaults filled in). */
function scripted(accesses: Record<string, unknown>[], vms = { perHost: 2, vcpus: 2, processes: 3 }) {
  return parseScenario({ hosts: { count: 2 }, vms, workload: { kind: 'scripted', accesses } }).workload as unknown as Record<string, unknown>;
}

interface Filled { at: number[]; addr: number[]; flags: number[]; pid: number; length: number; timed: boolean }

function fill(spec: Record<string, unknown>, ctx: FakeWorkloadCtx, first: number, count = 64, host = 0): Filled {
  const hooks = createScenarioWorkload(spec, env({ host, hosts: 2, vmsPerHost: 2, vcpusPerVm: 2 }));
  const b = new AccessBatch(64);
  hooks.fill(ctx, b, first, count);
  return {
    at: Array.from(b.at.subarray(0, b.length)), addr: Array.from(b.addr.subarray(0, b.length)),
    flags: Array.from(b.flags.subarray(0, b.length)), pid: b.pid, length: b.length, timed: b.timed,
  };
}

test('each vCPU replays its own accesses sorted by time, ties in scenario order, as a timed batch', () => {
  const spec = scripted([
    { atNs: 300, vm: 1, vcpu: 1, address: 0x30 },
    { atNs: 100, vm: 1, vcpu: 1, address: 0x10, kind: 'store' },
    { atNs: 200, vm: 1, vcpu: 0, address: 0x99c },
    { atNs: 100, vm: 1, vcpu: 1, address: '0x2_0000', kind: 'fetch' },
    { atNs: 50, vm: 0, vcpu: 1, address: 0x77c },
  ]);
  const f = fill(spec, workloadCtx({ vm: 1, vcpu: 1, vcpus: 2, processes: 3, processPages: 64 }), 0);
  assert.equal(f.timed, true);
  assert.deepEqual(f.at, [100, 100, 300]);
  assert.deepEqual(f.addr, [0x10, 0x20000, 0x30]);
  assert.deepEqual(f.flags, [OP_STORE, OP_FETCH, OP_LOAD]);
  assert.equal(fill(spec, workloadCtx({ vm: 1, vcpu: 0, vcpus: 2 }), 0).addr[0], 0x99c);
  assert.equal(fill(spec, workloadCtx({ vm: 0, vcpu: 1, vcpus: 2 }), 0).addr[0], 0x77c);
  // Access n is entry n: a batch that starts at 2 starts at the third entry.
  assert.deepEqual(fill(spec, workloadCtx({ vm: 1, vcpu: 1, vcpus: 2 }), 2).addr, [0x30]);
});

test('a vCPU with nothing left returns an empty batch and idles to the end', () => {
  const spec = scripted([{ atNs: 5, address: 0x40 }]);
  const ctx = workloadCtx();
  assert.equal(fill(spec, ctx, 1).length, 0);
  assert.equal(ctx.idleUntil, Number.POSITIVE_INFINITY);
  const idle = workloadCtx({ vcpu: 1, vcpus: 2 });
  assert.equal(fill(spec, idle, 0).length, 0, 'a vCPU without any access');
  assert.equal(idle.idleUntil, Number.POSITIVE_INFINITY);
});

test('a batch is cut where the process changes; kernel accesses and PSTATE.A changes ride along', () => {
  const spec = scripted([
    { atNs: 1, process: 1, address: 0x100 },
    { atNs: 2, process: 'kernel', address: 0x200 },
    { atNs: 3, process: 2, address: 0x300, kind: 'mask-serror' },
    { atNs: 4, process: 1, address: 0x400 },
    { atNs: 5, process: 2, address: 0x500 },
    { atNs: 6, process: 'kernel', address: 0x600, kind: 'unmask-serror' },
  ]);
  const ctx = workloadCtx({ processes: 3 });
  const a = fill(spec, ctx, 0);
  assert.equal(a.pid, 1);
  assert.deepEqual(a.addr, [0x100, 0x200, CTL_MASK_SERROR, 0x400]);
  assert.deepEqual(a.flags, [OP_LOAD, OP_LOAD | FLAG_EL1, OP_CONTROL | FLAG_EL1, OP_LOAD]);
  const b = fill(spec, ctx, 4);
  assert.equal(b.pid, 2);
  assert.deepEqual(b.addr, [0x500, CTL_UNMASK_SERROR]);
  assert.deepEqual(fill(spec, ctx, 0, 2).addr, [0x100, 0x200], 'never more than count');
});

test('kernel entries never go into the batch of a dead process (the engine would drop them)', () => {
  const spec = scripted([
    { atNs: 1, process: 1, address: 0x100 },
    { atNs: 2, process: 'kernel', address: 0x200 },
    { atNs: 3, process: 1, address: 0x300 },
  ]);
  const ctx = workloadCtx({ processes: 3 });
  ctx.dead.add(1);
  assert.deepEqual(fill(spec, ctx, 0).addr, [0x100], 'the dead process keeps only its own access');
  const k = fill(spec, ctx, 1);
  assert.deepEqual(k.addr, [0x200]);
  assert.equal(k.pid, 0, 'a kernel batch is charged to an alive process');
  ctx.dead.delete(1);
  const alive = fill(spec, ctx, 1);
  assert.equal(alive.pid, 1, 'the next process, when alive, so the batch runs on into it');
  assert.deepEqual(alive.addr, [0x200, 0x300]);
});

test('a VMM-thread access is flagged FLAG_VMM with its offset and rides in the process batch', () => {
  const spec = scripted([
    { atNs: 1, process: 1, address: 0x100 },
    { atNs: 2, process: 'vmm', address: 0x3080 },
    { atNs: 3, process: 'vmm', address: 0x3090, kind: 'store' },
    { atNs: 4, process: 1, address: 0x400 },
  ]);
  const ctx = workloadCtx({ processes: 3 });
  const a = fill(spec, ctx, 0);
  assert.equal(a.pid, 1);
  assert.deepEqual(a.addr, [0x100, 0x3080, 0x3090, 0x400]);
  assert.deepEqual(a.flags, [OP_LOAD, OP_LOAD | FLAG_VMM, OP_STORE | FLAG_VMM, OP_LOAD]);
  ctx.dead.add(1);
  assert.deepEqual(fill(spec, ctx, 0).addr, [0x100], 'not in a dead process\'s batch');
  const v = fill(spec, ctx, 1);
  assert.deepEqual([v.pid, v.addr], [0, [0x3080, 0x3090]]);
});

test('only the accesses of this host are replayed', () => {
  const spec = scripted([
    { atNs: 1, host: 1, address: 0x100 },
    { atNs: 2, host: 0, address: 0x200 },
  ]);
  assert.deepEqual(fill(spec, workloadCtx(), 0, 64, 0).addr, [0x200]);
  assert.deepEqual(fill(spec, workloadCtx(), 0, 64, 1).addr, [0x100]);
});
