// examples/plugins/batching-firmware: the firmware puts the records of asynchronous errors (CE
// interrupts, UEO SErrors) into one host GHES block and raises one GHES interrupt per batch; the
// host handles every entry, each in the journey of the error it names, and every error ends as it
// does with the profile's firmware, which notifies the host once per error. A run killed with a
// batch open and resumed from its checkpoint ends with the uninterrupted digest.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUS_MCEERR_AO, type JourneyRecord } from '@rasflow/core';
import { exampleDir, killAndResume, readScenario, runInThread, type Run } from '../../helpers/run.js';

const NAME = 'batching-firmware';
const DIR = exampleDir(NAME);
type Json = Record<string, unknown>;
type Step = JourneyRecord['steps'][number];

interface FirmwareRef { module?: string; options: { windowNs: number; firmware: Json } }
const firmwareOf = (raw: Json): FirmwareRef => (raw['plugins'] as Record<string, FirmwareRef>)['firmware']!;

/** The scenario without the plugin: the profile's firmware with the same options (the CE threshold). */
function baseline(raw: Json): Json {
  const out = structuredClone(raw);
  (out['plugins'] as Json)['firmware'] = { options: firmwareOf(raw).options.firmware };
  return out;
}

/** The scenario with only the UEO SErrors injected before `beforeNs` (no corrected errors), run to `durationNs`. */
function onlySErrors(raw: Json, beforeNs: number, durationNs: number): Json {
  const out = structuredClone(raw);
  out['injections'] = (raw['injections'] as { kind: string; atNs?: number }[]).filter((i) => i.kind === 'targeted' && i.atNs! < beforeNs);
  out['durationNs'] = durationNs;
  return out;
}

const steps = (js: JourneyRecord[], layer: string, action: string): Step[] => js.flatMap((j) => j.steps.filter((s) => s.layer === layer && s.action === action));
const has = (j: JourneyRecord, layer: string, action: string): boolean => j.steps.some((s) => s.layer === layer && s.action === action);
const only = (j: JourneyRecord, layer: string, action: string): Step => {
  const found = j.steps.filter((s) => s.layer === layer && s.action === action);
  assert.equal(found.length, 1, `one ${layer}:${action} in the journey at ${j.atNs} ns`);
  return found[0]!;
};
/** The host's GHES reads: the driver acks each block it read once, so one ack is one notification. */
const notifications = (run: Run): number => steps(run.journeys, 'hypervisor', 'apei-ack').length;
/** An error by what was injected, the same in both runs. */
const key = (j: JourneyRecord): string => `${j.event}@${j.atNs}:${j.vm}`;
const serrors = (run: Run): JourneyRecord[] => run.journeys.filter((j) => j.event === 'serror').sort((a, b) => a.atNs - b.atNs);

test('two UEO SErrors of two VMs within a window: both records in one block, one GHES interrupt, each handled in its own journey', { timeout: 60_000 }, async () => {
  const raw = onlySErrors(readScenario(NAME), 2_000_000, 2_000_000); // the SErrors at 1 ms (VM 0) and 1.05 ms (VM 1)
  const windowNs = firmwareOf(raw).options.windowNs;
  const run = await runInThread(raw, DIR);
  const [a, b] = serrors(run) as [JourneyRecord, JourneyRecord];
  assert.deepEqual([a.vm, b.vm], [0, 1]);
  // Firmware: the first record claims the GPIO source's block, the second is added to it; neither
  // SError is reflected into EL2 (in seed that would be their notification, with no SEI record).
  const src = only(a, 'firmware', 'record-cper').source;
  assert.equal(only(b, 'firmware', 'record-cper').source, src);
  assert.ok(!has(a, 'firmware', 'fake-serror-el2') && !has(b, 'firmware', 'fake-serror-el2'));
  // Host: one notification when the window of the first record ends; the block is read and acked
  // once (in the journey of its first entry), and every entry is handled in its own journey.
  assert.equal(notifications(run), 1);
  const readAt = a.steps.find((s) => s.layer === 'firmware' && s.action === 'record-cper')!.atNs + windowNs;
  only(a, 'hypervisor', 'apei-ack');
  assert.ok(!has(b, 'hypervisor', 'apei-ack'));
  for (const [j, gpa] of [[a, 0x80_0000], [b, 0x80_1000]] as const) {
    const claim = only(j, 'hypervisor', 'apei-claim');
    assert.equal(claim.atNs, readAt);
    assert.equal(claim.source, src);
    assert.equal(claim.far, only(j, 'firmware', 'record-cper').far, 'the entry names this error');
    only(j, 'hypervisor', 'memory-failure');
    assert.equal(only(j, 'hypervisor', 'sigbus').code, BUS_MCEERR_AO);
    assert.equal(only(j, 'guest', 'offline').far, `0x${gpa.toString(16)}`);
    assert.equal(j.outcome, 'guest-page-offlined');
  }

  // The profile's firmware: an SEI notification per SError (the reflected SError), same outcomes.
  const def = await runInThread(baseline(raw), DIR);
  assert.equal(notifications(def), 2);
  assert.deepEqual(serrors(def).map((j) => [has(j, 'firmware', 'fake-serror-el2'), j.outcome]), [[true, 'guest-page-offlined'], [true, 'guest-page-offlined']]);
});

