// What the new-plugin tests share: scaffolding into a real directory, linking a generated package
// to this checkout the way `npm install` does (so no test needs the network), compiling it with
// the workspace's tsc, and reading the code blocks of docs/writing-plugins.md with their markers.
import { spawnSync } from 'node:child_process';
import { mkdir, realpath, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli } from '../../src/cli/run-cli.js';
import { capturingIo } from '../helpers/run-command.js';
import { repoRoot } from '../helpers/paths.js';

export { repoRoot };
export const GUIDE = join(repoRoot, 'docs', 'writing-plugins.md');

/** `rasflow new-plugin …` in `cwd`, with what it printed. */
export async function newPlugin(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  const io = capturingIo(cwd);
  const code = await runCli(['new-plugin', ...args], io);
  return { code, out: io.out_.join('\n'), err: io.err_.join('\n') };
}

/**
 * node_modules of a generated package as `npm install` leaves it, without the registry:
 * @rasflow/core and @rasflow/plugins are links to the checkout (what the file: dependencies
 * become), @types/node the workspace's, and .bin/rasflow core's bin.
 */
export async function linkToCheckout(pkg: string): Promise<void> {
  const nm = join(pkg, 'node_modules');
  await mkdir(join(nm, '@rasflow'), { recursive: true });
  await mkdir(join(nm, '@types'), { recursive: true });
  await symlink(join(repoRoot, 'packages', 'core'), join(nm, '@rasflow', 'core'), 'dir');
  await symlink(join(repoRoot, 'packages', 'plugins'), join(nm, '@rasflow', 'plugins'), 'dir');
  await symlink(await realpath(join(repoRoot, 'node_modules', '@types', 'node')), join(nm, '@types', 'node'), 'dir');
}

/** The workspace's TypeScript compiler. */
export const TSC = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');

/** Runs node with `args` in `cwd`; fails with everything it printed unless it exits 0. */
export function node(args: string[], cwd: string, timeoutMs = 120_000): string {
  // A `node --test` started from inside a test sees NODE_TEST_CONTEXT and would only report to
  // its parent instead of running its files the way `npm test` does in the package.
  const env = { ...process.env };
  delete env['NODE_TEST_CONTEXT'];
  const r = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', timeout: timeoutMs, env });
  const printed = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} (in ${cwd}) exited ${r.status ?? r.signal}:\n${printed}`);
  return printed;
}

/** One line that opens a `// #region NAME` / `// #endregion NAME` pair. */
const REGION = (name: string): RegExp => new RegExp(`^([ \\t]*)// #region ${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:\\s|$)`);
const END = (name: string): RegExp => new RegExp(`^[ \\t]*// #endregion ${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);

/**
 * The lines strictly between `// #region NAME` and `// #endregion NAME` in `text`, without the
 * indentation of the `#region` line (what the guide shows), and where they are.
 */
export function region(text: string, name: string): { body: string; indent: string; start: number; end: number } {
  const lines = text.split('\n');
  const open = lines.findIndex((l) => REGION(name).test(l));
  if (open < 0) throw new Error(`no '// #region ${name}' line`);
  const close = lines.findIndex((l, k) => k > open && END(name).test(l));
  if (close < 0) throw new Error(`'// #region ${name}' is never closed by '// #endregion ${name}'`);
  const indent = REGION(name).exec(lines[open]!)![1]!;
  const body = lines.slice(open + 1, close).map((l, k) => {
    if (l.trim() === '') return '';
    if (!l.startsWith(indent)) throw new Error(`line ${open + 2 + k} of region '${name}' is indented less than its '#region' line`);
    return l.slice(indent.length);
  });
  return { body: body.join('\n'), indent, start: open + 1, end: close };
}

/** `text` with the body of region `name` replaced by `body` (indented like the region). */
export function replaceRegion(text: string, name: string, body: string): string {
  const r = region(text, name);
  const lines = text.split('\n');
  const indented = body.split('\n').map((l) => (l === '' ? '' : r.indent + l));
  return [...lines.slice(0, r.start), ...indented, ...lines.slice(r.end)].join('\n');
}

/**
 * A fenced code block of the guide and the marker on the line before it:
 * `<!-- from: new-plugin LAYER NAME FILE#REGION -->`: region REGION of FILE as
 * `rasflow new-plugin LAYER NAME` generates it; `<!-- from: PATH#REGION -->`: region REGION of
 * the repository file PATH; `<!-- walkthrough: new-plugin LAYER NAME FILE#REGION -->`: the
 * guide's replacement for that region (the walkthrough test applies it, builds and runs).
 */
export interface GuideBlock {
  /** 1-based line of the opening fence. */
  line: number;
  lang: string;
  code: string;
  marker?: { kind: 'from' | 'walkthrough'; layer?: string; name?: string; file: string; region: string };
}

const MARKER = /^<!-- (from|walkthrough): (?:new-plugin (\S+) (\S+) )?(\S+)#(\S+) -->$/;

export function guideBlocks(markdown: string): GuideBlock[] {
  const lines = markdown.split('\n');
  const blocks: GuideBlock[] = [];
  for (let k = 0; k < lines.length; k++) {
    const fence = /^```(\S*)\s*$/.exec(lines[k]!);
    if (fence === null) continue;
    const close = lines.findIndex((l, j) => j > k && l.startsWith('```'));
    if (close < 0) throw new Error(`the code block at line ${k + 1} is never closed`);
    const prev = k > 0 ? lines[k - 1]! : '';
    const m = MARKER.exec(prev);
    if (prev.startsWith('<!-- from') || prev.startsWith('<!-- walkthrough')) {
      if (m === null) throw new Error(`line ${k}: a marker the guide tests do not understand: ${prev}`);
    }
    const block: GuideBlock = { line: k + 1, lang: fence[1]!, code: lines.slice(k + 1, close).join('\n') };
    if (m !== null) {
      block.marker = { kind: m[1] as 'from' | 'walkthrough', file: m[4]!, region: m[5]! };
      if (m[2] !== undefined) Object.assign(block.marker, { layer: m[2], name: m[3] });
    }
    blocks.push(block);
    k = close;
  }
  return blocks;
}
