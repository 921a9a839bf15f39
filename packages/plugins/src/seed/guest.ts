// The guest kernel of the seed profile: the 2017 arm64 KVM RAS design (cover letter) (flow.md).
import { defineGuestPlugin } from '@rasflow/core';
import { createGuest, guestOptionsSchema, type GuestOptions } from '../ras/guest.js';

export default defineGuestPlugin<GuestOptions>({
  name: 'seed-guest',
  description: 'Linux-like guest: GHES read and ack, memory_failure(), kill or panic.',
  optionsSchema: guestOptionsSchema({ sei: true, claimKernelSea: true }),
  create: (options) => createGuest(options),
});
