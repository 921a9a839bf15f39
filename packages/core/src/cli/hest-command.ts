/**
 * `rasflow hest`: writes the HEST the simulated EL3 firmware publishes, as raw table bytes that
 * ACPICA's `iasl -d` (or Linux) can read.
 *
 *   rasflow hest [--sources sea,sei,sdei,gpio] [--pes N] [--shared] [--base 0x…]
 *                [--block-length N] [--oem-id S] [--oem-table-id S] -o <file> [--json]
 *
 * Defaults: sources `sea,sei` (the seed profile's firmware), 1 PE, per-PE sources, blob base
 * 0x7FFF0000 (the illustrative address of the iasl oracle), 1024-byte blocks, and QEMU's header
 * strings, so that `rasflow hest --sources sea,gpio -o t.dat` reproduces the oracle table byte for
 * byte. The file holds exactly `Length` bytes. A summary of the sources (id, kind, PE, notify type,
 * status-slot, ack and block addresses) always goes to stdout: as text, or as JSON with `--json`.
 */
import { resolve } from 'node:path';
import { parseArgs } from './args.js';
import { UsageError, writeOutput, type CliIo, type Command } from './io.js';
import { QEMU_HEST_HEADER, encodeHest, type HestHeaderFields } from '../apei/hest.js';
import {
  GHES_SOURCE_KINDS,
  SEED_FIRMWARE_SOURCES,
  DEFAULT_GHES_BLOCK_LENGTH,
  hestEntriesForPlan,
  planGhesSources,
  type GhesSourceKind,
  type GhesSourcePlan,
} from '../apei/ghes-layout.js';
import { notifyTypeIaslName } from '../apei/notification.js';
import { hex64, parseU64 } from '../util/u64.js';

const NAME = 'hest';
const USAGE = [
  'usage: rasflow hest [--sources sea,sei,sdei,gpio] [--pes N] [--shared] [--base 0x…] [--block-length N]',
  '                    [--oem-id S] [--oem-table-id S] -o <file> [--json]',
  '  writes the HEST the simulated firmware publishes (default sources: sea,sei; 1 PE; base 0x7FFF0000)',
].join('\n');

/** Blob base used when `--base` is not given: the address of the iasl oracle's example. */
export const DEFAULT_HEST_BLOB_BASE = 0x7fff_0000;

function parseSources(text: string): GhesSourceKind[] {
  const allowed = GHES_SOURCE_KINDS.join(', ');
  const names = text.split(',').map((s) => s.trim());
  if (text.trim() === '' || names.some((s) => s === '')) {
    throw new UsageError(`${NAME}: --sources needs a comma-separated list of: ${allowed}`);
  }
  const seen = new Set<string>();
  for (const s of names) {
    if (!(GHES_SOURCE_KINDS as readonly string[]).includes(s)) {
      throw new UsageError(`${NAME}: unknown source '${s}' in --sources (allowed: ${allowed})`);
    }
    if (seen.has(s)) throw new UsageError(`${NAME}: source '${s}' listed twice in --sources`);
    seen.add(s);
  }
  return names as GhesSourceKind[];
}

function parseCount(text: string, flag: string, min: number, max: number): number {
  if (!/^[0-9]+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new UsageError(`${NAME}: ${flag} must be a decimal integer from ${min} to ${max}, not '${text}'`);
  }
  return Number(text);
}

function parseBase(text: string): number {
  const r = parseU64(text);
  if (!r.ok) throw new UsageError(`${NAME}: --base: ${r.reason}`);
  if (r.value % 8n !== 0n) throw new UsageError(`${NAME}: --base must be a multiple of 8 (the ack registers are 8-byte fields)`);
  if (r.value > BigInt(Number.MAX_SAFE_INTEGER)) throw new UsageError(`${NAME}: --base must be below 2^53`);
  return Number(r.value);
}

function parseText(text: string, flag: string, width: number): string {
  if (text.length > width || !/^[\x20-\x7e]*$/.test(text)) {
    throw new UsageError(`${NAME}: ${flag} takes up to ${width} printable ASCII characters (padded with spaces)`);
  }
  return text.padEnd(width, ' ');
}

function hexNum(v: number): string {
  return hex64(BigInt(v));
}

