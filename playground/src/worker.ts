/**
 * The playground's Web Worker: trains with backprop (its wasm backend, inside the worker) and posts
 * snapshots to the page (see protocol.ts). Messages that arrive before the backend is ready wait for it,
 * so every run uses the same kernels and the same seed gives the same losses.
 * @example const worker = new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });
 */
import { backendReady } from "../../src/backend/registry.ts";
import type { FromWorker, ToWorker } from "./protocol.ts";
import { TrainingLoop } from "./worker_loop.ts";

interface WorkerScope {
  postMessage(message: FromWorker, transfer: ArrayBuffer[]): void;
  addEventListener(type: "message", listener: (event: { data: ToWorker }) => void): void;
}

const scope = globalThis as unknown as WorkerScope;

/** Runs fn after pending messages: a MessageChannel's message, which is not clamped to 4 ms as nested timeouts are. */
const pending: (() => void)[] = [];
const channel = typeof MessageChannel === "function" ? new MessageChannel() : null;
if (channel !== null) channel.port1.onmessage = () => pending.shift()?.();
function schedule(fn: () => void): void {
  if (channel === null) {
    setTimeout(fn, 0);
    return;
  }
  pending.push(fn);
  channel.port2.postMessage(null);
}
const loop = new TrainingLoop({
  post: (message, transfer) => scope.postMessage(message, transfer),
  schedule,
  now: () => performance.now(),
});
let ready: Promise<void> = backendReady.catch((e: unknown) => {
  scope.postMessage({ type: "error", message: `backend: ${e instanceof Error ? e.message : String(e)}` }, []);
});
scope.addEventListener("message", (event) => {
  ready = ready.then(() => loop.handle(event.data));
});
