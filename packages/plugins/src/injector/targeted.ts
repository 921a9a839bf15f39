/**
 * `targeted` injections: one error at a chosen time into a chosen place — a guest PA, a host PA,
 * a page of a guest process or of the guest kernel, the VMM's own memory, or the host kernel's
 * own or free memory. They reproduce the
 * rows of flow.md §6 one journey at a time.
 *
 * @module
 */
import { addressToNumber, type AddressValue, type InjectorContext } from '@rasflow/core';
import { numberField, PreparedEvent, type InjectionSource } from './events.js';

/** Where a targeted error lands (the schema's `target`, exactly one kind). */
type Place =
  | { kind: 'guestPa'; vm: number; gpa: number }
  | { kind: 'hostPa'; vm: number; hpa: number }
  | { kind: 'process'; vm: number; pid: number; page: number; offset: number }
  | { kind: 'vmm'; vm: number; page: number; offset: number }
  | { kind: 'hostMemory'; vm: number; region: 'kernel' | 'free'; page: number; offset: number }
  | { kind: 'none'; vm: number }; // an SError without a place: the engine picks the recorded address

function placeOf(raw: unknown, path: string): Place {
  const t = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const vm = typeof t['vm'] === 'number' ? t['vm'] : 0;
  const page = typeof t['page'] === 'number' ? t['page'] : 0;
  const offset = typeof t['offset'] === 'number' ? t['offset'] : 0;
  const kinds = [t['guestPa'] !== undefined, t['hostPa'] !== undefined, t['process'] !== undefined, t['vmm'] === true, t['hostMemory'] !== undefined];
  if (kinds.filter(Boolean).length === 0) return { kind: 'none', vm };
  if (kinds.filter(Boolean).length !== 1) throw new RangeError(`${path}: ${ONE_PLACE}`);
  if (kinds[0]) return { kind: 'guestPa', vm, gpa: addressToNumber(t['guestPa'] as AddressValue) };
  if (kinds[1]) return { kind: 'hostPa', vm, hpa: addressToNumber(t['hostPa'] as AddressValue) };
  if (kinds[2]) {
    const p = t['process'];
    // "kernel" is the guest kernel's own address space: pid -1 for poisonProcessPage.
    return { kind: 'process', vm, pid: p === 'kernel' ? -1 : (p as number), page, offset };
  }
  if (kinds[4]) {
    const region = t['hostMemory'];
    if (region !== 'kernel' && region !== 'free') throw new RangeError(`${path}.hostMemory: found ${JSON.stringify(region)}, allowed: "kernel", "free"`);
    return { kind: 'hostMemory', vm, region, page, offset };
  }
  return { kind: 'vmm', vm, page, offset };
}

const ONE_PLACE = 'exactly one of guestPa, hostPa, process, vmm: true or hostMemory is needed';

/**
 * One event at `atNs` on the entry's host. A poison goes to the target's granule: a process page
 * is translated through the process's page table as it is at that time (a page the process does
 * not map then — it was killed and not restarted — receives nothing). An SError goes to vCPU
 * `event.vcpu` of `target.vm`, its error record naming the target's host PA (without a place,
 * the engine's default: a page the vCPU's context uses). A corrected error is counted at the
 * target's host PA.
 */
export class TargetedSource implements InjectionSource {
  private readonly atNs: number;
  private readonly place: Place;
  private readonly event: PreparedEvent;

  constructor(raw: Readonly<Record<string, unknown>>, entry: number) {
    const path = `injections[${entry}]`;
    this.atNs = numberField(raw, 'atNs', path);
    this.place = placeOf(raw['target'], `${path}.target`);
    this.event = new PreparedEvent(raw['event'], `${path}.event`);
    if (this.event.type !== 'serror' && this.place.kind === 'none') {
      throw new RangeError(`${path}.target: ${ONE_PLACE}`);
    }
  }

  /** Host PA of the place now (-1: a process page that is not mapped, or no place). */
  private hostPa(ctx: InjectorContext): number {
    const p = this.place;
    switch (p.kind) {
      case 'guestPa': return ctx.guestPaToHostPa(p.vm, p.gpa);
      case 'hostPa': return p.hpa;
      case 'process': return ctx.processPageToHostPa(p.vm, p.pid, p.page, p.offset);
      case 'vmm': return ctx.vmmPageToHostPa(p.vm, p.page, p.offset);
      case 'hostMemory': return ctx.hostMemoryToHostPa(p.region, p.page, p.offset);
      case 'none': return -1;
    }
  }

  start(ctx: InjectorContext, tag: number): void {
    ctx.schedule(this.atNs, tag);
  }

  fire(ctx: InjectorContext): void {
    const p = this.place;
    const ev = this.event;
    const hpa = this.hostPa(ctx);
    if (ev.type === 'serror') {
      const se = ev.serror!;
      ctx.serror(p.vm, ev.vcpu, hpa >= 0 ? { ...se, hpa } : se);
      return;
    }
    if (hpa < 0) return; // a process page not mapped now: nothing to poison
    if (ev.type === 'ce') ctx.correctedError(hpa);
    else ctx.poisonHostPa(hpa, ev.poison);
  }

  /** Nothing to save: the one pending event lives in the engine's queue. */
  saveState(): number[] {
    return [];
  }

  loadState(): void {}
}
