/**
 * The files `rasflow new-plugin <layer> <name>` writes: a plugin package that builds, passes its
 * test and runs with `rasflow run` as it is, outside the repository.
 *
 * The four RAS layers (firmware, hypervisor, vmm, guest) wrap the seed profile's plugin of their
 * layer and pass every hook to it, so a new plugin starts from a complete, tested behaviour and
 * changes one decision, marked `#region decision` in the generated source. Workloads, injectors
 * and observers start from a small plugin of their own (a memory scan, periodic SErrors, a
 * per-host summary): the bundled ones of those layers run the scenario's own sections and are
 * not a useful place to change one thing.
 *
 * Region markers (`// #region NAME` … `// #endregion NAME`) in the generated files are also what
 * docs/writing-plugins.md quotes, and what its tests compare the guide with, so the guide shows
 * exactly what users get. Generated code uses no template literals and no backticks, which keeps
 * this module's own template literals free of escapes.
 */
import type { Layer } from '../plugin/plugin-types.js';

/** Where the generated package finds rasflow: the checkout, since @rasflow/* is not published. */
export interface ScaffoldLinks {
  /** Absolute path of the checkout's packages/core (a file: dependency). */
  coreDir: string;
  /** Absolute path of the checkout's packages/plugins (a file: dependency of the RAS layers). */
  pluginsDir: string;
  /** Absolute path of the checkout's docs/ (named in the generated README). */
  docsDir: string;
  /** The workspace's typescript and @types/node versions, pinned in the generated devDependencies. */
  typescript: string;
  typesNode: string;
}

/** The scenario.plugins key a layer's plugin goes under. */
type PluginsKey = 'firmware' | 'hypervisor' | 'vmm' | 'guest' | 'workload' | 'injectors' | 'observers';

interface LayerTemplate {
  /** The bundled plugin the template wraps (a package subpath of @rasflow/plugins), if any. */
  wraps?: string;
  pluginsKey: PluginsKey;
  /** What the generated plugin does, and its decision to change (no leading article). */
  summary: string;
  source(name: string): string;
  test(name: string): string;
  /** scenario.json without name, description and the plugin's own entry. */
  scenario(name: string): Record<string, unknown>;
  /** The options scenario.json gives the plugin. */
  options(name: string): Record<string, unknown>;
  /** What the scenario shows (scenario.json's description starts with it). */
  shows: string;
  /** The plugin's part in the scenario, e.g. 'the VMM', 'an injector'. */
  role: string;
}

// ─── scenarios ────────────────────────────────────────────────────────────────────────────

const SMALL_VMS = { perHost: 1, vcpus: 1, memoryMiB: 4, kernelPages: 16, processes: 2, processPages: 16 };
const POISON_0X2040 = { kind: 'targeted', atNs: 10_000, target: { process: 0, page: 2, offset: 64 }, event: { type: 'poison' } };

/** flow.md §6 row S1: a guest process loads a poisoned granule (process 0, page 2, byte 64). */
function s1Scenario(): Record<string, unknown> {
  return {
    seed: 1,
    profile: 'seed',
    durationNs: 1_000_000,
    hosts: { count: 1, cpus: 4 },
    vms: SMALL_VMS,
    workload: { kind: 'scripted', accesses: [{ atNs: 100_000, process: 0, address: '0x2040' }] },
    injections: [POISON_0X2040],
  };
}

// ─── generated tests: the parts every layer shares ────────────────────────────────────────

function testHead(name: string, nodeImports = "import { readFileSync } from 'node:fs';\n"): string {
  return `// Runs scenario.json with the engine in this thread (no worker threads, no files written by
// rasflow) and checks what ${name} does. 'npm run build' compiles it to dist/test/.
import assert from 'node:assert/strict';
${nodeImports}import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadPluginSet, parseScenario, runHosts, type JourneyRecord } from '@rasflow/core';

/** The package root: scenario.json's relative plugin path resolves against it. */
const root = fileURLToPath(new URL('../../', import.meta.url));

/** A scenario file of this package, parsed (the engine validates it). */
function scenarioFile(file: string): Record<string, any> {
  return JSON.parse(readFileSync(root + file, 'utf8')) as Record<string, any>;
}

// #region run
/** Validates a scenario, loads its plugins and runs every host in this thread. */
async function run(scenario: Record<string, unknown>): Promise<JourneyRecord[]> {
  const s = parseScenario(scenario);
  const plugins = await loadPluginSet(s, root);
  const out = runHosts(s, plugins, { baseDir: root, keepJourneys: true });
  assert.ok(out.complete, 'the run completed');
  return out.hosts.flatMap((h) => h.records ?? []);
}
// #endregion run

/** A journey's steps, one per line, for assertion messages. */
function stepsOf(j: JourneyRecord): string {
  return j.steps.map((s) => '  ' + s.layer + ':' + s.action + (s.text === undefined ? '' : ' (' + s.text + ')')).join('\\n');
}
`;
}

function badOptionTest(key: PluginsKey, options: string, path: string): string {
  const entry = key === 'injectors' || key === 'observers' ? `${key}[0]` : key;
  const pattern = `plugins\\.${entry.replace('[', '\\[').replace(']', '\\]')}\\.options\\.${path.replace(/\./g, '\\.')}`;
  return `
test('a bad option is refused before the run, naming its path', { timeout: 60_000 }, async () => {
  const s = scenarioFile('scenario.json');
  s['plugins'].${entry}.options = ${options};
  await assert.rejects(run(s), /${pattern}/);
});
`;
}

function baselineTest(name: string, key: PluginsKey): string {
  return `
test('baseline.json is scenario.json without ${name}', () => {
  // rasflow compare only shows the plugin's effect if the two runs differ by the plugin alone.
  const ours = scenarioFile('scenario.json');
  const base = scenarioFile('baseline.json');
  const plugins = { ...ours['plugins'] };
  delete plugins['${key}'];
  const rest = (s: Record<string, any>, p: unknown) => ({ ...s, name: '', description: '', plugins: p });
  assert.deepEqual(rest(ours, plugins), rest(base, base['plugins'] ?? {}));
});
`;
}

