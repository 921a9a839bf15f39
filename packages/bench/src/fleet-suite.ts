/**
 * The fleet sweep: peak memory of 1, 10, 100 and 1,000 VMs of 4 vCPUs and 1 GiB guest RAM each
 * (examples/fleet-1000-vms.json and its scaled-down shapes, fleet-child.ts), one child process per
 * size, run one at a time. The target is 1,000 VMs in ≤ 2 GiB peak RSS.
 *
 * Why children: peak RSS only grows, so it must be measured in a process that ran that size and
 * nothing bigger; one at a time, so the sizes do not compete for memory (on a small machine two
 * at once could swap or be killed, and that would be measured instead). Peak RSS is an absolute
 * figure, not a ratio: memory does not suffer the timing noise the rate suites cancel with pairs.
 * The child's peak before its first host (node, modules, plugins) is reported beside it, as the
 * floor any run pays; the fleet's own share is the difference.
 *
 * The children run their hosts one after another in one thread (like `rasflow run --workers 1`),
 * so the peak is one host's state plus the results kept so far; with W workers W hosts are live
 * at once.
 */
import { spawn } from 'node:child_process';
import { freemem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { fleetScenario, type FleetChildReport } from './fleet-child.js';

export interface FleetOptions {
  /** VM counts to run (default FLEET_SIZES). */
  sizes?: number[];
  /** Simulated time per host, ns (default 40 µs: the example's). */
  durationNs?: number;
  progress?: (line: string) => void;
}

export interface FleetSize {
  vms: number;
  hosts: number;
  /** vCPUs per VM. */
  vcpus: number;
  /** Guest RAM per VM, GiB. */
  guestGiB: number;
  /** Peak resident set of the child that ran this size, MiB. */
  peakRssMiB: number;
  /** The child's peak before its first host was built, MiB: node, modules and plugins. */
  baseRssMiB: number;
  /** Simulation in the child (runHosts: hosts built, run and collected), s. */
  wallSeconds: number;
  /** The child from spawn to exit, s. */
  processSeconds: number;
  accesses: number;
}

export interface FleetResult {
  durationNs: number;
  sizes: FleetSize[];
  /** The issue's target for 1,000 VMs, MiB. */
  targetMiB: number;
  /** Whether the 1,000-VM size was within targetMiB; null when it was not run. */
  withinTarget: boolean | null;
}

export const FLEET_SIZES: readonly number[] = [1, 10, 100, 1000];
export const FLEET_TARGET_MIB = 2048;
const TARGET_VMS = 1000;

const CHILD = fileURLToPath(new URL('./fleet-child.js', import.meta.url));

function runChild(vms: number, durationNs: number): Promise<FleetChildReport & { processSeconds: number }> {
  return new Promise((done, fail) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, [CHILD, String(vms), String(durationNs)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => void (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => void (stderr += b.toString()));
    child.on('error', fail);
    child.on('close', (code, signal) => {
      const processSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
      if (code !== 0) return fail(new Error(`fleet: the ${vms}-VM child ended with ${signal ?? `exit ${code}`}: ${stderr.trim()}`));
      try {
        done({ ...(JSON.parse(stdout) as FleetChildReport), processSeconds });
      } catch {
        fail(new Error(`fleet: the ${vms}-VM child printed no report: ${stdout.slice(0, 200)}`));
      }
    });
  });
}

export async function runFleetSuite(o: FleetOptions = {}): Promise<FleetResult> {
  const sizes = [...(o.sizes ?? FLEET_SIZES)];
  const durationNs = o.durationNs ?? 40_000;
  for (const vms of sizes) fleetScenario(vms, durationNs); // a bad size or duration fails before any child runs
  const results: FleetSize[] = [];
  for (const vms of sizes) {
    // The target is 2 GiB: with less free than that a large size could push the machine into
    // the OOM killer, which would end more than this benchmark.
    const free = freemem() / 2 ** 20;
    if (vms >= 100 && free < FLEET_TARGET_MIB) {
      throw new Error(`fleet: only ${free.toFixed(0)} MiB free, not starting the ${vms}-VM child (it may need up to ${FLEET_TARGET_MIB} MiB)`);
    }
    const r = await runChild(vms, durationNs);
    const size: FleetSize = {
      vms: r.vms, hosts: r.hosts, vcpus: r.vcpus, guestGiB: r.guestGiB,
      peakRssMiB: r.maxRssKiB / 1024, baseRssMiB: r.baseRssKiB / 1024,
      wallSeconds: r.wallSeconds, processSeconds: r.processSeconds, accesses: r.accesses,
    };
    results.push(size);
    o.progress?.(`fleet: ${vms} VMs on ${r.hosts} host(s): peak RSS ${size.peakRssMiB.toFixed(0)} MiB ` +
      `(${size.baseRssMiB.toFixed(0)} MiB before the first host), ${r.accesses} accesses in ${r.wallSeconds.toFixed(2)} s`);
  }
  const target = results.find((s) => s.vms === TARGET_VMS);
  return { durationNs, sizes: results, targetMiB: FLEET_TARGET_MIB, withinTarget: target === undefined ? null : target.peakRssMiB <= FLEET_TARGET_MIB };
}

/** The fleet table: one row per size. */
export function formatFleet(r: FleetResult): string {
  const rows = [
    ['VMs', 'hosts', 'all vCPUs', 'all guest GiB', 'peak RSS MiB', 'before hosts', 'MiB / VM', 'sim s', 'process s', 'accesses'],
    ...r.sizes.map((s) => [
      String(s.vms), String(s.hosts), String(s.vms * s.vcpus), String(s.vms * s.guestGiB),
      s.peakRssMiB.toFixed(0), s.baseRssMiB.toFixed(0), ((s.peakRssMiB - s.baseRssMiB) / s.vms).toFixed(2),
      s.wallSeconds.toFixed(2), s.processSeconds.toFixed(2), String(s.accesses),
    ]),
  ];
  const widths = rows[0]!.map((_c, c) => Math.max(...rows.map((row) => row[c]!.length)));
  const lines = rows.map((row) => row.map((cell, c) => cell.padStart(widths[c]!)).join('  '));
  lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  const verdict = r.withinTarget === null ? `the ${TARGET_VMS}-VM size was not run`
    : `${TARGET_VMS} VMs ${r.withinTarget ? 'within' : 'ABOVE'} the ${r.targetMiB} MiB target`;
  return [
    `fleet: peak RSS per size, one child process each, hosts run one after another; ${r.durationNs / 1000} µs simulated per host`,
    ...lines,
    `${verdict} (MiB / VM: the peak above the child's floor before its first host, per VM)`,
  ].join('\n');
}
