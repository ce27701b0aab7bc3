import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as bp from "../../src/index.ts";
import * as losses from "../../src/keras/losses.ts";
import { assertClose } from "../helpers/parity.ts";

/* keras.losses against TF.js layers (test/fixtures/keras_losses.json, from gen_keras_losses.mts). */

interface Arr {
  shape: number[];
  data: number[];
}
interface LossCase {
  name: string;
  fn: string;
  options: Record<string, number | boolean>;
  yTrue: Arr;
  yPred: Arr;
  out: number[];
  grad: number[];
}
const fixture = JSON.parse(readFileSync(new URL("../fixtures/keras_losses.json", import.meta.url), "utf8")) as { losses: LossCase[] };

type Options = Record<string, number | boolean>;
const FUNCTIONS: Record<string, (t: bp.Tensor, p: bp.Tensor, o: Options) => bp.Tensor> = {
  meanSquaredError: (t, p) => losses.meanSquaredError(t, p),
  meanAbsoluteError: (t, p) => losses.meanAbsoluteError(t, p),
  huber: (t, p, o) => losses.huber(t, p, { delta: o.delta as number }),
  hinge: (t, p) => losses.hinge(t, p),
  binaryCrossentropy: (t, p, o) => losses.binaryCrossentropy(t, p, o),
  categoricalCrossentropy: (t, p, o) => losses.categoricalCrossentropy(t, p, o),
  sparseCategoricalCrossentropy: (t, p, o) => losses.sparseCategoricalCrossentropy(t, p, o),
  categoricalHinge: (t, p) => losses.categoricalHinge(t, p),
  klDivergence: (t, p) => losses.klDivergence(t, p),
};
const CLASSES: Record<string, (o: Options) => losses.Loss> = {
  meanSquaredError: () => new losses.MeanSquaredError(),
  meanAbsoluteError: () => new losses.MeanAbsoluteError(),
  huber: (o) => new losses.Huber({ delta: o.delta as number }),
  hinge: () => new losses.Hinge(),
  binaryCrossentropy: (o) => new losses.BinaryCrossentropy(o),
  categoricalCrossentropy: (o) => new losses.CategoricalCrossentropy(o),
  sparseCategoricalCrossentropy: (o) => new losses.SparseCategoricalCrossentropy(o),
  categoricalHinge: () => new losses.CategoricalHinge(),
  klDivergence: () => new losses.KLDivergence(),
};

const VALUE_TOL = { atol: 1e-6, rtol: 1e-6 };
const GRAD_TOL = { atol: 1e-5, rtol: 1e-5 };
const t32 = (a: Arr, requiresGrad = false): bp.Tensor => bp.tensor(a.data, { dtype: "float32" }).reshape(a.shape).requiresGrad_(requiresGrad);

for (const c of fixture.losses) {
  test(`TF.js parity: ${c.name} (values within 1e-6, gradient w.r.t. yPred within 1e-5)`, () => {
    const yPred = t32(c.yPred, true);
    const out = FUNCTIONS[c.fn](t32(c.yTrue), yPred, c.options);
    assert.deepEqual(out.shape, c.yPred.shape.slice(0, -1));
    assertClose(out.data, c.out, VALUE_TOL, `${c.name} values`);
    out.sum().backward();
    assertClose(yPred.grad!.data, c.grad, GRAD_TOL, `${c.name} gradient`);
  });
  test(`TF.js parity: ${c.name} through the Loss class (call and forward)`, () => {
    const loss = CLASSES[c.fn](c.options);
    const yPred = t32(c.yPred, true);
    assertClose(loss.call(t32(c.yTrue), yPred).data, c.out, VALUE_TOL, `${c.name} call`);
    const total = loss.forward(t32(c.yTrue), yPred);
    assert.deepEqual(total.shape, []);
    const mean = c.out.reduce((a, b) => a + b, 0) / c.out.length;
    assertClose([total.item()], [mean], VALUE_TOL, `${c.name} forward`);
    total.backward();
    assertClose(yPred.grad!.data, c.grad.map((g) => g / c.out.length), GRAD_TOL, `${c.name} forward gradient`);
  });
}

test("every loss class and every option has a TF.js case", () => {
  for (const fn of Object.keys(FUNCTIONS)) assert.ok(fixture.losses.some((c) => c.fn === fn), fn);
  for (const fn of ["binaryCrossentropy", "categoricalCrossentropy", "sparseCategoricalCrossentropy"]) {
    assert.ok(fixture.losses.some((c) => c.fn === fn && c.options.fromLogits === true), `${fn} fromLogits`);
  }
  for (const fn of ["binaryCrossentropy", "categoricalCrossentropy"]) {
    assert.ok(fixture.losses.some((c) => c.fn === fn && typeof c.options.labelSmoothing === "number" && c.options.labelSmoothing > 0), `${fn} labelSmoothing`);
  }
});