test('a CE storm with UEO SErrors: one GHES interrupt per batch of up to six records instead of one per error, every record handled, every error ending as without batching', { timeout: 120_000 }, async () => {
  const raw = readScenario(NAME);
  const durationNs = raw['durationNs'] as number;
  const [run, def] = [await runInThread(raw, DIR), await runInThread(baseline(raw), DIR)];
  assert.ok(run.complete && def.complete);

  // The batches firmware published, as it says: how many records each carried in one block. One
  // published as the run ends (by a handler running past it) is never read.
  const batches = steps(run.journeys, 'firmware', 'note')
    .map((s) => ({ atNs: s.atNs, size: Number(/batch \d+, (\d+) records? in one GHES block/.exec(s.text ?? '')?.[1] ?? NaN) }))
    .filter((b) => !Number.isNaN(b.size));
  const sizes = batches.map((b) => b.size);
  assert.ok(sizes.length > 0 && sizes.every((n) => n >= 1 && n <= 6), `batch sizes ${sizes.join(' ')}`);
  assert.equal(Math.max(...sizes), 6, 'batches fill the 1 KiB block (6 entries)');
  const read = batches.filter((b) => b.atNs < durationNs);
  // Each batch is one notification: the host reads (and acks) the block once, and every entry in it.
  assert.equal(notifications(run), read.length);
  assert.equal(steps(run.journeys, 'hypervisor', 'apei-claim').length, read.reduce((n, b) => n + b.size, 0));
  const fhis = def.journeys.filter((j) => has(j, 'hardware', 'ce-overflow')).length;
  assert.equal(notifications(def), fhis + serrors(def).length, 'without batching: one per CE interrupt, one per SError');
  assert.ok(notifications(run) * 4 < notifications(def), `${notifications(run)} notifications with batching, ${notifications(def)} without`);

  // Every record firmware wrote or added was read by the host in the journey of its error, and
  // handled there: a corrected one counted, a UEO one through memory_failure() to the guest; only
  // records of the last batch, written after the host's last read, are not.
  const lastRead = Math.max(...steps(run.journeys, 'hypervisor', 'apei-ack').map((s) => s.atNs));
  for (const j of run.journeys.filter((x) => has(x, 'firmware', 'record-cper'))) {
    if (!has(j, 'hypervisor', 'apei-claim')) {
      assert.ok(only(j, 'firmware', 'record-cper').atNs >= lastRead, `the record of ${key(j)} is in the last batch`);
      continue;
    }
    const [claim, rec] = [only(j, 'hypervisor', 'apei-claim'), only(j, 'firmware', 'record-cper')];
    assert.deepEqual([claim.source, claim.code], [rec.source, rec.code], 'the entry it wrote: same source and severity');
    if (j.event === 'ce') only(j, 'hypervisor', 'count-corrected'); // (a CE record here has no address: ERR<n>ADDR not valid)
    else {
      assert.equal(claim.far, rec.far);
      only(j, 'hypervisor', 'memory-failure');
      assert.equal(only(j, 'hypervisor', 'sigbus').code, BUS_MCEERR_AO);
      only(j, 'guest', 'offline');
    }
  }
  assert.equal(serrors(run).filter((j) => has(j, 'hypervisor', 'memory-failure')).length, 8, 'all eight UEO errors reach memory_failure()');

  // The same errors, and each ends as it does when every error is its own notification.
  const fate = (r: Run) => new Map(r.journeys.map((j) => [key(j), j.outcome]));
  assert.deepEqual(fate(run), fate(def));
  assert.deepEqual([...new Set(run.journeys.map((j) => `${j.event}:${j.outcome}`))].sort(), ['ce:corrected', 'serror:guest-page-offlined']);
});

test('upstream: a batched UEO SError is still reflected (KVM only classifies it) and every error ends as without batching', { timeout: 120_000 }, async () => {
  const raw = { ...readScenario(NAME), profile: 'upstream' };
  const [run, def] = [await runInThread(raw, DIR), await runInThread(baseline(raw), DIR)];
  for (const j of serrors(run)) {
    assert.ok(has(j, 'firmware', 'fake-serror-el2') && !has(j, 'firmware', 'sdei-dispatch'), `${key(j)}: reflected, no SDEI event of its own`);
    only(j, 'hypervisor', 'memory-failure'); // from the batch's GHES interrupt
  }
  assert.ok(notifications(run) * 4 < notifications(def));
  assert.deepEqual(new Map(run.journeys.map((j) => [key(j), j.outcome])), new Map(def.journeys.map((j) => [key(j), j.outcome])));
});

test('a bad option is refused before the run, naming its path', { timeout: 60_000 }, async () => {
  const raw = readScenario(NAME);
  firmwareOf(raw).options.windowNs = 0;
  await assert.rejects(runInThread(raw, DIR), /plugins\.firmware\.options\.windowNs/);
});

// `rasflow run --checkpoint-every` snapshots the host (the engine's GHES blocks, the journey of
// each entry, the armed EL3 timers) and the plugin's saveState(); the run is stopped at 1.03 ms,
// after the SError at 1 ms joined a batch still open, by a stalling fixture (page-limit-vmm's) and
// killed; `rasflow resume` carries on from the last checkpoint to the uninterrupted digest.
test('killed with a batch open and resumed from its checkpoint, the run ends with the uninterrupted digest', { timeout: 180_000 }, async () => {
  const r = await killAndResume({ ...readScenario(NAME), durationNs: 2_000_000 }, DIR, 1_030_000);
  assert.equal(r.resumed.complete, true);
  assert.equal(r.resumed.digest, r.whole.digest);
});
