/**
 * The trace of real runs is a valid Chrome Trace Event file. Bundled examples run with the default
 * plugins (real handler latencies, several vCPUs and hosts, parallel handling, SErrors dropped
 * together when their VM goes down), and their trace, after a JSON round trip as a viewer reads
 * it, passes validateTrace: fields per phase, nesting per thread, one 's' and one 'f' per flow,
 * every arrow bound to a slice, every process and thread named. Also: the same journeys give the
 * same bytes, every host is a process, and the counters count every journey.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { JourneyRecord } from '@rasflow/core';
import { buildTrace, validateTrace, type TraceEvent, type TraceFile } from '@rasflow/core/report';
import { readExample, runExample } from '../examples/example-run.js';

/** Runs of consecutive steps by one layer: a journey with two or more gets one flow. */
function runs(j: JourneyRecord): number {
  const steps = [...j.steps].sort((a, b) => a.atNs - b.atNs);
  return steps.filter((s, i) => i === 0 || s.layer !== steps[i - 1]!.layer).length;
}

for (const name of ['quickstart', 'clustered-serrors', 'guest-ghes-ack-race', 'sea-storm-duplicate-cache']) {
  test(`${name}: the trace of its journeys validates against the trace event format`, async () => {
    // quickstart cut to 12 simulated ms (its targeted errors come at 1, 4 and 6 ms) to keep the test quick
    const run = await runExample(name === 'quickstart' ? { ...readExample(name), durationNs: 12_000_000 } : readExample(name));
    assert.ok(run.journeys.length > 0, 'the example makes journeys');
    const options = { vcpusPerVm: run.scenario.vms.vcpus, scenarioName: name };
    const json = JSON.stringify(buildTrace(run.journeys, options));
    const trace = JSON.parse(json) as TraceFile;
    assert.deepEqual(validateTrace(trace), []);
    assert.equal(trace.displayTimeUnit, 'ns');
    assert.equal(JSON.stringify(buildTrace(structuredClone(run.journeys), options)), json, 'same journeys, same bytes');
    assert.deepEqual(
      { total: trace.otherData['journeysTotal'], inTrace: trace.otherData['journeysInTrace'], scenario: trace.otherData['scenario'] },
      { total: run.journeys.length, inTrace: run.journeys.length, scenario: name },
    );

    const ev: TraceEvent[] = trace.traceEvents;
    const hosts = [...new Set(run.journeys.map((j) => j.host))].sort((a, b) => a - b);
    const processes = ev.filter((e) => e.name === 'process_name').map((e) => [e.pid, (e.args as { name: string }).name]);
    assert.deepEqual(processes, hosts.map((h) => [h + 1, `host ${h}`]));

    // Every journey's steps are in some slice's args, once.
    const inSlices = ev.filter((e) => e.ph === 'X' && e.cat !== 'guest-view')
      .flatMap((e) => ((e.args as { steps: Array<{ journey?: string }> }).steps).map((s) => s.journey ?? (e.args as { journey: string }).journey));
    for (const j of run.journeys) assert.equal(inSlices.filter((id) => id === j.id).length, j.steps.length, `steps of ${j.id}`);

    const flowIds = new Set(ev.filter((e) => e.ph === 's').map((e) => e.id));
    assert.equal(flowIds.size, run.journeys.filter((j) => runs(j) >= 2).length, 'one flow per journey of two or more slices');

    const injected = ev.filter((e) => e.ph === 'C' && e.name === 'errors/ms')
      .reduce((sum, e) => sum + Object.values(e.args as Record<string, number>).reduce((a, b) => a + b, 0), 0);
    assert.equal(injected, run.journeys.length, 'errors/ms counts every journey once');
  });
}
