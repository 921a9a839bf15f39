// Test fixture: an injector that, when RASFLOW_EXAMPLE_STALL=1 is in the environment, blocks its
// host for good at simulated time `atNs`, after saying `stalled` on stderr, so that a test can
// SIGKILL a checkpointed run at a known simulated time (no wall-clock timing). Without the
// variable it only costs an event, so runs with and without it are otherwise the same.
import { writeSync } from 'node:fs';
import { defineInjectorPlugin } from '@rasflow/core';

export default defineInjectorPlugin<{ atNs: number }>({
  name: 'example-test-stall-injector',
  optionsSchema: {
    type: 'object', required: ['atNs'], additionalProperties: false,
    properties: { atNs: { type: 'integer', minimum: 0 } },
  },
  create(o) {
    return {
      start(ctx) {
        ctx.schedule(o.atNs, 0);
      },
      fire() {
        if (process.env['RASFLOW_EXAMPLE_STALL'] !== '1') return;
        writeSync(2, 'stalled\n'); // synchronous: the thread blocks right after
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0); // forever: the test kills the process
      },
    };
  },
});
