/**
 * `rasflow esr <value> [--json]`: decode an ESR_ELx value the way the RAS flow reads it (EC, IL,
 * ISS and, for aborts and SErrors, every ISS field with its meaning and the severity Linux derives).
 */
import {
  decodeEsr,
  type DataAbortDecoded,
  type EsrDecoded,
  type InstructionAbortDecoded,
  type SErrorDecoded,
} from '../arch/esr-decode.js';
import { SERROR_CONTINUE, SERROR_FATAL, SERROR_NOT_RAS } from '../arch/esr-fields.js';
import { errorTypeMeaning } from '../arch/esr-names.js';
import { abortHasSet, serrorAction } from '../arch/esr.js';
import { hex32, parseU64, u64Hi, u64Lo } from '../util/u64.js';
import { parseArgs } from './args.js';
import { UsageError, type Command } from './io.js';

const ACCEPTED = "accepted: 0x-prefixed hex (e.g. 0x96000410, '_' allowed between digits: 0x9600_0410) or decimal, at most 64 bits";

const hex = (v: number, digits: number): string => '0x' + (v >>> 0).toString(16).padStart(digits, '0');

/** The ESR as text: 8 hex digits, or 16 when the high half is not zero. */
function esrText(d: EsrDecoded): string {
  return d.hi === 0 ? hex32(d.lo) : '0x' + d.hi.toString(16).padStart(8, '0') + d.lo.toString(16).padStart(8, '0');
}

/**
 * JSON fields shared by data and instruction aborts. The CLI names the IFSC `dfsc` too, and its
 * name `dfscName`, so a reader of any abort finds them under one key; an instruction abort adds
 * them under `ifsc` / `ifscName` as well.
 */
function abortJson(d: DataAbortDecoded | InstructionAbortDecoded): Record<string, unknown> {
  const iss = d.iss;
  const fsc = d.kind === 'data-abort' ? d.dfsc : d.ifsc;
  const out: Record<string, unknown> = {};
  if (d.kind === 'data-abort') {
    out['isv'] = d.isv;
    if (d.isv === 1) Object.assign(out, { sas: d.sas, sse: d.sse, srt: d.srt, sf: d.sf, ar: d.ar });
    out['vncr'] = d.vncr;
  }
  Object.assign(out, {
    dfsc: fsc,
    ...(d.kind === 'instruction-abort' ? { ifsc: d.ifsc } : {}),
    dfscName: d.kind === 'data-abort' ? d.dfscName : d.ifscName,
    ...(d.kind === 'instruction-abort' ? { ifscName: d.ifscName } : {}),
    fnv: d.fnv,
    ea: d.ea,
    // For an instruction abort, WnR (bit 6) and CM (bit 8) are RES0: the raw bits are shown.
    wnr: (iss >>> 6) & 1,
    s1ptw: d.s1ptw,
    cm: (iss >>> 8) & 1,
    set: d.setName,
    setBits: d.set,
    sea: d.sea,
  });
  return out;
}

function serrorJson(d: SErrorDecoded): Record<string, unknown> {
  return {
    ids: d.ids,
    ...(d.ids === 1 ? { impDef: d.impDef } : {}),
    iesb: d.iesb,
    ea: d.ea,
    dfsc: d.dfsc,
    dfscName: d.dfscName,
    aet: d.aetName,
    aetBits: d.aet,
    severity: d.severity,
    rasSerror: d.rasSerror,
  };
}

/** The `--json` object: numbers as JSON numbers, names as strings, inapplicable names as null. */
export function esrJson(d: EsrDecoded): Record<string, unknown> {
  const out: Record<string, unknown> = { esr: esrText(d), ec: d.ec, ecName: d.ecName, il: d.il, iss: d.iss };
  if (d.iss2 !== 0) out['iss2'] = d.iss2;
  if (d.res0 !== 0) out['res0'] = d.res0;
  if (d.kind === 'data-abort' || d.kind === 'instruction-abort') Object.assign(out, abortJson(d));
  else if (d.kind === 'serror') Object.assign(out, serrorJson(d));
  return out;
}

const SET_MEANING: Record<string, string> = {
  UER: 'recoverable state',
  UC: 'uncontainable',
  UEO: 'restartable state',
};

function abortLines(d: DataAbortDecoded | InstructionAbortDecoded): string[] {
  const lines: string[] = [];
  const fsc = d.kind === 'data-abort' ? d.dfsc : d.ifsc;
  if (d.kind === 'data-abort') {
    if (d.isv === 1) {
      lines.push(`ISV=1: instruction syndrome valid: ${1 << d.sas}-byte access to ${d.sf ? 'X' : 'W'}${d.srt}` +
        `${d.sse ? ', sign-extended' : ''}${d.ar ? ', acquire/release' : ''}`);
    } else lines.push('ISV=0: no instruction syndrome (SAS/SSE/SRT/SF/AR not valid)');
    if (d.vncr) lines.push('VNCR=1: fault on a VNCR_EL2-relative access (FEAT_NV2)');
  }
  if (d.setName !== null) lines.push(`SET=${d.setName}: ${SET_MEANING[d.setName] ?? ''}`);
  else if (abortHasSet(fsc)) lines.push(`SET=0b01: reserved`);
  else if (d.set !== 0) lines.push(`SET=${d.set}: RES0 for this fault status code`);
  lines.push(
    d.fnv
      ? 'FnV=1: FAR is not valid (the address must come from the error record / CPER)'
      : 'FnV=0: FAR holds the faulting virtual address',
  );
  lines.push(`EA=${d.ea}: IMPLEMENTATION DEFINED external abort type`);
  if (d.kind === 'data-abort') {
    lines.push(d.cm ? 'CM=1: caused by a cache-maintenance or address-translation instruction' : 'CM=0: not a cache-maintenance instruction');
  }
  lines.push(d.s1ptw ? 'S1PTW=1: on the stage-2 translation of a stage-1 table walk' : 'S1PTW=0: not on a stage-1 table walk');
  if (d.kind === 'data-abort') lines.push(d.wnr ? 'WnR=1: write' : 'WnR=0: read');
  const name = d.kind === 'data-abort' ? d.dfscName : d.ifscName;
  lines.push(`${d.kind === 'data-abort' ? 'DFSC' : 'IFSC'}=${hex(fsc, 2)}: ${name}${d.sea ? ' (KVM counts it as an SEA)' : ''}`);
  if (d.kind === 'instruction-abort' && d.res0Iss !== 0) lines.push(`RES0 bits set in the ISS: ${hex(d.res0Iss, 7)}`);
  return lines;
}