/** The test of a RAS-layer wrapper: the S1 journey passes the plugin and ends as expected. */
function rasTest(name: string, role: string, key: PluginsKey, badOption: string, badPath: string): string {
  return testHead(name) + `
// #region expected
// What the poisoned load ends as with ${name} as ${role} (an outcome of flow.md §7). As
// generated, the plugin decides as the seed profile's does and the guest kills the process
// that consumed the poison (flow.md §6 S1). Change it when you change the decision.
const EXPECTED_OUTCOME = 'guest-app-killed';
// #endregion expected

test('the poisoned load ends as EXPECTED_OUTCOME, with ${name} on its path', { timeout: 60_000 }, async () => {
  const journeys = await run(scenarioFile('scenario.json'));
  assert.equal(journeys.length, 1, 'one error, one journey');
  const j = journeys[0]!;
  assert.ok(j.steps.some((s) => s.text?.includes('${name}')), 'a step names ${name} (a note or a reason it gave):\\n' + stepsOf(j));
  assert.equal(j.outcome, EXPECTED_OUTCOME, 'the journey:\\n' + stepsOf(j));
});
` + badOptionTest(key, badOption, badPath) + baselineTest(name, key);
}

// ─── firmware ─────────────────────────────────────────────────────────────────────────────

function firmwareSource(name: string): string {
  return `/**
 * ${name}: an EL3 firmware plugin for rasflow. With SCR_EL3.EA=1 every external abort and
 * physical SError traps to EL3 first: firmware reads the PE's RAS error record, writes a CPER
 * record into a host GHES block, and fakes the exception into EL2 for KVM (flow.md §3.1).
 *
 * This plugin wraps the seed profile's firmware (@rasflow/plugins/seed/firmware) and passes
 * every hook to it, so as generated it decides exactly as the default firmware does. The one
 * decision meant to be changed lies between '#region decision' and '#endregion decision' below;
 * README.md shows how to see a change with rasflow compare. To start from the upstream profile
 * (SDEI for SErrors), import '@rasflow/plugins/upstream/firmware' instead.
 *
 * Hooks run synchronously inside a simulated error journey and must not keep 'ctx' after they
 * return: the engine reuses one context object for every call.
 */
import { defineFirmwarePlugin, type FirmwareHooks } from '@rasflow/core';
import type { FirmwareOptions } from '@rasflow/plugins';
import seedFirmware from '@rasflow/plugins/seed/firmware';

/** This plugin's options as create() receives them: validated, defaults filled in. */
export interface Options {
  /** Options of the wrapped seed firmware (ackPolicy, serror routing, latencyNs, …). */
  base: FirmwareOptions;
}

export default defineFirmwarePlugin<Options>({
  name: '${name}',
  description: 'The seed EL3 firmware, with one decision of its own.',
  // #region options
  // JSON Schema (draft-07) of the scenario's plugins.firmware.options. rasflow checks the options
  // against it before any host runs and fills in the defaults; a bad value stops the run naming
  // plugins.firmware.options.<path>, the value found and what is allowed. The wrapped firmware's
  // own schema sits under 'base', so its options are checked the same way.
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      base: { ...seedFirmware.optionsSchema, default: {} },
    },
  },
  // #endregion options
  create(options, env) {
    // Runs once per simulated host: what is made here is that host's state.
    const base = seedFirmware.create(options.base, env);
    const hooks: FirmwareHooks = {
      /** The host GHES error sources this firmware publishes in the HEST (seed: SEA, SEI, GPIO per PE). */
      hostSources: base.hostSources,
      /** Corrected errors per fault-handling interrupt (ERR<n>MISC0.CEC preset); 0: when the counter wraps. */
      ceThreshold: base.ceThreshold,

      /**
       * A synchronous external abort reached EL3: a load or an instruction fetch consumed
       * poison, in a guest or in the VMM. ctx.record is the PE's error record (ERR<n>STATUS,
       * ERR<n>ADDR), ctx.exception says how and where it was taken.
       */
      onSyncExternalAbort(ctx) {
        // #region decision
        // The seed firmware halts on an uncontainable (UC) record, writes a CPER memory error
        // into the host's SEA source (GHESv2: once the OS acked the previous record) and fakes
        // the SEA into EL2 (ESR_EL2 0x92000010 for a load) for KVM. To decide otherwise for
        // errors taken in a guest, replace the two lines in the block, e.g. with
        // 'return ctx.halt("${name}: ...");' to stop the platform.
        if (ctx.exception.inGuest) {
          ctx.note('${name}: guest SEA handled as seed-firmware does');
          return base.onSyncExternalAbort(ctx);
        }
        // #endregion decision
        base.onSyncExternalAbort(ctx);
      },

      /**
       * A physical SError reached EL3, whatever the guest's PSTATE.A: an asynchronous error
       * with AET CE, UEO, UER, UEU or UC (ctx.exception.serrorIss), or an IMPLEMENTATION
       * DEFINED syndrome. Seed: CPER into the SEI source and the SError faked into EL2.
       */
      onSError(ctx) {
        base.onSError(ctx);
      },

      // #region state
      // Checkpoints (rasflow run --checkpoint-every) save every plugin's state between two
      // slices and rasflow resume puts it back: keep each field that outlives a hook here.
      saveState: () => ({ base: base.saveState?.() }),
      loadState(state) {
        base.loadState?.((state as { base?: unknown }).base);
      },
      // #endregion state
    };
    // Optional hooks are passed on only when the wrapped plugin has them: for a hook a plugin
    // lacks, the engine does something of its own.
    /** A corrected-error counter overflowed: the fault-handling interrupt (a corrected CPER, GPIO source). */
    if (base.onCorrectedOverflow) hooks.onCorrectedOverflow = base.onCorrectedOverflow.bind(base);
    /** An EL3 timer the wrapped firmware armed (ctx.setTimer) expired. */
    if (base.onTimer) hooks.onTimer = base.onTimer.bind(base);
    return hooks;
  },
});
`;
}

// ─── hypervisor ───────────────────────────────────────────────────────────────────────────

