// docs/scenario.md is generated from the scenario schema and the bundled examples
// (scripts/gen-scenario-reference.mjs); it must be what the current schema and examples give.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCENARIO_SCHEMA } from '../../src/scenario/scenario-schema.js';
import { renderScenarioReference, scenarioReferenceFromRepo } from '../../src/scenario/scenario-reference.js';
import { repoRoot } from '../helpers/paths.js';

const REGENERATE = 'regenerate with: npx tsc -b && node scripts/gen-scenario-reference.mjs';

test('docs/scenario.md is the reference generated from the current schema and examples', () => {
  const expected = scenarioReferenceFromRepo(repoRoot);
  const actual = readFileSync(join(repoRoot, 'docs', 'scenario.md'), 'utf8');
  if (actual === expected) return;
  const a = actual.split('\n');
  const e = expected.split('\n');
  let i = 0;
  while (i < a.length && i < e.length && a[i] === e[i]) i++;
  assert.fail(`docs/scenario.md is out of date (first difference at line ${i + 1}:\n  file:      ${JSON.stringify(a[i] ?? '(end)')}\n  generated: ${JSON.stringify(e[i] ?? '(end)')}); ${REGENERATE}`);
});

test('the reference has every description and every allowed value of the schema', () => {
  const doc = renderScenarioReference(SCENARIO_SCHEMA, []);
  const walk = (s: unknown): void => {
    if (Array.isArray(s)) return s.forEach(walk);
    if (s === null || typeof s !== 'object') return;
    for (const [k, v] of Object.entries(s)) {
      if (k === 'description' && typeof v === 'string') assert.ok(doc.includes(v.replace(/\|/g, '\\|')), `missing description: ${v}`);
      else if (k === 'enum' && Array.isArray(v)) for (const x of v) assert.ok(doc.includes(`\`${JSON.stringify(x)}\``), `missing value ${JSON.stringify(x)}`);
      else if (k === 'const') assert.ok(doc.includes(JSON.stringify(v)), `missing value ${JSON.stringify(v)}`);
      else if (k !== 'default') walk(v);
    }
  };
  walk(SCENARIO_SCHEMA);
  for (const path of ['vms.memoryMiB', 'engine.sliceNs', 'workload.accesses[].address', 'injections[].event.aet', 'injections[].target.guestPa', 'plugins.injectors']) {
    assert.ok(doc.includes(`| \`${path}\` |`), `no row for ${path}`);
  }
});

test('a schema keyword the generator does not render is an error, not a silent omission', () => {
  const schema = { type: 'object', properties: { url: { type: 'string', format: 'uri' } } };
  assert.throws(() => renderScenarioReference(schema, []), /keyword "format" at url/);
});
