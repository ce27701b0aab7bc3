import { join } from "node:path";
import { existsSync } from "node:fs";
import * as bp from "../index.ts";
import { parseSafetensors, serializeSafetensors, type SafetensorsTensor } from "../io/safetensors.ts";
import { readRegularFile, writeFileAtomic } from "../io/files.ts";
import type { RngState } from "../tensor/random.ts";
import type { OptimizerStateDict, ParamState } from "../optim/optimizer.ts";
import type { LRSchedulerStateDict } from "../optim/lr_scheduler/scheduler.ts";

/*
 * `backprop train --checkpoint-every N` writes OUT/checkpoint.safetensors (atomically: temp file,
 * fsync, rename, through writeFileAtomic) every N optimizer steps. One safetensors file holds:
 *   model.<key>                      the network's state dict
 *   optimizer.<param index>.<key>    the optimizer's tensor state (momentum buffers, moments)
 *   loader.order                     the current epoch's shuffled order (int32), when shuffling
 * and, in the metadata key "backprop.checkpoint", JSON with the options, the position (epoch, next
 * batch, optimizer steps), the epoch's running loss sums, the metrics of the finished epochs, the
 * global generator's state (init, dropout and shuffling all draw from it), the optimizer's groups and
 * number state, and the scheduler's state (null: the command has none).
 */

/** The file name of a run's checkpoint inside its `--out` folder. */
export const CHECKPOINT_FILE = "checkpoint.safetensors";

/** Everything a run needs to continue bit for bit. */
export interface TrainingCheckpoint<O> {
  options: O;
  /** The epoch in progress (1-based) and the index of its next batch. */
  epoch: number;
  batch: number;
  /** Optimizer steps so far. */
  step: number;
  /** The epoch's running sums: loss, batches, samples. */
  lossSum: number;
  batches: number;
  seen: number;
  metrics: unknown[];
  rng: RngState;
  order: Int32Array | null;
  model: Record<string, bp.Tensor>;
  optimizer: OptimizerStateDict;
  scheduler: LRSchedulerStateDict | null;
}

const META_KEY = "backprop.checkpoint";

function entry(t: bp.Tensor): SafetensorsTensor {
  return { dtype: t.dtype, shape: [...t.shape], data: t.data };
}

/**
 * The checkpoint as safetensors bytes.
 * @example writeFileAtomic(path, encodeCheckpoint(ckpt));
 */
export function encodeCheckpoint<O>(ckpt: TrainingCheckpoint<O>): Uint8Array {
  const tensors: Record<string, SafetensorsTensor> = Object.create(null) as Record<string, SafetensorsTensor>;
  for (const [k, t] of Object.entries(ckpt.model)) tensors[`model.${k}`] = entry(t);
  const numberState: Record<string, Record<string, number>> = {};
  for (const [index, s] of Object.entries(ckpt.optimizer.state)) {
    for (const [k, v] of Object.entries(s)) {
      if (v instanceof bp.Tensor) tensors[`optimizer.${index}.${k}`] = entry(v);
      else (numberState[index] ??= {})[k] = v;
    }
  }
  if (ckpt.order !== null) tensors["loader.order"] = { dtype: "int32", shape: [ckpt.order.length], data: ckpt.order };
  const meta = {
    version: 1,
    options: ckpt.options,
    epoch: ckpt.epoch,
    batch: ckpt.batch,
    step: ckpt.step,
    lossSum: ckpt.lossSum,
    batches: ckpt.batches,
    seen: ckpt.seen,
    metrics: ckpt.metrics,
    rng: ckpt.rng,
    optimizer: { paramGroups: ckpt.optimizer.paramGroups, numberState },
    scheduler: ckpt.scheduler,
    shuffled: ckpt.order !== null,
  };
  return serializeSafetensors(tensors, { [META_KEY]: JSON.stringify(meta) });
}

function fail(source: string, what: string): never {
  throw new Error(`checkpoint: ${source}: ${what}`);
}

function int(source: string, name: string, v: unknown, min: number): number {
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < min) fail(source, `${name} must be an integer >= ${min}`);
  return v;
}

/**
 * Reads the bytes of `encodeCheckpoint`, checking each part; errors start with `checkpoint: <source>: `.
 * @example const ckpt = decodeCheckpoint(readRegularFile(path, "checkpoint"), path);
 */
