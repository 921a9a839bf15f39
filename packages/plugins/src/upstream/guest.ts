// The guest kernel of the upstream profile: what Linux and QEMU ship today (flow.md).
import { defineGuestPlugin } from '@rasflow/core';
import { createGuest, guestOptionsSchema, type GuestOptions } from '../ras/guest.js';

export default defineGuestPlugin<GuestOptions>({
  name: 'upstream-guest',
  description: 'Linux-like guest: GHES read and ack, memory_failure(), kill or panic.',
  optionsSchema: guestOptionsSchema({ sei: false, claimKernelSea: false }),
  create: (options) => createGuest(options),
});
