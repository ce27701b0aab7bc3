import { checkRandomState, type RandomState } from "./random_state.ts";

/** How `sampleWithoutReplacement` draws (scikit-learn's `method`). */
export type SampleMethod = "auto" | "tracking_selection" | "reservoir_sampling" | "pool";

/** Options of `sampleWithoutReplacement`. */
export interface SampleWithoutReplacementOptions {
  /** The algorithm (default "auto": scikit-learn's choice by nSamples / nPopulation). */
  method?: SampleMethod;
  /** Seed or RandomState (default null: the global generator). */
  randomState?: number | RandomState | null;
}

/**
 * `nSamples` distinct integers from [0, nPopulation), as scikit-learn 1.2's
 * `utils.random.sample_without_replacement`, with its draws from numpy's legacy generator:
 * - "auto": with ratio = nSamples / nPopulation, `permutation(nPopulation).slice(0, nSamples)` when
 *   0.01 < ratio < 0.99, else tracking selection when ratio < 0.2, else reservoir sampling;
 * - "tracking_selection": `randint(nPopulation)` until unseen, nSamples times (in draw order) — but,
 *   as in scikit-learn, only when ratio < 0.2; otherwise reservoir sampling;
 * - "reservoir_sampling": out = [0, nSamples), then for i >= nSamples, j = randint(0, i + 1) replaces
 *   out[j] by i when j < nSamples (not in random order);
 * - "pool": j = randint(nPopulation - i) picks from a pool that the last free entry refills.
 * Returns an Int32Array of nSamples indices.
 * @example bp.random.sampleWithoutReplacement(1024, 4, { randomState: 3 }); // 4 distinct values in [0, 1024)
 */
export function sampleWithoutReplacement(nPopulation: number, nSamples: number, options: SampleWithoutReplacementOptions = {}): Int32Array {
  const W = "sampleWithoutReplacement";
  if (!Number.isInteger(nPopulation) || nPopulation < 0 || nPopulation > 2147483647) {
    throw new Error(`${W}: nPopulation must be an integer in [0, 2**31 - 1], got ${nPopulation}`);
  }
  if (!Number.isInteger(nSamples) || nSamples < 0) throw new Error(`${W}: nSamples must be a non-negative integer, got ${nSamples}`);
  if (nSamples > nPopulation) throw new Error(`${W}: nPopulation must be >= nSamples, got nSamples > nPopulation (${nSamples} > ${nPopulation})`);
  const method = options.method ?? "auto";
  const rs = checkRandomState(options.randomState);
  const out = new Int32Array(nSamples);
  const ratio = nPopulation !== 0 ? nSamples / nPopulation : 1;
  if (method === "auto" && ratio > 0.01 && ratio < 0.99) return rs.permutation(nPopulation).slice(0, nSamples);
  const autoLike = method === "auto" || method === "tracking_selection";
  if (autoLike && ratio < 0.2) {
    const selected = new Set<number>();
    for (let i = 0; i < nSamples; i++) {
      let j = rs.randint(nPopulation);
      while (selected.has(j)) j = rs.randint(nPopulation);
      selected.add(j);
      out[i] = j;
    }
    return out;
  }
  if (autoLike || method === "reservoir_sampling") {
    for (let i = 0; i < nSamples; i++) out[i] = i;
    for (let i = nSamples; i < nPopulation; i++) {
      const j = rs.randint(0, i + 1);
      if (j < nSamples) out[j] = i;
    }
    return out;
  }
  if (method === "pool") {
    const pool = new Int32Array(nPopulation).map((_, i) => i);
    for (let i = 0; i < nSamples; i++) {
      const j = rs.randint(nPopulation - i);
      out[i] = pool[j];
      pool[j] = pool[nPopulation - i - 1];
    }
    return out;
  }
  throw new Error(`${W}: method must be "auto", "tracking_selection", "reservoir_sampling" or "pool", got ${JSON.stringify(method)}`);
}
