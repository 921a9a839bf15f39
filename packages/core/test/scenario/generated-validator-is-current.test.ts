// The scenario validator rasflow loads at start is generated code (scripts/gen-scenario-validator.mjs);
// it must be made from the current schema, and answer exactly like a validator compiled from it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { SCENARIO_SCHEMA } from '../../src/scenario/scenario-schema.js';
import { newAjv, scenarioSchemaHash } from '../../src/scenario/validate-scenario.js';

const require = createRequire(import.meta.url);
type Fn = ((d: unknown) => boolean) & { errors?: unknown[] | null; schemaHash?: string };
const generated = require('../../../generated/scenario-validator.cjs') as Fn;

test('the generated validator was made from the current schema (else: node scripts/gen-scenario-validator.mjs)', () => {
  assert.equal(generated.schemaHash, scenarioSchemaHash());
});

test('it fills the same defaults and reports the same errors as a freshly compiled validator', () => {
  const compiled = newAjv().compile(SCENARIO_SCHEMA as object) as Fn;
  const inputs: unknown[] = [
    { name: 'ok', durationNs: 1000 },
    { name: 'mix', durationNs: 5, workload: { kind: 'hot-set', hotPages: 3 }, injections: [{ kind: 'rate', perSecond: 5, event: { type: 'serror', aet: 'UEO' } }] },
    { name: 3, bogus: true, vms: { backing: 'huge' }, injections: [{ kind: 'nope' }] },
    { durationNs: -1, hosts: { count: 0, pageSize: 8192 } },
  ];
  for (const input of inputs) {
    const a = structuredClone(input);
    const b = structuredClone(input);
    assert.equal(generated(a), compiled(b), JSON.stringify(input));
    assert.deepEqual(a, b, 'the same defaults filled in');
    const strip = (errs: unknown[] | null | undefined): unknown[] => (errs ?? []).map((e) => {
      const { instancePath, keyword, params } = e as { instancePath: string; keyword: string; params: unknown };
      return { instancePath, keyword, params };
    });
    assert.deepEqual(strip(generated.errors), strip(compiled.errors));
  }
});
