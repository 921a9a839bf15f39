// Writes packages/core/scenario.schema.json (the schema object, integers as their exact digits)
// and docs/scenario.md: the scenario reference (every field's type, default, allowed values,
// description and an example from examples/*.json, then the rules the schema cannot express),
// generated from the scenario schema by packages/core/src/scenario/scenario-reference.ts. Run after
// `tsc -b` whenever scenario-schema.ts, scenario-reference.ts or a bundled example changes:
// `node scripts/gen-scenario-reference.mjs`. A test regenerates the page in memory and fails until
// the file is regenerated.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const core = join(root, 'packages', 'core');
const { scenarioReferenceFromRepo } = await import(pathToFileURL(join(core, 'dist', 'src', 'scenario', 'scenario-reference.js')).href);

const { SCENARIO_SCHEMA } = await import(pathToFileURL(join(core, 'dist', 'src', 'scenario', 'scenario-schema.js')).href);

// JSON.stringify writes 2 ** 55 as 36028797018963970, the shortest text that reads back as that
// double; an editor showing the bound should show the number itself, 36028797018963968.
const schemaText = JSON.stringify(SCENARIO_SCHEMA, null, 2).replace(/(?<![\w.])\d{16,21}(?![\w.])/g, (d) =>
  Number.isSafeInteger(Number(d)) ? d : BigInt(Number(d)).toString()) + '\n';
const schemaOut = join(core, 'scenario.schema.json');
writeFileSync(schemaOut, schemaText);
console.log(`wrote ${schemaOut}`);

const text = scenarioReferenceFromRepo(root);
const out = join(root, 'docs', 'scenario.md');
writeFileSync(out, text);
console.log(`wrote ${out} (${Buffer.byteLength(text)} bytes, ${text.split('\n').length - 1} lines)`);
