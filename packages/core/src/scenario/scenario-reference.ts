/**
 * The scenario reference, docs/scenario.md, generated from the JSON Schema (scenario-schema.ts):
 * every field with its type, default, allowed values, description and an example taken from the
 * bundled scenarios (examples/*.json), then the rules the schema cannot express
 * (scenario-rules.ts, kept here in words). `node scripts/gen-scenario-reference.mjs` writes the
 * file; a test regenerates it in memory and fails when the committed file differs.
 *
 * The schema is walked generically: an object with properties becomes a table, a oneOf with a
 * discriminator a table of its kinds and one table per kind, an array of objects a table of its
 * items (path `field[]`). An object schema found at several paths is described once, under all of
 * them. A keyword the walk does not know is an error, so nothing in the schema is left out silently.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCENARIO_SCHEMA } from './scenario-schema.js';
import { DATA_BACKED_LIMIT_BYTES } from './scenario-rules.js';

/** A bundled scenario: its file name (in examples/) and its parsed JSON. */
export interface ExampleFile {
  readonly name: string;
  readonly json: unknown;
}

/** The part of JSON Schema (draft-07) the scenario schema uses. */
interface Schema {
  readonly $schema?: string;
  readonly $id?: string;
  readonly title?: string;
  readonly description?: string;
  readonly type?: string;
  readonly default?: unknown;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean;
  readonly items?: Schema;
  readonly anyOf?: readonly Schema[];
  readonly oneOf?: readonly Schema[];
  readonly discriminator?: { readonly propertyName: string };
}

const KNOWN_KEYWORDS = new Set([
  '$schema', '$id', 'title', 'description', 'type', 'default', 'enum', 'const', 'minimum', 'maximum',
  'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength', 'pattern', 'minItems', 'maxItems',
  'properties', 'required', 'additionalProperties', 'items', 'anyOf', 'oneOf', 'discriminator',
]);

const GENERATOR = 'scripts/gen-scenario-reference.mjs';
const SCHEMA_SOURCE = 'packages/core/src/scenario/scenario-schema.ts';
const TEST = 'packages/core/test/scenario/scenario-reference-doc-is-current.test.ts';

/** The bundled scenarios: examples/*.json under `root`, by file name. */
export function readExampleFiles(root: string): ExampleFile[] {
  const dir = join(root, 'examples');
  return readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .sort()
    .map((name) => ({ name, json: JSON.parse(readFileSync(join(dir, name), 'utf8')) as unknown }));
}

/** docs/scenario.md as it should be, for the repository at `root`. */
export function scenarioReferenceFromRepo(root: string): string {
  return renderScenarioReference(SCENARIO_SCHEMA, readExampleFiles(root));
}

/** The reference for `schema`, with examples from `examples` (in this order). */
export function renderScenarioReference(schema: unknown, examples: readonly ExampleFile[]): string {
  const root = schema as Schema;
  checkKeywords(root, '(root)');
  return new Reference(root, examples).render();
}

// ---------------------------------------------------------------------------------------------
// Walking the schema

function checkKeywords(s: Schema, where: string): void {
  for (const k of Object.keys(s)) {
    if (!KNOWN_KEYWORDS.has(k)) {
      throw new Error(`scenario reference: keyword "${k}" at ${where} is not rendered; teach packages/core/src/scenario/scenario-reference.ts about it`);
    }
  }
  if (s.oneOf !== undefined && s.discriminator === undefined) {
    throw new Error(`scenario reference: oneOf without a discriminator at ${where} is not rendered`);
  }
  for (const [k, p] of Object.entries(s.properties ?? {})) checkKeywords(p, where === '(root)' ? k : `${where}.${k}`);
  if (s.items !== undefined) checkKeywords(s.items, `${where}[]`);
  s.anyOf?.forEach((b, i) => checkKeywords(b, `${where} (anyOf ${i})`));
  s.oneOf?.forEach((b, i) => checkKeywords(b, `${where} (oneOf ${i})`));
}

