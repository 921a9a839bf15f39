/**
 * --parallel: the workers that ran one host each collected the part they ran (their vCPUs'
 * accesses and journeys; the host-wide state they share is the same in every part). This makes
 * them one host result: journeys in time order and numbered again, counters and per-VM figures
 * summed, the digest taken over the merged records.
 */
import { countsObject } from '../engine/counts.js';
import type { HostResult, VmResult } from './collect-host.js';
import { hostDigest } from './digest.js';
import type { JourneyRecord } from './journey-record.js';

export function mergeHostParts(parts: readonly HostResult[]): HostResult {
  const first = parts[0];
  if (first === undefined) throw new RangeError('mergeHostParts needs at least one part');
  const host = first.host;
  const counts = new Float64Array(first.counts.length);
  for (const p of parts) for (let k = 0; k < counts.length; k++) counts[k]! += p.counts[k]!;
  // Time order, then VM and vCPU; a tie keeps part order (the sort is stable).
  const records: JourneyRecord[] = parts.flatMap((p) => p.records ?? [])
    .sort((a, b) => a.atNs - b.atNs || a.vm - b.vm || a.vcpu - b.vcpu)
    .map((r, seq) => ({ ...r, id: `${host}:${seq}`, seq }));
  // VM state, losses and time lost live in shared memory: every part read the same values.
  const vms: VmResult[] = first.vms.map((v, i) => {
    const outcomes: Record<string, number> = {};
    for (const k of Object.keys(v.outcomes)) outcomes[k] = parts.reduce((n, p) => n + (p.vms[i]!.outcomes[k] ?? 0), 0);
    return { ...v, accesses: parts.reduce((n, p) => n + p.vms[i]!.accesses, 0), outcomes };
  });
  return {
    host, complete: parts.every((p) => p.complete), up: first.up, counts, vms, journeys: records.length,
    digest: hostDigest(records.map((r) => JSON.stringify(r)), JSON.stringify(countsObject(counts))),
    records,
  };
}
