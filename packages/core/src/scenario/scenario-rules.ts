/**
 * Scenario rules the JSON Schema cannot express: memory that must fit, indices that must exist,
 * combinations that make no sense. Each problem is reported like a schema error.
 */
import type { Scenario, ScenarioIssue, TargetSpec } from './scenario-types.js';
import { addressToNumber } from './scenario-types.js';

const BACKING_UNIT: Record<Scenario['vms']['backing'], number> = {
  page: 0, thp: 2 << 20, 'hugetlb-2m': 2 << 20, 'hugetlb-1g': 1 << 30,
};

/** Largest total guest memory kept as data in data-backed mode (all hosts of one run). */
export const DATA_BACKED_LIMIT_BYTES = 8 * 2 ** 30;

export function checkScenarioRules(s: Scenario): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  const add = (path: string, message: string): void => void issues.push({ path, message });
  const { vms, hosts } = s;
  const ramBytes = vms.memoryMiB * 2 ** 20;
  // arm64 Linux with 64 KiB base pages has hugetlb pages of 2 MiB (contiguous PTEs), 512 MiB (PMD)
  // and 16 GiB (contiguous PMDs); a PUD-size page exists only with 4 KiB pages. No 1 GiB one.
  if (hosts.pageSize === 65536 && vms.backing === 'hugetlb-1g') {
    add('vms.backing', 'found "hugetlb-1g" with hosts.pageSize 65536, allowed: "page", "thp" or "hugetlb-2m" (a 64 KiB-page arm64 host has 2 MiB, 512 MiB and 16 GiB huge pages, no 1 GiB ones), or hosts.pageSize 4096');
  }
  const unit = Math.max(BACKING_UNIT[vms.backing], hosts.pageSize, vms.guestPageSize);
  if (ramBytes % unit !== 0) {
    add('vms.memoryMiB', `found ${vms.memoryMiB}, allowed: a multiple of ${unit / 2 ** 20} MiB (the ${vms.backing} backing with ${hosts.pageSize}-byte host and ${vms.guestPageSize}-byte guest pages)`);
  }
  const guestPages = ramBytes / vms.guestPageSize;
  const needed = vms.kernelPages + vms.processes * vms.processPages;
  if (needed > guestPages) {
    add('vms.processPages', `found ${vms.processPages}: kernelPages ${vms.kernelPages} + processes ${vms.processes} × processPages ${vms.processPages} = ${needed} pages, but a ${vms.memoryMiB} MiB guest has ${guestPages}`);
  }
  if (vms.processPages * vms.guestPageSize > 2 ** 32 || vms.kernelPages * vms.guestPageSize > 2 ** 32) {
    add('vms.processPages', 'a process or kernel address space is limited to 4 GiB');
  }
  if (vms.dataBacked && hosts.count * vms.perHost * ramBytes > DATA_BACKED_LIMIT_BYTES) {
    add('vms.dataBacked', `data-backed mode keeps all guest memory: ${hosts.count} hosts × ${vms.perHost} VMs × ${vms.memoryMiB} MiB exceeds ${DATA_BACKED_LIMIT_BYTES / 2 ** 30} GiB`);
  }
  if (vms.memoryBackend === 'file' && vms.backing !== 'page') {
    add('vms.memoryBackend', `found "file" with vms.backing ${show(vms.backing)}, allowed: "file" only with backing "page" (hugetlbfs is its own backing; file THP is not modelled)`);
  }
  if (s.time === 'accesses' && s.durationNs > Number.MAX_SAFE_INTEGER) {
    add('durationNs', `found ${s.durationNs}, allowed: up to 2^53 ns (104 days) when every access is simulated; longer runs need "time": "sampled"`);
  }
  const w = s.workload;
  if (w.kind !== 'scripted') {
    if (w.storeFraction + w.fetchFraction > 1) add('workload.fetchFraction', `storeFraction ${w.storeFraction} + fetchFraction ${w.fetchFraction} exceeds 1`);
    if (w.kind === 'hot-set' && w.hotPages > vms.processPages) add('workload.hotPages', `found ${w.hotPages}, allowed: at most vms.processPages (${vms.processPages})`);
  } else {
    w.accesses.forEach((a, i) => {
      const p = `workload.accesses[${i}]`;
      checkIndex(add, `${p}.host`, a.host, hosts.count, 'hosts.count');
      checkIndex(add, `${p}.vm`, a.vm, vms.perHost, 'vms.perHost');
      checkIndex(add, `${p}.vcpu`, a.vcpu, vms.vcpus, 'vms.vcpus');
      if (typeof a.process === 'number') checkIndex(add, `${p}.process`, a.process, vms.processes, 'vms.processes');
      const span = a.process === 'kernel' ? vms.kernelPages * vms.guestPageSize
        : a.process === 'vmm' ? vms.vmmPrivatePages * hosts.pageSize : vms.processPages * vms.guestPageSize;
      const space = a.process === 'kernel' ? 'kernel address space' : a.process === 'vmm' ? 'VMM-private memory' : 'process address space';
      const addr = addressToNumber(a.address);
      if (addr >= span) add(`${p}.address`, `found ${show(a.address)}, allowed: below 0x${span.toString(16)} (the ${space})`);
    });
  }
  s.injections.forEach((inj, i) => {
    const p = `injections[${i}]`;
    if (inj.kind === 'burst' || inj.kind === 'targeted') checkIndex(add, `${p}.host`, inj.host, hosts.count, 'hosts.count');
    if (inj.kind === 'targeted') checkTarget(add, `${p}.target`, inj.target, s, inj.event.type === 'serror');
    const ev = inj.event;
    if (ev?.type === 'serror') checkIndex(add, `${p}.event.vcpu`, ev.vcpu, vms.vcpus, 'vms.vcpus');
    if (inj.kind === 'per-access' && ev !== undefined && ev.type !== 'poison') {
      add(`${p}.event.type`, `found ${show(ev.type)}, allowed: "poison" (per-access injection poisons the granule about to be read)`);
    }
  });
  return issues;
}