const isUnion = (s: Schema): boolean => s.oneOf !== undefined && s.discriminator !== undefined;

/** The schema described in a section of its own for this field, if any (itself or its items). */
function sectionOf(field: Schema): Schema | undefined {
  if (isUnion(field) || field.properties !== undefined) return field;
  if (field.items !== undefined && (isUnion(field.items) || field.items.properties !== undefined)) return field.items;
  return undefined;
}

const keyOf = (s: Schema): string => JSON.stringify(s);

function childPath(parent: string, name: string, field: Schema): string {
  const base = parent === '' ? name : `${parent}.${name}`;
  return field.items !== undefined ? `${base}[]` : base;
}

/** One path, or the common leading part of several with the rest in braces: `plugins.{vmm,guest}`. */
function displayPath(paths: readonly string[]): string {
  if (paths.length === 1) return paths[0] ?? '';
  const split = paths.map((p) => p.split('.'));
  let common = 0;
  while (split.every((s) => s.length > common + 1 && s[common] === split[0]?.[common])) common++;
  const head = split[0]?.slice(0, common).join('.') ?? '';
  const rest = split.map((s) => s.slice(common).join('.')).join(',');
  return `${head === '' ? '' : head + '.'}{${rest}}`;
}

/** The anchor GitHub gives a heading (ASCII headings only). */
function slug(heading: string): string {
  return heading.replace(/`/g, '').toLowerCase().replace(/[^a-z0-9 _-]/g, '').replace(/ /g, '-');
}

interface Section {
  readonly schema: Schema;
  readonly paths: string[];
  /** For a kind of a union: the discriminator and its value. */
  readonly kind?: { readonly tag: string; readonly value: unknown };
  /** The description of the field that holds it (an array's, for its items), when it has none. */
  readonly via?: string;
}

interface Occurrence {
  readonly value: unknown;
  readonly file: string;
}

class Reference {
  /** Every section by schema, in the order found; a schema met at several paths is one section. */
  private readonly sections = new Map<string, Section>();
  /** Values found in the examples, by section and field name. */
  private readonly fieldValues = new Map<string, Occurrence[]>();
  /** Instances of each section's object found in the examples. */
  private readonly instances = new Map<string, Occurrence[]>();
  private readonly emitted = new Set<string>();
  private readonly out: string[] = [];
  private readonly toc: Array<{ level: number; heading: string }> = [];

  constructor(private readonly root: Schema, examples: readonly ExampleFile[]) {
    this.discover(root, '');
    for (const e of examples) this.collect(root, e.json, e.name);
  }

  private discover(s: Schema, path: string, extra: Pick<Section, 'kind' | 'via'> = {}): void {
    const key = keyOf(s);
    const known = this.sections.get(key);
    if (known !== undefined) {
      if (known.paths.includes(path)) return;
      known.paths.push(path);
    } else {
      this.sections.set(key, { schema: s, paths: [path], ...extra });
    }
    if (isUnion(s)) {
      const tag = s.discriminator?.propertyName ?? '';
      for (const b of s.oneOf ?? []) this.discover(b, path, { kind: { tag, value: b.properties?.[tag]?.const } });
      return;
    }
    for (const [name, field] of Object.entries(s.properties ?? {})) {
      const sub = sectionOf(field);
      if (sub !== undefined) this.discover(sub, childPath(path, name, field), field.description === undefined ? {} : { via: field.description });
    }
  }

  /** Records the values an example gives, walking it along the schema. */
  private collect(s: Schema, value: unknown, file: string): void {
    if (Array.isArray(value)) {
      if (s.items !== undefined) for (const v of value) this.collect(s.items, v, file);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const obj = value as Record<string, unknown>;
    if (isUnion(s)) {
      const tag = s.discriminator?.propertyName ?? '';
      const branch = s.oneOf?.find((b) => b.properties?.[tag]?.const === obj[tag]);
      if (branch !== undefined) this.collect(branch, obj, file);
      return;
    }
    if (s.properties === undefined) return;
    const key = keyOf(s);
    push(this.instances, key, { value, file });
    for (const [name, v] of Object.entries(obj)) {
      const field = s.properties[name];
      if (field === undefined) continue;
      push(this.fieldValues, `${key}\u0000${name}`, { value: v, file });
      this.collect(field, v, file);
    }
  }

  private section(s: Schema): Section {
    const found = this.sections.get(keyOf(s));
    if (found === undefined) throw new Error('scenario reference: a section was not discovered');
    return found;
  }

  private heading(sec: Section): string {
    if (sec.schema === this.root) return 'Top-level fields';
    const path = `\`${displayPath(sec.paths)}\``;
    return sec.kind === undefined ? path : `${path} of ${sec.kind.tag} \`${plain(sec.kind.value)}\``;
  }

  /** A link to the section of `s`, its heading as the text unless given. */
  private link(s: Schema, text?: string): string {
    const h = this.heading(this.section(s));
    return `[${text ?? h}](#${slug(h)})`;
  }

  render(): string {
    this.renderObject(this.section(this.root), 2);
    const body = this.out.splice(0);
    const slugs = this.toc.map((t) => slug(t.heading));
    const dup = slugs.find((s, i) => slugs.indexOf(s) !== i);
    if (dup !== undefined) throw new Error(`scenario reference: two headings have the anchor #${dup}`);
    const toc = this.toc.filter((t) => t.level <= 3).map((t) => `${'  '.repeat(t.level - 2)}- [${t.heading}](#${slug(t.heading)})`);
    return [
      '# Scenario reference',
      '',
      `<!-- Generated by ${GENERATOR} from ${SCHEMA_SOURCE} and examples/*.json; do not edit. -->`,
      '',
      ...INTRO,
      '',
      '## Contents',
      '',
      ...toc,
      '- [Rules the schema cannot express](#rules-the-schema-cannot-express)',
      '',
      ...body,
      ...rulesSection(),
    ].join('\n');
  }

  private emitHeading(level: number, heading: string): void {
    this.toc.push({ level, heading });
    this.out.push(`${'#'.repeat(Math.min(level, 6))} ${heading}`, '');
  }

  private renderObject(sec: Section, level: number): void {
    const s = sec.schema;
    this.emitted.add(keyOf(s));
    const isRoot = s === this.root;
    this.emitHeading(level, this.heading(sec));
    if (sec.kind !== undefined) {
      const tagSchema = s.properties?.[sec.kind.tag];
      this.para(`\`"${sec.kind.tag}": ${JSON.stringify(sec.kind.value)}\`. ${tagSchema?.description ?? ''}`.trim());
    } else if (isRoot) {
      this.para(`A scenario is one JSON object (or the same document in YAML). Every field is optional: the validator fills in the default shown; a field without a default is simply absent.`);
    } else {
      this.para(s.description ?? sec.via ?? '');
      if (sec.paths.length > 1) this.para(`The same object at ${sec.paths.map((p) => `\`${p}\``).join(', ')}.`);
    }
    const path = isRoot ? '' : displayPath(sec.paths);
    const fields = Object.entries(s.properties ?? {}).filter(([name]) => name !== sec.kind?.tag);
    if (fields.length === 0) {
      this.para(sec.kind !== undefined ? `No other fields.` : 'Any fields.');
    } else {
      this.table(s, path, fields);
    }
    if (s.additionalProperties === false && fields.length > 0) this.para('Other fields are refused.');
    if (!isRoot) this.example(s);
    if (sec.kind === undefined) this.renderChildren(fields.map(([, f]) => f), isRoot ? level : level + 1);
  }

  private renderUnion(sec: Section, level: number): void {
    const s = sec.schema;
    this.emitted.add(keyOf(s));
    const tag = s.discriminator?.propertyName ?? '';
    const path = displayPath(sec.paths);
    this.emitHeading(level, this.heading(sec));
    this.para(s.description ?? sec.via ?? '');
    const dflt = s.default === undefined ? '' : ` When \`${path}\` is absent it is \`${JSON.stringify(s.default)}\`.`;
    this.para(`One of the following, chosen by \`${tag}\`${(s.required ?? []).includes(tag) ? ' (required)' : ''}.${dflt}`);
    this.out.push(`| \`${tag}\` | what |`, '|---|---|');
    for (const b of s.oneOf ?? []) {
      const t = b.properties?.[tag];
      this.out.push(`| ${this.link(b, `\`${JSON.stringify(t?.const)}\``)} | ${cell(t?.description ?? '')} |`);
    }
    this.out.push('');
    for (const b of s.oneOf ?? []) this.renderObject(this.section(b), level + 1);
    this.renderChildren((s.oneOf ?? []).flatMap((b) => Object.values(b.properties ?? {})), level + 1);
  }

  private renderChildren(fields: readonly Schema[], level: number): void {
    for (const f of fields) {
      const sub = sectionOf(f);
      if (sub === undefined || this.emitted.has(keyOf(sub))) continue;
      const sec = this.section(sub);
      if (isUnion(sub)) this.renderUnion(sec, level);
      else this.renderObject(sec, level);
    }
  }

  private table(s: Schema, path: string, fields: ReadonlyArray<[string, Schema]>): void {
    this.out.push('| field | type | default | allowed | example | description |', '|---|---|---|---|---|---|');
    const required = new Set(s.required ?? []);
    for (const [name, f] of fields) {
      const sub = sectionOf(f);
      const fieldPath = path === '' ? name : `${path}.${name}`;
      const dflt = required.has(name) ? '*required*' : f.default !== undefined ? code(f.default) : '—';
      let allowed = allowedWords(f);
      if (sub !== undefined) {
        const see = isUnion(sub) ? `one of the kinds in ${this.link(sub)}` : `see ${this.link(sub)}`;
        allowed = f.items !== undefined && allowed !== '—' ? `${see}; ${allowed}` : see;
      }
      const example = sub !== undefined ? '—' : this.exampleCell(s, name, f);
      this.out.push(`| \`${fieldPath}\` | ${cell(typeWords(f))} | ${cell(dflt)} | ${cell(allowed)} | ${cell(example)} | ${cell(f.description ?? f.items?.description ?? '')} |`);
    }
    this.out.push('');
  }

  /** A value from the examples (the first that differs from the default, else the first), else the default. */
  private exampleCell(s: Schema, name: string, f: Schema): string {
    const found = this.fieldValues.get(`${keyOf(s)}\u0000${name}`) ?? [];
    const dflt = f.default === undefined ? undefined : JSON.stringify(f.default);
    const pick = found.find((o) => JSON.stringify(o.value) !== dflt) ?? found[0];
    if (pick !== undefined) return `${code(pick.value, 60)} in ${fileLink(pick.file)}`;
    if (f.default !== undefined) return `${code(f.default)} (default)`;
    return '—';
  }

  /** The instance with the most fields found in the examples (the first of those), as JSON. */
  private example(s: Schema): void {
    const found = this.instances.get(keyOf(s)) ?? [];
    let best: Occurrence | undefined;
    for (const o of found) {
      if (best === undefined || Object.keys(o.value as object).length > Object.keys(best.value as object).length) best = o;
    }
    if (best === undefined) {
      this.para('No bundled example uses it.');
      return;
    }
    const { value, cut } = shorten(best.value, 2);
    this.para(`From ${fileLink(best.file)}${cut ? ' (arrays cut to their first 2 items)' : ''}:`);
    this.out.push('```json', block(value, ''), '```', '');
  }

  private para(text: string): void {
    if (text !== '') this.out.push(text, '');
  }
}

