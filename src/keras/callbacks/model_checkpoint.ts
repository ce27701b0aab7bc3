import type { HistoryRecord, Logs, TrainingState } from "../types.ts";
import { formatTemplate, parseTemplate, pyFixed, type PyValue } from "../utils/format.ts";
import { defaultStream, type OutputStream } from "../utils/progbar.ts";
import { Callback } from "./callback.ts";
import { nodeFiles, removeStaleTemporaries } from "../../io/files.ts";

/** Options of `new ModelCheckpoint(options)`; Keras 2's arguments and defaults in camelCase. */
export interface ModelCheckpointOptions {
  /**
   * Where to save; may hold Python format fields filled from the logs: `{epoch:02d}` (1-based),
   * `{batch}` (1-based, with a numeric `saveFreq`), `{loss:.4f}`, `{val_loss:.2f}`, ...
   */
  filepath: string;
  /** The log key compared with `saveBestOnly` (default "val_loss"). */
  monitor?: string;
  /** 1 prints a line per save or skip (default 0). */
  verbose?: 0 | 1;
  /** Save only when the monitored value improves on the best so far (default false). */
  saveBestOnly?: boolean;
  /** Save only the weights (`model.saveWeights`) instead of the whole model (`model.save`) (default false). */
  saveWeightsOnly?: boolean;
  /** "min", "max" or "auto" (default): max when the name holds "acc" or "auc" (or starts with "fmeasure"), else min. */
  mode?: "auto" | "min" | "max";
  /** "epoch" (default): save at each epoch end; a number N: save every N batches. */
  saveFreq?: "epoch" | number;
  /** With `saveBestOnly`, the value the first save must beat (default none). */
  initialValueThreshold?: number | null;
  /** Where messages go (default `keras.utils.defaultStream()`; not in Keras). */
  stream?: OutputStream;
}

/**
 * Saves the model (or its weights) during training (Keras 2.15's `keras.callbacks.ModelCheckpoint`):
 * at each epoch end, or every `saveFreq` batches, to `filepath` with its fields filled in
 * (`filepath.format(epoch=epoch + 1, **logs)` in Python's terms). With `saveBestOnly` it saves only
 * when `logs[monitor]` beats the best so far (`<` in mode min, `>` in mode max), and skips with a
 * warning when the key is missing. Saving goes through `model.save(path, {trainingState})` /
 * `model.saveWeights(path)`, which write atomically (temp file, fsync, rename: a kill or a failed write
 * leaves the previous file whole). A field that names no log key is an error naming the field.
 *
 * Resuming: without `saveWeightsOnly`, each file is one unit holding everything a resumed run needs:
 * the weights, the compile settings, the optimizer's state (moments, momentum buffers, iterations), the
 * global random generator's state (shuffling and Dropout draw from it), and the training state: the
 * epoch to go on with, the batch position (with a numeric `saveFreq`) and the History so far.
 * `keras.models.loadModel(path)` restores all of it; `fit` with `initialEpoch: model.trainingState.epoch`
 * then gives the same weights and History, bit for bit, as the run that was never stopped. A checkpoint
 * taken mid-epoch (numeric `saveFreq`) also holds that epoch's sample order, running loss and metrics'
 * state, so the resumed `fit` goes on from the next batch (`trainingState.batch` of them are done).
 * A ModelCheckpoint in the resumed `fit` saves on the uninterrupted run's batch schedule and, with
 * `saveBestOnly` (and no `initialValueThreshold`), starts from the best value of the resumed History.
 * @example
 * const ckpt = new keras.callbacks.ModelCheckpoint({ filepath: "runs/w.{epoch:02d}-{val_loss:.2f}.safetensors",
 *   saveBestOnly: true, saveWeightsOnly: true });
 * await model.fit(x, y, { epochs: 20, validationSplit: 0.2, callbacks: [ckpt] });
 * @example
 * // a run that may be killed: one checkpoint file, replaced at each epoch's end
 * const save = new keras.callbacks.ModelCheckpoint({ filepath: "runs/last.safetensors" });
 * await model.fit(x, y, { epochs: 20, callbacks: [save] });
 * // ... in the next process, after the kill:
 * const restored = keras.models.loadModel("runs/last.safetensors");
 * const again = new keras.callbacks.ModelCheckpoint({ filepath: "runs/last.safetensors" });
 * await restored.fit(x, y, { epochs: 20, initialEpoch: restored.trainingState!.epoch, callbacks: [again] });
 * restored.history!.history.loss; // all 20 epochs, the ones before the kill included
 */
