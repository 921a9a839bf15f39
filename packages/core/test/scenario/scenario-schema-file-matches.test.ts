import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCENARIO_SCHEMA } from '../../src/scenario/scenario-schema.js';
import { repoRoot } from '../helpers/paths.js';

test('the shipped scenario.schema.json is the schema the validator uses', () => {
  const file = JSON.parse(readFileSync(join(repoRoot, 'packages/core/scenario.schema.json'), 'utf8')) as unknown;
  assert.deepEqual(file, JSON.parse(JSON.stringify(SCENARIO_SCHEMA)),
    'regenerate with: node scripts/gen-scenario-reference.mjs');
});

test('the schema file writes every integer as its exact digits (2^55 as 36028797018963968)', () => {
  const text = readFileSync(join(repoRoot, 'packages/core/scenario.schema.json'), 'utf8');
  // The integers beyond 2^53, whose shortest JSON text (String(v)) is not their value.
  const big: number[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'number' && Number.isInteger(v) && !Number.isSafeInteger(v)) big.push(v);
    else if (typeof v === 'object' && v !== null) Object.values(v).forEach(walk);
  };
  walk(SCENARIO_SCHEMA);
  assert.ok(big.includes(2 ** 55));
  for (const v of big) {
    assert.ok(text.includes(`: ${BigInt(v).toString()}`), `${BigInt(v).toString()} is written`);
    assert.ok(!text.includes(`: ${String(v)}`), `${String(v)} is not the number it reads as`);
  }
});