function push<T>(m: Map<string, T[]>, key: string, v: T): void {
  const list = m.get(key);
  if (list === undefined) m.set(key, [v]);
  else list.push(v);
}

// ---------------------------------------------------------------------------------------------
// Words

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function unique(words: readonly string[]): string[] {
  return words.filter((w, i) => words.indexOf(w) === i);
}

/** The type in words: `integer`, `integer or null`, `array of objects`. */
function typeWords(s: Schema): string {
  if (s.anyOf !== undefined) return unique(s.anyOf.map(typeWords)).join(' or ');
  if (s.const !== undefined) return jsonType(s.const);
  if (s.enum !== undefined) return unique(s.enum.map(jsonType)).join(' or ');
  if (s.type === 'array') {
    if (s.items === undefined) return 'array';
    const item = typeWords(s.items);
    return `array of ${item.includes(' ') ? `items (${item})` : `${item}s`}`;
  }
  if (s.type !== undefined) return s.type;
  return s.oneOf !== undefined || s.properties !== undefined ? 'object' : 'any';
}

/** 2^20 and above as powers of two where they are (or are one less than) one; else with separators. */
function num(n: number): string {
  for (const [v, minus] of [[n, ''], [n + 1, ' − 1']] as const) {
    const k = Math.round(Math.log2(v));
    if (k >= 20 && 2 ** k === v) return `2^${k}${minus}`;
  }
  return Math.abs(n) >= 10_000 ? String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',') : String(n);
}