function serrorLines(d: SErrorDecoded): string[] {
  const lines: string[] = [];
  if (d.ids === 1) {
    lines.push(`IDS=1: IMPLEMENTATION DEFINED syndrome ${hex(d.impDef, 6)}; not an architected RAS error`);
  } else {
    lines.push('IDS=0: architected RAS syndrome');
    lines.push(`DFSC=${hex(d.dfsc, 2)}: ${d.dfscName}`);
    if (d.aetName !== null) lines.push(`AET=${d.aetName}: ${errorTypeMeaning(d.aetName)}`);
    else if (d.dfsc === 0x11) lines.push(`AET=${d.aet}: reserved`);
    lines.push(`IESB=${d.iesb}${d.iesb ? ': synchronised by an implicit error synchronisation event' : ''}`);
    lines.push(`EA=${d.ea}: IMPLEMENTATION DEFINED external abort type`);
  }
  const action = serrorAction(d.lo);
  const what =
    action === SERROR_NOT_RAS
      ? 'not a RAS error: a host kernel panics, KVM gives the guest a virtual SError'
      : action === SERROR_CONTINUE
        ? 'the interrupted context can continue'
        : action === SERROR_FATAL
          ? 'fatal to the interrupted context'
          : 'uncontainable: panic';
  lines.push(`Linux severity: ${d.severity} (${what})`);
  return lines;
}

/** The human explanation: a header line and one indented line per field. */
export function esrExplanation(d: EsrDecoded): string[] {
  const lines = [`ESR ${esrText(d)}: EC ${hex(d.ec, 2)} ${d.ecName}: ${d.ecMeaning}`];
  const body: string[] = [];
  body.push(
    d.il ? 'IL=1: 32-bit instruction length (always 1 for aborts with ISV=0 and for SErrors)' : 'IL=0: 16-bit instruction (or IL not set)',
  );
  body.push(`ISS=${hex(d.iss, 7)}`);
  if (d.iss2 !== 0) body.push(`ISS2=${hex(d.iss2, 6)}`);
  if (d.res0 !== 0) body.push(`bits 63:56 are RES0 but hold ${hex(d.res0, 2)}`);
  if (d.kind === 'data-abort' || d.kind === 'instruction-abort') body.push(...abortLines(d));
  else if (d.kind === 'serror') body.push(...serrorLines(d));
  return [...lines, ...body.map((l) => '  ' + l)];
}

/**
 * Parses the value with `parseU64`, then refuses decimal text that is more likely unprefixed hex:
 * exactly 8 digits (the `%08x` width every ESR is printed in, e.g. `92000410`) or a leading zero.
 * A decimal ESR of an abort or SError has 10 digits, so nothing useful is lost.
 */
export function parseEsrValue(text: string): { lo: number; hi: number } {
  const r = parseU64(text);
  if (!r.ok) throw new UsageError(`esr: ${r.reason}; ${ACCEPTED}`);
  const t = text.trim();
  if (/^[0-9_]+$/.test(t)) {
    const digits = t.replace(/_/g, '');
    if (digits.length === 8 || (digits.length > 1 && digits.startsWith('0'))) {
      throw new UsageError(
        `esr: '${text}' is ambiguous: it has the form of hex without the 0x prefix; write 0x${digits} for hex, ` +
          `or 0x${r.value.toString(16)} if you meant the decimal ${r.value}; ${ACCEPTED}`,
      );
    }
  }
  return { lo: u64Lo(r.value), hi: u64Hi(r.value) };
}

/** `rasflow esr`. */
export const esrCommand: Command = async (args, io) => {
  const parsed = parseArgs('esr', args, { usage: `usage: rasflow esr <value> [--json]\n  ${ACCEPTED}`, booleans: ['json'] });
  if (parsed.positional.length === 0) {
    throw new UsageError(`esr: missing the ESR value (usage: rasflow esr <value> [--json]; ${ACCEPTED})`);
  }
  if (parsed.positional.length > 1) {
    throw new UsageError(`esr: expected one value, got ${parsed.positional.length} (${ACCEPTED})`);
  }
  const { lo, hi } = parseEsrValue(parsed.positional[0]!);
  const d = decodeEsr(lo, hi);
  if (parsed.flags.has('json')) io.out(JSON.stringify(esrJson(d)));
  else io.out(esrExplanation(d).join('\n'));
  return 0;
};
