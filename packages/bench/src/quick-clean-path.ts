// Temporary measurement script: bare loop vs engine clean path, alternating A B A B.
import { bareAccessLoop, makeBareMemory } from './bare-access-loop.js';
import {
  AccessBatch, GuestMemory, HostPoisonMap, OUT_WORDS, fillRandom, mixThresholds, planHost, runBatch, streamKey,
  type VmAccessView,
} from '@rasflow/core';

const N = 20_000_000;
const bare = makeBareMemory();
const plan = planHost(4096, [{ ramBytes: 1 << 30, guestPageSize: 4096, backing: 'page', vmmPrivatePages: 16 }]);
const poison = HostPoisonMap.create(plan.hostPages, 12, 4096);
const g = GuestMemory.create({ guestPages: 262144, guestPageShift: 12, kernelPages: 16384, processes: 1, processPages: 240000 });
const p = plan.vms[0]!;
const data = new Int32Array(new SharedArrayBuffer(1 << 30));
const view: VmAccessView = {
  kernelPt: g.kernelPt, processPt: g.processPt, firstHostPage: p.firstHostPage, guestPageShift: 12,
  guestShiftMinusGranule: 6, hostShiftMinusGranule: 6, data: process.env.DATA ? data : null, dataFirstHostPage: p.firstHostPage, hostPageShift: 12,
};
for (let i = 0; i < data.length; i += 1024) { data[i] = i; bare.data[i] = i; }
const B = Number(process.argv[2] ?? 1024);
const batch = new AccessBatch(B);
const out = new Int32Array(OUT_WORDS);
const sink = new Int32Array(1);
const key = streamKey(1, 0, 0, 0, 1);
const th = mixThresholds({ storeFraction: 0, fetchFraction: 0, kernelFraction: 0 });
let counter = 0;
function engine(n: number): void {
  let done = 0;
  while (done < n) {
    fillRandom(batch, B, key, counter, 240000 * 4096, 16384 * 4096, th);
    const r = runBatch(batch, 0, B, view, poison, out, sink);
    done += r; counter += r;
  }
}
let chk = 0;
for (let round = 0; round < 6; round++) {
  let t = process.hrtime.bigint();
  chk ^= bareAccessLoop(bare, N, round + 1);
  const tb = Number(process.hrtime.bigint() - t) / 1e9;
  t = process.hrtime.bigint();
  engine(N);
  const te = Number(process.hrtime.bigint() - t) / 1e9;
  console.log(`bare ${(N / tb / 1e6).toFixed(1)} M/s  engine ${(N / te / 1e6).toFixed(1)} M/s  ratio ${(tb / te).toFixed(3)}`);
}
console.log('checksum', chk, sink[0]);
