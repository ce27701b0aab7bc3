import { test } from "node:test";
import assert from "node:assert/strict";
import { REGION_LIGHTEN, decisionBoundary } from "../../src/plot/decision_boundary.ts";
import { TAB10, hexToBytes, lighten } from "../../src/plot/colormap.ts";
import { tensor, zeros } from "../../src/tensor/creation.ts";
import type { Tensor } from "../../src/tensor/tensor.ts";
import { colorDistance, colorNear, rasterise } from "../helpers/png.ts";

const X = tensor([[-1, -1], [-1, 1], [1, -1], [1, 1], [-0.5, 0.2], [0.6, -0.3]]);
const y = tensor([0, 0, 1, 1, 0, 1], { dtype: "int32" });
const calls: number[][] = [];
/** The classifier x1 > 0, labels [M]. */
function rightOfZero(grid: Tensor): Tensor {
  calls.push([...grid.shape]);
  const out = new Int32Array(grid.shape[0]);
  for (let i = 0; i < out.length; i++) out[i] = grid.data[2 * i] > 0 ? 1 : 0;
  return tensor(Array.from(out), { dtype: "int32" });
}
const fig = decisionBoundary(rightOfZero, X, y, { resolution: 50, title: "x1 > 0" });
const light = (k: number): number[] => lighten(hexToBytes(TAB10[k]), REGION_LIGHTEN);

test("decisionBoundary: one batched call over the whole grid", () => {
  assert.deepEqual(calls, [[2500, 2]]);
});

test("decisionBoundary: the two regions have the two light class colours, split at x1 = 0", async () => {
  const r = await rasterise(fig);
  assert.deepEqual([r.width, r.height], [Math.round(fig.width), Math.round(fig.height)]);
  const { x, y: top, width, height } = fig.layout.plot;
  const mid = top + height / 2; // x2 = 0: no point there
  assert.ok(colorDistance(r.at(x + 0.1 * width, mid), light(0)) <= 2, `left ${r.at(x + 0.1 * width, mid)}`);
  assert.ok(colorDistance(r.at(x + 0.4 * width, mid), light(0)) <= 2);
  assert.ok(colorDistance(r.at(x + 0.6 * width, mid), light(1)) <= 2);
  assert.ok(colorDistance(r.at(x + 0.9 * width, mid), light(1)) <= 2, `right ${r.at(x + 0.9 * width, mid)}`);
  // points on top in the full class colours: (-1, 1) is class 0 at 1/12 of the span from the left and top
  // (the range [-1, 1] is widened by 10% each side: [-1.2, 1.2])
  const px = x + (0.2 / 2.4) * width;
  const py = top + (0.2 / 2.4) * height;
  assert.ok(colorNear(r, px, py, hexToBytes(TAB10[0]), 30, 2), "class 0 point");
  assert.ok(colorNear(r, x + (2.2 / 2.4) * width, top + (2.2 / 2.4) * height, hexToBytes(TAB10[1]), 30, 2), "class 1 point");
  assert.ok(fig.svg.includes("x1 &gt; 0") || fig.svg.includes("x1 > 0"), "title");
  assert.ok(fig.svg.includes("class"), "legend");
});

test("decisionBoundary: models with predict (scores argmaxed) or forward (logits argmaxed) draw the same", () => {
  const scores = (g: Tensor): Tensor => {
    const out: number[][] = [];
    for (let i = 0; i < g.shape[0]; i++) out.push([-g.data[2 * i], g.data[2 * i]]);
    return tensor(out);
  };
  const estimator = { predict: rightOfZero };
  const keras = { predict: scores };
  const module = { forward: scores };
  const sigmoidColumn = { predict: (g: Tensor): Tensor => tensor(Array.from({ length: g.shape[0] }, (_, i) => [g.data[2 * i] > 0 ? 0.9 : 0.1])) };
  for (const model of [estimator, keras, module, sigmoidColumn]) {
    assert.equal(decisionBoundary(model, X, y, { resolution: 50, title: "x1 > 0" }).svg, fig.svg);
  }
});

test("decisionBoundary: bad input is an error naming the argument", () => {
  assert.throws(() => decisionBoundary(rightOfZero, zeros([4, 3]), [0, 0, 1, 1]), /plot\.decisionBoundary: X must be a Tensor \[N, 2\]; got shape \[4, 3\]/);
  assert.throws(() => decisionBoundary(rightOfZero, X, [0, 1]), /plot\.decisionBoundary: y must have one label per point \(6\); got 2/);
  assert.throws(() => decisionBoundary(rightOfZero, X, y, { resolution: 0 }), /resolution must be a positive integer/);
  assert.throws(() => decisionBoundary(() => tensor([1]), X, y, { resolution: 4 }), /the classifier returned 1 labels for 16 grid points/);
  assert.throws(() => decisionBoundary({} as never, X, y), /predict must be a function, or an object with predict\(X\) or forward\(X\)/);
});