export function decodeCheckpoint<O>(bytes: Uint8Array, source = "<bytes>"): TrainingCheckpoint<O> {
  const { tensors, metadata } = parseSafetensors(bytes, source);
  const text = metadata?.[META_KEY];
  if (typeof text !== "string") fail(source, `no "${META_KEY}" metadata: not a backprop training checkpoint`);
  let meta: Record<string, unknown>;
  try {
    meta = JSON.parse(text) as Record<string, unknown>;
  } catch {
    fail(source, "the checkpoint metadata is not JSON");
  }
  if (meta === null || typeof meta !== "object" || meta.version !== 1) fail(source, "unknown checkpoint version");
  const model: Record<string, bp.Tensor> = Object.create(null) as Record<string, bp.Tensor>;
  const optState: Record<number, ParamState> = {};
  let order: Int32Array | null = null;
  for (const [name, t] of Object.entries(tensors)) {
    const tensor = new bp.Tensor(t.data, t.shape);
    if (name.startsWith("model.")) model[name.slice(6)] = tensor;
    else if (name === "loader.order") order = t.data as Int32Array;
    else {
      const m = /^optimizer\.(\d+)\.([A-Za-z0-9_]+)$/.exec(name);
      if (m === null) fail(source, `unexpected tensor "${name.slice(0, 60)}"`);
      (optState[Number(m[1])] ??= {})[m[2]] = tensor;
    }
  }
  const opt = meta.optimizer as { paramGroups?: unknown; numberState?: Record<string, Record<string, number>> } | undefined;
  if (opt === undefined || !Array.isArray(opt.paramGroups)) fail(source, "no optimizer groups");
  for (const [index, s] of Object.entries(opt.numberState ?? {})) {
    for (const [k, v] of Object.entries(s)) {
      if (typeof v !== "number") fail(source, `optimizer state ${index}.${k} is not a number`);
      (optState[int(source, "optimizer state index", Number(index), 0)] ??= {})[k] = v;
    }
  }
  if (meta.shuffled === true && order === null) fail(source, "the shuffled order is missing");
  if (!Array.isArray(meta.metrics)) fail(source, "metrics must be a list");
  const lossSum = meta.lossSum;
  if (typeof lossSum !== "number" || !Number.isFinite(lossSum)) fail(source, "lossSum must be a finite number");
  return {
    options: meta.options as O,
    epoch: int(source, "epoch", meta.epoch, 1),
    batch: int(source, "batch", meta.batch, 0),
    step: int(source, "step", meta.step, 0),
    lossSum,
    batches: int(source, "batches", meta.batches, 0),
    seen: int(source, "seen", meta.seen, 0),
    metrics: meta.metrics as unknown[],
    rng: meta.rng as RngState,
    order,
    model,
    optimizer: { state: optState, paramGroups: opt.paramGroups as OptimizerStateDict["paramGroups"] },
    scheduler: (meta.scheduler ?? null) as LRSchedulerStateDict | null,
  };
}

/**
 * Writes `ckpt` to `dir/checkpoint.safetensors` atomically (temp file, fsync, rename).
 * A test hook, so that a test can kill the process at a chosen moment without racing it:
 * `BACKPROP_TEST_CHECKPOINT_STALL=<step>:during` (or `:after`) prints `stalled at checkpoint <step>`
 * to stderr inside that step's write, with a temp file half-written (or just after the write), and
 * waits there to be killed (60 s at most).
 * @example saveCheckpoint("runs/x", ckpt);
 */
export function saveCheckpoint<O>(dir: string, ckpt: TrainingCheckpoint<O>): void {
  const bytes = encodeCheckpoint(ckpt);
  const stall = /^(\d+):(during|after)$/.exec(process.env.BACKPROP_TEST_CHECKPOINT_STALL ?? "");
  const stallHere = stall !== null && Number(stall[1]) === ckpt.step ? stall[2] : null;
  const stalled = (): void => {
    process.stderr.write(`stalled at checkpoint ${ckpt.step}\n`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
  };
  if (stallHere === "during") {
    // a half-written temp file of writeFileAtomic's pattern, as a kill inside the write leaves one
    writeFileAtomic(join(dir, `${CHECKPOINT_FILE}.tmp-${process.pid}-${"0".repeat(12)}`), bytes.subarray(0, bytes.length >> 1));
    stalled();
  }
  writeFileAtomic(join(dir, CHECKPOINT_FILE), bytes, "checkpoint");
  if (stallHere === "after") stalled();
}

/**
 * Reads `dir/checkpoint.safetensors`; a clear error when it is missing or malformed.
 * @example const ckpt = loadCheckpoint<TrainOptions>("runs/x");
 */
export function loadCheckpoint<O>(dir: string): TrainingCheckpoint<O> {
  const path = join(dir, CHECKPOINT_FILE);
  if (!existsSync(path)) throw new Error(`checkpoint: ${path}: no checkpoint (train with --checkpoint-every N first)`);
  return decodeCheckpoint<O>(readRegularFile(path, "checkpoint"), path);
}
