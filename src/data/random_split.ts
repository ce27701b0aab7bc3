import { randperm } from "../tensor/random.ts";
import { Subset, type Dataset } from "./dataset.ts";

/**
 * Splits a data set at random into non-overlapping subsets, like `torch.utils.data.random_split`
 * (PyTorch 1.13+). `lengths` are either counts summing to `dataset.length`, or fractions summing to 1:
 * then each split gets `floor(fraction * n)` samples and the remaining ones are handed out one each,
 * round-robin from the first split. The permutation comes from the global generator (`bp.manualSeed`).
 * @example
 * const [train, test] = data.randomSplit(ds, [8000, 2000]);
 * const [a, b, c] = data.randomSplit(ds, [0.7, 0.2, 0.1]);
 */
export function randomSplit<T>(dataset: Dataset<T>, lengths: readonly number[]): Subset<T>[] {
  const n = dataset.length;
  if (!Array.isArray(lengths) || lengths.length === 0) throw new Error("randomSplit: lengths must be a non-empty array");
  lengths.forEach((l, i) => {
    if (typeof l !== "number" || !Number.isFinite(l) || l < 0) {
      throw new Error(`randomSplit: length at index ${i} must be a non-negative number, got ${l}`);
    }
  });
  let counts: number[];
  const total = lengths.reduce((a, b) => a + b, 0);
  // PyTorch's test: math.isclose(sum, 1) (relative tolerance 1e-9) and sum <= 1
  if (Math.abs(total - 1) <= 1e-9 && total <= 1) {
    counts = lengths.map((frac, i) => {
      if (frac > 1) throw new Error(`randomSplit: fraction at index ${i} is not between 0 and 1`);
      return Math.floor(n * frac);
    });
    const remainder = n - counts.reduce((a, b) => a + b, 0);
    for (let i = 0; i < remainder; i++) counts[i % counts.length] += 1;
  } else {
    lengths.forEach((l, i) => {
      if (!Number.isInteger(l)) {
        throw new Error(`randomSplit: length at index ${i} is ${l}, not an integer (fractions must sum to 1, these sum to ${total})`);
      }
    });
    counts = [...lengths];
  }
  const sum = counts.reduce((a, b) => a + b, 0);
  if (sum !== n) {
    throw new Error(`randomSplit: sum of input lengths (${sum}) does not equal the length of the input dataset (${n})`);
  }
  const perm = randperm(n);
  const out: Subset<T>[] = [];
  let offset = 0;
  for (const c of counts) {
    out.push(new Subset(dataset, perm.subarray(offset, offset + c)));
    offset += c;
  }
  return out;
}
