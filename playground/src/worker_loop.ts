/**
 * The training loop behind the Web Worker, apart from the worker's globals so that Node tests drive it:
 * it takes `ToWorker` messages, trains, and posts `FromWorker` messages through the function it is given.
 */
import * as bp from "../../src/index.ts";
import type { FromWorker, ToWorker } from "./protocol.ts";
import { Trainer, type Snapshot } from "./trainer.ts";

/**
 * How the loop reaches the outside: `post` sends a message (with the buffers it may transfer),
 * `schedule` runs a function soon (after pending messages), `now` reads a clock in milliseconds.
 * @example const io: LoopIO = { post: (m, t) => postMessage(m, t), schedule: (f) => setTimeout(f, 0), now: () => performance.now() };
 */
export interface LoopIO {
  post(message: FromWorker, transfer: ArrayBuffer[]): void;
  schedule(fn: () => void): void;
  now(): number;
}

/**
 * Options of `TrainingLoop`.
 * @example new TrainingLoop(io, { fps: 30, gridSize: 50 });
 */
export interface LoopOptions {
  /** Most snapshots per second while playing (default 30): training runs between two. */
  fps?: number;
  /** Heat map resolution (default 50). */
  gridSize?: number;
}

function transfers(s: Snapshot): ArrayBuffer[] {
  return [s.outputGrid, ...s.neuronGrids.flat()].map((a) => a.buffer as ArrayBuffer);
}

/**
 * The worker's state machine: a Trainer, playing or paused. While playing, each tick trains until a
 * frame's time (1000 / fps ms) has passed since the last snapshot, posts one, and schedules the next
 * tick, so messages (pause, setState) are taken between ticks.
 * @example
 * const loop = new TrainingLoop(io);
 * loop.handle({ type: "init", state: DEFAULT_STATE });
 * loop.handle({ type: "play" });
 */
export class TrainingLoop {
  private trainer: Trainer | null = null;
  private playing = false;
  private ticking = false;
  private lastPost = 0;
  private readonly frameMs: number;
  private readonly gridSize: number;

  constructor(private readonly io: LoopIO, options: LoopOptions = {}) {
    this.frameMs = 1000 / (options.fps ?? 30);
    this.gridSize = options.gridSize ?? 50;
  }

  /** Whether it is training continuously. */
  get isPlaying(): boolean {
    return this.playing;
  }

  /** Takes one message; an error (bad state, a step that throws) is posted as `{type: "error"}`. */
  handle(message: ToWorker): void {
    try {
      this.dispatch(message);
    } catch (e) {
      this.playing = false;
      this.io.post({ type: "error", message: e instanceof Error ? e.message : String(e) }, []);
    }
  }

  private dispatch(message: ToWorker): void {
    switch (message.type) {
      case "init":
      case "reset":
        this.playing = false;
        this.trainer = new Trainer(message.state);
        this.postSnapshot();
        return;
      case "setState": {
        if (this.trainer === null || !this.trainer.update(message.state)) this.trainer = new Trainer(message.state);
        this.postSnapshot();
        return;
      }
      case "step":
        this.playing = false;
        this.need().step();
        this.postSnapshot();
        return;
      case "play":
        this.need();
        this.playing = true;
        this.lastPost = this.io.now();
        this.startTicking();
        return;
      case "pause":
        this.playing = false;
        this.postSnapshot();
        return;
      default:
        throw new Error(`unknown message type ${JSON.stringify((message as { type?: unknown }).type)}`);
    }
  }

  private need(): Trainer {
    if (this.trainer === null) throw new Error("no trainer yet: send {type: \"init\", state} first");
    return this.trainer;
  }

  private startTicking(): void {
    if (this.ticking) return;
    this.ticking = true;
    this.io.schedule(() => this.tick());
  }

  private tick(): void {
    this.ticking = false;
    if (!this.playing || this.trainer === null) return;
    try {
      const until = this.lastPost + this.frameMs;
      do this.trainer.step(1); while (this.io.now() < until);
      this.postSnapshot();
    } catch (e) {
      this.playing = false;
      this.io.post({ type: "error", message: e instanceof Error ? e.message : String(e) }, []);
      return;
    }
    this.startTicking();
  }

  private postSnapshot(): void {
    if (this.trainer === null) return;
    this.lastPost = this.io.now(); // frames are counted from the start of a snapshot, so they are 1000 / fps ms apart
    const snapshot = this.trainer.snapshot(this.gridSize);
    this.io.post({ type: "snapshot", snapshot, playing: this.playing, backend: bp.backend() }, transfers(snapshot));
  }
}
