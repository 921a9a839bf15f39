/**
 * A production-like mix of memory errors, with rates from public field studies (labelled as such,
 * see docs/ras-flow.md "Field rates"):
 * - Schroeder, Pinheiro, Weber, "DRAM Errors in the Wild: A Large-Scale Field Study",
 *   SIGMETRICS 2009: over 8 % of DIMMs see correctable errors in a year, about 1.3 % of machines
 *   an uncorrectable error per year (2–4 % on some platforms), errors dominated by hard faults
 *   that repeat at the same place, and a mean of a few thousand CEs per DIMM-year.
 * - Meza, Wu, Kumar, Mutlu, "Revisiting Memory Errors in Large-Scale Production Data Centers",
 *   DSN 2015: errors per server are heavy-tailed (a small fraction of servers see most errors).
 * - Sridharan et al., "Memory Errors in Modern Systems: The Good, The Bad, and The Ugly",
 *   ASPLOS 2015: permanent faults dominate; DRAM faults recur at the same location.
 *
 * Model: a host's memory is split into `dimms` equal DIMMs. Each DIMM is faulty for the whole run
 * with probability `faultyDimmFraction` (scaled to the run's length); a faulty DIMM has one faulty
 * location and a correctable-error rate drawn from a Pareto distribution (heavy tail) whose mean
 * matches `meanCePerFaultyDimmYear`. Uncorrectable errors arrive per host at
 * `uePerHostYear`; a share lands on a faulty DIMM's location (errors correlate), the rest anywhere,
 * and a share is found by the patrol scrubber and signalled as a restartable SError instead of
 * waiting in memory as poison. `acceleration` multiplies every rate (stress runs).
 *
 * @module
 */
import { defineInjectorPlugin, type InjectorContext } from '@rasflow/core';

/**
 * The field-mix injector's options (`plugins.injectors[].options`), each with a default from a
 * field study or labelled an assumption.
 */
export interface FieldMixOptions {
  /** DIMMs the host memory is split into (default 16). */
  dimms: number;
  /** Share of DIMMs with correctable errors per year (default 0.08; Schroeder 2009: over 8 %). */
  faultyDimmFraction: number;
  /** Mean corrected errors per faulty DIMM-year (default 50,000). */
  meanCePerFaultyDimmYear: number;
  /**
   * Pareto shape of the per-DIMM CE rates (default 1.2: a heavy tail, Meza 2015; the value is an
   * assumption).
   */
  paretoShape: number;
  /**
   * Uncorrectable errors per host-year (default 0.013; Schroeder 2009: about 1.3 % of machines per
   * year).
   */
  uePerHostYear: number;
  /**
   * Share of uncorrectable errors at a faulty DIMM's location (default 0.5; assumption: errors
   * correlate).
   */
  ueOnFaultyDimmFraction: number;
  /**
   * Share of uncorrectable errors the patrol scrubber finds first, signalled as a restartable (UEO)
   * SError instead of waiting in memory as poison (default 0.3; assumption).
   */
  ueScrubbedFraction: number;
  /** Multiplies every rate (default 1; stress runs at rates real hardware rarely shows). */
  acceleration: number;
  /**
   * Corrected errors delivered together, at the time of the last of them: set it to the firmware's
   * `ceThreshold` and each delivery is one counter overflow (default 1: every CE its own journey).
   */
  ceBatch: number;
}

const NS_PER_YEAR = 365.25 * 24 * 3600 * 1e9;
const TAG_UE = 0x7fff_ffff;

/**
 * `@rasflow/plugins/injector/field-mix`: an injector of heavy-tailed per-DIMM corrected errors
 * (each faulty DIMM at one location) and rare uncorrectable errors (poison, or UEO SErrors from the
 * patrol scrubber) at field-study rates.
 */