function hypervisorSource(name: string): string {
  return `/**
 * ${name}: a hypervisor plugin for rasflow: KVM at EL2 and the host kernel's APEI/GHES driver
 * and memory_failure() (the host runs at EL2, VHE). It takes what firmware faked into EL2,
 * decides what the error means for the host, and tells the VMM with a SIGBUS (flow.md §3.2).
 *
 * This plugin wraps the seed profile's hypervisor (@rasflow/plugins/seed/hypervisor) and passes
 * every hook to it, so as generated it decides exactly as the default one does. The one decision
 * meant to be changed lies between '#region decision' and '#endregion decision' below; README.md
 * shows how to see a change with rasflow compare. To start from today's Linux instead, import
 * '@rasflow/plugins/upstream/hypervisor'.
 *
 * Hooks run synchronously inside a simulated error journey and must not keep 'ctx' after they
 * return: the engine reuses one context object for every call.
 */
import { defineHypervisorPlugin, type HypervisorHooks } from '@rasflow/core';
import type { HypervisorOptions } from '@rasflow/plugins';
import seedHypervisor from '@rasflow/plugins/seed/hypervisor';

/** This plugin's options as create() receives them: validated, defaults filled in. */
export interface Options {
  /** Options of the wrapped seed hypervisor (unusableRecord, seaToUser, latencies, …). */
  base: HypervisorOptions;
}

export default defineHypervisorPlugin<Options>({
  name: '${name}',
  description: 'The seed KVM and host kernel, with one decision of their own.',
  // #region options
  // JSON Schema (draft-07) of the scenario's plugins.hypervisor.options. rasflow checks the
  // options against it before any host runs and fills in the defaults; a bad value stops the run
  // naming plugins.hypervisor.options.<path>, the value found and what is allowed. The wrapped
  // plugin's own schema sits under 'base', so its options are checked the same way.
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      base: { ...seedHypervisor.optionsSchema, default: {} },
    },
  },
  // #endregion options
  create(options, env) {
    // Runs once per simulated host: what is made here is that host's state.
    const base = seedHypervisor.create(options.base, env);
    const hooks: HypervisorHooks = {
      /**
       * KVM's handle_guest_sea(): firmware faked a synchronous external abort from the guest
       * into EL2. ctx.esrEl2, ctx.farEl2 and ctx.faultIpa say what faulted; ctx.apeiRead reads a
       * host GHES source as the host's GHES driver does.
       */
      onGuestSea(ctx) {
        // #region decision
        // The seed host reads and acks the SEA source; a fatal record panics the host; a
        // recoverable record with an address goes to memory_failure(), which poisons the host
        // page, unmaps it from stage 2 and sends SIGBUS BUS_MCEERR_AR to the vCPU's VMM thread;
        // no usable record becomes a virtual SError. To decide otherwise, replace the two lines
        // below, e.g. with 'return ctx.hostPanic("${name}: ...");'.
        ctx.note('${name}: guest SEA handled as seed-hypervisor does');
        base.onGuestSea(ctx);
        // #endregion decision
      },

      /**
       * An SError from the guest reached EL2: KVM classifies its ESR (IDS, DFSC, AET). Seed:
       * handle_guest_sei() lets host APEI read the SEI source, memory_failure() and SIGBUS
       * BUS_MCEERR_AO; upstream only classifies.
       */
      onGuestSError(ctx) {
        base.onGuestSError(ctx);
      },

      /**
       * A guest access hit a page already unmapped from stage 2 because it is hwpoisoned: KVM
       * sends SIGBUS BUS_MCEERR_AR to the VMM without firmware (ctx.faultHostPage).
       */
      onStage2Fault(ctx) {
        base.onStage2Fault(ctx);
      },

      // #region state
      // Checkpoints (rasflow run --checkpoint-every) save every plugin's state between two
      // slices and rasflow resume puts it back: keep each field that outlives a hook here.
      saveState: () => ({ base: base.saveState?.() }),
      loadState(state) {
        base.loadState?.((state as { base?: unknown }).base);
      },
      // #endregion state
    };
    // Optional hooks are passed on only when the wrapped plugin has them: for a hook a plugin
    // lacks, the engine does something of its own (e.g. KVM's own set-syndrome rule).
    /** An error taken in host context (the VMM's own access) reached the host kernel: do_sea(). */
    if (base.onHostSea) hooks.onHostSea = base.onHostSea.bind(base);
    /** A polled, GSIV or GPIO GHES source has a record (corrected errors): the host's GHES driver. */
    if (base.onGhesInterrupt) hooks.onGhesInterrupt = base.onGhesInterrupt.bind(base);
    /** The SDEI event of a host GHES source was dispatched (upstream firmware). */
    if (base.onSdeiEvent) hooks.onSdeiEvent = base.onSdeiEvent.bind(base);
    /** The VMM's set-syndrome call (KVM_ARM_SET_SERROR_ESR): 0, or a negative errno. */
    if (base.setSErrorEsr) hooks.setSErrorEsr = base.setSErrorEsr.bind(base);
    return hooks;
  },
});
`;
}

// ─── vmm ──────────────────────────────────────────────────────────────────────────────────

