// The options validators of the bundled plugins are generated code (scripts/gen-plugin-options-
// validators.mjs), so `rasflow run` need not compile them before its workers start: every bundled
// schema must have one (else the file is stale), and it must answer as a compiled one does,
// defaults and messages included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { newAjv, optionsSchemaKey, type PluginDefinition } from '@rasflow/core';

const here = dirname(fileURLToPath(import.meta.url)); // packages/plugins/dist/test/plugin
const srcDir = join(here, '..', '..', 'src');
const require = createRequire(import.meta.url);
const generated = require('../../../../core/generated/plugin-options-validators.cjs') as Record<string, ((d: unknown) => boolean) & { errors?: unknown[] | null }>;

function modules(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? modules(p) : n.endsWith('.js') ? [p] : [];
  });
}

async function bundled(): Promise<PluginDefinition[]> {
  const defs: PluginDefinition[] = [];
  for (const f of modules(srcDir)) {
    const m = (await import(pathToFileURL(f).href)) as Record<string, unknown>;
    for (const d of [m['default'], m['plugin']]) {
      const def = d as PluginDefinition | undefined;
      if (typeof def?.create === 'function' && def.optionsSchema !== undefined && !JSON.stringify(def.optionsSchema).includes('"$id"')) defs.push(def);
    }
  }
  return defs;
}

test('every bundled plugin\'s options schema has a generated validator that fills the same defaults and finds the same errors as a compiled one', { timeout: 60_000 }, async () => {
  const defs = await bundled();
  assert.ok(defs.length >= 8, `${defs.length} bundled plugins with options`);
  for (const def of defs) {
    const key = optionsSchemaKey(def.optionsSchema as object);
    const g = generated[key];
    assert.ok(g !== undefined, `${def.name}: no generated validator for its optionsSchema: run npx tsc -b && node scripts/gen-plugin-options-validators.mjs`);
    const compiled = newAjv().compile(def.optionsSchema as object);
    for (const input of [{}, { notAnOption: 1 }, { latencyNs: 'soon' }]) {
      const a = structuredClone(input);
      const b = structuredClone(input);
      assert.equal(g(a), compiled(b), `${def.name}: ${JSON.stringify(input)}`);
      assert.deepEqual(a, b, `${def.name}: the same defaults for ${JSON.stringify(input)}`);
      assert.deepEqual((g.errors ?? []).length, (compiled.errors ?? []).length, `${def.name}: the same errors for ${JSON.stringify(input)}`);
    }
  }
});