export default defineInjectorPlugin<FieldMixOptions>({
  name: 'field-mix',
  description: 'Heavy-tailed per-DIMM correctable errors and rare uncorrectable errors at field-study rates.',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      dimms: { type: 'integer', minimum: 1, maximum: 4096, default: 16, description: 'DIMMs the host memory is split into.' },
      faultyDimmFraction: { type: 'number', minimum: 0, maximum: 1, default: 0.08, description: 'Share of DIMMs with correctable errors per year (Schroeder 2009: over 8 %).' },
      meanCePerFaultyDimmYear: { type: 'number', minimum: 0, default: 50_000, description: 'Mean CEs per faulty DIMM-year (about 4,000 per DIMM-year over all DIMMs / 8 %).' },
      paretoShape: { type: 'number', exclusiveMinimum: 1, maximum: 10, default: 1.2, description: 'Pareto shape of per-DIMM CE rates (heavy tail: Meza 2015).' },
      uePerHostYear: { type: 'number', minimum: 0, default: 0.013, description: 'Uncorrectable errors per host-year (Schroeder 2009: ~1.3 % of machines per year).' },
      ueOnFaultyDimmFraction: { type: 'number', minimum: 0, maximum: 1, default: 0.5, description: 'Share of UEs at a faulty DIMM\'s location (assumption: errors correlate).' },
      ueScrubbedFraction: { type: 'number', minimum: 0, maximum: 1, default: 0.3, description: 'Share of UEs the patrol scrubber reports as a UEO SError (assumption).' },
      acceleration: { type: 'number', exclusiveMinimum: 0, default: 1, description: 'Multiplies every rate (stress runs at rates real hardware rarely shows).' },
      ceBatch: { type: 'integer', minimum: 1, maximum: 1_000_000, default: 1, description: "Corrected errors delivered together, at the time of the last of them (correctedErrors): set it to the firmware's ceThreshold and each delivery is one counter overflow, as the hardware counts CEs without software between overflows; 1: every CE its own journey." },
    },
  },
  create(o) {
    let faulty: number[] = []; // faulty DIMM index → its faulty host PA
    let ceRatePerNs: number[] = [];
    const u01 = (ctx: InjectorContext): number => (ctx.random32() + 0.5) / 0x1_0000_0000;
    /** Exponential gap (Poisson arrivals) from the injector's counter-based stream. */
    const expo = (ctx: InjectorContext, ratePerNs: number): number => -Math.log(u01(ctx)) / ratePerNs;
    /** Time until the ceBatch-th next CE of a DIMM: a sum of ceBatch exponential gaps (a gamma). */
    const ceGap = (ctx: InjectorContext, ratePerNs: number): number => {
      let t = 0;
      for (let k = 0; k < o.ceBatch; k++) t += expo(ctx, ratePerNs);
      return t;
    };
    const granuleIn = (ctx: InjectorContext, dimm: number): number => {
      const size = Math.floor(ctx.hostBytes / o.dimms / 64) * 64;
      return dimm * size + Math.floor(u01(ctx) * (size / 64)) * 64;
    };
    return {
      start(ctx) {
        const years = (ctx.durationNs / NS_PER_YEAR) * o.acceleration;
        // P(faulty within the run) from the yearly fraction, as a Poisson onset rate.
        const pFaulty = 1 - Math.pow(1 - o.faultyDimmFraction, Math.min(1e6, years));
        const xm = (o.meanCePerFaultyDimmYear * (o.paretoShape - 1)) / o.paretoShape; // Pareto scale for that mean
        faulty = [];
        ceRatePerNs = [];
        for (let d = 0; d < o.dimms; d++) {
          if (u01(ctx) >= pFaulty) continue;
          const perYear = xm / Math.pow(1 - u01(ctx), 1 / o.paretoShape);
          faulty.push(granuleIn(ctx, d));
          ceRatePerNs.push((perYear * o.acceleration) / NS_PER_YEAR);
        }
        faulty.forEach((_a, k) => ctx.schedule(ctx.nowNs + ceGap(ctx, ceRatePerNs[k]!), k));
        const ueRate = (o.uePerHostYear * o.acceleration) / NS_PER_YEAR;
        if (ueRate > 0) ctx.schedule(ctx.nowNs + expo(ctx, ueRate), TAG_UE);
      },
      fire(ctx, tag) {
        if (tag === TAG_UE) {
          const onFaulty = faulty.length > 0 && u01(ctx) < o.ueOnFaultyDimmFraction;
          const hpa = onFaulty ? faulty[Math.floor(u01(ctx) * faulty.length)]! : granuleIn(ctx, Math.floor(u01(ctx) * o.dimms));
          if (u01(ctx) < o.ueScrubbedFraction && ctx.vms > 0) {
            ctx.serror(Math.floor(u01(ctx) * ctx.vms), Math.floor(u01(ctx) * ctx.vcpusPerVm), { aet: 'UEO', hpa });
          } else ctx.poisonHostPa(hpa);
          ctx.schedule(ctx.nowNs + expo(ctx, (o.uePerHostYear * o.acceleration) / NS_PER_YEAR), TAG_UE);
          return;
        }
        if (o.ceBatch === 1) ctx.correctedError(faulty[tag]!);
        else ctx.correctedErrors(faulty[tag]!, o.ceBatch);
        ctx.schedule(ctx.nowNs + ceGap(ctx, ceRatePerNs[tag]!), tag);
      },
      saveState: () => ({ faulty, ceRatePerNs }),
      loadState(s) {
        const st = s as { faulty: number[]; ceRatePerNs: number[] };
        faulty = st.faulty;
        ceRatePerNs = st.ceRatePerNs;
      },
    };
  },
});
