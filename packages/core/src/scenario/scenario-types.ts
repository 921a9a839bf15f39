/**
 * The TypeScript shape of a scenario after validation, with every default filled in. The JSON
 * Schema (scenario-schema.ts) is the source of truth for field meanings and defaults.
 */

export type AddressValue = number | string;

export type EventSpec =
  | { type: 'poison'; av: boolean; set: 'UER' | 'UEO' | 'UC'; firmwareRecord: boolean; transient: boolean }
  | { type: 'serror'; aet: 'CE' | 'UEO' | 'UER' | 'UEU' | 'UC'; ids: boolean; dfsc: 0 | 17; av: boolean; vcpu: number }
  | { type: 'ce' };

export interface TargetSpec {
  vm: number;
  guestPa?: AddressValue;
  hostPa?: AddressValue;
  process?: number | 'kernel';
  page: number;
  offset: number;
  vmm: boolean;
  hostMemory?: 'kernel' | 'free';
}

export type InjectionSpec =
  | { kind: 'rate'; perSecond: number; event: EventSpec }
  | { kind: 'per-access'; probability: number; event: EventSpec }
  | { kind: 'burst'; atNs: number; count: number; spreadNs: number; host: number; event: EventSpec }
  | { kind: 'targeted'; atNs: number; host: number; target: TargetSpec; event: EventSpec };

export interface AccessMixSpec {
  accessNs: number;
  storeFraction: number;
  fetchFraction: number;
  kernelFraction: number;
}

export interface ScriptedAccessSpec {
  atNs: number;
  host: number;
  vm: number;
  vcpu: number;
  process: number | 'kernel' | 'vmm';
  address: AddressValue;
  kind: 'load' | 'store' | 'fetch' | 'mask-serror' | 'unmask-serror';
}

export type WorkloadSpec =
  | ({ kind: 'random' } & AccessMixSpec)
  | ({ kind: 'sequential'; strideBytes: number } & AccessMixSpec)
  | ({ kind: 'hot-set'; hotPages: number; hotProbability: number } & AccessMixSpec)
  | { kind: 'scripted'; accessNs: number; accesses: ScriptedAccessSpec[] };

export interface PluginRefSpec {
  module: string;
  options: Record<string, unknown>;
}

/** A RAS layer's plugin: without `module`, options for the profile's default plugin. */
export interface LayerRefSpec {
  module?: string;
  options: Record<string, unknown>;
}

export interface Scenario {
  name: string;
  description: string;
  seed: number;
  profile: 'seed' | 'upstream';
  durationNs: number;
  /** accesses: every access simulated; sampled: only the reads of poisoned granules (engine/sampled-time.ts). */
  time: 'accesses' | 'sampled';
  engine: { batchSize: number; sliceNs: number; livelockRetries: number; maxPoisonedPagesPerHost: number };
  hosts: { count: number; pageSize: 4096 | 65536; cpus: number; rebootNs: number | null; kernelMiB: number; freeMiB: number };
  vms: {
    perHost: number; vcpus: number; memoryMiB: number; guestPageSize: 4096 | 65536;
    backing: 'page' | 'thp' | 'hugetlb-2m' | 'hugetlb-1g'; kernelPages: number; processes: number;
    processPages: number; dataBacked: boolean; vmmPrivatePages: number;
    memoryBackend: 'anonymous' | 'file'; writebackNs: number;
  };
  guest: { restartNs: number | null; rebootNs: number | null };
  workload: WorkloadSpec;
  injections: InjectionSpec[];
  plugins: {
    firmware?: LayerRefSpec; hypervisor?: LayerRefSpec; vmm?: LayerRefSpec; guest?: LayerRefSpec;
    workload?: PluginRefSpec; injectors: PluginRefSpec[]; observers: PluginRefSpec[];
  };
}

/** One problem found in a scenario: where, what was there, and what is allowed. */
export interface ScenarioIssue {
  /** JSON path, e.g. `vms.backing` or `injections[2].event.aet`. */
  path: string;
  /** A sentence for a person. */
  message: string;
}

/** Parses an AddressValue (number or `0x` hex string) to a number below 2^53. */
export function addressToNumber(v: AddressValue): number {
  if (typeof v === 'number') return v;
  const n = Number(BigInt(v.replace(/_/g, '')));
  return n;
}
