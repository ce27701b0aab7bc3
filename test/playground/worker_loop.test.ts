import { test } from "node:test";
import assert from "node:assert/strict";
import { TrainingLoop, type LoopIO } from "../../playground/src/worker_loop.ts";
import type { FromWorker } from "../../playground/src/protocol.ts";
import { DEFAULT_STATE } from "../../playground/src/state.ts";

/** A fake worker scope: a clock that advances 1 ms per read, a queue of scheduled functions, the posts. */
function fakeIO(): LoopIO & { posts: { message: FromWorker; transfer: ArrayBuffer[]; at: number }[]; queue: (() => void)[]; clock: number } {
  const io = {
    posts: [] as { message: FromWorker; transfer: ArrayBuffer[]; at: number }[],
    queue: [] as (() => void)[],
    clock: 0,
    post(message: FromWorker, transfer: ArrayBuffer[]) { io.posts.push({ message, transfer, at: io.clock }); },
    schedule(fn: () => void) { io.queue.push(fn); },
    now() { return ++io.clock; },
  };
  return io;
}

function snapshots(io: ReturnType<typeof fakeIO>): Extract<FromWorker, { type: "snapshot" }>[] {
  return io.posts.map((p) => p.message).filter((m): m is Extract<FromWorker, { type: "snapshot" }> => m.type === "snapshot");
}

test("init, step, play (several steps between posts, at most fps posts per second), pause", () => {
  const io = fakeIO();
  const loop = new TrainingLoop(io, { fps: 30, gridSize: 10 });
  loop.handle({ type: "init", state: DEFAULT_STATE });
  assert.equal(snapshots(io).length, 1);
  assert.equal(snapshots(io)[0].snapshot.steps, 0);
  assert.equal(snapshots(io)[0].playing, false);
  assert.match(snapshots(io)[0].backend, /wasm|js/);
  loop.handle({ type: "step" });
  assert.equal(snapshots(io)[1].snapshot.epoch, 1);
  assert.equal(snapshots(io)[1].snapshot.steps, 25);
  loop.handle({ type: "play" });
  assert.equal(loop.isPlaying, true);
  for (let tick = 0; tick < 5; tick++) {
    assert.equal(io.queue.length, 1, "one tick scheduled at a time");
    io.queue.shift()!();
  }
  const playing = snapshots(io).slice(2);
  assert.equal(playing.length, 5);
  assert.ok(playing.every((m) => m.playing));
  const posts = io.posts.slice(2);
  for (let i = 1; i < posts.length; i++) {
    assert.ok(posts[i].at - posts[i - 1].at >= 1000 / 30, "no more than 30 snapshots per (fake) second");
    const steps = (posts[i].message as Extract<FromWorker, { type: "snapshot" }>).snapshot.steps;
    const prev = (posts[i - 1].message as Extract<FromWorker, { type: "snapshot" }>).snapshot.steps;
    assert.ok(steps - prev > 5, `several steps between posts: ${prev} -> ${steps}`);
  }
  loop.handle({ type: "pause" });
  assert.equal(snapshots(io).at(-1)!.playing, false);
  const count = io.posts.length;
  while (io.queue.length > 0) io.queue.shift()!();
  assert.equal(io.posts.length, count, "a tick after pause posts nothing");
});

test("setState: a learning rate goes on with the weights, a new layer starts over; grids are transferred", () => {
  const io = fakeIO();
  const loop = new TrainingLoop(io, { gridSize: 8 });
  loop.handle({ type: "init", state: DEFAULT_STATE });
  loop.handle({ type: "step" });
  loop.handle({ type: "setState", state: { ...DEFAULT_STATE, learningRate: 0.1 } });
  assert.equal(snapshots(io).at(-1)!.snapshot.steps, 25);
  loop.handle({ type: "setState", state: { ...DEFAULT_STATE, learningRate: 0.1, hidden: [4, 2, 3] } });
  const last = io.posts.at(-1)!;
  assert.equal(snapshots(io).at(-1)!.snapshot.steps, 0);
  assert.deepEqual(snapshots(io).at(-1)!.snapshot.neuronGrids.map((l) => l.length), [4, 2, 3]);
  assert.equal(last.transfer.length, 1 + 9);
  assert.ok(last.transfer.every((b) => b instanceof ArrayBuffer && b.byteLength === 64 * 4));
  loop.handle({ type: "reset", state: DEFAULT_STATE });
  assert.equal(snapshots(io).at(-1)!.snapshot.steps, 0);
});

test("errors are posted, not thrown", () => {
  const io = fakeIO();
  const loop = new TrainingLoop(io);
  loop.handle({ type: "play" });
  assert.deepEqual(io.posts.at(-1)!.message.type, "error");
  assert.match((io.posts.at(-1)!.message as { message: string }).message, /init/);
  loop.handle({ type: "bogus" } as never);
  assert.match((io.posts.at(-1)!.message as { message: string }).message, /unknown message type "bogus"/);
  assert.equal(loop.isPlaying, false);
});
