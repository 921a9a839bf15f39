/**
 * Scenario validation: the JSON Schema first (unknown fields, types, ranges, enumerations, with
 * defaults filled in), then the rules a schema cannot say (sizes that must fit, indices that must
 * exist). Every problem names the JSON path, the value found and what is allowed, and all
 * problems are reported at once.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type AjvModule from 'ajv';
import type { ErrorObject } from 'ajv';
import { SCENARIO_SCHEMA } from './scenario-schema.js';
import { checkScenarioRules } from './scenario-rules.js';
import type { Scenario, ScenarioIssue } from './scenario-types.js';

type Ajv = InstanceType<typeof AjvModule.default>;
type ValidateFn = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };
let compiled: ValidateFn | undefined;

// ajv is loaded only when something compiles a schema: importing it costs ~55 ms of every start.
const require = createRequire(import.meta.url);

/** The schema's validator as generated code (scripts/gen-scenario-validator.mjs), when current. */
const GENERATED = '../../../generated/scenario-validator.cjs';

/** sha256 of the schema as JSON: the generated validator is used only for the schema it was made from. */
export function scenarioSchemaHash(): string {
  return createHash('sha256').update(JSON.stringify(SCENARIO_SCHEMA)).digest('hex');
}

function validator(): ValidateFn {
  if (compiled !== undefined) return compiled;
  try {
    // The module is the validate function itself, with the schema's hash beside it.
    const g = require(GENERATED) as ValidateFn & { schemaHash?: string };
    if (g.schemaHash === scenarioSchemaHash()) return (compiled = g);
  } catch {
    // Not generated (a fresh edit of the schema before regenerating): compile it here.
  }
  compiled = newAjv().compile(SCENARIO_SCHEMA as object) as ValidateFn;
  return compiled;
}

/** The result of {@link validateScenario}: the scenario with its defaults filled in, or every issue found. */
export type ScenarioResult =
  | {
    /** The scenario is valid. */
    ok: true;
    /** The validated scenario, with every default filled in. */
    scenario: Scenario;
  }
  | {
    /** The scenario is not valid. */
    ok: false;
    /** Every problem found: schema violations, then the rules the schema cannot express. */
    issues: ScenarioIssue[];
  };

/** Thrown by {@link parseScenario} with every issue listed. */
export class ScenarioError extends Error {
  /** Always `ScenarioError`. */
  override readonly name = 'ScenarioError';
  /**
   * @param issues Every problem found.
   * @param source What was validated (a file name), for the message.
   */
  constructor(readonly issues: ScenarioIssue[], source = 'scenario') {
    super(`${source} is not valid:\n` + issues.map((i) => `  - ${i.path || '(top level)'}: ${i.message}`).join('\n'));
  }
}

/** Validates a parsed JSON value (a deep copy is made; the input is not changed). */
export function validateScenario(input: unknown): ScenarioResult {
  const data: unknown = structuredClone(input);
  const validate = validator();
  if (!validate(data)) return { ok: false, issues: formatErrors(validate.errors ?? []) };
  const scenario = data as Scenario;
  const issues = checkScenarioRules(scenario);
  return issues.length > 0 ? { ok: false, issues } : { ok: true, scenario };
}

/** Validates and returns the scenario, or throws a ScenarioError naming every problem. */
export function parseScenario(input: unknown, source?: string): Scenario {
  const r = validateScenario(input);
  if (!r.ok) throw new ScenarioError(r.issues, source);
  return r.scenario;
}

/** `/injections/2/event/aet` → `injections[2].event.aet`. */
export function jsonPath(pointer: string): string {
  let out = '';
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(seg) ? `[${seg}]` : out === '' ? seg : `.${seg}`;
  }
  return out;
}

/**
 * An integer as its exact decimal digits: String(2 ** 55) is the shortest text that reads back as
 * that double, 36028797018963970, which is not the number (36028797018963968). Beyond 1e21 the
 * exponent form says more than 22 digits would.
 */
function exactNumber(v: number): string {
  return Number.isInteger(v) && Math.abs(v) < 1e21 ? BigInt(v).toString() : String(v);
}

function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  const s = typeof v === 'number' ? exactNumber(v) : JSON.stringify(v);
  return s.length > 60 ? s.slice(0, 57) + '...' : s;
}

/** A schema bound (a number) as exact digits. */
const bound = (v: unknown): string => (typeof v === 'number' ? exactNumber(v) : String(v));

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/** Turns ajv errors into issues; `prefix` is prepended to every path (e.g. `plugins.vmm.options`). */
export function formatAjvErrors(errors: readonly ErrorObject[], prefix = ''): ScenarioIssue[] {
  return formatErrors(errors).map((i) => ({ ...i, path: prefix === '' ? i.path : i.path === '' ? prefix : `${prefix}.${i.path}` }));
}

