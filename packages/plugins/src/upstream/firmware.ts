// EL3 firmware of the upstream profile: what Linux and QEMU ship today (flow.md).
import { defineFirmwarePlugin } from '@rasflow/core';
import { createFirmware, firmwareOptionsSchema, type FirmwareOptions } from '../ras/firmware.js';

export default defineFirmwarePlugin<FirmwareOptions>({
  name: 'upstream-firmware',
  description: 'EL3 firmware-first handling: error record → CPER in the host GHES source → fake SEA/SError into EL2.',
  optionsSchema: firmwareOptionsSchema({ serror: 'sdei-and-reflect' }),
  create: (options) => createFirmware(options),
});