/** What a field allows beyond its type: values, range, length, pattern. */
function constraints(s: Schema): string[] {
  const out: string[] = [];
  if (s.const !== undefined) out.push(code(s.const));
  if (s.enum !== undefined) out.push(s.enum.map((v) => code(v)).join(', '));
  const lo = s.minimum !== undefined ? { n: s.minimum, ex: false } : s.exclusiveMinimum !== undefined ? { n: s.exclusiveMinimum, ex: true } : undefined;
  const hi = s.maximum !== undefined ? { n: s.maximum, ex: false } : s.exclusiveMaximum !== undefined ? { n: s.exclusiveMaximum, ex: true } : undefined;
  if (lo !== undefined && hi !== undefined && !lo.ex && !hi.ex) out.push(`${num(lo.n)} to ${num(hi.n)}`);
  else {
    const parts: string[] = [];
    if (lo !== undefined) parts.push(`${lo.ex ? 'more than' : 'at least'} ${num(lo.n)}`);
    if (hi !== undefined) parts.push(`${hi.ex ? 'less than' : 'at most'} ${num(hi.n)}`);
    if (parts.length > 0) out.push(parts.join(', '));
  }
  if (s.minLength !== undefined) out.push(s.minLength === 1 ? 'not empty' : `at least ${num(s.minLength)} characters`);
  if (s.maxLength !== undefined) out.push(`at most ${num(s.maxLength)} characters`);
  if (s.pattern !== undefined) out.push(`matching \`${s.pattern}\``);
  if (s.minItems !== undefined) out.push(`at least ${num(s.minItems)} items`);
  if (s.maxItems !== undefined) out.push(`at most ${num(s.maxItems)} items`);
  return out;
}

