/**
 * `rasflow examples [--json]`: the bundled scenarios under examples/, each with its one-line
 * description and the command that runs it.
 */
import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from './args.js';
import type { Command } from './io.js';

/** examples/ of the checkout this file belongs to (dist/src/cli → ../../../../examples). */
export const EXAMPLES_DIR = fileURLToPath(new URL('../../../../../examples/', import.meta.url));

export interface ExampleEntry {
  file: string;
  name: string;
  description: string;
}

export async function listExamples(dir = EXAMPLES_DIR): Promise<ExampleEntry[]> {
  const { readFile } = await import('node:fs/promises');
  const names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
  const out: ExampleEntry[] = [];
  for (const n of names) {
    const raw = JSON.parse(await readFile(join(dir, n), 'utf8')) as { name?: unknown; description?: unknown };
    out.push({ file: join(dir, n), name: String(raw.name ?? n.replace(/\.json$/, '')), description: String(raw.description ?? '') });
  }
  return out;
}

/** Words of `text` in lines of at most `width` characters. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

export const examplesCommand: Command = async (argv, io) => {
  const args = parseArgs('examples', argv, { usage: 'usage: rasflow examples [--json]\n  lists the bundled scenarios under examples/ with their descriptions', booleans: ['json'] });
  const list = await listExamples();
  if (args.flags.has('json')) {
    io.out(JSON.stringify(list, null, 2));
    return 0;
  }
  io.out('bundled scenarios (run one with: rasflow run <file>):');
  for (const e of list) {
    io.out(`\n${relative(io.cwd, e.file) || e.file}`);
    for (const line of wrap(e.description, 96)) io.out(`    ${line}`);
  }
  return 0;
};
