/**
 * The JSON Schema of a rasflow scenario. It is the single definition: the validator compiles it,
 * `packages/core/scenario.schema.json` is this object written out (a test keeps them equal), and
 * the scenario reference in docs/ is generated from it. Every field has a description and, where
 * it is optional, a default that the validator fills in.
 */

const int = (minimum: number, maximum: number, dflt: number | undefined, description: string) => ({
  type: 'integer', minimum, maximum, ...(dflt === undefined ? {} : { default: dflt }), description,
}) as const;

const fraction = (dflt: number, description: string) => ({ type: 'number', minimum: 0, maximum: 1, default: dflt, description }) as const;

/** A 64-bit address as a JSON number (below 2^53) or a `0x` hex string. */
const address = (description: string) => ({
  anyOf: [
    { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
    { type: 'string', pattern: '^0[xX][0-9a-fA-F]+(_[0-9a-fA-F]+)*$' },
  ],
  description,
}) as const;

const pluginRef = {
  type: 'object',
  additionalProperties: false,
  required: ['module'],
  properties: {
    module: { type: 'string', minLength: 1, description: 'Module specifier: a package name, a package subpath or a path (relative paths resolve against the scenario file).' },
    options: { type: 'object', default: {}, description: "The plugin's options; the plugin validates them before the run starts." },
  },
  description: 'A plugin loaded by module specifier, with JSON options.',
} as const;

/** A RAS layer: a plugin by module specifier, or only options for the profile's default plugin. */
const layerRef = {
  ...pluginRef,
  required: [],
  description: "A plugin loaded by module specifier, with JSON options; without `module`, the options go to the profile's default plugin of this layer (so --profile still switches it).",
} as const;

const event = {
  type: 'object',
  default: { type: 'poison' },
  discriminator: { propertyName: 'type' },
  required: ['type'],
  oneOf: [
    {
      additionalProperties: false,
      properties: {
        type: { const: 'poison', description: 'An uncorrected error stored in a granule (deferred, UET=UER); the first load or fetch that consumes it takes a synchronous external abort.' },
        av: { type: 'boolean', default: true, description: 'ERR<n>STATUS.AV: the error record holds the address (false reproduces "APEI address invalid").' },
        set: { enum: ['UER', 'UEO', 'UC'], default: 'UER', description: 'Synchronous Error Type the consuming abort reports (ESR ISS bits 12:11). UC makes firmware halt the platform.' },
        firmwareRecord: { type: 'boolean', default: true, description: 'False models a kernel-first host: firmware writes no GHES record (flow.md §6 S8).' },
        transient: { type: 'boolean', default: false, description: 'True: the poison does not survive a host reboot.' },
      },
    },
    {
      additionalProperties: false,
      required: ['aet'],
      properties: {
        type: { const: 'serror', description: 'An asynchronous error signalled as a physical SError to one vCPU.' },
        aet: { enum: ['CE', 'UEO', 'UER', 'UEU', 'UC'], description: 'Asynchronous Error Type of the SError syndrome (ignored when ids is true).' },
        ids: { type: 'boolean', default: false, description: 'IMPLEMENTATION DEFINED syndrome (ISS bit 24): no architected record.' },
        dfsc: { enum: [0, 17], default: 17, description: 'SError DFSC: 17 (0x11) asynchronous SError, 0 uncategorized (Linux treats it as UC).' },
        av: { type: 'boolean', default: true, description: 'ERR<n>STATUS.AV: the record holds the address.' },
        vcpu: int(0, 511, 0, 'vCPU of the VM that takes the SError.'),
      },
    },
    {
      additionalProperties: false,
      properties: {
        type: { const: 'ce', description: 'A corrected error in a granule: counted by the error record; an overflow raises a fault-handling interrupt.' },
      },
    },
  ],
  description: 'The hardware event an injection creates (flow.md §2).',
} as const;

/** Where a targeted injection lands. */
const target = {
  type: 'object',
  additionalProperties: false,
  properties: {
    vm: int(0, 9999, 0, 'VM index on the host.'),
    guestPa: address('Guest physical address in the VM.'),
    hostPa: address('Host physical address (may hit VMM-private memory).'),
    process: { anyOf: [{ type: 'integer', minimum: 0, maximum: 4095 }, { const: 'kernel' }], description: 'A guest process index, or "kernel": the page it uses.' },
    page: int(0, 0x7fff_ffff, 0, 'With process: virtual page index within the process (or kernel) space.'),
    offset: int(0, 65535, 0, 'With process: byte offset within that page.'),
    vmm: { type: 'boolean', default: false, description: "True: the VM's VMM-private memory (page and offset apply)." },
    hostMemory: { enum: ['kernel', 'free'], description: "The host kernel's own pages or the host's free pages (hosts.kernelMiB, hosts.freeMiB; page and offset apply, in host pages)." },
  },
  description: 'Exactly one of guestPa, hostPa, process, vmm or hostMemory (for an SError: optional, the address its record names).',
} as const;

const injection = {
  type: 'object',
  discriminator: { propertyName: 'kind' },
  required: ['kind'],
  oneOf: [
    {
      additionalProperties: false,
      required: ['perSecond'],
      properties: {
        kind: { const: 'rate', description: 'Errors at a constant rate per simulated second, uniform over host RAM (Poisson arrivals).' },
        perSecond: { type: 'number', exclusiveMinimum: 0, description: 'Mean errors per simulated second per host.' },
        event,
      },
    },
    {
      additionalProperties: false,
      required: ['probability'],
      properties: {
        kind: { const: 'per-access', description: 'Before a load or fetch, with probability p, poison the granule it is about to read, so it is consumed at once.' },
        probability: { type: 'number', exclusiveMinimum: 0, maximum: 1, description: 'Probability per load or fetch.' },
        event,
      },
    },
    {
      additionalProperties: false,
      required: ['atNs', 'count'],
      properties: {
        kind: { const: 'burst', description: 'count errors spread uniformly over [atNs, atNs + spreadNs).' },
        atNs: int(0, Number.MAX_SAFE_INTEGER, undefined, 'Simulated time of the first error.'),
        count: int(1, 1_000_000, undefined, 'Number of errors.'),
        spreadNs: int(0, Number.MAX_SAFE_INTEGER, 0, 'Length of the burst.'),
        host: int(0, 99999, 0, 'Host the burst hits.'),
        event,
      },
    },
    {
      additionalProperties: false,
      required: ['atNs', 'target'],
      properties: {
        kind: { const: 'targeted', description: 'One error at a time into a chosen address.' },
        atNs: int(0, Number.MAX_SAFE_INTEGER, undefined, 'Simulated time of the error.'),
        host: int(0, 99999, 0, 'Host.'),
        target,
        event,
      },
    },
  ],
  description: 'A source of hardware errors.',
} as const;

const scriptedAccess = {
  type: 'object',
  additionalProperties: false,
  required: ['address'],
  properties: {
    atNs: int(0, Number.MAX_SAFE_INTEGER, 0, 'Earliest simulated time of the access; the vCPU idles until then.'),
    host: int(0, 99999, 0, 'Host.'),
    vm: int(0, 9999, 0, 'VM.'),
    vcpu: int(0, 511, 0, 'vCPU of the VM.'),
    process: {
      anyOf: [{ type: 'integer', minimum: 0, maximum: 4095 }, { const: 'kernel' }, { const: 'vmm' }], default: 0,
      description: 'Guest process (EL0), "kernel" (guest EL1), or "vmm": the VMM thread of this vCPU (host EL0) reading its own memory.',
    },
    address: address('Guest virtual address in that process (or kernel) space; for "vmm", the byte offset in the VMM-private pages.'),
    kind: {
      enum: ['load', 'store', 'fetch', 'mask-serror', 'unmask-serror'], default: 'load',
      description: 'Access kind; mask-serror / unmask-serror set or clear the guest PSTATE.A at that time (no memory access).',
    },
  },
} as const;

/**
 * The scenario JSON Schema (draft-07) as an object: what `validateScenario` compiles. Users read it
 * as `packages/core/scenario.schema.json` (for editors) and docs/scenario.md; in TypeScript, a
 * validated scenario is a {@link Scenario}.
 *
 * Left out of the API reference: its type is the whole schema spelled out as nested literals,
 * and its content is documented by the two files above.
 *
 * @internal
 */
export const SCENARIO_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'rasflow-scenario',
  title: 'rasflow scenario',
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string', description: 'Editor hint; ignored.' },
    name: { type: 'string', default: 'scenario', description: 'Name shown in results.' },
    description: { type: 'string', default: '', description: 'One line for `rasflow examples`.' },
    seed: int(0, 0xffff_ffff, 1, 'Seed of every random stream.'),
    profile: { enum: ['seed', 'upstream'], default: 'seed', description: 'Default plugin set: seed (the 2017 cover letter) or upstream (Linux and QEMU today).' },
    durationNs: int(1, 2 ** 55, 1_000_000, 'Simulated time to run, in nanoseconds (beyond 2^53 ns, 104 days, only with time "sampled": times are then exact to 4 ns; 2^55 ns is 1.14 years).'),
    time: {
      enum: ['accesses', 'sampled'], default: 'accesses',
      description: 'accesses: every access of every vCPU is simulated. sampled: vCPUs do not step between events; when a granule is poisoned, the time until a context reads it, and which one, is drawn from the workload\'s access distribution, and only that read and its journey are simulated (fleet-years at field error rates; docs/scale.md says what the approximation keeps and loses).',
    },
    engine: {
      type: 'object', additionalProperties: false, default: {},
      properties: {
        batchSize: int(16, 65536, 1024, 'Accesses per workload batch. Results do not depend on it.'),
        sliceNs: int(1000, 2 ** 55, 100_000, 'Simulated-time slice: the vCPUs of a host run one after another through each slice (and up to each timed event), so one sees what another did at most one slice late; progress and stop checks happen at slice ends. Part of the digest.'),
        livelockRetries: int(1, 1_000_000, 16, 'Faults on the same access without progress before the context is declared livelocked.'),
        maxPoisonedPagesPerHost: int(1, 1 << 24, 65536, 'Capacity of the sparse poison map per host.'),
      },
      description: 'Engine settings.',
    },
    hosts: {
      type: 'object', additionalProperties: false, default: {},
      properties: {
        count: int(1, 100_000, 1, 'Number of hosts.'),
        pageSize: { enum: [4096, 65536], default: 4096, description: 'Host kernel page size.' },
        cpus: int(1, 4096, 64, 'Physical CPUs (PEs) per host; per-PE GHES sources are made for each.'),
        rebootNs: { anyOf: [{ type: 'integer', minimum: 0 }, { type: 'null' }], default: null, description: 'Time a panicked host takes to come back; null: it stays down.' },
        kernelMiB: int(0, 1 << 20, 0, "Host memory the host kernel holds for itself (slab, page tables, KVM's structures): memory_failure() cannot isolate it (MF_IGNORED)."),
        freeMiB: int(0, 1 << 20, 0, "Free host memory (the buddy allocator's pages): memory_failure() takes a free page out and nobody notices (MF_RECOVERED)."),
      },
      description: 'The hosts.',
    },
    vms: {
      type: 'object', additionalProperties: false, default: {},
      properties: {
        perHost: int(1, 10_000, 1, 'VMs per host.'),
        vcpus: int(1, 512, 2, 'vCPUs per VM.'),
        memoryMiB: int(1, 65536, 64, 'Guest RAM per VM in MiB.'),
        guestPageSize: { enum: [4096, 65536], default: 4096, description: 'Guest kernel page size.' },
        backing: { enum: ['page', 'thp', 'hugetlb-2m', 'hugetlb-1g'], default: 'page', description: 'How the host backs guest RAM.' },
        memoryBackend: {
          enum: ['anonymous', 'file'], default: 'anonymous',
          description: 'What guest RAM is to the host kernel: anonymous memory (QEMU memory-backend-ram; memfd behaves the same), or page cache of a file on a disk file system (memory-backend-file, share=on): memory_failure() drops a clean page, which is read back from the file, and kills for a dirty one.',
        },
        writebackNs: int(1, Number.MAX_SAFE_INTEGER, 5_000_000_000, 'With memoryBackend "file": how often the flusher writes all dirty pages back (Linux dirty_writeback_centisecs, 5 s).'),
        kernelPages: int(1, 1 << 24, 256, 'Guest pages owned by the guest kernel.'),
        processes: int(1, 4096, 4, 'Guest processes per VM.'),
        processPages: int(1, 1 << 24, 256, 'Pages per guest process.'),
        dataBacked: { type: 'boolean', default: false, description: 'Keep guest memory contents (stores and loads move real words).' },
        vmmPrivatePages: int(0, 1 << 20, 16, "Host pages of the VMM's own memory per VM."),
      },
      description: 'The VMs on every host.',
    },
    guest: {
      type: 'object', additionalProperties: false, default: {},
      properties: {
        restartNs: { anyOf: [{ type: 'integer', minimum: 0 }, { type: 'null' }], default: 1_000_000, description: 'Time before a killed process restarts on fresh pages; null: it stays dead.' },
        rebootNs: { anyOf: [{ type: 'integer', minimum: 0 }, { type: 'null' }], default: null, description: 'Time before a panicked guest reboots; null: it stays down.' },
      },
      description: 'Guest life cycle.',
    },
    workload: {
      type: 'object', default: { kind: 'random' },
      discriminator: { propertyName: 'kind' },
      required: ['kind'],
      oneOf: [
        { additionalProperties: false, properties: { kind: { const: 'random', description: 'Uniform random word addresses over each process (and the kernel).' }, ...mixFields() } },
        { additionalProperties: false, properties: { kind: { const: 'sequential', description: 'Each vCPU walks its process pages with a stride.' }, ...mixFields(), strideBytes: int(4, 65536, 64, 'Stride between accesses.') } },
        {
          additionalProperties: false,
          properties: {
            kind: { const: 'hot-set', description: 'Most accesses go to a small hot set of pages per process.' }, ...mixFields(),
            hotPages: int(1, 1 << 24, 16, 'Pages in the hot set.'),
            hotProbability: fraction(0.9, 'Probability that an access goes to the hot set.'),
          },
        },
        {
          additionalProperties: false,
          required: ['accesses'],
          properties: {
            kind: { const: 'scripted', description: 'Explicit accesses only; vCPUs idle between them.' },
            accessNs: int(1, 1_000_000, 1, 'Simulated time per access.'),
            accesses: { type: 'array', items: scriptedAccess, maxItems: 1_000_000, description: 'The accesses, in any order (sorted by time per vCPU).' },
          },
        },
      ],
      description: 'What the vCPUs do.',
    },
    injections: { type: 'array', items: injection, default: [], description: 'Hardware error sources.' },
    plugins: {
      type: 'object', additionalProperties: false, default: {},
      properties: {
        firmware: layerRef, hypervisor: layerRef, vmm: layerRef, guest: layerRef,
        workload: pluginRef,
        injectors: { type: 'array', items: pluginRef, default: [] },
        observers: { type: 'array', items: pluginRef, default: [] },
      },
      description: 'Plugins replacing the profile defaults per layer, plus extra injectors and observers.',
    },
  },
} as const;

function mixFields() {
  return {
    accessNs: int(1, 1_000_000, 1, 'Simulated time per access.'),
    storeFraction: fraction(0.3, 'Fraction of accesses that are stores.'),
    fetchFraction: fraction(0.1, 'Fraction that are instruction fetches.'),
    kernelFraction: fraction(0.1, 'Fraction made by the guest kernel at EL1.'),
  } as const;
}
