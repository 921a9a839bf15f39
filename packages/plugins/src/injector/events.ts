/**
 * The hardware events an injection creates (flow.md §2: poison, asynchronous SError, corrected
 * error), prepared once from the scenario so that an injection allocates nothing, and the random
 * placement shared by the rate and burst sources.
 *
 * @module
 */
import { draw01, drawBelow, GRANULE_BYTES, type InjectorContext, type PoisonOptions, type SErrorOptions } from '@rasflow/core';

/** An event of the scenario (`injections[i].event`), with the schema's defaults applied. */
export class PreparedEvent {
  /** The hardware event: a poisoned granule, a physical SError, or a corrected error. */
  readonly type: 'poison' | 'serror' | 'ce';
  /** Options of a poison event (also what a per-access injection uses). */
  readonly poison: Readonly<Required<PoisonOptions>>;
  /** Options of an SError event; null for other types. */
  readonly serror: Readonly<SErrorOptions> | null;
  /** vCPU that takes an SError event. */
  readonly vcpu: number;

  constructor(raw: unknown, path: string) {
    const e = (typeof raw === 'object' && raw !== null ? raw : { type: 'poison' }) as Record<string, unknown>;
    const type = e['type'] ?? 'poison';
    if (type !== 'poison' && type !== 'serror' && type !== 'ce') {
      throw new RangeError(`${path}.type: found ${JSON.stringify(type)}, allowed: poison, serror, ce`);
    }
    this.type = type;
    this.poison = Object.freeze({
      av: e['av'] !== false,
      set: e['set'] === 'UEO' || e['set'] === 'UC' ? e['set'] : 'UER',
      firmwareRecord: e['firmwareRecord'] !== false,
      transient: e['transient'] === true,
    });
    this.vcpu = typeof e['vcpu'] === 'number' ? e['vcpu'] : 0;
    if (type === 'serror') {
      const aet = e['aet'];
      if (aet !== 'CE' && aet !== 'UEO' && aet !== 'UER' && aet !== 'UEU' && aet !== 'UC') {
        throw new RangeError(`${path}.aet: found ${JSON.stringify(aet)}, allowed: CE, UEO, UER, UEU, UC`);
      }
      this.serror = Object.freeze({ aet, ids: e['ids'] === true, dfsc: e['dfsc'] === 0 ? 0 : 17, av: e['av'] !== false });
    } else {
      this.serror = null;
    }
  }

  /** True when two poison events would poison with the same options. */
  samePoison(o: PreparedEvent): boolean {
    const a = this.poison;
    const b = o.poison;
    return a.av === b.av && a.set === b.set && a.firmwareRecord === b.firmwareRecord && a.transient === b.transient;
  }

  /**
   * Makes this event happen at host PA `hpa` (poison, ce) or, for an SError, on vCPU `this.vcpu`
   * of VM `vm` — an SError has no address of the injector's choosing: the hardware reports the
   * page the vCPU's context uses (InjectorContext.serror). Returns the journey id.
   */
  injectAt(ctx: InjectorContext, hpa: number, vm: number): number {
    if (this.type === 'poison') return ctx.poisonHostPa(hpa, this.poison);
    if (this.type === 'ce') return ctx.correctedError(hpa);
    return ctx.serror(vm, this.vcpu, this.serror!);
  }
}

/**
 * Host PA of a uniformly random granule of the host's physical memory, from draw `n` of stream
 * `key`. "Host memory" is InjectorContext.hostBytes: every VM's guest RAM and its VMM-private
 * pages, and any alignment gap the memslot plan leaves between VMs (memory no VM uses: an error
 * there stays latent, as it would in a real host's free memory). 53-bit draws, so hosts larger
 * than 2^32 granules are covered evenly.
 */
export function randomGranule(key: number, n: number, hostBytes: number): number {
  const granules = Math.floor(hostBytes / GRANULE_BYTES);
  return Math.min(granules - 1, Math.floor(draw01(key, n) * granules)) * GRANULE_BYTES;
}

/** VM that a randomly placed SError hits, from draw `n` of stream `key`. */
export function randomVm(key: number, n: number, vms: number): number {
  return drawBelow(key, n, vms);
}

/** Reads a number field of an injection, or throws naming the field. */
export function numberField(o: Readonly<Record<string, unknown>>, field: string, path: string, dflt?: number): number {
  const v = o[field] ?? dflt;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new RangeError(`${path}.${field}: found ${JSON.stringify(v)}, allowed: a number`);
  return v;
}

/** The common shape of one injection entry's runner inside the scenario injector. */
export interface InjectionSource {
  /** At time 0: schedule this entry's first event with tag `tag` (or nothing). */
  start(ctx: InjectorContext, tag: number): void;
  /** The event scheduled with `tag` is due. */
  fire(ctx: InjectorContext, tag: number): void;
  /** The entry's progress as plain numbers (for checkpoints), and its restoration. */
  saveState(): number[];
  /** Restores what {@link saveState} returned. */
  loadState(state: readonly number[]): void;
}
