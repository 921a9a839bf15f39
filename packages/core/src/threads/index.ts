/**
 * `@rasflow/core/threads`: a run on W worker threads (the piscina pool behind `rasflow run`), its
 * shared control block (pause, resume, stop, progress) and the comlink queries workers answer.
 *
 * @module
 */
export { driveRun, STOP_SIGNALS } from './run-driver.js';
export type { DriveOptions, DriveResult, RunFailure, RunHandle, StopSignal } from './run-driver.js';
export { RunControl, type WorkerProgress } from './control-block.js';
export type { HostSnapshot, VcpuRegisters, WorkerQueries, WorkerStats } from './worker-queries.js';