function summary(plan: GhesSourcePlan, length: number, checksum: number, out: string): object {
  return {
    file: out,
    length,
    checksum: '0x' + checksum.toString(16).padStart(2, '0'),
    errorSourceCount: plan.sources.length,
    blob: { base: hexNum(plan.base), length: plan.blobLength, blockLength: plan.blockLength },
    sources: plan.sources.map((s) => ({
      id: s.sourceId,
      kind: s.kind,
      pe: s.pe,
      notifyType: s.notifyType,
      notifyName: notifyTypeIaslName(s.notifyType),
      ...(s.kind === 'sdei' ? { sdeiEvent: s.vector } : {}),
      statusSlot: hexNum(plan.base + s.slotOffset),
      ack: hexNum(plan.base + s.ackOffset),
      block: hexNum(plan.base + s.blockOffset),
    })),
  };
}

function textSummary(plan: GhesSourcePlan, length: number, checksum: number, out: string): string {
  const lines = [
    `wrote ${out}: HEST, ${length} bytes (0x${length.toString(16)}), checksum 0x${checksum.toString(16).padStart(2, '0')}, ` +
      `${plan.sources.length} GHESv2 source(s); blob at ${hexNum(plan.base)}, ${plan.blobLength} bytes`,
  ];
  for (const s of plan.sources) {
    const who = s.pe === null ? 'shared' : `PE${s.pe}`;
    const ev = s.kind === 'sdei' ? ` event ${s.vector}` : '';
    lines.push(
      `  source ${s.sourceId}: ${s.kind} ${who} notify ${s.notifyType} (${notifyTypeIaslName(s.notifyType)})${ev}` +
        ` slot ${hexNum(plan.base + s.slotOffset)} ack ${hexNum(plan.base + s.ackOffset)} block ${hexNum(plan.base + s.blockOffset)}`,
    );
  }
  return lines.join('\n');
}

/** The `hest` subcommand (see the module comment for its options). */
export const hestCommand: Command = async (args: string[], io: CliIo): Promise<number> => {
  const { positional, flags } = parseArgs(NAME, args, {
    usage: USAGE,
    booleans: ['json', 'shared'],
    values: ['sources', 'pes', 'base', 'block-length', 'out', 'oem-id', 'oem-table-id'],
    aliases: { o: 'out' },
  });
  if (positional.length > 0) throw new UsageError(`${NAME}: unexpected argument '${positional[0]}'`);
  const str = (k: string): string | undefined => {
    const v = flags.get(k);
    return typeof v === 'string' ? v : undefined;
  };
  const out = str('out');
  if (out === undefined || out === '') throw new UsageError(`${NAME}: -o/--out <file> is required`);
  const srcText = str('sources');
  const kinds = srcText === undefined ? [...SEED_FIRMWARE_SOURCES] : parseSources(srcText);
  const pesText = str('pes');
  const pes = pesText === undefined ? 1 : parseCount(pesText, '--pes', 1, 4096);
  const baseText = str('base');
  const base = baseText === undefined ? DEFAULT_HEST_BLOB_BASE : parseBase(baseText);
  const blText = str('block-length');
  const blockLength = blText === undefined ? DEFAULT_GHES_BLOCK_LENGTH : parseCount(blText, '--block-length', 24, 0x10000);
  const oemIdText = str('oem-id');
  const oemTableIdText = str('oem-table-id');
  const header: HestHeaderFields = {
    ...QEMU_HEST_HEADER,
    ...(oemIdText === undefined ? {} : { oemId: parseText(oemIdText, '--oem-id', 6) }),
    ...(oemTableIdText === undefined ? {} : { oemTableId: parseText(oemTableIdText, '--oem-table-id', 8) }),
  };
  let plan: GhesSourcePlan;
  try {
    plan = planGhesSources({ kinds, pes, shared: flags.has('shared'), base, blockLength });
  } catch (err) {
    if (err instanceof RangeError) throw new UsageError(`${NAME}: ${err.message}`);
    throw err;
  }
  const bytes = encodeHest(header, hestEntriesForPlan(plan));
  await writeOutput(io, NAME, 'the table', resolve(io.cwd, out), bytes);
  const checksum = bytes[9] ?? 0;
  if (flags.has('json')) io.out(JSON.stringify(summary(plan, bytes.length, checksum, out), null, 2));
  else io.out(textSummary(plan, bytes.length, checksum, out));
  return 0;
};
