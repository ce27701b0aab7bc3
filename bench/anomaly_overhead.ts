import * as bp from "../src/index.ts";
const x = bp.randn(4, 4, { requiresGrad: true });
function run(n: number): number {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) x.mul(1.0001).add(0.5).tanh().sum().backward();
  return (performance.now() - t0) / n * 1000;
}
run(2000);
const off: number[] = [], on: number[] = [];
for (let r = 0; r < 5; r++) { off.push(run(5000)); bp.autograd.setDetectAnomaly(true); on.push(run(5000)); bp.autograd.setDetectAnomaly(false); }
off.sort((a,b)=>a-b); on.sort((a,b)=>a-b);
console.log(`4 ops + backward on 4x4: off ${off[2].toFixed(2)} us/iter, on ${on[2].toFixed(2)} us/iter (median of 5)`);