/**
 * A fresh ajv instance configured like the scenario validator (defaults filled, all errors);
 * `code` is passed on (the generator asks for source code).
 */
export function newAjv(code?: { source: boolean }): Ajv {
  const Ctor = (require('ajv') as typeof AjvModule).default;
  return new Ctor({
    allErrors: true, useDefaults: true, discriminator: true, verbose: true, strict: true, strictTypes: false, strictRequired: false,
    ...(code === undefined ? {} : { code }),
  });
}

function formatErrors(errors: readonly ErrorObject[]): ScenarioIssue[] {
  // anyOf failures report each branch too; keep only the anyOf summary for that path.
  const anyOfPaths = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  const issues: ScenarioIssue[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    if (e.keyword !== 'anyOf' && [...anyOfPaths].some((p) => e.instancePath === p || e.instancePath.startsWith(p + '/'))) continue;
    const path = jsonPath(e.instancePath);
    const issue = formatOne(e, path);
    const key = issue.path + '\u0000' + issue.message;
    if (!seen.has(key)) {
      seen.add(key);
      issues.push(issue);
    }
  }
  return issues;
}

function formatOne(e: ErrorObject, path: string): ScenarioIssue {
  const p = e.params as Record<string, unknown>;
  const parent = (e.parentSchema ?? {}) as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const allowed = Object.keys((parent['properties'] as object | undefined) ?? {});
      return { path: join(path, String(p['additionalProperty'])), message: `unknown field; allowed fields here: ${allowed.join(', ')}` };
    }
    case 'required':
      return { path: join(path, String(p['missingProperty'])), message: 'is required but missing' };
    case 'enum':
      return { path, message: `found ${show(e.data)}, allowed: ${(p['allowedValues'] as unknown[]).map(show).join(', ')}` };
    case 'const':
      return { path, message: `found ${show(e.data)}, allowed: ${show(p['allowedValue'])}` };
    case 'type':
      return { path, message: `found ${show(e.data)}, expected ${String(p['type'])}` };
    case 'minimum': case 'maximum': case 'exclusiveMinimum': case 'exclusiveMaximum': {
      const min = parent['minimum'] !== undefined ? bound(parent['minimum']) : parent['exclusiveMinimum'] !== undefined ? `more than ${bound(parent['exclusiveMinimum'])}` : undefined;
      const max = parent['maximum'] !== undefined ? bound(parent['maximum']) : undefined;
      const range = min !== undefined && max !== undefined ? `from ${min} to ${max}` : min !== undefined ? `at least ${min}` : `at most ${String(max)}`;
      return { path, message: `found ${show(e.data)}, allowed: ${parent['type'] === 'integer' ? 'an integer ' : ''}${range.replace('at least more than', 'more than')}` };
    }
    case 'discriminator': {
      const tag = String(p['tag']);
      const values = ((parent['oneOf'] as Array<{ properties: Record<string, { const: unknown }> }>) ?? [])
        .map((b) => b.properties[tag]?.const);
      const found = p['tagValue'];
      const where = join(path, tag);
      return found === undefined
        ? { path: where, message: `is required; allowed: ${values.map(show).join(', ')}` }
        : { path: where, message: `found ${show(found)}, allowed: ${values.map(show).join(', ')}` };
    }
    case 'anyOf': {
      const branches = (parent['anyOf'] as Array<Record<string, unknown>>) ?? [];
      const kinds = branches.map(describeBranch);
      return { path, message: `found ${show(e.data)}, expected ${kinds.join(' or ')}` };
    }
    case 'pattern':
      return { path, message: `found ${show(e.data)}, expected a string matching ${String(p['pattern'])}` };
    case 'maxItems': case 'minLength':
      return { path, message: `found ${show(e.data)}: ${e.message ?? 'too long'}` };
    default:
      return { path, message: `found ${show(e.data)}: ${e.message ?? e.keyword}` };
  }
}

function describeBranch(b: Record<string, unknown>): string {
  if ('const' in b) return show(b['const']);
  if (b['type'] === 'null') return 'null';
  if (b['type'] === 'string' && typeof b['pattern'] === 'string') return 'a 0x hex string';
  if (b['type'] === 'integer') {
    return b['maximum'] !== undefined ? `an integer from ${bound(b['minimum'] ?? 0)} to ${bound(b['maximum'])}` : `an integer ≥ ${bound(b['minimum'] ?? 0)}`;
  }
  return String(b['type'] ?? 'a value');
}
