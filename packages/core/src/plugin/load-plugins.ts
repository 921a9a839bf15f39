/**
 * Loading plugins by module specifier: a specifier and JSON options cross the thread boundary,
 * never a function. Everything that can be wrong with a plugin module (missing, failing to
 * import, not a plugin, wrong layer, bad options, a missing `requires`) is found here, in the main
 * thread before any worker starts; workers then import the same resolved modules with the
 * validated options (importValidatedPlugin).
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ErrorObject } from 'ajv';
import { formatAjvErrors, newAjv } from '../scenario/validate-scenario.js';
import { PluginLoadError } from './plugin-error.js';
import { LAYER_NAMES, type Layer, type PluginDefinition } from './plugin-types.js';
import type { LoadedPlugin, PluginSet } from '../engine/plugin-set.js';

/** Where `@rasflow/plugins` lives when the core package is used from the repository. */
function workspacePluginsDir(): string | undefined {
  const here = dirname(fileURLToPath(import.meta.url)); // packages/core/dist/src/plugin
  const candidate = resolve(here, '..', '..', '..', '..', 'plugins');
  return existsSync(join(candidate, 'package.json')) ? candidate : undefined;
}

/** Resolves a specifier to a file URL: paths against `baseDir`, packages from `baseDir` or the workspace. */
export function resolvePluginSpecifier(specifier: string, baseDir: string): string {
  if (specifier.startsWith('file:')) return specifier;
  if (specifier.startsWith('.') || isAbsolute(specifier)) {
    const p = resolve(baseDir, specifier);
    if (!existsSync(p)) throw new Error(`no file at ${p}`);
    return pathToFileURL(p).href;
  }
  const attempts: string[] = [];
  // The scenario's directory, then the working directory (once, when they are the same).
  for (const dir of new Set([resolve(baseDir), process.cwd()])) {
    try {
      return pathToFileURL(createRequire(join(dir, 'noop.js')).resolve(specifier)).href;
    } catch {
      attempts.push(dir);
    }
  }
  const ws = workspacePluginsDir();
  if (ws !== undefined && specifier.startsWith('@rasflow/plugins')) {
    try {
      return pathToFileURL(createRequire(join(ws, 'noop.js')).resolve(specifier)).href;
    } catch {
      attempts.push(ws);
    }
  }
  throw new Error(`cannot resolve it from ${attempts.join(', ')}`);
}

function isDefinition(x: unknown): x is PluginDefinition {
  return typeof x === 'object' && x !== null && typeof (x as PluginDefinition).name === 'string' &&
    typeof (x as PluginDefinition).create === 'function' && LAYER_NAMES.includes((x as PluginDefinition).layer);
}

/**
 * Imports one plugin and validates its options. `path` names the scenario field for messages
 * (e.g. `plugins.firmware`).
 */
export async function loadPlugin<L extends Layer>(
  specifier: string, layer: L, rawOptions: Record<string, unknown>, baseDir: string, path: string,
): Promise<LoadedPlugin<L>> {
  return validatePluginOptions(await importPlugin(specifier, layer, rawOptions, baseDir, path));
}

/** A plugin module imported and checked (a definition of the right layer), its options not yet validated. */
export interface ImportedPlugin<L extends Layer = Layer> {
  /** The module specifier as the scenario gave it (for messages). */
  specifier: string;
  /** The file URL it resolved to: what a worker imports. */
  url: string;
  /** The plugin definition the module exports. */
  definition: PluginDefinition<L, Record<string, unknown>>;
  /** The options as the scenario gave them, not yet validated (no defaults filled in). */
  rawOptions: Record<string, unknown>;
  /** The scenario field, for messages. */
  path: string;
}

/** Resolves and imports one plugin module: everything but its options (loadPlugin's first half). */
export async function importPlugin<L extends Layer>(
  specifier: string, layer: L, rawOptions: Record<string, unknown>, baseDir: string, path: string,
): Promise<ImportedPlugin<L>> {
  let url: string;
  try {
    url = resolvePluginSpecifier(specifier, baseDir);
  } catch (err) {
    throw new PluginLoadError(`${path}: cannot load module '${specifier}': ${(err as Error).message}`);
  }
  const def = await importDefinition(url, specifier, layer, path);
  return { specifier, url, definition: def as PluginDefinition<L, Record<string, unknown>>, rawOptions, path };
}

/**
 * Validates an imported plugin's options against its optionsSchema, defaults filled in
 * (loadPlugin's second half: synchronous, and the part that needs the schema validator).
 */
