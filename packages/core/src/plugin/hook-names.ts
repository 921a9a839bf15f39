/**
 * Every hook the engine calls, by name: the watchdog's words in the control block carry a hook as
 * its index here (a number crosses threads through shared memory; a string does not).
 */
export const HOOK_NAMES = [
  'onSyncExternalAbort', 'onSError', 'onCorrectedOverflow',
  'onGuestSea', 'onGuestSError', 'onStage2Fault', 'onHostSea', 'onGhesInterrupt', 'onSdeiEvent', 'setSErrorEsr',
  'onSigbus', 'onSeaExit',
  'onSea', 'onPoisonedPte',
  'fill', 'start', 'fire',
  'readShare', 'onVmBoot', 'onTimer',
  'onJourneyEnd', 'onRunEnd', 'create',
] as const;

/** Index of each hook name (255: a name not in the list). */
export const HOOK_INDEX: Readonly<Record<string, number>> = Object.fromEntries(HOOK_NAMES.map((n, i) => [n, i]));