function vmmSource(name: string): string {
  return `/**
 * ${name}: a VMM plugin for rasflow. The VMM is the QEMU-like host process that runs a VM's vCPU
 * threads; it hears of an error as a SIGBUS from the host kernel, records it in the guest's GHES
 * block and tells the guest with an injected abort or a virtual SError (flow.md §3.3).
 *
 * This plugin wraps the seed profile's VMM (@rasflow/plugins/seed/vmm) and passes every hook to
 * it, so as generated it decides exactly as the default VMM does. The one decision meant to be
 * changed lies between '#region decision' and '#endregion decision' below; README.md shows how to
 * see a change with rasflow compare. To start from what QEMU does today instead, import
 * '@rasflow/plugins/upstream/vmm'.
 *
 * Hooks run synchronously inside a simulated error journey and must not keep 'ctx' after they
 * return: the engine reuses one context object for every call.
 */
import { BUS_MCEERR_AR, defineVmmPlugin, type VmmHooks } from '@rasflow/core';
import type { VmmOptions } from '@rasflow/plugins';
import seedVmm from '@rasflow/plugins/seed/vmm';

/** This plugin's options as create() receives them: validated, defaults filled in. */
export interface Options {
  /** Options of the wrapped seed VMM (busyPolicy, actionOptional, latencyNs, …). */
  base: VmmOptions;
}

export default defineVmmPlugin<Options>({
  name: '${name}',
  description: 'The seed VMM, with one decision of its own.',
  // #region options
  // JSON Schema (draft-07) of the scenario's plugins.vmm.options. rasflow checks the options
  // against it before any host runs and fills in the defaults; a bad value stops the run naming
  // plugins.vmm.options.<path>, the value found and what is allowed. The wrapped VMM's own
  // schema sits under 'base', so its options are checked the same way.
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      base: { ...seedVmm.optionsSchema, default: {} },
    },
  },
  // #endregion options
  create(options, env) {
    // Runs once per simulated host: what is made here is that host's state.
    const base = seedVmm.create(options.base, env);
    const hooks: VmmHooks = {
      /** The GHES error sources this VMM publishes in the guest's HEST (seed: SEA and SEI). */
      guestSources: base.guestSources,

      /**
       * A SIGBUS from the host kernel reached this VM's VMM. si_code BUS_MCEERR_AR (4): a vCPU
       * consumed poison and memory_failure() took the page (action required, on that vCPU's
       * thread); BUS_MCEERR_AO (5): a page went bad before anyone consumed it (action
       * optional); any other code: a plain SIGBUS. sig.hostVa is si_addr, the VMM's address.
       */
      onSigbus(ctx, sig) {
        // #region decision
        // BUS_MCEERR_AR: the seed VMM turns si_addr into a guest physical address, writes a
        // CPER memory error into the guest's SEA source (or exits if the guest has not acked
        // the previous one, flow.md §6 S5) and injects a synchronous external abort into the
        // vCPU (ESR_EL1 0x92000410 at EL0), so the guest kills the process (S1). To decide
        // otherwise, replace the two lines in the block, e.g. with
        // 'return ctx.terminateVm("${name}: ...");'.
        if (sig.code === BUS_MCEERR_AR) {
          ctx.note('${name}: action-required SIGBUS handled as seed-vmm does');
          return base.onSigbus(ctx, sig);
        }
        // #endregion decision
        base.onSigbus(ctx, sig);
      },

      // #region state
      // Checkpoints (rasflow run --checkpoint-every) save every plugin's state between two
      // slices and rasflow resume puts it back: keep each field that outlives a hook here.
      saveState: () => ({ base: base.saveState?.() }),
      loadState(state) {
        base.loadState?.((state as { base?: unknown }).base);
      },
      // #endregion state
    };
    // Optional hooks are passed on only when the wrapped plugin has them: for a hook a plugin
    // lacks, the engine does something of its own.
    /** KVM_EXIT_ARM_SEA (KVM_CAP_ARM_SEA_TO_USER): KVM hands over an SEA it found no record for. */
    if (base.onSeaExit) hooks.onSeaExit = base.onSeaExit.bind(base);
    return hooks;
  },
});
`;
}

// ─── guest ────────────────────────────────────────────────────────────────────────────────

function guestSource(name: string): string {
  return `/**
 * ${name}: a guest kernel plugin for rasflow (Linux-like). The guest takes the abort or virtual
 * SError the VMM or KVM injected, reads and acks its GHES block, offlines the page with its own
 * memory_failure(), and kills a process or panics (flow.md §3.4).
 *
 * This plugin wraps the seed profile's guest (@rasflow/plugins/seed/guest) and passes every hook
 * to it, so as generated it decides exactly as the default guest does. The one decision meant to
 * be changed lies between '#region decision' and '#endregion decision' below; README.md shows how
 * to see a change with rasflow compare. To start from today's Linux guest instead (no SEI),
 * import '@rasflow/plugins/upstream/guest'.
 *
 * Hooks run synchronously inside a simulated error journey and must not keep 'ctx' after they
 * return: the engine reuses one context object for every call.
 */
import { defineGuestPlugin, type GuestHooks } from '@rasflow/core';
import type { GuestOptions } from '@rasflow/plugins';
import seedGuest from '@rasflow/plugins/seed/guest';

/** This plugin's options as create() receives them: validated, defaults filled in. */
export interface Options {
  /** Options of the wrapped seed guest (earlyKill, ackRecords, latencyNs, …). */
  base: GuestOptions;
}

export default defineGuestPlugin<Options>({
  name: '${name}',
  description: 'The seed guest kernel, with one decision of its own.',
  // #region options
  // JSON Schema (draft-07) of the scenario's plugins.guest.options. rasflow checks the options
  // against it before any host runs and fills in the defaults; a bad value stops the run naming
  // plugins.guest.options.<path>, the value found and what is allowed. The wrapped guest's own
  // schema sits under 'base', so its options are checked the same way.
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      base: { ...seedGuest.optionsSchema, default: {} },
    },
  },
  // #endregion options
  create(options, env) {
    // Runs once per simulated host: what is made here is that host's state.
    const base = seedGuest.create(options.base, env);
    const hooks: GuestHooks = {
      /**
       * The guest kernel took a synchronous external abort (ESR_EL1 EC 0x24/0x25). ctx.el says
       * whether a process (0) or the kernel (1) was running, ctx.pid which process;
       * ctx.readSource reads the guest's GHES block.
       */
      onSea(ctx) {
        // #region decision
        // At EL0 the seed guest reads its SEA source, acks it, offlines the page with
        // memory_failure() and kills the process with SIGBUS BUS_MCEERR_AR (flow.md §6 S1); at
        // EL1 the kernel consumed poison and panics (S2). To decide otherwise at EL0, replace
        // the two lines in the block, e.g. with 'return ctx.panic("${name}: ...");'.
        if (ctx.el === 0) {
          ctx.note('${name}: SEA at EL0 handled as seed-guest does');
          return base.onSea(ctx);
        }
        // #endregion decision
        base.onSea(ctx);
      },

      /**
       * The guest took an SError: a virtual SError, once its PSTATE.A was clear. Seed: a
       * recoverable record with an address in the SEI source offlines the page; otherwise the
       * ESR_EL1 syndrome decides (CE and UEO continue, the rest panic).
       */
      onSError(ctx) {
        base.onSError(ctx);
      },

      // #region state
      // Checkpoints (rasflow run --checkpoint-every) save every plugin's state between two
      // slices and rasflow resume puts it back: keep each field that outlives a hook here.
      saveState: () => ({ base: base.saveState?.() }),
      loadState(state) {
        base.loadState?.((state as { base?: unknown }).base);
      },
      // #endregion state
    };
    // Optional hooks are passed on only when the wrapped plugin has them: for a hook a plugin
    // lacks, the engine does something of its own.
    /** A process touched a page whose PTE the guest's memory_failure() poisoned (late kill). */
    if (base.onPoisonedPte) hooks.onPoisonedPte = base.onPoisonedPte.bind(base);
    return hooks;
  },
});
`;
}