export function validatePluginOptions<L extends Layer>(p: ImportedPlugin<L>): LoadedPlugin<L> {
  const { specifier, url, path } = p;
  const def = p.definition;
  const options = structuredClone(p.rawOptions);
  if (def.optionsSchema !== undefined) {
    let validate;
    try {
      validate = optionsValidator(def.optionsSchema as object);
    } catch (err) {
      throw new PluginLoadError(`${path}: plugin '${def.name}' has an invalid optionsSchema: ${(err as Error).message}`);
    }
    if (!validate(options)) {
      const issues = formatAjvErrors(validate.errors ?? [], `${path}.options`);
      throw new PluginLoadError(`plugin '${def.name}' options are not valid:\n` + issues.map((i) => `  - ${i.path}: ${i.message}`).join('\n'));
    }
  } else if (Object.keys(options).length > 0) {
    throw new PluginLoadError(`${path}.options: plugin '${def.name}' takes no options, found ${Object.keys(options).join(', ')}`);
  }
  return { specifier, url, definition: def as PluginDefinition<L, Record<string, unknown>>, options };
}

/** Imports `url` and finds its plugin definition of layer `layer`; `specifier` and `path` are for messages. */
async function importDefinition(url: string, specifier: string, layer: Layer, path: string): Promise<PluginDefinition> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(url)) as Record<string, unknown>;
  } catch (err) {
    throw new PluginLoadError(`${path}: module '${specifier}' failed to load: ${err instanceof Error ? err.message : String(err)}`);
  }
  const def = [mod['default'], mod['plugin']].find(isDefinition);
  if (def === undefined) {
    throw new PluginLoadError(`${path}: module '${specifier}' exports no plugin (export default define${cap(layer)}Plugin({...}))`);
  }
  if (def.layer !== layer) {
    throw new PluginLoadError(`${path}: '${def.name}' from '${specifier}' is a ${def.layer} plugin, not a ${layer} plugin`);
  }
  return def;
}

/**
 * A plugin the main thread has loaded and validated (loadPlugin), imported again in a worker:
 * the options are taken as they are, defaults filled in, so the worker needs no schema
 * validator (~100 ms of a worker's startup). The plugin must be the one validated: same layer.
 */
export async function importValidatedPlugin<L extends Layer>(p: { specifier: string; url: string; options: Record<string, unknown> }, layer: L, path: string): Promise<LoadedPlugin<L>> {
  const def = await importDefinition(p.url, p.specifier, layer, path);
  return { specifier: p.specifier, url: p.url, definition: def as PluginDefinition<L, Record<string, unknown>>, options: p.options };
}

let sharedAjv: ReturnType<typeof newAjv> | undefined;

/**
 * The name of a schema's generated validator: `o` and the first 16 hex digits of the schema's
 * SHA-256 (a key, not a security measure: a mismatch only means compiling as before).
 */
export function optionsSchemaKey(schema: object): string {
  return 'o' + createHash('sha256').update(JSON.stringify(schema)).digest('hex').slice(0, 16);
}

type OptionsValidator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };
let generated: Record<string, OptionsValidator> | null | undefined;

/** The bundled plugins' validators as generated code (scripts/gen-plugin-options-validators.mjs), or null. */
function generatedValidators(): Record<string, OptionsValidator> | null {
  if (generated !== undefined) return generated;
  try {
    generated = createRequire(import.meta.url)('../../../generated/plugin-options-validators.cjs') as Record<string, OptionsValidator>;
  } catch {
    generated = null;
  }
  return generated;
}

/** The validator of `schema`: generated for the bundled plugins' schemas, compiled for any other. */
function optionsValidator(schema: object): OptionsValidator {
  const g = generatedValidators()?.[optionsSchemaKey(schema)];
  if (g !== undefined) return g;
  return optionsAjv(schema).compile(schema) as OptionsValidator;
}

/**
 * The ajv instance that compiles a plugin's optionsSchema: one per thread for all of them, since
 * a fresh instance compiles ajv's meta-schema again before it can check a schema (the seed
 * profile's four option schemas: ~50 ms instead of ~83 ms in a fresh worker, on the critical path
 * to the first access). A schema with an `$id` gets a fresh instance: two plugins may use the
 * same id, which one instance would refuse.
 */
function optionsAjv(schema: object): ReturnType<typeof newAjv> {
  if (JSON.stringify(schema).includes('"$id"')) return newAjv();
  return (sharedAjv ??= newAjv());
}

function cap(s: string): string {
  return s[0]!.toUpperCase() + s.slice(1);
}

/** Checks every plugin's `requires` against the names in the set. */
export function checkRequires(set: PluginSet): void {
  const all = [set.firmware, set.hypervisor, set.vmm, set.guest, set.workload, ...set.injectors, ...set.observers];
  const names = new Set(all.map((p) => p.definition.name));
  const missing: string[] = [];
  for (const p of all) {
    for (const r of p.definition.requires ?? []) if (!names.has(r)) missing.push(`'${p.definition.name}' requires '${r}'`);
  }
  if (missing.length > 0) throw new PluginLoadError(`plugin set is incomplete: ${missing.join('; ')} (loaded: ${[...names].join(', ')})`);
}
