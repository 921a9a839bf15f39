// Validation messages print integers as their exact digits: the durationNs bound 2^55 is
// 36028797018963968 (String() gives 36028797018963970), and a value found is not rounded either.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateScenario } from '../../src/scenario/validate-scenario.js';

test('an out-of-range durationNs names the value and the 2^55 bound exactly', () => {
  const v = validateScenario({ name: 'x', durationNs: 2 ** 60 });
  assert.equal(v.ok, false);
  if (v.ok) return;
  assert.deepEqual(v.issues.map((i) => `${i.path}: ${i.message}`), ['durationNs: found 1152921504606846976, allowed: an integer from 1 to 36028797018963968']);
});
