/** Reads test/fixtures/model_selection.json (written by gen_model_selection.py with scikit-learn 1.2). */
import { readFileSync } from "node:fs";

export type Splits = [number[], number[]][];

export interface ModelSelectionFixture {
  iris: { data: number[][]; target: number[] };
  y_imb: number[];
  train_test_split: { opts: { n: number; test_size?: number; train_size?: number; random_state?: number; shuffle?: boolean; stratify?: "iris" | "imb" }; train: number[]; test: number[] }[];
  kfold: { n: number; n_splits: number; shuffle: boolean; random_state: number | null; splits: Splits }[];
  stratified_kfold: { y: "iris" | "imb"; n_splits: number; shuffle: boolean; random_state: number | null; splits: Splits }[];
  shuffle_split: { n: number; n_splits: number; test_size: number | null; train_size: number | null; random_state: number; splits: Splits }[];
  stratified_shuffle_split: { y: "iris" | "imb"; n_splits: number; test_size: number; random_state: number; splits: Splits }[];
  parameter_grid: { grid: Record<string, (number | string | boolean)[]> | Record<string, (number | string | boolean)[]>[]; order: Record<string, number | string | boolean>[] }[];
  parameter_sampler: { dist: Record<string, unknown> | Record<string, unknown>[]; n_iter: number; random_state: number; draws: Record<string, number | string>[] }[];
  grid_search: {
    param_grid: { power: number[]; scale: number[] };
    params: { power: number; scale: number }[];
    mean_test_score: number[];
    std_test_score: number[];
    rank_test_score: number[];
    split_test_scores: number[][];
    best_params: { power: number; scale: number };
    best_index: number;
    best_score: number;
    score: number;
  };
  cross_val_score: { stratified5: number[]; kfold4: number[] };
  randomized_search: { params: { power: number; scale: number }[]; mean_test_score: number[]; rank_test_score: number[]; best_index: number };
}

export const FIXTURE = JSON.parse(readFileSync(new URL("../fixtures/model_selection.json", import.meta.url), "utf8")) as ModelSelectionFixture;

/** The fixture's label vector by name. */
export function labels(name: "iris" | "imb"): number[] {
  return name === "iris" ? FIXTURE.iris.target : FIXTURE.y_imb;
}

/** A split as plain arrays, for deepEqual against the fixture. */
export function plain(splits: Iterable<[Int32Array, Int32Array]>): Splits {
  return Array.from(splits, ([a, b]) => [Array.from(a), Array.from(b)]);
}