// float64 gradcheck of each loss, at points away from kinks and clips
const r = (shape: number[], lo: number, hi: number): bp.Tensor => bp.rand(shape, { dtype: "float64" }).mul(hi - lo).add(lo);
const f64 = (data: bp.NestedNumbers): bp.Tensor => bp.tensor(data, { dtype: "float64" });
const GRADCHECKS: [string, () => [bp.Tensor, bp.Tensor], (t: bp.Tensor, p: bp.Tensor) => bp.Tensor][] = [
  ["mse", () => [r([3, 2], -1, 1), r([3, 2], -1, 1)], losses.meanSquaredError],
  ["mae", () => [f64([[0, 1], [2, -1]]), f64([[0.3, 1.5], [1.2, -0.4]])], losses.meanAbsoluteError],
  ["huber", () => [f64([[0, 1], [2, -1]]), f64([[0.3, 2.5], [1.2, -0.4]])], (t, p) => losses.huber(t, p, { delta: 1 })],
  ["hinge", () => [f64([[1, 0], [0, 1]]), f64([[0.3, 1.5], [-2, -0.4]])], losses.hinge],
  ["binaryCrossentropy", () => [f64([[1, 0], [0, 1]]), r([2, 2], 0.05, 0.95)], (t, p) => losses.binaryCrossentropy(t, p)],
  ["binaryCrossentropy smoothing", () => [f64([[1, 0], [0, 1]]), r([2, 2], 0.05, 0.95)],
    (t, p) => losses.binaryCrossentropy(t, p, { labelSmoothing: 0.1 })],
  ["binaryCrossentropy logits", () => [f64([[1, 0], [0, 1]]), r([2, 2], -3, 3)], (t, p) => losses.binaryCrossentropy(t, p, { fromLogits: true })],
  ["categoricalCrossentropy", () => [f64([[1, 0, 0], [0, 0, 1]]), r([2, 3], 0.1, 1)], (t, p) => losses.categoricalCrossentropy(t, p)],
  ["categoricalCrossentropy logits", () => [f64([[1, 0, 0], [0, 0, 1]]), r([2, 3], -2, 2)],
    (t, p) => losses.categoricalCrossentropy(t, p, { fromLogits: true, labelSmoothing: 0.2 })],
  ["sparseCategoricalCrossentropy", () => [f64([0, 2]), r([2, 3], 0.1, 0.3)], (t, p) => losses.sparseCategoricalCrossentropy(t, p)],
  ["sparseCategoricalCrossentropy logits", () => [f64([[1], [2]]), r([2, 3], -2, 2)],
    (t, p) => losses.sparseCategoricalCrossentropy(t, p, { fromLogits: true })],
  ["categoricalHinge", () => [f64([[1, 0, 0], [0, 0, 1]]), f64([[0.2, 0.5, 0.1], [0.3, 0.1, 0.4]])], losses.categoricalHinge],
  ["klDivergence", () => [f64([[0.2, 0.8], [0.5, 0.5]]), r([2, 2], 0.1, 0.9)], losses.klDivergence],
];
for (const [name, make, fn] of GRADCHECKS) {
  test(`gradcheck (float64) of ${name} w.r.t. yPred`, () => {
    const [yTrue, yPred] = make();
    const p = yPred.detach().requiresGrad_();
    assert.equal(bp.autograd.gradcheck((q) => fn(yTrue, q), [p]), true);
    assert.equal(fn(yTrue, p).dtype, "float64");
  });
}

test("forward weights the per-sample losses and divides by the batch size (SUM_OVER_BATCH_SIZE)", () => {
  const loss = new losses.MeanSquaredError();
  const yTrue = bp.tensor([[0, 1], [1, 1], [2, 0]]);
  const yPred = bp.tensor([[1, 1], [1, 3], [0, 0]]);
  // per sample: [0.5, 2, 2]
  assertClose(loss.call(yTrue, yPred).data, [0.5, 2, 2], VALUE_TOL);
  for (const w of [bp.tensor([1, 0.5, 0]), bp.tensor([[1], [0.5], [0]])]) {
    assert.equal(loss.forward(yTrue, yPred, w).item(), (0.5 * 1 + 2 * 0.5 + 0) / 3);
  }
  assert.equal(loss.forward(yTrue, yPred, bp.tensor(2)).item(), 3);
  assert.throws(() => loss.forward(yTrue, yPred, bp.tensor([1, 2])), /mean_squared_error.*sampleWeight of shape \[2\]/);
});