function checkIndex(add: (p: string, m: string) => void, path: string, v: number, limit: number, field: string): void {
  if (v >= limit) add(path, `found ${v}, allowed: 0 to ${limit - 1} (${field} is ${limit})`);
}

function checkTarget(add: (p: string, m: string) => void, path: string, t: TargetSpec, s: Scenario, serror: boolean): void {
  const given: string[] = (['guestPa', 'hostPa', 'process', 'hostMemory'] as const).filter((k) => t[k] !== undefined);
  if (t.vmm) given.push('vmm');
  // An SError needs only its VM; a place, when given, is the address its error record names.
  if (serror && given.length === 0) {
    checkIndex(add, `${path}.vm`, t.vm, s.vms.perHost, 'vms.perHost');
    return;
  }
  if (given.length !== 1) {
    add(path, `found ${given.length === 0 ? 'none' : given.join(' and ')}, allowed: exactly one of guestPa, hostPa, process, vmm: true or hostMemory`);
    return;
  }
  if (t.hostMemory !== undefined) {
    const mib = t.hostMemory === 'kernel' ? s.hosts.kernelMiB : s.hosts.freeMiB;
    const field = t.hostMemory === 'kernel' ? 'hosts.kernelMiB' : 'hosts.freeMiB';
    const pages = mib * 2 ** 20 / s.hosts.pageSize;
    if (pages === 0) add(`${path}.hostMemory`, `found ${show(t.hostMemory)}, but ${field} is 0: give the host some ${t.hostMemory} memory`);
    else checkIndex(add, `${path}.page`, t.page, pages, `${field} in host pages`);
    if (t.offset >= s.hosts.pageSize) checkIndex(add, `${path}.offset`, t.offset, s.hosts.pageSize, 'hosts.pageSize');
    return;
  }
  checkIndex(add, `${path}.vm`, t.vm, s.vms.perHost, 'vms.perHost');
  const ram = s.vms.memoryMiB * 2 ** 20;
  if (t.guestPa !== undefined && addressToNumber(t.guestPa) >= ram) {
    add(`${path}.guestPa`, `found ${show(t.guestPa)}, allowed: below 0x${ram.toString(16)} (guest RAM)`);
  }
  if (t.process !== undefined) {
    if (t.process !== 'kernel') checkIndex(add, `${path}.process`, t.process, s.vms.processes, 'vms.processes');
    const pages = t.process === 'kernel' ? s.vms.kernelPages : s.vms.processPages;
    checkIndex(add, `${path}.page`, t.page, pages, t.process === 'kernel' ? 'vms.kernelPages' : 'vms.processPages');
  }
  if (t.offset >= s.vms.guestPageSize) checkIndex(add, `${path}.offset`, t.offset, s.vms.guestPageSize, 'vms.guestPageSize');
  if (t.vmm) checkIndex(add, `${path}.page`, t.page, s.vms.vmmPrivatePages, 'vms.vmmPrivatePages');
}

function show(v: unknown): string {
  return JSON.stringify(v);
}
