/**
 * Handler latencies charged to the faulting vCPU (flow.md §5). No published measurements exist
 * for these paths, so the defaults are assumptions of the right order of magnitude, documented in
 * docs/ras-flow.md, and every one is an option.
 *
 * @module
 */

/** Options schema fragment: a latency in ns with a default. */
export function latencyField(dflt: number, description: string): Record<string, unknown> {
  return { type: 'integer', minimum: 0, maximum: 1e12, default: dflt, description };
}

/** EL3: read the error record, write a CPER, fake the exception (≈ a few µs of firmware). */
export const FIRMWARE_NS = 8_000;
/** KVM exit handling and classification. */
export const KVM_NS = 2_000;
/** Host APEI read/ack plus memory_failure() (rmap walk, unmap, signal). */
export const HOST_MEMORY_FAILURE_NS = 40_000;
/** Signal delivery to the VMM and its handler (CPER into the guest block, injection ioctl). */
export const VMM_NS = 25_000;
/** Guest GHES driver and memory_failure() in the guest. */
export const GUEST_NS = 30_000;
/** Reading a 4 KiB page back from an NVMe SSD after a clean page-cache page was dropped. */
export const PAGE_CACHE_READ_NS = 100_000;