export class ModelCheckpoint extends Callback {
  readonly filepath: string;
  readonly monitor: string;
  readonly verbose: 0 | 1;
  readonly saveBestOnly: boolean;
  readonly saveWeightsOnly: boolean;
  readonly mode: "min" | "max";
  readonly saveFreq: "epoch" | number;
  /** The best monitored value so far. */
  best: number;
  private readonly stream: OutputStream | undefined;
  private currentEpoch = 0;
  private batchesSinceSave = 0;
  private lastBatchSeen = -1;
  private readonly thresholdGiven: boolean;

  constructor(options: ModelCheckpointOptions) {
    super();
    const who = "keras.callbacks.ModelCheckpoint";
    if (typeof options !== "object" || options === null || typeof options.filepath !== "string" || options.filepath === "") {
      throw new Error(`${who}: filepath must be a non-empty string`);
    }
    const {
      filepath,
      monitor = "val_loss",
      verbose = 0,
      saveBestOnly = false,
      saveWeightsOnly = false,
      mode = "auto",
      saveFreq = "epoch",
      initialValueThreshold = null,
    } = options;
    parseTemplate(filepath, `${who}: filepath`); // syntax errors now, not after the first epoch
    if (mode !== "auto" && mode !== "min" && mode !== "max") throw new Error(`${who}: mode must be "auto", "min" or "max", got "${String(mode)}"`);
    if (saveFreq !== "epoch" && !(Number.isInteger(saveFreq) && saveFreq > 0)) {
      throw new Error(`${who}: saveFreq must be "epoch" or a positive integer number of batches, got ${String(saveFreq)}`);
    }
    if (initialValueThreshold !== null && !Number.isFinite(initialValueThreshold)) {
      throw new Error(`${who}: initialValueThreshold must be a finite number or null, got ${initialValueThreshold}`);
    }
    this.filepath = filepath;
    this.monitor = monitor;
    this.verbose = verbose;
    this.saveBestOnly = saveBestOnly;
    this.saveWeightsOnly = saveWeightsOnly;
    this.saveFreq = saveFreq;
    this.stream = options.stream;
    this.mode =
      mode !== "auto" ? mode : monitor.includes("acc") || monitor.includes("auc") || monitor.startsWith("fmeasure") ? "max" : "min";
    this.best = initialValueThreshold ?? (this.mode === "min" ? Infinity : -Infinity);
    this.thresholdGiven = initialValueThreshold !== null;
  }

  override onTrainBegin(_logs?: Logs): void {
    this.removeStaleTemporaries(Date.now());
    // a fit resumed from a mid-epoch checkpoint saves on the uninterrupted run's schedule
    const resumed = this.model?.trainingState ?? null;
    if (resumed !== null && resumed.batch > 0) {
      this.lastBatchSeen = resumed.batch - 1;
      this.batchesSinceSave = 0;
    }
    // and with saveBestOnly, the best so far is the best of the resumed History (unless a threshold was given)
    const values = resumed === null || !this.saveBestOnly || this.thresholdGiven ? undefined : resumed.history.history[this.monitor];
    for (const v of values ?? []) if (this.mode === "min" ? v < this.best : v > this.best) this.best = v;
  }

  override onEpochBegin(epoch: number, _logs?: Logs): void {
    this.currentEpoch = epoch;
  }

  override onBatchEnd(batch: number, logs?: Logs): void {
    if (this.saveFreq === "epoch") return;
    const add = batch <= this.lastBatchSeen ? batch + 1 : batch - this.lastBatchSeen; // a new epoch restarts at 0
    this.batchesSinceSave += add;
    this.lastBatchSeen = batch;
    if (this.batchesSinceSave >= this.saveFreq) {
      this.batchesSinceSave = 0;
      this.save(this.currentEpoch, batch, logs ?? {});
    }
  }

  override onEpochEnd(epoch: number, logs?: Logs): void {
    if (this.saveFreq === "epoch") this.save(epoch, null, logs ?? {});
  }

