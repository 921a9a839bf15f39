/**
 * `rasflow new-plugin <layer> <name> [--dir DIR]`: writes a plugin package (source, a test, a
 * scenario that uses the plugin and the same scenario without it, package.json, tsconfig.json,
 * README.md) into a new or empty directory, ready for `npm install && npm run build && npm test
 * && npm run sim`.
 *
 * @rasflow/* is not published, so the package depends on this checkout's packages by `file:`
 * links: npm links them rather than installing them, and their own dependencies resolve in the
 * checkout's node_modules (pnpm's), since Node follows the link to the real path. Only
 * TypeScript and @types/node come from the registry, pinned to the workspace's versions.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LAYER_NAMES, type Layer } from '../plugin/plugin-types.js';
import { parseArgs } from './args.js';
import { UsageError, writeOutput, type Command } from './io.js';
import { scaffoldFiles, TEMPLATES, type ScaffoldLinks } from './new-plugin-templates.js';

const USAGE = `usage: rasflow new-plugin <layer> <name> [--dir DIR]
  layer: ${LAYER_NAMES.join(', ')}
  name:  the plugin's name and its package's, an npm package name (lowercase letters, digits, '-', '.', '_')
  --dir: where to write the package (a new or empty directory; default ./<name>)`;

/**
 * Why `name` cannot be the plugin's name, or undefined when it can. npm's rules for a new
 * package name (validate-npm-package-name), less scopes: the name is also the file name of the
 * plugin's source, its test and its output directory, where a '/' has no place.
 */
export function pluginNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'it is empty';
  if (name.length > 214) return `it has ${name.length} characters, npm allows at most 214`;
  if (name.startsWith('@')) return "a scoped name (@scope/name) is not supported here: the name is also a file name; scaffold with a plain name and rename the package in package.json";
  if (name !== name.toLowerCase()) return 'npm package names are lowercase';
  if (name.startsWith('.') || name.startsWith('_')) return `npm package names cannot start with '${name[0]}'`;
  const bad = [...name].find((c) => !/[a-z0-9._-]/.test(c));
  if (bad !== undefined) return `'${bad}' is not allowed: only lowercase letters, digits, '-', '.' and '_'`;
  if (name === 'node_modules' || name === 'favicon.ico') return `'${name}' is reserved by npm`;
  if (builtinModules.includes(name)) return `'${name}' is the name of a Node.js core module`;
  return undefined;
}

function isLayer(s: string): s is Layer {
  return (LAYER_NAMES as readonly string[]).includes(s);
}

/** The checkout this command runs from: packages/core/dist/src/cli → packages/core. */
const CORE_DIR = fileURLToPath(new URL('../../../', import.meta.url)).replace(/[\\/]$/, '');

async function readJson(path: string): Promise<Record<string, unknown> | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/**
 * The checkout's packages, docs and pinned tool versions, or a message saying what is missing.
 * The generated package needs the checkout built: it runs the compiled core and plugins.
 */
export async function checkoutLinks(coreDir = CORE_DIR): Promise<ScaffoldLinks | string> {
  const core = await readJson(join(coreDir, 'package.json'));
  if (core?.['name'] !== '@rasflow/core') return `${coreDir} is not the @rasflow/core package of a rasflow checkout`;
  const pluginsDir = join(dirname(coreDir), 'plugins');
  const plugins = await readJson(join(pluginsDir, 'package.json'));
  if (plugins?.['name'] !== '@rasflow/plugins') return `no @rasflow/plugins beside @rasflow/core (looked in ${pluginsDir}): new-plugin needs a rasflow checkout`;
  const built = await stat(join(pluginsDir, 'dist', 'src', 'index.js')).then(() => true, () => false);
  if (!built) return `@rasflow/plugins is not built (${join(pluginsDir, 'dist')} is missing): run 'npm run setup' in the checkout first`;
  const root = dirname(dirname(coreDir));
  const dev = ((await readJson(join(root, 'package.json')))?.['devDependencies'] ?? {}) as Record<string, unknown>;
  const typescript = dev['typescript'];
  const typesNode = dev['@types/node'];
  if (typeof typescript !== 'string' || typeof typesNode !== 'string') {
    return `cannot read the workspace's typescript and @types/node versions from ${join(root, 'package.json')}`;
  }
  return { coreDir, pluginsDir, docsDir: join(root, 'docs'), typescript, typesNode };
}