// ─── workload ─────────────────────────────────────────────────────────────────────────────

function workloadSource(name: string): string {
  return `/**
 * ${name}: a workload plugin for rasflow. A workload is what the guest's vCPUs do between
 * errors: the stream of loads, stores and instruction fetches in which poison is found.
 *
 * vCPU v runs guest process v mod processes, which reads its address space in order,
 * 'strideBytes' apart, wrapping at the end: a memory scan, which finds a latent error within one
 * pass. The decision meant to be changed, what access number n is, lies between
 * '#region decision' and '#endregion decision' below.
 */
import { defineWorkloadPlugin, OP_LOAD, type WorkloadHooks } from '@rasflow/core';

/** This plugin's options as create() receives them: validated, defaults filled in. */
export interface Options {
  /** Bytes between two accesses of the scan. */
  strideBytes: number;
}

export default defineWorkloadPlugin<Options>({
  name: '${name}',
  description: "Each vCPU scans its process's memory in order.",
  // #region options
  // JSON Schema (draft-07) of the scenario's plugins.workload.options. rasflow checks the options
  // against it before any host runs and fills in the defaults; a bad value stops the run naming
  // plugins.workload.options.<path>, the value found and what is allowed.
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      strideBytes: {
        type: 'integer', minimum: 4, maximum: 65536, multipleOf: 4, default: 64,
        description: 'Bytes between two accesses (a multiple of 4: every access is a 32-bit word).',
      },
    },
  },
  // #endregion options
  create(options) {
    // Runs once per simulated host. Everything fill() needs is computed here: fill() is the
    // engine's hot path and must not allocate.
    const stride = options.strideBytes;
    const hooks: WorkloadHooks = {
      // #region fill
      /**
       * Fills 'batch' with up to 'count' accesses of the vCPU in 'ctx', numbered first,
       * first + 1, … (the vCPU's access counter). One call per batch of up to thousands of
       * accesses: write the batch's typed arrays, allocate nothing. Access n must be the same
       * whatever 'count' is: a batch stops at the access that consumes poison, and the next
       * fill starts again from that access.
       */
      fill(ctx, batch, first, count) {
        const span = ctx.processBytes;
        const n = Math.min(count, batch.capacity);
        const addr = batch.addr;
        const flags = batch.flags;
        // #region decision
        // Access n is a 32-bit load at EL0 from byte (n × strideBytes) mod processBytes of the
        // process's address space. Add FLAG_EL1 to a flag for a kernel access (its address is
        // then in the kernel's space, ctx.kernelBytes), or use OP_STORE / OP_FETCH for another
        // kind; keep the address a function of n. ((first mod span) × stride stays below 2^53.)
        let offset = ((first % span) * stride) % span;
        for (let i = 0; i < n; i++) {
          addr[i] = offset;
          flags[i] = OP_LOAD;
          offset += stride;
          if (offset >= span) offset %= span;
        }
        batch.pid = ctx.vcpu % ctx.processes;
        // #endregion decision
        batch.length = n;
        batch.timed = false;
      },
      // #endregion fill

      /**
       * Scenarios with "time": "sampled" simulate no access until poison is read, and draw when
       * from this: the probability that one access of the vCPU is a load of a word in page
       * 'page' of address space 'space' (a pid, or -1 for the kernel's). The scan reads its own
       * process, every page in turn (for strides up to 64 bytes; a longer one skips granules,
       * which sampled time does not model). Keep it in step with fill(), or delete it: a
       * workload without readShare cannot run in sampled time.
       */
      readShare(ctx, space) {
        if (space !== ctx.vcpu % ctx.processes || !ctx.processAlive(space)) return 0;
        return 2 ** ctx.guestPageShift / ctx.processBytes;
      },
      // No saveState/loadState: fill() depends only on 'first' and the options, so there is
      // nothing to checkpoint.
    };
    return hooks;
  },
});
`;
}

function workloadTest(name: string): string {
  return testHead(name) + `
// #region expected
// What the poisoned load ends as: the scan reaches the poisoned granule (process 0, page 2,
// byte 64, guest VA 0x2040) and the seed guest kills the process (flow.md §6 S1).
const EXPECTED_OUTCOME = 'guest-app-killed';
// #endregion expected

test('the scan consumes the poisoned granule at 0x2040', { timeout: 60_000 }, async () => {
  const journeys = await run(scenarioFile('scenario.json'));
  assert.equal(journeys.length, 1, 'one error, one journey');
  const j = journeys[0]!;
  assert.equal(j.va, '0x2040', 'the access that consumed the poison:\\n' + stepsOf(j));
  assert.equal(j.outcome, EXPECTED_OUTCOME, 'the journey:\\n' + stepsOf(j));
});
` + badOptionTest('workload', '{ strideBytes: 3 }', 'strideBytes') + baselineTest(name, 'workload');
}

// ─── injector ─────────────────────────────────────────────────────────────────────────────

