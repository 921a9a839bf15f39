/**
 * The guest kernel of the seed profile: the 2017 arm64 KVM RAS design (cover letter) (flow.md).
 *
 * @module
 */
import { defineGuestPlugin } from '@rasflow/core';
import { createGuest, guestOptionsSchema, type GuestOptions } from '../ras/guest.js';

/**
 * `@rasflow/plugins/seed/guest`, the seed profile's guest kernel: handles SEI notifications and
 * claims SEAs taken at EL1 through its GHES driver, then memory_failure(), kill or panic.
 */
export default defineGuestPlugin<GuestOptions>({
  name: 'seed-guest',
  description: 'Linux-like guest: GHES read and ack, memory_failure(), kill or panic.',
  optionsSchema: guestOptionsSchema({ sei: true, claimKernelSea: true }),
  create: (options) => createGuest(options),
});
