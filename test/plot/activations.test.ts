import { test } from "node:test";
import assert from "node:assert/strict";
import { ACTIVATIONS, activationCurve, activations } from "../../src/plot/activations.ts";
import { rasterise } from "../helpers/png.ts";

test("activationCurve: derivatives by autograd match the closed forms", () => {
  const s = activationCurve("sigmoid", 11);
  assert.deepEqual(s.x, [-5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5]);
  s.x.forEach((x, i) => {
    const sig = 1 / (1 + Math.exp(-x));
    assert.ok(Math.abs(s.y[i] - sig) < 1e-12 && Math.abs(s.dy[i] - sig * (1 - sig)) < 1e-12);
  });
  const t = activationCurve("tanh", 11);
  t.x.forEach((x, i) => assert.ok(Math.abs(t.dy[i] - (1 - Math.tanh(x) ** 2)) < 1e-12));
  const r = activationCurve("relu", 11);
  assert.deepEqual(r.dy, [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1]); // PyTorch: relu'(0) = 0
  const l = activationCurve("leakyRelu", 3);
  assert.deepEqual(l.dy.map((v) => Number(v.toFixed(6))), [0.01, 0.01, 1]);
});

test("activations: a panel per function and per derivative, PNG of the figure's size", async () => {
  const fig = activations(["sigmoid", "relu"], { points: 41 });
  for (const t of ["sigmoid", "sigmoid'", "relu", "relu'", "f(x)", "by autograd", "Activation functions and their derivatives"]) assert.ok(fig.svg.includes(t), t);
  const r = await rasterise(fig);
  assert.deepEqual([r.width, r.height], [Math.round(fig.width), Math.round(fig.height)]);
  assert.ok(r.darkIn({ x: 0, y: 0, width: fig.width, height: 24 }) > 30, "title pixels");
});

test("activations: unknown names are an error listing the valid ones", () => {
  assert.throws(() => activations(["sigmoid", "swish"]), new RegExp(`plot\\.activations: unknown activation "swish"; valid names are ${Object.keys(ACTIVATIONS).join(", ")}`));
  assert.throws(() => activations([]), /names must be a non-empty array/);
  assert.throws(() => activations(["relu"], { points: 1 }), /points must be an integer in \[2, 100000\]/);
});