test("[N] targets line up with [N, 1] predictions; rank-1 predictions give one loss per sample", () => {
  const yPred = bp.tensor([[0.9], [0.2], [0.6]]);
  const column = new losses.BinaryCrossentropy().call(bp.tensor([[1], [0], [1]]), yPred);
  const flat = new losses.BinaryCrossentropy().call(bp.tensor([1, 0, 1]), yPred);
  assert.deepEqual(flat.shape, [3]);
  assertClose(flat.data, column.data, { atol: 0, rtol: 0 });
  const rank1 = new losses.BinaryCrossentropy().call(bp.tensor([1, 0, 1]), bp.tensor([0.9, 0.2, 0.6]));
  assertClose(rank1.data, column.data, { atol: 0, rtol: 0 });
  assert.deepEqual(new losses.MeanSquaredError().call(bp.tensor([1, 2]), bp.tensor([1, 4])).shape, [2]);
  assert.throws(() => losses.meanSquaredError(bp.zeros(3, 2), bp.zeros(3, 3)), /meanSquaredError: y_true shape \[3, 2\] does not match y_pred shape \[3, 3\]/);
});

test("sparse categorical cross-entropy takes int32 or float labels, [N] or [N, 1], and names an out-of-range label", () => {
  const p = bp.tensor([[0.1, 0.7, 0.2], [0.5, 0.25, 0.25]]);
  const a = losses.sparseCategoricalCrossentropy(bp.tensor([1, 0], { dtype: "int32" }), p);
  const b = losses.sparseCategoricalCrossentropy(bp.tensor([[1], [0]]), p);
  assertClose(a.data, [-Math.log(0.7), -Math.log(0.5)], { atol: 1e-6, rtol: 1e-6 });
  assertClose(b.data, a.data, { atol: 0, rtol: 0 });
  assert.throws(() => losses.sparseCategoricalCrossentropy(bp.tensor([1, 3]), p), /label 3 \(sample 1\) is out of range for 3 classes/);
  assert.throws(() => losses.sparseCategoricalCrossentropy(bp.tensor([-1, 0]), p), /label -1 \(sample 0\) is out of range/);
  assert.throws(() => losses.sparseCategoricalCrossentropy(bp.tensor([0, 1, 2]), p), /labels of shape \[3\] do not fit y_pred of shape \[2, 3\]/);
});

test("hinge reads 0/1 labels as -1/1 and keeps -1/1 labels", () => {
  const p = bp.tensor([[0.3], [-2], [0.5]]);
  assertClose(losses.hinge(bp.tensor([[1], [0], [0]]), p).data, [0.7, 0, 1.5], VALUE_TOL);
  assertClose(losses.hinge(bp.tensor([[1], [-1], [-1]]), p).data, [0.7, 0, 1.5], VALUE_TOL);
});

