/**
 * `rasflow cper decode <file> [--json]`: decode a GHES error status block (what EL3 firmware or
 * the VMM writes for the OS) or a full UEFI CPER record (ERST/BERT/BMC/libcper), given as binary
 * or as hex text, and print its severity, sections and memory-error fields.
 *
 * Exit codes: 0 decoded; 1 the file cannot be read or does not decode (the message names the
 * structure, offset and problem); 2 wrong use (UsageError, printed by run-cli).
 */
import { DecodeError } from '../apei/decode-error.js';
import { parseArgs } from './args.js';
import { bytesFromFile, decodeCperInput } from './cper-input.js';
import { ghesBlockJson, recordJson } from './cper-json.js';
import { cperText } from './cper-text.js';
import { UsageError, type CliIo, type Command } from './io.js';

const USAGE = [
  'usage: rasflow cper decode <file> [--json]',
  '',
  '  <file>   a GHES error status block or a UEFI CPER record, binary or hex text',
  '  --json   print the decoded fields as JSON',
].join('\n');

function readFailure(path: string, err: unknown): string {
  const code = err !== null && typeof err === 'object' && 'code' in err ? String(err.code) : '';
  if (code === 'ENOENT') return `rasflow cper decode: cannot read '${path}': no such file`;
  if (code === 'EISDIR') return `rasflow cper decode: cannot read '${path}': it is a directory`;
  if (code === 'EACCES') return `rasflow cper decode: cannot read '${path}': permission denied`;
  return `rasflow cper decode: cannot read '${path}': ${err instanceof Error ? err.message : String(err)}`;
}

async function decodeFile(path: string, json: boolean, io: CliIo): Promise<number> {
  let raw: Uint8Array;
  try {
    raw = await io.readFile(path);
  } catch (err) {
    io.err(readFailure(path, err));
    return 1;
  }
  try {
    const decoded = decodeCperInput(bytesFromFile(raw));
    const view = decoded.kind === 'cper-record' ? recordJson(decoded.record) : ghesBlockJson(decoded.block);
    io.out(json ? JSON.stringify(view, null, 2) : cperText(view));
    return 0;
  } catch (err) {
    if (err instanceof DecodeError) {
      io.err(`rasflow cper decode: ${path}: ${err.message}`);
      return 1;
    }
    throw err;
  }
}

/** The `cper` command. */
export const cperCommand: Command = async (args, io) => {
  const [sub, ...rest] = args;
  if (sub === 'help' || sub === '--help' || sub === '-h') {
    io.out(USAGE);
    return 0;
  }
  if (sub === undefined) throw new UsageError(`rasflow cper: missing subcommand\n${USAGE}`);
  if (sub !== 'decode') throw new UsageError(`rasflow cper: unknown subcommand '${sub}'\n${USAGE}`);
  const { positional, flags } = parseArgs('rasflow cper decode', rest, { usage: USAGE, booleans: ['json'] });
  if (positional.length === 0) throw new UsageError(`rasflow cper decode: missing <file>\n${USAGE}`);
  if (positional.length > 1) throw new UsageError(`rasflow cper decode: one file expected, got ${positional.length}\n${USAGE}`);
  return decodeFile(positional[0]!, flags.has('json'), io);
};
