/**
 * A CPER section body of any type, and the dispatch on the Section Type GUID. The same bodies
 * travel in both wrappers: after a Generic Error Data Entry in a GHES block (what EL3 firmware and
 * QEMU write, what Linux `ghes.c` reads) and after the section descriptors of a full CPER record
 * (ERST, BERT, BMC logs, libcper).
 */
import {
  decodeArmSection, encodeArmSection, armSectionSize, type ArmProcessorSection,
} from './cper-arm.js';
import {
  decodeGenericProcessorSection, encodeGenericProcessorSection, GENERIC_PROCESSOR_SECTION_SIZE,
  type GenericProcessorSection,
} from './cper-generic-processor.js';
import { decodeMemorySection, encodeMemorySection, MEMORY_SECTION_SIZE, type MemoryErrorSection } from './cper-memory.js';
import { checkRoom, copyBytes, putBytes } from './codec-util.js';
import { need } from './decode-error.js';
import { GUIDS, guidBytes } from './guid.js';

/** A section body; `unknown` keeps the bytes of any section type this project does not decode. */
export type SectionBody =
  | {
    /** A Platform Memory Error section (what firmware and QEMU write for poisoned memory). */
    kind: 'memory';
    /** The decoded section. */
    memory: MemoryErrorSection;
  }
  | {
    /** An ARM Processor Error section. */
    kind: 'arm-processor';
    /** The decoded section. */
    armProcessor: ArmProcessorSection;
  }
  | {
    /** A Processor Generic Error section. */
    kind: 'generic-processor';
    /** The decoded section. */
    genericProcessor: GenericProcessorSection;
  }
  | {
    /** Any other section type, kept as bytes. */
    kind: 'unknown';
    /** Its Section Type GUID, lowercase canonical text. */
    sectionType: string;
    /** The section body as stored. */
    bytes: Uint8Array;
  };

/** The decoded kinds of section body. */
export type SectionKind = SectionBody['kind'];

const KNOWN: Readonly<Record<string, Exclude<SectionKind, 'unknown'>>> = {
  [GUIDS.sectionMemory]: 'memory',
  [GUIDS.sectionArmProcessor]: 'arm-processor',
  [GUIDS.sectionGenericProcessor]: 'generic-processor',
};

/** Which kind a Section Type GUID (lowercase canonical text) selects. */
export function sectionKindOf(sectionType: string): SectionKind {
  const t = sectionType.toLowerCase();
  return Object.hasOwn(KNOWN, t) ? KNOWN[t]! : 'unknown';
}

/** The Section Type GUID (lowercase canonical text) of a body. */
export function sectionTypeOf(body: SectionBody): string {
  switch (body.kind) {
    case 'memory':
      return GUIDS.sectionMemory;
    case 'arm-processor':
      return GUIDS.sectionArmProcessor;
    case 'generic-processor':
      return GUIDS.sectionGenericProcessor;
    case 'unknown':
      return body.sectionType.toLowerCase();
  }
}

/** Bytes the body occupies when encoded: the Error Data Length / Section Length. */
export function sectionBodySize(body: SectionBody): number {
  switch (body.kind) {
    case 'memory':
      return MEMORY_SECTION_SIZE;
    case 'arm-processor':
      return armSectionSize(body.armProcessor);
    case 'generic-processor':
      return GENERIC_PROCESSOR_SECTION_SIZE;
    case 'unknown':
      return body.bytes.length;
  }
}

/**
 * Decodes a body of `length` bytes at `off` whose Section Type is `sectionType`. The caller has
 * checked that `length` bytes are there; the decoders check that they are enough.
 */
export function decodeSectionBody(view: DataView, off: number, length: number, sectionType: string): SectionBody {
  need(view, off, length, 'section body');
  switch (sectionKindOf(sectionType)) {
    case 'memory':
      return { kind: 'memory', memory: decodeMemorySection(view, off, length) };
    case 'arm-processor':
      return { kind: 'arm-processor', armProcessor: decodeArmSection(view, off, length) };
    case 'generic-processor':
      return { kind: 'generic-processor', genericProcessor: decodeGenericProcessorSection(view, off, length) };
    case 'unknown':
      return { kind: 'unknown', sectionType: sectionType.toLowerCase(), bytes: copyBytes(view, off, length) };
  }
}

/**
 * Writes a body at `off`; returns its size. RangeError for an `unknown` body whose GUID is one this
 * project decodes (it would not come back as `unknown`) or is not a GUID.
 */
export function encodeSectionBody(view: DataView, off: number, body: SectionBody): number {
  switch (body.kind) {
    case 'memory':
      return encodeMemorySection(view, off, body.memory);
    case 'arm-processor':
      return encodeArmSection(view, off, body.armProcessor);
    case 'generic-processor':
      return encodeGenericProcessorSection(view, off, body.genericProcessor);
    case 'unknown': {
      guidBytes(body.sectionType); // RangeError on malformed text
      if (sectionKindOf(body.sectionType) !== 'unknown') {
        throw new RangeError(`unknown section body: ${body.sectionType} is a decoded type; use its own body kind`);
      }
      checkRoom('section body', view, off, body.bytes.length);
      putBytes(view, off, body.bytes);
      return body.bytes.length;
    }
  }
}
