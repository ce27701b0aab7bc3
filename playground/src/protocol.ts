/**
 * The messages between the page and the training Web Worker (worker.ts); the page talks to the worker
 * only through these.
 */
import type { PlaygroundState } from "./state.ts";
import type { Snapshot } from "./trainer.ts";

/**
 * Page -> worker. `init` / `reset`: a new trainer for the state (new data and weights), paused.
 * `play` / `pause`: train continuously or stop. `step`: one epoch, then a snapshot. `setState`: a change
 * of learning rate, regularisation, optimizer or batch size goes on with the same weights; any other
 * change starts a new trainer; playing goes on either way.
 * @example worker.postMessage({ type: "init", state: DEFAULT_STATE } satisfies ToWorker);
 */
export type ToWorker =
  | { type: "init" | "reset"; state: PlaygroundState }
  | { type: "play" }
  | { type: "pause" }
  | { type: "step" }
  | { type: "setState"; state: PlaygroundState };

/**
 * Worker -> page: a snapshot after every change and at most ~30 per second while playing (several
 * optimizer steps between two), with whether it is playing and the backend it trains on; or an error.
 * @example worker.onmessage = (e: MessageEvent<FromWorker>) => { if (e.data.type === "snapshot") draw(e.data.snapshot); };
 */
export type FromWorker =
  | { type: "snapshot"; snapshot: Snapshot; playing: boolean; backend: string }
  | { type: "error"; message: string };