test("checkTargets: class indices for categorical losses, one-hot rows for sparse, row counts", () => {
  const cce = new losses.CategoricalCrossentropy();
  for (const y of [[8], [8, 1]]) {
    assert.throws(
      () => cce.checkTargets(y, [8, 3]),
      (e: Error) =>
        /loss "categorical_crossentropy"/.test(e.message) && e.message.includes(`[${y.join(", ")}]`) && e.message.includes("[8, 3]") &&
        /one-hot/.test(e.message) && /sparse_categorical_crossentropy/.test(e.message),
    );
  }
  cce.checkTargets([8, 3], [8, 3]);
  const sparse = new losses.SparseCategoricalCrossentropy();
  sparse.checkTargets([8], [8, 3]);
  sparse.checkTargets([8, 1], [8, 3]);
  assert.throws(() => sparse.checkTargets([8, 3], [8, 3]), /loss "sparse_categorical_crossentropy".*\[8, 3\].*one-hot.*categorical_crossentropy/);
  const bce = new losses.BinaryCrossentropy();
  bce.checkTargets([8], [8, 1]);
  bce.checkTargets([8, 1], [8, 1]);
  assert.throws(() => bce.checkTargets([7, 1], [8, 1]), /loss "binary_crossentropy": y has 7 rows but the input has 8 \(y shape \[7, 1\], output shape \[8, 1\]\)/);
  assert.throws(() => bce.checkTargets([8, 2], [8, 1]), /loss "binary_crossentropy": y of shape \[8, 2\] does not match the model's output shape \[8, 1\]/);
  assert.throws(() => new losses.MeanSquaredError().checkTargets([5], [6, 1]), /rows/);
  assert.throws(() => new losses.KLDivergence().checkTargets([4], [4, 2]), /one-hot/);
  new losses.LossFunctionWrapper((t, p) => p.sub(t)).checkTargets([4, 7], [4, 1]);
});

test("get resolves Keras's strings, class names and functions; unknown names list the known ones", () => {
  const cases: [string, string, string][] = [
    ["mean_squared_error", "MeanSquaredError", "mean_squared_error"], ["mse", "MeanSquaredError", "mean_squared_error"],
    ["mean_absolute_error", "MeanAbsoluteError", "mean_absolute_error"], ["mae", "MeanAbsoluteError", "mean_absolute_error"],
    ["binary_crossentropy", "BinaryCrossentropy", "binary_crossentropy"],
    ["categorical_crossentropy", "CategoricalCrossentropy", "categorical_crossentropy"],
    ["sparse_categorical_crossentropy", "SparseCategoricalCrossentropy", "sparse_categorical_crossentropy"],
    ["hinge", "Hinge", "hinge"], ["categorical_hinge", "CategoricalHinge", "categorical_hinge"], ["huber", "Huber", "huber_loss"],
    ["kl_divergence", "KLDivergence", "kl_divergence"], ["kld", "KLDivergence", "kl_divergence"],
    ["MeanSquaredError", "MeanSquaredError", "mean_squared_error"], ["BinaryCrossentropy", "BinaryCrossentropy", "binary_crossentropy"],
  ];
  for (const [id, cls, name] of cases) {
    const loss = losses.get(id);
    assert.equal(loss.constructor.name, cls, id);
    assert.equal(loss.name, name, id);
  }
  assert.notEqual(losses.get("mse"), losses.get("mse"), "a fresh loss each time");
  const own = new losses.Huber({ delta: 2 });
  assert.equal(losses.get(own), own);
  function myLoss(t: bp.Tensor, p: bp.Tensor): bp.Tensor {
    return p.sub(t).abs().mean(-1);
  }
  const wrapped = losses.get(myLoss);
  assert.equal(wrapped.name, "myLoss");
  assert.equal(wrapped.forward(bp.tensor([[0], [1]]), bp.tensor([[1], [1]])).item(), 0.5);
  assert.equal(losses.get((t: bp.Tensor, p: bp.Tensor) => p.sub(t)).name, "loss");
  assert.throws(() => losses.get("msee"), (e: Error) => /keras\.losses\.get: unknown loss "msee"/.test(e.message) && /mean_squared_error/.test(e.message));
});

test("getConfig and deserialize round-trip every loss with its options", () => {
  const all: losses.Loss[] = [
    new losses.MeanSquaredError(), new losses.MeanAbsoluteError(), new losses.BinaryCrossentropy({ fromLogits: true, labelSmoothing: 0.1 }),
    new losses.CategoricalCrossentropy({ labelSmoothing: 0.2 }), new losses.SparseCategoricalCrossentropy({ fromLogits: true }),
    new losses.Hinge(), new losses.CategoricalHinge(), new losses.Huber({ delta: 2.5, name: "h" }), new losses.KLDivergence(),
  ];
  for (const loss of all) {
    const config = loss.getConfig();
    const back = losses.deserialize(JSON.parse(JSON.stringify(config)) as losses.LossConfig);
    assert.equal(back.constructor, loss.constructor);
    assert.deepEqual(back.getConfig(), config);
  }
  assert.deepEqual(new losses.BinaryCrossentropy().getConfig(), {
    className: "BinaryCrossentropy", name: "binary_crossentropy", fromLogits: false, labelSmoothing: 0,
  });
  assert.equal(losses.deserialize({ name: "mse" }).name, "mse");
  assert.throws(() => losses.deserialize(losses.get((t: bp.Tensor, p: bp.Tensor) => p.sub(t)).getConfig()), /custom function/);
  assert.throws(() => losses.deserialize({ className: "Nope" }), /unknown loss class "Nope"/);
  assert.throws(() => new losses.BinaryCrossentropy({ labelSmoothing: 2 }), /labelSmoothing must lie in \[0, 1\], got 2/);
  assert.throws(() => new losses.Huber({ delta: 0 }), /Huber: delta must be positive/);
});
