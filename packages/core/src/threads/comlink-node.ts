/**
 * comlink over Node's MessagePort. comlink ships CommonJS (UMD) builds only: its Node adapter's
 * default export arrives as the module object's `default`, which this module unwraps once.
 */
import { expose, wrap, releaseProxy, type Endpoint, type Remote } from 'comlink';
import * as adapter from 'comlink/dist/umd/node-adapter.js';
import type { MessagePort } from 'node:worker_threads';

type NodeEndpoint = (port: MessagePort) => Endpoint;
const nodeEndpoint = (adapter as unknown as { default: NodeEndpoint }).default;

/** Serves `api` on `port` (worker side). */
export function serve(api: object, port: MessagePort): void {
  expose(api, nodeEndpoint(port));
}

/** A proxy whose methods ask the object served on the other end of `port` (main side). */
export function connect<T>(port: MessagePort): Remote<T> {
  return wrap<T>(nodeEndpoint(port));
}

/** Lets go of a proxy made by {@link connect}. */
export function release(remote: Remote<unknown>): void {
  remote[releaseProxy]();
}

export type { Remote };
