/**
 * EL3 firmware of the seed profile: the 2017 arm64 KVM RAS design (cover letter) (flow.md).
 *
 * @module
 */
import { defineFirmwarePlugin } from '@rasflow/core';
import { createFirmware, firmwareOptionsSchema, type FirmwareOptions } from '../ras/firmware.js';

/**
 * `@rasflow/plugins/seed/firmware`, the seed profile's EL3 firmware (the 2017 arm64 KVM RAS
 * design): error record → CPER in the host GHES source → SEA or SError faked into EL2; SErrors go
 * to the host's SEI source ({@link FirmwareOptions} `serror: 'sei'`).
 */
export default defineFirmwarePlugin<FirmwareOptions>({
  name: 'seed-firmware',
  description: 'EL3 firmware-first handling: error record → CPER in the host GHES source → fake SEA/SError into EL2.',
  optionsSchema: firmwareOptionsSchema({ serror: 'sei' }),
  create: (options) => createFirmware(options),
});
