// A PluginError ends with the plugin's own line: where its hook threw, or where it made the
// context call the engine refused (the engine's frames above it say nothing about the plugin).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PluginError, pluginFrame } from '../../src/plugin/plugin-error.js';
import { POISON_THEN_LOAD, runBoundary } from '../helpers/boundary-run.js';

async function messageOf(run: Promise<unknown>): Promise<string> {
  try {
    await run;
  } catch (err) {
    assert.ok(err instanceof PluginError);
    return err.message;
  }
  return assert.fail('the run did not fail');
}

test('a hook that throws: the message ends with the throw\'s line in the plugin', { timeout: 30_000 }, async () => {
  const m = await messageOf(runBoundary({ ...POISON_THEN_LOAD, layers: { vmm: { module: 'throwing-vmm-on-host', options: { host: 0 } } } }));
  assert.match(m, /RangeError: no memory map on host 0 \(at file:\/\/\/.*\/fixtures\/throwing-vmm-on-host\.js:\d+:\d+\)$/);
});

test('a refused context call: the line of the call in the plugin, not the engine\'s', { timeout: 30_000 }, async () => {
  const m = await messageOf(runBoundary({ ...POISON_THEN_LOAD, layers: { firmware: { module: 'boundary-firmware', options: { op: 'retry-ns', value: 0 } } } }));
  assert.match(m, /retryAfter: ns 0 .* \(at file:\/\/\/.*\/fixtures\/boundary-firmware\.js:\d+:\d+\)$/);
});

test('no frame outside the engine (or no stack): nothing is added', () => {
  assert.equal(pluginFrame('a string'), null);
  const e = new Error('x');
  e.stack = 'Error: x\n    at run (/repo/packages/core/dist/src/engine/flow.js:1:2)\n    at node:internal/process/task_queues:95:5';
  assert.equal(pluginFrame(e), null);
});