function injectorSource(name: string): string {
  return `/**
 * ${name}: an injector plugin for rasflow. An injector is where hardware errors come from: it
 * schedules events in simulated time and, when one is due, makes poison, a physical SError or a
 * corrected error through its context (flow.md §2).
 *
 * This one signals 'count' asynchronous SErrors of type 'aet' to one vCPU, 'everyNs' apart; the
 * error record of each names a page the vCPU's current process uses. The decision meant to be
 * changed, which error and where, lies between '#region decision' and '#endregion decision'.
 */
import { defineInjectorPlugin, type InjectorHooks } from '@rasflow/core';

/** This plugin's options as create() receives them: validated, defaults filled in. */
export interface Options {
  everyNs: number;
  count: number;
  vm: number;
  vcpu: number;
  aet: 'CE' | 'UEO' | 'UER' | 'UEU' | 'UC';
}

export default defineInjectorPlugin<Options>({
  name: '${name}',
  description: 'Periodic SErrors on one vCPU.',
  // #region options
  // JSON Schema (draft-07) of the scenario's plugins.injectors[k].options. rasflow checks the
  // options against it before any host runs and fills in the defaults; a bad value stops the run
  // naming plugins.injectors[k].options.<path>, the value found and what is allowed.
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      everyNs: { type: 'integer', minimum: 1, default: 100000, description: 'Simulated ns between two errors; the first comes after one interval.' },
      count: { type: 'integer', minimum: 0, maximum: 1000000, default: 3, description: 'Errors per host.' },
      vm: { type: 'integer', minimum: 0, default: 0, description: 'VM of the vCPU.' },
      vcpu: { type: 'integer', minimum: 0, default: 0, description: 'vCPU that takes the SErrors.' },
      aet: { enum: ['CE', 'UEO', 'UER', 'UEU', 'UC'], default: 'UEO', description: 'Error type in the SError syndrome (ESR ISS.AET).' },
    },
  },
  // #endregion options
  create(options) {
    // Runs once per simulated host: what is made here is that host's state.
    let sent = 0; // errors signalled so far on this host
    const hooks: InjectorHooks = {
      /** Time 0 of the host: schedule the first error (the tag comes back to fire()). */
      start(ctx) {
        if (options.count > 0) ctx.schedule(options.everyNs, 0);
      },

      /** An error scheduled with ctx.schedule() is due. */
      fire(ctx) {
        // #region decision
        // Which error, where: a physical SError on one vCPU, its record naming a page the
        // vCPU's current context uses (ctx.serror draws it from this injector's random stream).
        // ctx.poisonGuestPa or ctx.poisonProcessPage make poison instead, ctx.correctedError a
        // corrected error.
        ctx.serror(options.vm, options.vcpu, { aet: options.aet });
        // #endregion decision
        sent++;
        if (sent < options.count) ctx.schedule(ctx.nowNs + options.everyNs, 0);
      },

      // #region state
      // Checkpoints (rasflow run --checkpoint-every) save every plugin's state between two
      // slices and rasflow resume puts it back: 'sent' outlives a hook, so it is saved. (The
      // event scheduled next is in the engine's queue, which is saved with the host.)
      saveState: () => ({ sent }),
      loadState(state) {
        sent = (state as { sent: number }).sent;
      },
      // #endregion state
    };
    return hooks;
  },
});
`;
}

function injectorTest(name: string): string {
  return testHead(name) + `
// #region expected
// What each SError may end as. As generated, a UEO SError with an address: the seed flow records
// it in the guest's SEI source and the guest offlines the page, and a process that touches the
// page later is killed (flow.md §6 E2, late kill).
const EXPECTED_OUTCOMES = ['guest-page-offlined', 'guest-app-killed'];
// #endregion expected

test('${name} signals count SErrors, everyNs apart', { timeout: 60_000 }, async () => {
  const s = scenarioFile('scenario.json');
  const o = s['plugins'].injectors[0].options as { everyNs: number; count: number };
  const journeys = await run(s);
  const ours = journeys.filter((j) => j.steps[0]?.layer === 'injector' && j.steps[0]?.action === 'inject-serror');
  assert.deepEqual(ours.map((j) => j.atNs), Array.from({ length: o.count }, (_v, k) => (k + 1) * o.everyNs));
  for (const j of ours) assert.ok(EXPECTED_OUTCOMES.includes(j.outcome), j.outcome + ', the journey:\\n' + stepsOf(j));
});
` + badOptionTest('injectors', "{ aet: 'UE' }", 'aet') + baselineTest(name, 'injectors');
}

// ─── observer ─────────────────────────────────────────────────────────────────────────────

function observerSource(name: string): string {
  return `/**
 * ${name}: an observer plugin for rasflow. Observers see every journey once its outcome is final
 * and the end of each host's run; they report, and never change what happens.
 *
 * This one counts a host's journeys by outcome (flow.md §7) and their mean latency, and writes
 * them to '<dir>/host-<n>.json' when the host's run ends (a relative <dir> is in the run's output
 * directory, beside results.json). The decision meant to be changed, what
 * to count, lies between '#region decision' and '#endregion decision' below.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defineObserverPlugin, makeDirSync, type ObserverHooks } from '@rasflow/core';

/** This plugin's options as create() receives them: validated, defaults filled in. */
export interface Options {
  /**
   * Directory of the summaries; a relative one is in the run's output directory (\`rasflow run
   * --out\`), or where rasflow runs when the run has none (a run through the API).
   */
  dir: string;
}

export default defineObserverPlugin<Options>({
  name: '${name}',
  description: 'Journeys by outcome and their mean latency, one JSON file per host.',
  // #region options
  // JSON Schema (draft-07) of the scenario's plugins.observers[k].options. rasflow checks the
  // options against it before any host runs and fills in the defaults; a bad value stops the run
  // naming plugins.observers[k].options.<path>, the value found and what is allowed.
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      dir: { type: 'string', minLength: 1, default: '${name}', description: 'Directory of the per-host summaries (relative: in the run\\'s output directory).' },
    },
  },
  // #endregion options
  create(options, env) {
    // Runs once per simulated host: these counts are that host's.
    const outcomes: Record<string, number> = {};
    let journeys = 0;
    let reported = 0;
    let latencyNs = 0;
    const hooks: ObserverHooks = {
      /**
       * A journey's outcome is final: called when the host's run has ended, once per journey,
       * with a view the engine reuses (read what you need now, keep no reference to it).
       */
      onJourneyEnd(j) {
        // #region decision
        // What to count: every journey by outcome, and the latency (consumption or report →
        // outcome; -1 when nothing reported it) of those that were reported.
        journeys++;
        outcomes[j.outcome] = (outcomes[j.outcome] ?? 0) + 1;
        if (j.latencyNs >= 0) {
          reported++;
          latencyNs += j.latencyNs;
        }
        // #endregion decision
      },

      /** The host's run ended (complete, or stopped by a signal or an error): write the counts. */
      onRunEnd(summary) {
        const dir = resolve(env.outDir ?? '.', options.dir);
        makeDirSync(dir); // a level at a time: Node 20's recursive mkdir can spin on /proc
        const file = join(dir, 'host-' + env.host + '.json');
        const meanLatencyNs = reported > 0 ? latencyNs / reported : null;
        writeFileSync(file, JSON.stringify({ host: env.host, complete: summary.complete, journeys, outcomes, meanLatencyNs }, null, 2) + '\\n');
      },
      // No saveState/loadState: observers are called only once a host's run is over, never
      // between the slices a checkpoint is taken at.
    };
    return hooks;
  },
});
`;
}

