// Every HEST `rasflow hest` can produce (each non-empty subset of sea, sei, sdei, gpio; 1 and 4
// PEs; per-PE and shared) disassembled by iasl in one batch. iasl exits 0 on errors, so the test
// reads its output: no checksum or firmware warning, no truncated or unknown subtable, one
// "Subtable Type" per source (iasl itself does not compare this with Error Source Count), the
// notify names, Table Length, Source Ids and addresses as planned.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { QEMU_HEST_HEADER, encodeHest } from '../../src/apei/hest.js';
import {
  GHES_SOURCE_KINDS,
  hestEntriesForPlan,
  planGhesSources,
  type GhesSourceKind,
  type GhesSourcePlan,
} from '../../src/apei/ghes-layout.js';
import { notifyTypeIaslName } from '../../src/apei/notification.js';
import { disassembleAll, dslFields, iaslOrSkip } from '../helpers/iasl.js';

function subsets(): GhesSourceKind[][] {
  const out: GhesSourceKind[][] = [];
  for (let mask = 1; mask < 1 << GHES_SOURCE_KINDS.length; mask++) {
    out.push(GHES_SOURCE_KINDS.filter((_, i) => (mask & (1 << i)) !== 0));
  }
  return out;
}

const hex = (v: number, width: number): string => v.toString(16).toUpperCase().padStart(width, '0');

test('iasl accepts every table the hest command can produce', (t) => {
  const iasl = iaslOrSkip(t);
  if (iasl === null) return;
  const plans = new Map<string, GhesSourcePlan>();
  const tables = new Map<string, Uint8Array>();
  for (const kinds of subsets()) {
    for (const pes of [1, 4]) {
      for (const shared of [false, true]) {
        const name = `${kinds.join('_')}-pes${pes}-${shared ? 'shared' : 'perpe'}`;
        const plan = planGhesSources({ kinds, pes, shared, base: 0x8000_0000 });
        plans.set(name, plan);
        tables.set(name, encodeHest(QEMU_HEST_HEADER, hestEntriesForPlan(plan)));
      }
    }
  }
  assert.equal(tables.size, 60);
  const results = disassembleAll(iasl, tables);
  for (const [name, { dsl, stderr }] of results) {
    const plan = plans.get(name)!;
    const bytes = tables.get(name)!;
    const n = plan.sources.length;
    assert.doesNotMatch(dsl, /Incorrect checksum/, name);
    assert.doesNotMatch(stderr, /Firmware Warning/, name);
    assert.doesNotMatch(dsl, /terminates in the middle/, name);
    assert.doesNotMatch(dsl, /Unknown HEST subtable type/, name);
    const fields = dslFields(dsl);
    const one = (field: string): string => {
      const f = fields.filter((x) => x.name === field);
      assert.equal(f.length, 1, `${name}: one '${field}' line`);
      return f[0]!.value;
    };
    assert.equal(one('Table Length'), hex(bytes.length, 8), name);
    assert.equal(one('Error Source Count'), hex(n, 8), name);
    const types = fields.filter((f) => f.name === 'Subtable Type');
    assert.equal(types.length, n, `${name}: Subtable Type lines = Error Source Count`);
    for (const ty of types) assert.equal(ty.value, '000A [Generic Hardware Error Source V2]', name);
    const notify = fields.filter((f) => f.name === 'Notify Type').map((f) => f.value);
    assert.deepEqual(
      notify,
      plan.sources.map((s) => `${hex(s.notifyType, 2)} [${notifyTypeIaslName(s.notifyType)}]`),
      name,
    );
    assert.deepEqual(
      fields.filter((f) => f.name === 'Source Id').map((f) => f.value),
      plan.sources.map((s) => hex(s.sourceId, 4)),
      name,
    );
    assert.deepEqual(
      fields.filter((f) => f.name === 'Vector').map((f) => f.value),
      plan.sources.map((s) => hex(s.vector, 8)),
      name,
    );
    // Two Address lines per source: the status slot, then the ack register.
    assert.deepEqual(
      fields.filter((f) => f.name === 'Address').map((f) => f.value),
      plan.sources.flatMap((s) => [hex(plan.base + s.slotOffset, 16), hex(plan.base + s.ackOffset, 16)]),
      name,
    );
  }
});