function allowedWords(s: Schema): string {
  if (s.anyOf !== undefined) {
    return s.anyOf.map((b) => {
      if (b.const !== undefined || b.enum !== undefined || b.type === 'null') return b.type === 'null' ? '`null`' : constraints(b).join(', ');
      const c = constraints(b);
      return c.length === 0 ? `any ${typeWords(b)}` : `${typeWords(b)} ${c.join(', ')}`;
    }).join(', or ');
  }
  if (s.type === 'object' && s.properties === undefined && s.oneOf === undefined) return 'any object';
  const c = constraints(s);
  return c.length === 0 ? '—' : c.join('; ');
}

// ---------------------------------------------------------------------------------------------
// Markdown

/** A value as one line of JSON with spaces: `{ "kind": "rate", "perSecond": 300 }`. */
function inline(v: unknown): string {
  if (Array.isArray(v)) return v.length === 0 ? '[]' : `[${v.map(inline).join(', ')}]`;
  if (v !== null && typeof v === 'object') {
    const e = Object.entries(v);
    return e.length === 0 ? '{}' : `{ ${e.map(([k, x]) => `${JSON.stringify(k)}: ${inline(x)}`).join(', ')} }`;
  }
  return JSON.stringify(v);
}

/** A value as JSON: on one line when it fits in 100 columns (`used` already taken), else one field or item per line. */
function block(v: unknown, indent: string, used = indent.length): string {
  const one = inline(v);
  if (used + one.length <= 100 || v === null || typeof v !== 'object') return one;
  const inner = indent + '  ';
  const lines = Array.isArray(v)
    ? v.map((x) => inner + block(x, inner))
    : Object.entries(v).map(([k, x]) => {
      const head = `${inner}${JSON.stringify(k)}: `;
      return head + block(x, inner, head.length);
    });
  const [open, close] = Array.isArray(v) ? ['[', ']'] : ['{', '}'];
  return `${open}\n${lines.join(',\n')}\n${indent}${close}`;
}