/** 'missing', 'empty', or why the directory cannot be written into. */
async function directoryState(dir: string): Promise<'missing' | 'empty' | string> {
  try {
    const entries = await readdir(dir);
    return entries.length === 0 ? 'empty' : `${dir} is not empty (${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}); new-plugin writes only into a new or empty directory`;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'missing';
    if (code === 'ENOTDIR') return `${dir} exists and is not a directory`;
    return `cannot read ${dir}: ${(err as Error).message}`;
  }
}

export const newPluginCommand: Command = async (argv, io) => {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs('new-plugin', argv, { usage: USAGE, values: ['dir'] });
  } catch (err) {
    // An unknown option or one without its value: say what the command takes, as for the rest.
    if (err instanceof UsageError) throw new UsageError(`${err.message}\n${USAGE}`);
    throw err;
  }
  const [layer, name, ...extra] = args.positional;
  if (layer === undefined || name === undefined) {
    throw new UsageError(`new-plugin: needs a layer and a name, got ${args.positional.length === 0 ? 'neither' : 'only ' + JSON.stringify(layer)}\n${USAGE}`);
  }
  if (extra.length > 0) throw new UsageError(`new-plugin: unexpected argument '${extra[0]}'\n${USAGE}`);
  if (!isLayer(layer)) throw new UsageError(`new-plugin: unknown layer '${layer}', allowed: ${LAYER_NAMES.join(', ')}\n${USAGE}`);
  const problem = pluginNameProblem(name);
  if (problem !== undefined) throw new UsageError(`new-plugin: '${name}' cannot be a plugin name: ${problem}\n${USAGE}`);
  const dirFlag = args.flags.get('dir');
  if (dirFlag === '') throw new UsageError(`new-plugin: --dir needs a directory, got ''\n${USAGE}`);
  const dir = resolve(io.cwd, typeof dirFlag === 'string' ? dirFlag : name);

  const links = await checkoutLinks();
  if (typeof links === 'string') {
    io.err(`new-plugin: ${links}`);
    return 1;
  }
  const state = await directoryState(dir);
  if (state !== 'missing' && state !== 'empty') {
    io.err(`new-plugin: ${state}`);
    return 1;
  }

  const files = scaffoldFiles(layer, name, links);
  for (const [path, text] of files) await writeOutput(io, 'new-plugin', 'the plugin package', join(dir, path), text);

  const t = TEMPLATES[layer];
  const shown = relative(io.cwd, dir) || '.';
  const linked = t.wraps === undefined ? '@rasflow/core is a file: link' : '@rasflow/core and @rasflow/plugins are file: links';
  io.out([
    `new-plugin: wrote ${name}, ${/^[aeiou]/.test(layer) ? 'an' : 'a'} ${layer} plugin (${t.summary}), in ${dir}:`,
    ...[...files.keys()].map((p) => `  ${p}`),
    `${linked} to ${dirname(links.coreDir)} (not published); npm install fetches typescript ${links.typescript} and @types/node ${links.typesNode}.`,
    'next:',
    `  cd ${shown.includes(' ') ? JSON.stringify(shown) : shown}`,
    '  npm install',
    '  npm run build && npm test',
    '  npm run sim && npm run sim:baseline && npm run compare',
    `guide: ${join(links.docsDir, 'writing-plugins.md')}`,
  ].join('\n'));
  return 0;
};