  /** The path for an epoch (0-based) and batch (0-based, or null), as Keras fills it in. */
  filePath(epoch: number, batch: number | null, logs: Logs): string {
    const values: Record<string, PyValue> = {};
    for (const [k, v] of Object.entries(logs)) values[k] = { kind: "float", value: v };
    values.epoch = { kind: "int", value: epoch + 1 };
    if (batch !== null && !("batch" in logs)) values.batch = { kind: "int", value: batch + 1 };
    return formatTemplate(this.filepath, values, "keras.callbacks.ModelCheckpoint: filepath");
  }

  private save(epoch: number, batch: number | null, logs: Logs): void {
    const model = this.requireModel("keras.callbacks.ModelCheckpoint");
    const path = this.filePath(epoch, batch, logs);
    if (this.saveBestOnly) {
      const current = logs[this.monitor];
      if (current === undefined) {
        console.warn(`keras.callbacks.ModelCheckpoint: can save best model only with ${this.monitor} available, skipping.`);
        return;
      }
      const improved = this.mode === "min" ? current < this.best : current > this.best;
      if (!improved) {
        if (this.verbose > 0) this.print(`\nEpoch ${epoch + 1}: ${this.monitor} did not improve from ${pyFixed(this.best, 5)}`);
        return;
      }
      if (this.verbose > 0) {
        this.print(`\nEpoch ${epoch + 1}: ${this.monitor} improved from ${pyFixed(this.best, 5)} to ${pyFixed(current, 5)}, saving model to ${path}`);
      }
      this.best = current;
    } else if (this.verbose > 0) {
      this.print(`\nEpoch ${epoch + 1}: saving model to ${path}`);
    }
    if (this.saveWeightsOnly) model.saveWeights(path);
    else model.save(path, { trainingState: this.trainingState(epoch, batch, logs) });
  }

  /**
   * Where training stands: after epoch `epoch` ended, the next epoch with the History including this
   * one's logs; after batch `batch`, this epoch with that many batches done and the finished epochs.
   */
  private trainingState(epoch: number, batch: number | null, logs: Logs): TrainingState {
    const model = this.requireModel("keras.callbacks.ModelCheckpoint");
    const so = model.history ?? null;
    const record: HistoryRecord = { epoch: [], history: {} };
    if (so !== null) {
      record.epoch = [...so.epoch];
      for (const [k, v] of Object.entries(so.history)) record.history[k] = [...v];
    }
    if (batch !== null) return { epoch, batch: batch + 1, history: record };
    if (!record.epoch.includes(epoch)) {
      // fit's History records this epoch after the user's callbacks, so add its logs here
      record.epoch.push(epoch);
      for (const [k, v] of Object.entries(logs)) (record.history[k] ??= []).push(v);
    }
    return { epoch: epoch + 1, batch: 0, history: record };
  }

  /**
   * Removes what a killed save of this callback's files left behind: `<file>.tmp-<pid>-<12 hex>` (the
   * temporary files of the atomic write) of another process, last modified before `before`, in the
   * filepath's folder (when that folder has no format fields). Best effort; outside Node, nothing.
   */
  private removeStaleTemporaries(before: number): void {
    try {
      const { fs, path } = nodeFiles("keras.callbacks.ModelCheckpoint");
      const dir = path.dirname(this.filepath);
      if (dir.includes("{") || dir.includes("}") || !fs.existsSync(dir)) return;
      const escape = (t: string): string => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      const base = parseTemplate(path.basename(this.filepath)).map((p) => ("text" in p ? escape(p.text) : "[^/\\\\]*")).join("");
      const ours = new RegExp(`^${base}$`);
      for (const name of removeStaleTemporaries(dir, before, "keras.callbacks.ModelCheckpoint", (t) => ours.test(t))) {
        if (this.verbose > 0) this.print(`keras.callbacks.ModelCheckpoint: removed ${path.join(dir, name)}, left by an interrupted save`);
      }
    } catch {
      // not Node, or the folder cannot be read: the next save says what is wrong, if anything
    }
  }

  private print(line: string): void {
    (this.stream ?? defaultStream()).write(line + "\n");
  }
}
