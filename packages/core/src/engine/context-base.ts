/**
 * What every hook context shares: where and when the call happens, time charging, randomness and
 * notes. One instance per layer and host, reused for every call.
 */
import { VCPU_I32, VI_PE } from '../memory/layout.js';
import { draw32 } from '../rand/counter-rng.js';
import { ACTION } from '../plugin/vocabulary.js';
import type { HookContext } from '../plugin/contexts.js';
import type { Flow } from './flow.js';

export abstract class ContextBase implements HookContext {
  constructor(protected readonly flow: Flow, private readonly pluginIndex: number) {}

  get host(): number {
    return this.flow.host.index;
  }
  get vm(): number {
    return this.flow.vm;
  }
  get vcpu(): number {
    return this.flow.vi >= 0 ? this.flow.vi % this.flow.host.vcpusPerVm : -1;
  }
  get pe(): number {
    return this.flow.vi >= 0 ? this.flow.host.vcpus.i32[this.flow.vi * VCPU_I32 + VI_PE]! : -1;
  }
  get nowNs(): number {
    return this.flow.now();
  }
  get journey(): number {
    return this.flow.j;
  }
  chargeNs(ns: number): void {
    this.flow.charge(ns);
  }
  random32(): number {
    return this.flow.random32(this.pluginIndex, draw32);
  }
  note(text: string): void {
    this.flow.stepText('note', String(text));
  }
  protected stepAction(name: keyof typeof ACTION, esr = -1, addr = -1, signal = -1, code = -1, source = -1): void {
    this.flow.step(ACTION[name], esr, addr, signal, code, source);
  }
}
