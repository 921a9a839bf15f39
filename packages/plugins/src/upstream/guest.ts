/**
 * The guest kernel of the upstream profile: what Linux and QEMU ship today (flow.md).
 *
 * @module
 */
import { defineGuestPlugin, SI_KERNEL } from '@rasflow/core';
import { createGuest, guestOptionsSchema, type GuestOptions } from '../ras/guest.js';

/**
 * `@rasflow/plugins/upstream/guest`, the upstream profile's guest kernel (Linux today): no SEI; an
 * SEA at EL1 oopses without reading the GHES block; at EL0 the GHES driver reads and acks it,
 * memory_failure() offlines the page and the process is killed.
 */
export default defineGuestPlugin<GuestOptions>({
  name: 'upstream-guest',
  description: 'Linux-like guest: GHES read and ack, memory_failure(), kill or panic.',
  optionsSchema: guestOptionsSchema({ sei: false, claimKernelSea: false }),
  // A record without an address: ghes_do_proc()'s force_sig(SIGBUS), si_code SI_KERNEL.
  create: (options) => createGuest(options, SI_KERNEL),
});
