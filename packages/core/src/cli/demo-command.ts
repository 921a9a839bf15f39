/**
 * `rasflow demo`: the quick-start job until the simulation lands. It walks the seed profile's
 * journey for a guest EL0 load of poisoned memory (flow.md §6 S1) through the real encoders and
 * decoders: the HEST the firmware publishes, the ESR_EL2 it fakes, the CPER it writes into the host
 * SEA block with the read-ack handshake, the block the VMM writes for the guest (the bundled
 * example), the ESR_EL1 the guest sees, and a bundled full CPER record.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeEsr } from '../arch/esr-decode.js';
import { decodeHest, encodeHest, QEMU_HEST_HEADER } from '../apei/hest.js';
import { ghesSourceFor, hestEntriesForPlan, initialiseGhesBlob, planGhesSources } from '../apei/ghes-layout.js';
import { ospmAcknowledge, platformClaim, QEMU_READ_ACK_MASKS, readAckIsFree } from '../apei/ghes-ack.js';
import { writeGhesMemoryBlock } from '../apei/ghes-memory-writer.js';
import { qemuSeaMemoryBlock } from '../apei/cper-examples.js';
import { hex32 } from '../util/u64.js';
import { bytesFromFile, decodeCperInput } from './cper-input.js';
import { ghesBlockJson, recordJson } from './cper-json.js';
import { cperText } from './cper-text.js';
import { esrExplanation } from './esr-command.js';
import { parseArgs } from './args.js';
import type { CliIo, Command } from './io.js';

/** The repository's examples/ folder, found from this module (dist/src/cli → repo root). */
function examplesDir(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'examples', 'cper');
    if (existsSync(candidate)) return join(dir, 'examples');
    dir = dirname(dir);
  }
  return undefined;
}

function section(io: CliIo, n: number, title: string): void {
  io.out(`\n${n}. ${title}`);
}

function indent(text: string): string {
  return text.split('\n').map((l) => '   ' + l).join('\n');
}

function esr(io: CliIo, value: number): void {
  io.out(indent(esrExplanation(decodeEsr(value)).join('\n')));
}

export const demoCommand: Command = async (args, io) => {
  parseArgs('rasflow demo', args, { usage: 'usage: rasflow demo\n  one poisoned guest load walked through the real encoders and decoders (takes no options)' });
  const hostPa = 0x8_4000_1000; // the poisoned host page behind guest PA 0x40001000
  io.out('rasflow demo: one poisoned load by a guest process (flow.md §6 S1, seed profile),');
  io.out('walked through the real register and APEI/CPER/HEST encoders and decoders.');

  section(io, 1, 'EL3 firmware publishes a HEST: one SEA and one SEI GHESv2 source per PE (4 PEs)');
  const plan = planGhesSources({ kinds: ['sea', 'sei'], pes: 4, base: 0x7fff_0000 });
  const hest = encodeHest(QEMU_HEST_HEADER, hestEntriesForPlan(plan));
  const table = decodeHest(hest);
  io.out(indent(`HEST ${hest.length} bytes, checksum 0x${hest[9]!.toString(16)} (verified on decode), ${table.entries.length} sources:`));
  for (const s of plan.sources) {
    io.out(indent(`  source ${s.sourceId}: ${s.kind.toUpperCase()} for PE${s.pe ?? '*'}, notify type ${s.notifyType}, block at 0x${(plan.base + s.blockOffset).toString(16)}`));
  }

  section(io, 2, 'The guest process loads poisoned data; SCR_EL3.EA=1 takes the abort to EL3, which fakes it into EL2');
  esr(io, 0x9200_0010);

  section(io, 3, 'Firmware claims the host SEA block of PE2 (read-ack 1 → 0) and writes a CPER memory record');
  const blob = new DataView(new ArrayBuffer(plan.blobLength));
  initialiseGhesBlob(blob, plan);
  const src = ghesSourceFor(plan, 'sea', 2)!;
  const claimed = platformClaim(blob, src.ackOffset);
  writeGhesMemoryBlock(blob, src.blockOffset, hostPa);
  io.out(indent(`claim ${claimed ? 'succeeded' : 'refused'}; a second error now finds the ack register busy: ${readAckIsFree(blob, src.ackOffset) ? 'no' : 'yes'}`));
  const hostBlock = new Uint8Array(blob.buffer, src.blockOffset, 172);
  const decodedHost = decodeCperInput(hostBlock.slice());
  if (decodedHost.kind === 'ghes-block') io.out(indent(cperText(ghesBlockJson(decodedHost.block))));
  ospmAcknowledge(blob, src.ackOffset, QEMU_READ_ACK_MASKS);
  io.out(indent(`host APEI read, cleared and acked it: the ack register is free again: ${readAckIsFree(blob, src.ackOffset) ? 'yes' : 'no'}`));

  section(io, 4, 'memory_failure() poisons the page; SIGBUS BUS_MCEERR_AR reaches the VMM, which writes the guest block');
  const dir = examplesDir();
  const file = dir === undefined ? undefined : join(dir, 'cper', 'qemu-sea-memory-error.hex');
  const guestBytes = file !== undefined && existsSync(file) ? bytesFromFile(await io.readFile(file)) : qemuSeaMemoryBlock();
  io.out(indent(file !== undefined ? `(bundled example ${join('examples', 'cper', 'qemu-sea-memory-error.hex')})` : '(built in: examples/ not found)'));
  const decodedGuest = decodeCperInput(guestBytes);
  if (decodedGuest.kind === 'ghes-block') io.out(indent(cperText(ghesBlockJson(decodedGuest.block))));

  section(io, 5, `The VMM injects an SEA; the guest at EL0 sees ESR_EL1 ${hex32(0x9200_0410)} and FnV=1, so it takes the address from the CPER`);
  esr(io, 0x9200_0410);

  section(io, 6, 'Without a usable record KVM injects its default virtual SError (VSESR_EL2 0x01000000)');
  esr(io, 0xbf00_0000);

  const record = dir === undefined ? undefined : join(dir, 'cper', 'memory-record.cper');
  if (record !== undefined && existsSync(record)) {
    section(io, 7, 'A full UEFI CPER record as a BMC or ERST would keep it (examples/cper/memory-record.cper)');
    const decoded = decodeCperInput(bytesFromFile(await io.readFile(record)));
    if (decoded.kind === 'cper-record') io.out(indent(cperText(recordJson(decoded.record))));
  }
  io.out('\nNext: `rasflow esr <value>`, `rasflow cper decode <file>`, `rasflow hest -o <file>`.');
  return 0;
};
