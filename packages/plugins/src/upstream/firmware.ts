/**
 * EL3 firmware of the upstream profile: what Linux and QEMU ship today (flow.md).
 *
 * @module
 */
import { defineFirmwarePlugin } from '@rasflow/core';
import { createFirmware, firmwareOptionsSchema, type FirmwareOptions } from '../ras/firmware.js';

/**
 * `@rasflow/plugins/upstream/firmware`, the upstream profile's EL3 firmware (what TF-A does for
 * Linux today): error record → CPER in the host GHES source → SEA faked into EL2; SErrors go to the
 * host as an SDEI event, then are reflected into EL2 ({@link FirmwareOptions} `serror:
 * 'sdei-and-reflect'`).
 */
export default defineFirmwarePlugin<FirmwareOptions>({
  name: 'upstream-firmware',
  description: 'EL3 firmware-first handling: error record → CPER in the host GHES source → fake SEA/SError into EL2.',
  optionsSchema: firmwareOptionsSchema({ serror: 'sdei-and-reflect' }),
  create: (options) => createFirmware(options),
});
