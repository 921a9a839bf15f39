import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCENARIO_SCHEMA } from '../../src/scenario/scenario-schema.js';
import { repoRoot } from '../helpers/paths.js';

test('the shipped scenario.schema.json is the schema the validator uses', () => {
  const file = JSON.parse(readFileSync(join(repoRoot, 'packages/core/scenario.schema.json'), 'utf8')) as unknown;
  assert.deepEqual(file, JSON.parse(JSON.stringify(SCENARIO_SCHEMA)),
    'regenerate with: node -e "import(\'./packages/core/dist/src/scenario/scenario-schema.js\').then(m=>require(\'fs\').writeFileSync(\'packages/core/scenario.schema.json\', JSON.stringify(m.SCENARIO_SCHEMA,null,2)+\'\\n\'))"');
});