/** Arrays cut to their first `n` items, all the way down. */
function shorten(v: unknown, n: number): { value: unknown; cut: boolean } {
  let cut = false;
  const walk = (x: unknown): unknown => {
    if (Array.isArray(x)) {
      if (x.length > n) cut = true;
      return x.slice(0, n).map(walk);
    }
    if (x !== null && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, y]) => [k, walk(y)]));
    return x;
  };
  return { value: walk(v), cut };
}

/** A value in code style, cut to `max` characters. */
function code(v: unknown, max = Infinity): string {
  let s = JSON.stringify(v);
  if (s.length > max) s = s.slice(0, max - 1) + '…';
  return `\`${s}\``;
}

/** A discriminator value as it reads in a heading: `rate`, not `"rate"`. */
function plain(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function fileLink(file: string): string {
  return `[${file}](../examples/${file})`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

// ---------------------------------------------------------------------------------------------
// Fixed text

const INTRO = [
  'Every field of a rasflow scenario: its type, default, allowed values, meaning and an example,',
  'taken from the bundled scenarios in `examples/` where one sets the field. The definition is the',
  `JSON Schema in \`${SCHEMA_SOURCE}\` (shipped as`,
  '`packages/core/scenario.schema.json`). This page is generated from it: after `npx tsc -b`, run',
  `\`node ${GENERATOR}\`; \`${TEST}\` fails while the page is out of date.`,
  '',
  '## Validating a scenario',
  '',
  '- `rasflow run scenario.json` validates the scenario before anything runs (YAML too, when the',
  '  file name ends in `.yaml` or `.yml`). It reports every problem at once, each with its JSON',
  '  path, the value found and what is allowed, and exits 1:',
  '',
  '  ```text',
  '  $ rasflow run /tmp/bad.json',
  '  run: /tmp/bad.json is not valid:',
  '    - vms.backing: found "huge", allowed: "page", "thp", "hugetlb-2m", "hugetlb-1g"',
  '    - injections[0].kind: found "nope", allowed: "rate", "per-access", "burst", "targeted"',
  '  ```',
  '',
  '- `--profile` and `--seed` replace `profile` and `seed` before validation, so a bad `--profile`',
  '  is reported like a bad field; `--seed` is checked as given first (a decimal integer from 0 to',
  '  4294967295, else exit 2).',
  '- The schema is checked first (unknown fields, types, ranges, values), with the defaults filled',
  '  in; the [rules the schema cannot express](#rules-the-schema-cannot-express) are checked once',
  '  it passes.',
  '- Plugin options (`plugins.*.options`) are checked by each plugin\'s own `optionsSchema` when the',
  '  plugins load, before any host starts (docs/writing-plugins.md).',
  '- For completion, descriptions and checks while editing, point the scenario at the schema in its',
  '  first field, with a path relative to the scenario file (this is the line in `examples/`):',
  '',
  '  ```json',
  '  "$schema": "../packages/core/scenario.schema.json",',
  '  ```',
  '',
  'Paths are written as in the error messages: `vms.memoryMiB`; `[]` stands for any item of an',
  'array (`injections[].event.type`); `{a,b}` for several fields that take the same object.',
];

/** scenario-rules.ts in words; keep the two together (the rules are checked in that order). */
function rulesSection(): string[] {
  const gib = DATA_BACKED_LIMIT_BYTES / 2 ** 30;
  return [
    '## Rules the schema cannot express',
    '',
    'Checked once the schema passes (`packages/core/src/scenario/scenario-rules.ts`), and reported',
    'the same way, with the path of the field named below.',
    '',
    '- `vms.backing` `"hugetlb-1g"` only with `hosts.pageSize` 4096: a 64 KiB-page arm64 host has 2 MiB,',
    '  512 MiB and 16 GiB huge pages, no 1 GiB ones.',
    '- `vms.memoryMiB` is a whole number of the largest of: the host page (`hosts.pageSize`), the',
    '  guest page (`vms.guestPageSize`) and the backing unit (2 MiB for `vms.backing` `"thp"` and',
    '  `"hugetlb-2m"`, 1 GiB for `"hugetlb-1g"`).',
    '- The guest kernel and the processes fit in guest RAM: `vms.kernelPages` + `vms.processes` ×',
    '  `vms.processPages` guest pages at most `vms.memoryMiB` MiB / `vms.guestPageSize`.',
    '- A process address space (`vms.processPages` × `vms.guestPageSize`) and the kernel\'s',
    '  (`vms.kernelPages` × `vms.guestPageSize`) are at most 4 GiB each.',
    `- With \`vms.dataBacked\`, all guest memory of the run (\`hosts.count\` × \`vms.perHost\` ×`,
    `  \`vms.memoryMiB\`) is at most ${gib} GiB.`,
    '- `vms.memoryBackend` `"file"` only with `vms.backing` `"page"`.',
    '- `durationNs` above 2^53 − 1 ns (104 days) only with `time` `"sampled"`.',
    '- In the random, sequential and hot-set workloads, `workload.storeFraction` +',
    '  `workload.fetchFraction` is at most 1; in hot-set, `workload.hotPages` is at most',
    '  `vms.processPages`.',
    '- In a scripted workload, each access names things that exist: `host` below `hosts.count`, `vm`',
    '  below `vms.perHost`, `vcpu` below `vms.vcpus`, a numeric `process` below `vms.processes`; and',
    '  its `address` lies in the space it names: below `vms.processPages` × `vms.guestPageSize` for a',
    '  process, `vms.kernelPages` × `vms.guestPageSize` for `"kernel"`, `vms.vmmPrivatePages` ×',
    '  `hosts.pageSize` for `"vmm"`.',
    '- `injections[].host` (burst, targeted) is below `hosts.count`; `injections[].event.vcpu` (an',
    '  SError) below `vms.vcpus`.',
    '- A per-access injection creates poison only: its `event.type` is `"poison"`.',
    '- A targeted injection\'s `target` gives exactly one of `guestPa`, `hostPa`, `process`,',
    '  `vmm: true` or `hostMemory`; for an SError it may give none (then only `target.vm` is',
    '  checked).',
    '  - With `hostMemory`, the memory it names is not empty (`hosts.kernelMiB` for `"kernel"`,',
    '    `hosts.freeMiB` for `"free"`), `target.page` is below its size in host pages and',
    '    `target.offset` below `hosts.pageSize`.',
    '  - Otherwise `target.vm` is below `vms.perHost`, `target.offset` below `vms.guestPageSize`, and:',
    '    `guestPa` below guest RAM (`vms.memoryMiB` MiB); a numeric `process` below `vms.processes`,',
    '    with `target.page` below `vms.processPages` (`vms.kernelPages` for `"kernel"`); with `vmm`,',
    '    `target.page` below `vms.vmmPrivatePages`. `hostPa` is not checked against host memory.',
    '',
  ];
}
