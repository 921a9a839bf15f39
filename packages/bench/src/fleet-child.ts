/**
 * One size of the fleet sweep, in a process of its own: `node fleet-child.js <vms> <durationNs>`
 * builds the fleet scenario for that many VMs, runs it in this thread (parseScenario,
 * loadPluginSet, runHosts: the hosts one after another, as `rasflow run --workers 1` does) and
 * prints one JSON line, {@link FleetChildReport}, on stdout.
 *
 * A process per size because peak RSS (getrusage maxrss) only ever grows: measured in the
 * benchmark's own process, every size would report the largest one run before it. The child also
 * reports its peak just before the first host is built (node, the modules, the plugins), so a
 * reader can tell the fleet's memory from what any run pays.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { COUNT_KEYS, loadPluginSet, parseScenario, runHosts, type Scenario } from '@rasflow/core';

/** VMs per host: the shape of examples/fleet-1000-vms.json (10 hosts × 100 VMs). */
export const VMS_PER_HOST = 100;

const FLEET_EXAMPLE = fileURLToPath(new URL('../../../../examples/fleet-1000-vms.json', import.meta.url));

/** What the child prints. */
export interface FleetChildReport {
  vms: number;
  hosts: number;
  /** vCPUs per VM. */
  vcpus: number;
  /** Guest RAM per VM, GiB. */
  guestGiB: number;
  accesses: number;
  /** runHosts from the first host built to the last result collected, s. */
  wallSeconds: number;
  /** getrusage maxrss of the child at the end, KiB. */
  maxRssKiB: number;
  /** The same just before the first host was built (node, modules and plugins loaded), KiB. */
  baseRssKiB: number;
}

/**
 * examples/fleet-1000-vms.json scaled to `vms` VMs: up to 100 VMs on one host, beyond that hosts
 * of 100 (so 1,000 VMs is the example's own shape); every VM keeps its 4 vCPUs and 1 GiB.
 */
export function fleetScenario(vms: number, durationNs: number): Scenario {
  if (!Number.isInteger(vms) || vms < 1 || (vms > VMS_PER_HOST && vms % VMS_PER_HOST !== 0)) {
    throw new RangeError(`fleet: ${vms} VMs: give 1 … ${VMS_PER_HOST}, or a multiple of ${VMS_PER_HOST}`);
  }
  const json = JSON.parse(readFileSync(FLEET_EXAMPLE, 'utf8')) as Record<string, unknown>;
  delete json['$schema'];
  const perHost = Math.min(vms, VMS_PER_HOST);
  return parseScenario({
    ...json,
    name: `bench-fleet-${vms}-vms`,
    durationNs,
    hosts: { ...(json['hosts'] as object), count: vms / perHost },
    vms: { ...(json['vms'] as object), perHost },
  }, FLEET_EXAMPLE);
}

async function main(argv: readonly string[]): Promise<void> {
  const [vmsText, durationText] = argv;
  const vms = Number(vmsText);
  const durationNs = Number(durationText);
  if (!(durationNs > 0)) throw new RangeError(`usage: node fleet-child.js <vms> <durationNs> (got '${argv.join(' ')}')`);
  const s = fleetScenario(vms, durationNs);
  const plugins = await loadPluginSet(s, fileURLToPath(new URL('.', import.meta.url)));
  const baseRssKiB = process.resourceUsage().maxRSS;
  const out = runHosts(s, plugins, { baseDir: process.cwd() });
  if (!out.complete) throw new Error(`fleet: the ${vms}-VM run did not complete`);
  const report: FleetChildReport = {
    vms, hosts: s.hosts.count, vcpus: s.vms.vcpus, guestGiB: s.vms.memoryMiB / 1024,
    accesses: out.counts[COUNT_KEYS.indexOf('accesses')]!, wallSeconds: out.wallSeconds,
    maxRssKiB: process.resourceUsage().maxRSS, baseRssKiB,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

// Run as a script only: the suite imports this module for the scenario's shape.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`fleet-child: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  });
}
