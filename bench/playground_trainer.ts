/**
 * The playground's trainer in Node: optimizer steps per second (batch 10, TF Playground's default) and
 * the time of one snapshot (the 50x50 heat maps of every neuron in one batched forward, and the losses),
 * for the default 4+2 tanh network and 6x8 networks. Run: npx tsx bench/playground_trainer.ts
 * (the same figures in Chromium's worker: test/integration/playground_worker.test.ts prints them).
 */
import * as bp from "../src/index.ts";
import { DEFAULT_STATE, type Activation, type PlaygroundState } from "../playground/src/state.ts";
import { Trainer } from "../playground/src/trainer.ts";

function measure(label: string, state: PlaygroundState): void {
  const t = new Trainer(state);
  t.step(200); // warm-up
  let steps = 0;
  const start = performance.now();
  while (performance.now() - start < 2000) {
    t.step(100);
    steps += 100;
  }
  const stepsPerSecond = (steps * 1000) / (performance.now() - start);
  const snapStart = performance.now();
  const snaps = 20;
  for (let i = 0; i < snaps; i++) t.snapshot(50);
  const snapMs = (performance.now() - snapStart) / snaps;
  console.log(`${label.padEnd(22)} ${stepsPerSecond.toFixed(0).padStart(7)} steps/s   snapshot(50) ${snapMs.toFixed(2)} ms`);
}

console.log(`backend ${bp.backend()}`);
measure("4+2 tanh (default)", DEFAULT_STATE);
for (const activation of ["relu", "tanh", "sigmoid", "gelu"] as Activation[]) {
  measure(`6x8 ${activation}`, { ...DEFAULT_STATE, hidden: [8, 8, 8, 8, 8, 8], activation });
}
