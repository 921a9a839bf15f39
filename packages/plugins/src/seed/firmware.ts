// EL3 firmware of the seed profile: the 2017 arm64 KVM RAS design (cover letter) (flow.md).
import { defineFirmwarePlugin } from '@rasflow/core';
import { createFirmware, firmwareOptionsSchema, type FirmwareOptions } from '../ras/firmware.js';

export default defineFirmwarePlugin<FirmwareOptions>({
  name: 'seed-firmware',
  description: 'EL3 firmware-first handling: error record → CPER in the host GHES source → fake SEA/SError into EL2.',
  optionsSchema: firmwareOptionsSchema({ serror: 'sei' }),
  create: (options) => createFirmware(options),
});
