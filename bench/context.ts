/** What every workload gets from bench/run.ts: the mode, and where the Fashion-MNIST files are. */
import { existsSync } from "node:fs";

/** The run's options, shared by all workloads. */
export interface BenchContext {
  /** A short run: fewer rounds and repetitions, a fraction of an epoch scaled up. */
  quick: boolean;
  /** Prints a progress line (to stderr, so that stdout holds only the tables). */
  log: (line: string) => void;
}

/** One benchmark: `run` measures and prints its own tables. */
export interface Workload {
  name: string;
  title: string;
  run: (ctx: BenchContext) => Promise<void>;
}

/** Where Debian's dataset-fashion-mnist puts the IDX files. */
export const FASHION_ROOT = "/usr/share/datasets/fashion-mnist";

/** Why Fashion-MNIST cannot be read, or undefined when its training files are there. */
export function fashionUnavailable(): string | undefined {
  const has = (stem: string): boolean => existsSync(`${FASHION_ROOT}/${stem}`) || existsSync(`${FASHION_ROOT}/${stem}.gz`);
  if (!has("train-images-idx3-ubyte") || !has("train-labels-idx1-ubyte")) {
    return `no Fashion-MNIST training files in ${FASHION_ROOT} (run bench/setup.sh to install dataset-fashion-mnist)`;
  }
  return undefined;
}
