/**
 * The human-readable summary `rasflow cper decode` prints without `--json`: one line per field a
 * person debugging a firmware-first error usually asks about (what severity, which address, who
 * signalled it), built on the same JSON view so that the two outputs cannot disagree.
 */
import { errorStatusTypeName, decodeErrorStatus } from '../apei/error-status.js';
import { memoryErrorTypeName } from '../apei/cper-memory.js';
import { GUIDS } from '../apei/guid.js';
import { sectionFlagNames } from '../apei/section-descriptor.js';
import { severityName } from '../apei/severity.js';
import type { Json } from './cper-json.js';

type JsonObject = { [key: string]: Json };

const NOTIFY_NAMES: Readonly<Record<string, string>> = {
  [GUIDS.notifySea]: 'SEA', [GUIDS.notifySei]: 'SEI', [GUIDS.notifyPei]: 'PEI', [GUIDS.notifyCmc]: 'CMC',
  [GUIDS.notifyCpe]: 'CPE', [GUIDS.notifyMce]: 'MCE', [GUIDS.notifyPcie]: 'PCIe', [GUIDS.notifyInit]: 'INIT',
  [GUIDS.notifyNmi]: 'NMI', [GUIDS.notifyBoot]: 'BOOT', [GUIDS.notifyDmar]: 'DMAr',
};

const RECORD_FLAG_NAMES = ['recovered', 'previous error', 'simulated'];

const sev = (n: Json | undefined): string => `${String(n)} (${severityName(Number(n))})`;
const num = (n: Json | undefined): number => (typeof n === 'number' ? n : 0);

function flagsText(value: number, names: readonly string[]): string {
  const set = names.filter((_, i) => (value & (1 << i)) !== 0);
  return `0x${value.toString(16)}${set.length ? ` (${set.join(', ')})` : ''}`;
}

function fieldLines(obj: JsonObject, indent: string, skip: ReadonlySet<string>): string[] {
  const lines: string[] = [];
  for (const [k, v] of Object.entries(obj)) {
    if (skip.has(k)) continue;
    if (Array.isArray(v) && v.every((item) => item === null || typeof item !== 'object')) {
      lines.push(`${indent}${k}: ${v.map(String).join(', ')}`);
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => {
        if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
          lines.push(`${indent}${k}[${i}]:`, ...fieldLines(item, indent + '  ', skip));
        } else {
          lines.push(`${indent}${k}[${i}]: ${String(item)}`);
        }
      });
    } else if (v !== null && typeof v === 'object') {
      lines.push(`${indent}${k}:`, ...fieldLines(v, indent + '  ', skip));
    } else {
      lines.push(`${indent}${k}: ${String(v)}`);
    }
  }
  return lines;
}

/** The note for a timestamp whose bytes are not all BCD: the date shown is only Linux's reading. */
function notBcd(o: JsonObject): string {
  return o['timestampBcdInvalid'] === true ? ' (bytes not BCD; read as Linux bcd2bin() reads them)' : '';
}

function memoryLines(m: JsonObject): string[] {
  const lines = fieldLines(m, '    ', new Set(['errorType', 'errorStatus', 'validationBits', 'oldLayoutLength', 'ignoredValidationBits']));
  lines.unshift(`    validationBits: 0x${num(m['validationBits']).toString(16)}`);
  if (typeof m['oldLayoutLength'] === 'number') {
    lines.unshift(`    layout: ${m['oldLayoutLength']} bytes, UEFI 2.1/2.2 (no extended byte, rank or handles)`);
  }
  if (typeof m['errorStatus'] === 'string') {
    const f = decodeErrorStatus(BigInt(m['errorStatus']));
    const parts = Object.entries(f).filter(([k, v]) => k !== 'errorType' && v === true).map(([k]) => k);
    lines.push(`    errorStatus: ${m['errorStatus']} (${errorStatusTypeName(f.errorType)}${parts.length ? ', ' + parts.join(', ') : ''})`);
  }
  if (typeof m['errorType'] === 'number') lines.push(`    errorType: ${m['errorType']} (${memoryErrorTypeName(m['errorType'])})`);
  if (typeof m['ignoredValidationBits'] === 'string') {
    // Linux prints a firmware warning for this and skips the section; its address is still used.
    lines.push(`    warning: validation bits ${m['ignoredValidationBits']} are set for fields beyond the ${num(m['oldLayoutLength'])}-byte layout; ignored`);
  }
  return lines;
}

function sectionLines(s: JsonObject, i: number): string[] {
  const lines = [
    `section ${i}: ${String(s['type'])} (${String(s['typeGuid'])})`,
    `  severity: ${sev(s['severity'])}`,
    `  revision: 0x${num(s['revision']).toString(16).padStart(4, '0')}`,
    `  flags: ${flagsText(num(s['flags']), sectionFlagNames(0xff))}`,
  ];
  for (const k of ['fruId', 'fruText', 'timestamp', 'length'] as const) {
    if (s[k] !== undefined) lines.push(`  ${k}: ${k === 'fruText' ? JSON.stringify(s[k]) : String(s[k])}${k === 'timestamp' ? notBcd(s) : ''}`);
  }
  const m = s['memory'];
  const a = s['armProcessor'];
  const g = s['genericProcessor'];
  if (m && typeof m === 'object' && !Array.isArray(m)) lines.push('  memory error:', ...memoryLines(m));
  if (a && typeof a === 'object' && !Array.isArray(a)) lines.push('  ARM processor error:', ...fieldLines(a, '    ', new Set()));
  if (g && typeof g === 'object' && !Array.isArray(g)) lines.push('  generic processor error:', ...fieldLines(g, '    ', new Set()));
  return lines;
}

/** The summary of a decoded input, given its JSON view. */
export function cperText(j: JsonObject): string {
  const sections = Array.isArray(j['sections']) ? j['sections'] : [];
  const lines: string[] = [];
  if (j['kind'] === 'cper-record') {
    const notify = String(j['notificationType']);
    lines.push(
      `CPER record, revision 0x${num(j['revision']).toString(16).padStart(4, '0')}, ${sections.length} section(s), ${num(j['recordLength'])} bytes`,
      `  severity: ${sev(j['severity'])}`,
      `  record id: ${String(j['recordId'])}`,
      `  flags: ${flagsText(num(j['flags']), RECORD_FLAG_NAMES)}`,
      `  timestamp: ${j['timestamp'] === null ? 'none' : `${String(j['timestamp'])}${j['timestampPrecise'] ? ' (precise)' : ''}${notBcd(j)}`}`,
      `  notification: ${notify}${Object.hasOwn(NOTIFY_NAMES, notify) ? ` (${NOTIFY_NAMES[notify]!})` : ''}`,
      `  creator: ${String(j['creatorId'])}`,
    );
  } else {
    const status = num(j['blockStatus']);
    lines.push(
      `GHES error status block, ${sections.length} entr${sections.length === 1 ? 'y' : 'ies'}, data length ${num(j['dataLength'])}`,
      `  severity: ${sev(j['severity'])}`,
      `  block status: 0x${status.toString(16)}${status === 0 ? ' (no error present)' : ''}, entry count field ${num(j['entryCount'])}`,
    );
    if (num(j['rawDataLength']) > 0) lines.push(`  raw data: ${num(j['rawDataLength'])} bytes`);
  }
  sections.forEach((s, i) => {
    if (s !== null && typeof s === 'object' && !Array.isArray(s)) lines.push(...sectionLines(s, i));
  });
  return lines.join('\n');
}
