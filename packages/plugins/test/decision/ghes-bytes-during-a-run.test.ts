// The GHES bytes the plugins write during a run, decoded with the foundation decoder, and the
// read-ack register's bytes after each step of the S1 journey (seed profile).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { decodeGhesBlock, Engine, HostSim, loadPluginSet, parseScenario, type GhesSourcePlan } from '@rasflow/core';

interface Snapshot {
  step: string;
  block: Uint8Array;
  ack: number[];
}

function snapshot(step: string, view: DataView, plan: GhesSourcePlan, source: number): Snapshot {
  const s = plan.sources[source]!;
  const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  return { step, block: bytes.slice(s.blockOffset, s.blockOffset + s.blockLength), ack: [...bytes.slice(s.ackOffset, s.ackOffset + 8)] };
}

test('S1: the host and guest GHES blocks hold real CPER and the ack registers move 1 → 0 → 1', async () => {
  const baseDir = fileURLToPath(new URL('.', import.meta.url));
  const s = parseScenario({
    durationNs: 1_000_000,
    hosts: { cpus: 4 },
    vms: { perHost: 1, vcpus: 1, memoryMiB: 4, kernelPages: 16, processes: 2, processPages: 16 },
    workload: { kind: 'scripted', accesses: [{ atNs: 10_000, process: 0, address: 0x2040 }] },
    injections: [{ kind: 'targeted', atNs: 1_000, target: { process: 0, page: 2, offset: 0x40 } }],
  });
  const sim = new HostSim(s, 0, await loadPluginSet(s, baseDir));
  const engine = new Engine(sim);
  const snaps: Snapshot[] = [];
  const host = (step: string, src: number): void => void snaps.push(snapshot(step, sim.hostGhes, sim.hostGhesPlan, src));
  const guest = (step: string, src: number): void => void snaps.push(snapshot(step, sim.guestGhes[0]!, sim.guestGhesPlan, src));
  const fw = engine.fwCtx;
  const write = fw.writeMemoryRecord.bind(fw);
  fw.writeMemoryRecord = (src, sev, pa, v) => { host('firmware wrote', src); const ok = write(src, sev, pa, v); host('after firmware write', src); return ok; };
  const hv = engine.hvCtx;
  const ack = hv.apeiAck.bind(hv);
  hv.apeiAck = (src) => { ack(src); host('after host ack', src); };
  const vmm = engine.vmmCtx;
  const gwrite = vmm.writeGuestMemoryRecord.bind(vmm);
  vmm.writeGuestMemoryRecord = (src, sev, gpa, v) => { guest('before VMM write', src); const ok = gwrite(src, sev, gpa, v); guest('after VMM write', src); return ok; };
  const g = engine.guestCtx;
  const gack = g.ack.bind(g);
  g.ack = (src) => { gack(src); guest('after guest ack', src); };
  engine.run(s.durationNs);

  assert.deepEqual(snaps.map((x) => x.step), ['firmware wrote', 'after firmware write', 'after host ack', 'before VMM write', 'after VMM write', 'after guest ack']);
  const ACK_FREE = [1, 0, 0, 0, 0, 0, 0, 0];
  const ACK_CLAIMED = [0, 0, 0, 0, 0, 0, 0, 0];
  assert.deepEqual(snaps.map((x) => x.ack), [ACK_FREE, ACK_CLAIMED, ACK_FREE, ACK_FREE, ACK_CLAIMED, ACK_FREE]);

  const poisonedHpa = sim.plan.vms[0]!.firstHostPage * 4096 + 18 * 4096 + 0x40; // 16 kernel pages, then process 0: page 2 → gpfn 18
  const hostBlock = decodeGhesBlock(new DataView(snaps[1]!.block.buffer));
  assert.equal(hostBlock.blockStatus, 1, 'uncorrectable error valid');
  assert.equal(hostBlock.errorSeverity, 0, 'recoverable');
  assert.equal(hostBlock.entries.length, 1);
  const hb = hostBlock.entries[0]!.body;
  assert.equal(hb.kind, 'memory');
  if (hb.kind === 'memory') {
    assert.equal(hb.memory.physicalAddress, BigInt(poisonedHpa));
    assert.equal(hb.memory.validationBits, 0x4002n);
  }
  assert.equal(new DataView(snaps[2]!.block.buffer).getUint32(0, true), 0, 'the host cleared Block Status before acking');

  const guestBlock = decodeGhesBlock(new DataView(snaps[4]!.block.buffer));
  assert.equal(guestBlock.errorSeverity, 0);
  const gb = guestBlock.entries[0]!.body;
  if (gb.kind !== 'memory') assert.fail('the guest block holds a memory section');
  assert.equal(gb.memory.physicalAddress, BigInt(18 * 4096), 'the guest PA of the page (si_addr is page aligned)');
  assert.equal(gb.memory.validationBits, 0x4002n, 'QEMU: physical address and memory error type');
  assert.equal(new DataView(snaps[5]!.block.buffer).getUint32(0, true), 0);
});
