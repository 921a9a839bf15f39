/**
 * The VMM of the soak's V2 phase (flow.md §6 V2: the set-syndrome call with ESR 0x02000000, bit
 * 25, gets EINVAL and nothing pends). No injection makes the default VMM make that call, so this
 * one is the profile's own VMM (ras/vmm.ts, with the profile's defaults) that first makes the call
 * on every SIGBUS it receives, then handles the signal as the profile's VMM does. The engine
 * refuses the syndrome (KVM's boundary) and records a `vmm:einval` step; the classifier counts
 * such a journey as V2 and checks that it ends as its base row does, with no virtual SError taken.
 */
import { defineVmmPlugin, type VmmContext, type VmmHooks, type VmmSignal } from '@rasflow/core';
import { createVmm, vmmOptionsSchema, type VmmOptions } from '../../src/ras/vmm.js';

/** The syndrome V2 tries: bit 25 set, beyond what VSESR_EL2 can hold. */
export const V2_ESR = 0x0200_0000;

interface V2VmmOptions extends Omit<VmmOptions, 'actionOptional'> {
  /** Default: the profile's (seed injects a virtual SError, upstream ignores AO). */
  actionOptional?: VmmOptions['actionOptional'];
  /** The profile whose VMM handles the signal afterwards. */
  profile: 'seed' | 'upstream';
}

const base = vmmOptionsSchema({ actionOptional: 'inject-virtual-serror' }) as { properties: Record<string, unknown> };

export default defineVmmPlugin<V2VmmOptions>({
  name: 'soak-v2-vmm',
  description: "The profile's VMM, making the set-syndrome call with ESR 0x02000000 on every SIGBUS first.",
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['profile'],
    properties: {
      ...base.properties,
      // Not defaulted here: the profile decides (seed injects a virtual SError, upstream ignores AO).
      actionOptional: { enum: ['inject-virtual-serror', 'ignore'], description: 'BUS_MCEERR_AO for guest RAM.' },
      profile: { enum: ['seed', 'upstream'], description: 'Profile whose VMM behaviour follows the call.' },
    },
  },
  create(options): VmmHooks {
    const seed = options.profile === 'seed';
    const inner = createVmm({ ...options, actionOptional: options.actionOptional ?? (seed ? 'inject-virtual-serror' : 'ignore') }, seed);
    return {
      ...(inner.guestSources === undefined ? {} : { guestSources: inner.guestSources }),
      onSigbus(v: VmmContext, sig: VmmSignal): void {
        const rc = v.setSErrorEsr(V2_ESR, sig.thread >= 0 ? sig.thread : 0);
        if (rc === 0) v.note('set-syndrome with bit 25 was accepted');
        inner.onSigbus(v, sig);
      },
      ...(inner.onSeaExit === undefined ? {} : { onSeaExit: inner.onSeaExit.bind(inner) }),
    };
  },
});
