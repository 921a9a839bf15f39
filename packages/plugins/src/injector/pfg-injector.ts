/**
 * Error injection through the RAS fault-injection registers, the way TF-A's tests do it: write
 * ERR<n>PFGCDN with a countdown and ERR<n>PFGCTL with the error to produce (CDNEN armed); when the
 * countdown reaches 0 the error appears in ERR<n>STATUS and the hardware signals it. This is the
 * path real firmware validation takes, as opposed to the scenario's poison and SError events.
 *
 * Options: `injections`, each at `atNs` on `host`, programming the record of the PE that vCPU
 * `vcpu` of VM `vm` runs on with `pfgctl` (number or `0x` hex; default CDNEN|AV|ER|UER =
 * 0x80000A08, formats.md b.6) and `countdown` (ns), naming `guestPa` of that VM (or `hostPa`) in
 * ERR<n>ADDR.
 *
 * @module
 */
import { addressToNumber, defineInjectorPlugin, type AddressValue } from '@rasflow/core';

/** One programming of a record's fault-injection registers. */
interface PfgInjection {
  /** When firmware programs the registers. */
  atNs: number;
  /** Host (default 0). */
  host: number;
  /** VM (default 0). */
  vm: number;
  /** vCPU of the VM (default 0): the record is that of the PE it runs on. */
  vcpu: number;
  /** ERR<n>PFGCTL: CDNEN plus the error kind and STATUS bits to set (default CDNEN|AV|ER|UER = 0x80000A08). */
  pfgctl: AddressValue;
  /** ERR<n>PFGCDN, in ns (default 1000). */
  countdown: number;
  /** Guest PA of the VM written to ERR<n>ADDR. */
  guestPa?: AddressValue;
  /** Host PA written to ERR<n>ADDR. */
  hostPa?: AddressValue;
}

const hex = { anyOf: [{ type: 'integer', minimum: 0 }, { type: 'string', pattern: '^0[xX][0-9a-fA-F_]+$' }] };

/**
 * `@rasflow/plugins/injector/pfg-injector`: programs ERR<n>ADDR, ERR<n>PFGCDN and ERR<n>PFGCTL of
 * the error record of the PE a vCPU runs on, so the record produces the error after a countdown
 * and signals it (an uncorrected error as a physical SError, a corrected one to the CE counter).
 */
export default defineInjectorPlugin<{
  /** The programmings, each at `atNs` on `host`, for the PE that `vcpu` of `vm` runs on. */
  injections: PfgInjection[];
}>({
  name: 'pfg-injector',
  description: 'Programs ERR<n>PFGCTL / ERR<n>PFGCDN so the error record produces the error after a countdown.',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['injections'],
    properties: {
      injections: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['atNs'],
          properties: {
            atNs: { type: 'integer', minimum: 0, description: 'When firmware programs the registers.' },
            host: { type: 'integer', minimum: 0, default: 0 },
            vm: { type: 'integer', minimum: 0, default: 0 },
            vcpu: { type: 'integer', minimum: 0, default: 0 },
            pfgctl: { ...hex, default: 0x8000_0a08, description: 'ERR<n>PFGCTL: CDNEN plus the error kind and STATUS bits to set.' },
            countdown: { type: 'integer', minimum: 0, maximum: 0xffff_ffff, default: 1000, description: 'ERR<n>PFGCDN, in ns.' },
            guestPa: hex,
            hostPa: hex,
          },
        },
      },
    },
  },
  create(options, env) {
    const mine = options.injections.filter((i) => i.host === env.host);
    return {
      start(ctx) {
        mine.forEach((inj, k) => ctx.schedule(inj.atNs, k));
      },
      fire(ctx, k) {
        const inj = mine[k]!;
        const hpa = inj.hostPa !== undefined ? addressToNumber(inj.hostPa)
          : inj.guestPa !== undefined ? ctx.guestPaToHostPa(inj.vm, addressToNumber(inj.guestPa)) : -1;
        ctx.programErrorInjection(inj.vm, inj.vcpu, addressToNumber(inj.pfgctl), inj.countdown, hpa);
      },
    };
  },
});
