/**
 * The engine's types as the contract between the page and the engine states them, until p12-engine's
 * state.ts / trainer.ts are merged (then this file goes and the views import those).
 */
import type { PlaygroundName } from "../../src/datasets/playground.ts";

export type Activation = "relu" | "tanh" | "sigmoid" | "linear" | "leakyRelu" | "elu" | "gelu";
export type Feature = "x1" | "x2" | "x1Squared" | "x2Squared" | "x1x2" | "sinX1" | "sinX2";
export interface PlaygroundState {
  dataset: PlaygroundName; noise: number; trainRatio: number; batchSize: number;
  seed: number; features: Feature[]; hidden: number[]; activation: Activation;
  learningRate: number; regularization: "none" | "l1" | "l2"; regularizationRate: number;
  optimizer: "sgd" | "momentum" | "adam"; problem: "classification" | "regression";
}
export interface Snapshot {
  epoch: number; trainLoss: number; testLoss: number;
  weights: number[][][]; biases: number[][];
  neuronGrids: Float32Array[][];
  outputGrid: Float32Array; gridSize: number; domain: [number, number];
  gradMagnitudes: number[];
  train: { x: number[][]; y: number[] }; test: { x: number[][]; y: number[] };
}
