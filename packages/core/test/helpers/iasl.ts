// Runs ACPICA's `iasl -d` on encoded tables and parses what it prints, for the HEST oracle tests
// (../../../../shared/oracles/hest/README.md). iasl exits 0 even for a bad checksum or a table that
// ends mid-structure, so the tests read its .dsl output and its stderr instead of the exit code.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { TestContext } from 'node:test';

export const IASL_MISSING =
  'iasl (ACPICA) is not on PATH: install acpica-tools (apt-get install -y acpica-tools) to run the HEST oracle tests';

/** The iasl executable on PATH, or null. */
export function findIasl(): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir !== '' && existsSync(join(dir, 'iasl'))) return join(dir, 'iasl');
  }
  return null;
}

/**
 * The iasl path, or null after handling its absence: under CI (process.env.CI set) the test fails
 * with the install hint; elsewhere it is skipped with the same hint.
 */
export function iaslOrSkip(t: TestContext): string | null {
  const iasl = findIasl();
  if (iasl !== null) return iasl;
  if (process.env.CI) assert.fail(IASL_MISSING);
  t.skip(IASL_MISSING);
  return null;
}

/** What iasl produced for one input table. */
export interface Disassembly {
  /** The .dsl text. */
  dsl: string;
  /** The part of stderr iasl printed while processing this file. */
  stderr: string;
}

/**
 * Disassembles all tables with one iasl run in one temporary directory. Names must be plain file
 * stems (letters, digits, '-', '_'). stderr is split per file at iasl's "Input file <name>" lines.
 */
export function disassembleAll(iasl: string, tables: ReadonlyMap<string, Uint8Array>): Map<string, Disassembly> {
  const dir = mkdtempSync(join(tmpdir(), 'rasflow-iasl-'));
  try {
    const inputs: string[] = [];
    for (const [name, bytes] of tables) {
      assert.match(name, /^[A-Za-z0-9_-]+$/);
      writeFileSync(join(dir, `${name}.dat`), bytes);
      inputs.push(`${name}.dat`);
    }
    const res = spawnSync(iasl, ['-d', ...inputs], { cwd: dir, encoding: 'utf8' });
    assert.equal(res.error, undefined, `iasl did not run: ${String(res.error)}`);
    const perFile = new Map<string, string[]>();
    let current: string[] | undefined;
    for (const line of (res.stderr ?? '').split('\n')) {
      const m = /^Input file ([A-Za-z0-9_-]+)\.dat\b/.exec(line);
      if (m !== null) {
        current = [];
        perFile.set(m[1]!, current);
      }
      current?.push(line);
    }
    const out = new Map<string, Disassembly>();
    for (const name of tables.keys()) {
      const dslPath = join(dir, `${name}.dsl`);
      assert.ok(existsSync(dslPath), `iasl wrote no ${name}.dsl; stdout:\n${res.stdout}\nstderr:\n${res.stderr}`);
      out.set(name, { dsl: readFileSync(dslPath, 'utf8'), stderr: (perFile.get(name) ?? []).join('\n') });
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The field lines of a .dsl (or of the oracle's expected file): after the leading comment block,
 * before "Raw Table Data", blank lines dropped, runs of whitespace collapsed.
 */
export function fieldLines(text: string): string[] {
  const lines = text.split('\n');
  let start = 0;
  if (lines[0]?.trimStart().startsWith('/*')) {
    start = lines.findIndex((l) => l.trimEnd().endsWith('*/')) + 1;
  }
  const out: string[] = [];
  for (const line of lines.slice(start)) {
    if (line.includes('Raw Table Data')) break;
    const norm = line.trim().replace(/\s+/g, ' ');
    if (norm !== '') out.push(norm);
  }
  return out;
}

/** One parsed field line: `[HHHh DDDD LLL] Name : Value`. */
export interface DslField {
  offset: number;
  length: number;
  name: string;
  value: string;
}

const FIELD = /^\[([0-9A-F]+)h ([0-9]+) +([0-9]+)\] +(.+?) : (.*)$/;

/** Parses the field lines of a .dsl; other lines are skipped. */
export function dslFields(text: string): DslField[] {
  const out: DslField[] = [];
  for (const line of text.split('\n')) {
    const m = FIELD.exec(line.trim());
    if (m !== null) out.push({ offset: parseInt(m[1]!, 16), length: Number(m[3]), name: m[4]!.trim(), value: m[5]!.trim() });
  }
  return out;
}
