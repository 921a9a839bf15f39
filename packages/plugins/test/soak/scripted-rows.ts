/**
 * The soak's scripted phases, for the rows a generated workload cannot reach:
 *
 * - **H1**: the VMM thread reads its own poisoned memory. Only a scripted workload makes VMM-thread
 *   accesses; the VMM exits (`vm-terminated`) and a terminated VM never comes back, so each VM
 *   plays H1 once: a poison in VMM page 0 at 1 µs, the read at 10 µs, on 100 VMs a host.
 * - **V1**: an SError while the guest has PSTATE.A set. Only a scripted workload masks SErrors.
 *   Each VM repeats, every 4 ms: mask, a kernel load, the SError at +5 µs (seed: UEO, the E2 of the
 *   row; upstream: UER, "E4-style", the only one that pends a virtual SError there), unmask 2.1 ms
 *   later. The SError's record names a free guest page, a new one each time, so the guest's
 *   memory_failure() (seed) never finds it offlined already. Upstream the guest panics on unmask and
 *   reboots (30 µs) long before the next round.
 */
import type { Profile } from './expected-outcomes.js';
import type { Phase } from './soak-phases.js';

const PAGE = 4096;
/** V1 rounds per VM, and VMs per host. */
const V1_ROUNDS = 25;
const V1_VMS = 25;
const V1_PERIOD_NS = 4_000_000;
/** How long PSTATE.A stays set after the SError (above classify-row.ts V1_PENDING_NS). */
const V1_MASKED_NS = 2_100_000;
/** First guest page V1's SErrors name: beyond the kernel's and the processes' pages. */
const V1_FIRST_FREE_PAGE = 64;
const H1_VMS = 100;

function scripted(profile: Profile, seed: number, name: string, hosts: number, vms: number, durationNs: number,
  accesses: Record<string, unknown>[], injections: Record<string, unknown>[]): Phase {
  return {
    name,
    scenario: {
      name: `soak-${name}`, profile, seed, durationNs,
      hosts: { count: hosts, cpus: 16, rebootNs: 30_000 },
      vms: { perHost: vms, vcpus: 1, memoryMiB: 1, kernelPages: 4, processes: 2, processPages: 4, vmmPrivatePages: 1 },
      guest: { restartNs: 20_000, rebootNs: 30_000 },
      workload: { kind: 'scripted', accesses },
      injections,
    },
  };
}

/** H1 on at least `n` VMs. */
export function scriptedH1(profile: Profile, seed: number, n: number): Phase {
  const hosts = Math.ceil(n / H1_VMS);
  const accesses: Record<string, unknown>[] = [];
  const injections: Record<string, unknown>[] = [];
  for (let host = 0; host < hosts; host++) {
    for (let vm = 0; vm < H1_VMS; vm++) {
      const offset = 0x40 * ((host + vm) % 64);
      injections.push({ kind: 'targeted', atNs: 1_000, host, target: { vm, vmm: true, page: 0, offset } });
      accesses.push({ atNs: 10_000, host, vm, process: 'vmm', address: offset });
    }
  }
  // 100 VMs share 16 PEs: the journeys of one PE run one after another (a PE in a journey's
  // handlers runs no other vCPU), so the phase lasts long enough for all of them.
  return scripted(profile, seed, 'h1', hosts, H1_VMS, 1_000_000, accesses, injections);
}

/** V1 at least `n` times. */
export function scriptedV1(profile: Profile, seed: number, n: number): Phase {
  const hosts = Math.ceil(n / (V1_ROUNDS * V1_VMS));
  const accesses: Record<string, unknown>[] = [];
  const injections: Record<string, unknown>[] = [];
  const event = { type: 'serror', vcpu: 0, aet: profile === 'seed' ? 'UEO' : 'UER' };
  for (let host = 0; host < hosts; host++) {
    for (let vm = 0; vm < V1_VMS; vm++) {
      for (let r = 0; r < V1_ROUNDS; r++) {
        const t = 100_000 + r * V1_PERIOD_NS;
        const kernel = (atNs: number, kind: string, address = 0x100) => ({ atNs, host, vm, process: 'kernel', address, kind });
        accesses.push(kernel(t, 'mask-serror', 0), kernel(t + 1_000, 'load'), kernel(t + 5_000 + V1_MASKED_NS, 'unmask-serror', 0), kernel(t + 6_000 + V1_MASKED_NS, 'load'));
        injections.push({ kind: 'targeted', atNs: t + 5_000, host, target: { vm, guestPa: (V1_FIRST_FREE_PAGE + r) * PAGE }, event });
      }
    }
  }
  return scripted(profile, seed, 'v1', hosts, V1_VMS, 200_000 + V1_ROUNDS * V1_PERIOD_NS, accesses, injections);
}