function observerTest(name: string): string {
  const nodeImports = "import { mkdtempSync, readFileSync } from 'node:fs';\nimport { tmpdir } from 'node:os';\nimport { join } from 'node:path';\n";
  return testHead(name, nodeImports) + `
test('${name} counts the journeys the engine recorded, by outcome', { timeout: 60_000 }, async () => {
  const s = scenarioFile('scenario.json');
  const dir = mkdtempSync(join(tmpdir(), '${name}-'));
  s['plugins'].observers[0].options.dir = dir;
  const journeys = await run(s);
  const expected: Record<string, number> = {};
  for (const j of journeys) expected[j.outcome] = (expected[j.outcome] ?? 0) + 1;
  const summary = JSON.parse(readFileSync(join(dir, 'host-0.json'), 'utf8')) as { journeys: number; outcomes: Record<string, number> };
  assert.ok(journeys.length > 0, 'the scenario makes journeys');
  assert.equal(summary.journeys, journeys.length);
  assert.deepEqual(summary.outcomes, expected);
});
` + badOptionTest('observers', "{ dir: '' }", 'dir') + baselineTest(name, 'observers');
}

// ─── the layers ───────────────────────────────────────────────────────────────────────────

function ras(layer: 'firmware' | 'hypervisor' | 'vmm' | 'guest', role: string, source: (n: string) => string, badOption: string,
  badPath: string, summary: string): LayerTemplate {
  return {
    role,
    wraps: `@rasflow/plugins/seed/${layer}`,
    pluginsKey: layer,
    summary,
    source,
    test: (n) => rasTest(n, role, layer, badOption, badPath),
    scenario: s1Scenario,
    options: () => ({}),
    shows: 'One poisoned load by a guest process (flow.md §6 row S1)',
  };
}

export const TEMPLATES: Readonly<Record<Layer, LayerTemplate>> = {
  firmware: ras('firmware', 'the EL3 firmware', firmwareSource, "{ base: { ackPolicy: 'retry' } }", 'base.ackPolicy',
    'wraps seed-firmware; the decision to change: an SEA taken in a guest'),
  hypervisor: ras('hypervisor', 'KVM and the host kernel', hypervisorSource, "{ base: { syncMemoryFailure: 'later' } }", 'base.syncMemoryFailure',
    "wraps seed-hypervisor; the decision to change: KVM's handle_guest_sea()"),
  vmm: ras('vmm', 'the VMM', vmmSource, "{ base: { busyPolicy: 'retry' } }", 'base.busyPolicy',
    'wraps seed-vmm; the decision to change: SIGBUS BUS_MCEERR_AR for guest RAM'),
  guest: ras('guest', 'the guest kernel', guestSource, "{ base: { earlyKill: 'yes' } }", 'base.earlyKill',
    'wraps seed-guest; the decision to change: an SEA taken by a process'),
  workload: {
    role: 'the workload',
    pluginsKey: 'workload',
    summary: "each vCPU scans its process's memory; the decision to change: what access n is",
    source: workloadSource,
    test: workloadTest,
    scenario: () => ({
      seed: 1,
      profile: 'seed',
      durationNs: 200_000,
      hosts: { count: 1, cpus: 4 },
      vms: SMALL_VMS,
      // The scenario's own workload, which baseline.json runs: a scan too, with loads only.
      workload: { kind: 'sequential', strideBytes: 64, storeFraction: 0, fetchFraction: 0, kernelFraction: 0 },
      injections: [POISON_0X2040],
    }),
    options: () => ({ strideBytes: 64 }),
    shows: 'A memory scan that finds one poisoned granule (process 0, page 2, byte 64)',
  },
  injector: {
    role: 'an injector',
    pluginsKey: 'injectors',
    summary: 'periodic SErrors on one vCPU; the decision to change: which error, where',
    source: injectorSource,
    test: injectorTest,
    scenario: () => ({
      seed: 1,
      profile: 'seed',
      durationNs: 1_000_000,
      hosts: { count: 1, cpus: 4 },
      vms: SMALL_VMS,
      workload: { kind: 'random' },
      injections: [],
    }),
    options: () => ({ everyNs: 100_000, count: 3 }),
    shows: 'Three restartable SErrors (AET UEO) on vCPU 0, 100 µs apart, under a random workload',
  },
  observer: {
    role: 'an observer',
    pluginsKey: 'observers',
    summary: 'journeys by outcome and mean latency per host; the decision to change: what to count',
    source: observerSource,
    test: observerTest,
    scenario: () => ({
      seed: 1,
      profile: 'seed',
      durationNs: 1_000_000,
      hosts: { count: 1, cpus: 4 },
      vms: SMALL_VMS,
      workload: { kind: 'random' },
      injections: [{ kind: 'per-access', probability: 1e-5 }],
    }),
    options: (n) => ({ dir: `${n}-summary` }),
    shows: 'Poisoned loads found by a random workload (about one per 10^5 accesses)',
  },
};

// ─── JSON, package.json, README ───────────────────────────────────────────────────────────

