/**
 * A batch of guest memory accesses a workload produced for one vCPU: parallel typed arrays, reused
 * from batch to batch, so the vCPU loop never allocates.
 */

/**
 * Access kind (bits 1:0 of `flags`): a load; it consumes poison (a synchronous external abort).
 */
export const OP_LOAD = 0;
/** Access kind: a store; it does not consume poison. */
export const OP_STORE = 1;
/** Access kind: an instruction fetch; it consumes poison as an instruction abort. */
export const OP_FETCH = 2;
/** Mask of the access kind in `flags`. */
export const OP_MASK = 3;
/**
 * Not a memory access: a change of guest state at that point of a scripted workload, with the
 * control code in `addr` (CTL_*). Only timed batches may contain it.
 */
export const OP_CONTROL = 3;
/**
 * Control code (addr of an `OP_CONTROL` entry): the guest sets PSTATE.A, masking SErrors (a virtual
 * SError stays pending).
 */
export const CTL_MASK_SERROR = 0;
/** Control code: the guest clears PSTATE.A, so a pending virtual SError is taken. */
export const CTL_UNMASK_SERROR = 1;
/** Bit 2 of `flags`: the access is made by the guest kernel (EL1) rather than the process (EL0). */
export const FLAG_EL1 = 4;
/**
 * Bit 3 of `flags`: the access is made by the VMM thread of this vCPU (host EL0) to the VMM's own
 * memory; `addr` is the byte offset in the VM's VMM-private pages. Only timed batches may hold it.
 */
export const FLAG_VMM = 8;

/**
 * A batch of guest memory accesses a workload produced for one vCPU: parallel typed arrays, reused
 * from batch to batch, so the vCPU loop never allocates.
 */
export class AccessBatch {
  /** Guest virtual addresses: in the process's space at EL0, in the kernel's space at EL1. */
  readonly addr: Uint32Array;
  /** OP_* | FLAG_EL1. */
  readonly flags: Uint8Array;
  /**
   * Earliest simulated time of each access (scripted workloads); the vCPU idles until then.
   * Generated workloads leave `timed` false and the loop never reads this array.
   */
  readonly at: Float64Array;
  /** Scratch for the vCPU loop: word index of each access in data-backed mode. */
  readonly hostWord: Int32Array;
  /** Number of valid entries. */
  length = 0;
  /** True when `at` holds times the vCPU must wait for. */
  timed = false;
  /** Guest process the EL0 accesses belong to. */
  pid = 0;

  /** @param capacity Most accesses the batch holds (the scenario's `engine.batchSize`). */
  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`batch capacity must be a positive integer, got ${capacity}`);
    this.addr = new Uint32Array(capacity);
    this.flags = new Uint8Array(capacity);
    this.at = new Float64Array(capacity);
    this.hostWord = new Int32Array(capacity);
  }

  /** Empties the batch (no entries, untimed). */
  clear(): void {
    this.length = 0;
    this.timed = false;
  }
}