/** JSON on one line with a space after ':' and ',' (the style of examples/*.json). */
function inline(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(inline).join(', ')}]`;
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>);
    return entries.length === 0 ? '{}' : `{ ${entries.map(([k, x]) => `${JSON.stringify(k)}: ${inline(x)}`).join(', ')} }`;
  }
  return JSON.stringify(v);
}

/** A scenario as examples/*.json are written: one line per field, lists of objects one item per line. */
function scenarioText(s: Record<string, unknown>): string {
  const lines = Object.entries(s).map(([k, v]) => {
    const key = `  ${JSON.stringify(k)}: `;
    if (Array.isArray(v) && v.length > 0 && v.every((x) => x !== null && typeof x === 'object')) {
      return `${key}[\n${v.map((x) => `    ${inline(x)}`).join(',\n')}\n  ]`;
    }
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && inline(v).length > 110) {
      const inner = Object.entries(v as Record<string, unknown>).map(([k2, x]) => {
        if (Array.isArray(x) && x.length > 0) return `    ${JSON.stringify(k2)}: [\n${x.map((y) => `      ${inline(y)}`).join(',\n')}\n    ]`;
        return `    ${JSON.stringify(k2)}: ${inline(x)}`;
      });
      return `${key}{\n${inner.join(',\n')}\n  }`;
    }
    return key + inline(v);
  });
  return `{\n${lines.join(',\n')}\n}\n`;
}

/** scenario.plugins with the new plugin in it. */
function pluginsWith(t: LayerTemplate, name: string): Record<string, unknown> {
  const entry = { module: `./dist/src/${name}.js`, options: t.options(name) };
  return { [t.pluginsKey]: t.pluginsKey === 'injectors' || t.pluginsKey === 'observers' ? [entry] : entry };
}

function packageJson(layer: Layer, name: string, t: LayerTemplate, links: ScaffoldLinks): string {
  const deps: Record<string, string> = { '@rasflow/core': `file:${links.coreDir}` };
  if (t.wraps !== undefined) deps['@rasflow/plugins'] = `file:${links.pluginsDir}`;
  const pkg = {
    name,
    version: '0.1.0',
    private: true,
    description: `A rasflow ${layer} plugin (${t.summary}).`,
    type: 'module',
    exports: { '.': { types: `./dist/src/${name}.d.ts`, default: `./dist/src/${name}.js` } },
    engines: { node: '>=20' },
    scripts: {
      build: 'tsc',
      test: `node --test dist/test/${name}.test.js`,
      sim: `rasflow run scenario.json --journeys --out out/${name}`,
      'sim:baseline': `rasflow run baseline.json --journeys --out out/without-${name}`,
      compare: `rasflow compare out/without-${name} out/${name}`,
    },
    dependencies: deps,
    devDependencies: { '@types/node': links.typesNode, typescript: links.typescript },
  };
  return JSON.stringify(pkg, null, 2) + '\n';
}

const TSCONFIG = `{
  "compilerOptions": {
    "target": "ES2022",
    "lib": ["ES2022"],
    "module": "NodeNext",
    "moduleResolution": "NodeNext",
    "types": ["node"],
    "strict": true,
    "noUncheckedIndexedAccess": true,
    "noImplicitOverride": true,
    "verbatimModuleSyntax": true,
    "rootDir": ".",
    "outDir": "dist",
    "declaration": true,
    "sourceMap": true,
    "skipLibCheck": true
  },
  "include": ["src", "test"]
}
`;

// npm 9 copied file: dependencies instead of linking them for a while (install-links=true); a
// copy of packages/core would have no node_modules of its own, so the link is asked for.
const NPMRC = `# @rasflow/core (and @rasflow/plugins) are file: links to a rasflow checkout: keep them links.
install-links=false
`;

const GITIGNORE = `node_modules/
dist/
out/
`;

function readme(layer: Layer, name: string, t: LayerTemplate, links: ScaffoldLinks): string {
  const checkout = links.coreDir.replace(/[\\/]packages[\\/]core$/, '');
  const wraps = t.wraps === undefined ? '' :
    ` It wraps \`${t.wraps}\` (the seed profile's ${layer}) and passes every hook to it, so as generated it` +
    ` behaves exactly like the default ${layer}.`;
  return `# ${name}

A rasflow ${layer} plugin, made by \`rasflow new-plugin ${layer} ${name}\` (${t.summary}).${wraps}

| file | what |
|---|---|
| \`src/${name}.ts\` | the plugin; the decision to change is between \`#region decision\` and \`#endregion decision\` |
| \`test/${name}.test.ts\` | runs \`scenario.json\` with the engine in one thread and checks the plugin's effect |
| \`scenario.json\` | ${t.shows}, with this plugin (\`./dist/src/${name}.js\`) |
| \`baseline.json\` | the same scenario without it, for \`rasflow compare\` |

${t.wraps === undefined ? '\`@rasflow/core\` is not published: \`package.json\` links it' : '\`@rasflow/core\` and \`@rasflow/plugins\` are not published: \`package.json\` links them'}
from the rasflow checkout at \`${checkout}\` (\`file:\` dependencies), whose own dependencies
resolve there. That checkout must be built (\`npm run setup\` in it). \`npm install\` fetches only
TypeScript and \`@types/node\`.

\`\`\`sh
npm install
npm run build           # tsc: src/ and test/ → dist/
npm test                # node --test dist/test/${name}.test.js
npm run sim             # rasflow run scenario.json → out/${name}
npm run sim:baseline    # rasflow run baseline.json → out/without-${name}
npm run compare         # rasflow compare out/without-${name} out/${name}
\`\`\`

To change what the plugin decides: edit the \`#region decision\` block of \`src/${name}.ts\`, make
the test expect what should happen now (its \`#region expected\` block, if it has one), then
\`npm run build && npm test\`, and \`npm run sim && npm run compare\` to see the difference from
the default in the same scenario. \`npx rasflow …\` runs any other rasflow command, e.g.
\`npx rasflow run scenario.json --profile upstream\` or \`npx rasflow esr 0x92000410\`.

The guide: \`${links.docsDir}/writing-plugins.md\` (hooks, contexts, costs, options, state,
testing). The flow as simulated, every bundled plugin's options: \`${links.docsDir}/ras-flow.md\`.
`;
}

/**
 * Every file of the package for `layer` and `name`, by path relative to the package directory,
 * in the order they are written. Pure: the same arguments give the same bytes.
 */
export function scaffoldFiles(layer: Layer, name: string, links: ScaffoldLinks): Map<string, string> {
  const t = TEMPLATES[layer];
  const base = t.scenario(name);
  const scenario = {
    $schema: './node_modules/@rasflow/core/scenario.schema.json',
    name,
    description: `${t.shows}, with ${name} as ${t.role}; baseline.json is the same without it.`,
    ...base,
    plugins: pluginsWith(t, name),
  };
  const baseline = {
    $schema: './node_modules/@rasflow/core/scenario.schema.json',
    name: `without-${name}`,
    description: `scenario.json without ${name}: what rasflow compare compares it with.`,
    ...base,
  };
  return new Map([
    ['package.json', packageJson(layer, name, t, links)],
    ['tsconfig.json', TSCONFIG],
    ['.npmrc', NPMRC],
    ['.gitignore', GITIGNORE],
    [`src/${name}.ts`, t.source(name)],
    [`test/${name}.test.ts`, t.test(name)],
    ['scenario.json', scenarioText(scenario)],
    ['baseline.json', scenarioText(baseline)],
    ['README.md', readme(layer, name, t, links)],
  ]);
}
