/**
 * Finite differences vs autograd (`bp.autograd.gradcheck`, float64) on every differentiable op:
 * broadcasting, reductions along dims, matmul shapes, softmax, indexing, joins, shapes. Inputs are
 * seeded randn values (no ties, no kinks within eps); `pos` inputs are kept away from 0.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import { i32 } from "../helpers/parity.ts";

type Input = number[] | bp.Tensor;

/** Positive float64 values in [0.5, 2.5), requiring grad (for log, sqrt, pow bases, divisors). */
function pos(...shape: number[]): bp.Tensor {
  return bp.rand(shape, { dtype: "float64" }).mul(2).add(0.5).requiresGrad_();
}

/** One gradcheck test: shapes become seeded randn float64 inputs that require grad. */
function gc(name: string, fn: (...xs: bp.Tensor[]) => bp.Tensor, inputs: Input[]): void {
  test(`gradcheck: ${name}`, () => {
    bp.manualSeed(1234);
    const xs = inputs.map((s) => (s instanceof bp.Tensor ? s : bp.randn(s, { dtype: "float64", requiresGrad: true })));
    assert.equal(bp.autograd.gradcheck(fn, xs), true);
  });
}
/** Constant (no-grad) input. */
const c = (t: bp.Tensor): bp.Tensor => t;

// ---- binary, with broadcasting and plain numbers
gc("add", (a, b) => a.add(b), [[3, 4], [3, 4]]);
gc("add [3,1]+[4]", (a, b) => a.add(b), [[3, 1], [4]]);
gc("add [2,3,4]+[3,1]", (a, b) => a.add(b), [[2, 3, 4], [3, 1]]);
gc("add 0-d + [2,3]", (a, b) => a.add(b), [[], [2, 3]]);
gc("add number", (a) => a.add(2.5), [[2, 3]]);
gc("sub [3,1]-[4]", (a, b) => a.sub(b), [[3, 1], [4]]);
gc("sub number - tensor", (a) => bp.sub(2, a), [[5]]);
gc("mul", (a, b) => a.mul(b), [[3, 4], [3, 4]]);
gc("mul [2,1,3]*[4,1]", (a, b) => a.mul(b), [[2, 1, 3], [4, 1]]);
gc("mul self", (a) => a.mul(a), [[3, 2]]);
gc("div [3,1]/[4]", (a, b) => a.div(b), [[3, 1], pos(4)]);
gc("div [4]/[3,1]", (a, b) => a.div(b), [[4], pos(3, 1)]);
gc("number / tensor", (a) => bp.div(1, a), [pos(2, 3)]);
gc("pow 2", (a) => a.pow(2), [[3, 4]]);
gc("pow 3", (a) => a.pow(3), [[3, 4]]);
gc("pow 0.5", (a) => a.pow(0.5), [pos(3, 4)]);
gc("pow -1.5", (a) => a.pow(-1.5), [pos(5)]);
gc("pow tensor exponent", (a, b) => a.pow(b), [pos(3, 4), [3, 4]]);
gc("pow tensor exponent [3,1]^[4]", (a, b) => a.pow(b), [pos(3, 1), [4]]);
gc("pow with a zero exponent", (a) => a.pow(0).mul(a), [[3]]);
gc("number ** tensor", (a) => bp.pow(2, a), [[4]]);
gc("maximum", (a, b) => a.maximum(b), [[3, 4], [3, 4]]);
gc("maximum [3,1],[4]", (a, b) => bp.maximum(a, b), [[3, 1], [4]]);
gc("maximum with 0-d constant", (z, a) => bp.maximum(z, a), [c(bp.tensor(0, { dtype: "float64" })), [6]]);
gc("minimum", (a, b) => a.minimum(b), [[3, 4], [3, 4]]);
gc("minimum [3,1],[4]", (a, b) => bp.minimum(a, b), [[3, 1], [4]]);

// ---- unary and activations
gc("neg", (a) => a.neg(), [[3, 4]]);
gc("exp", (a) => a.exp(), [[3, 4]]);
gc("log", (a) => a.log(), [pos(3, 4)]);
gc("sqrt", (a) => a.sqrt(), [pos(3, 4)]);
gc("abs", (a) => a.abs(), [[3, 4]]);
gc("sigmoid", (a) => a.sigmoid(), [[3, 4]]);
gc("tanh", (a) => a.tanh(), [[3, 4]]);
gc("relu", (a) => a.relu(), [[3, 4]]);
gc("erf", (a) => bp.erf(a), [[3, 4]]);
gc("clamp min max", (a) => a.clamp(-0.5, 0.5), [[3, 4]]);
gc("clamp min", (a) => a.clamp(0.1), [[3, 4]]);
gc("clamp max", (a) => a.clamp(null, -0.1), [[3, 4]]);
gc("leakyRelu", (a) => bp.leakyRelu(a), [[3, 4]]);
gc("leakyRelu 0.2", (a) => bp.leakyRelu(a, 0.2), [[3, 4]]);
gc("elu", (a) => bp.elu(a), [[3, 4]]);
gc("elu alpha 0.5", (a) => bp.elu(a, 0.5), [[3, 4]]);
gc("gelu", (a) => bp.gelu(a), [[3, 4]]);
gc("gelu tanh", (a) => bp.gelu(a, "tanh"), [[3, 4]]);
gc("step (zero gradient)", (a) => bp.step(a), [[3, 4]]);
gc("clone", (a) => a.clone().mul(a), [[3, 4]]);

// ---- reductions
gc("sum", (a) => a.sum(), [[3, 4]]);
gc("sum dim 0 of a 0-d tensor", (a) => a.sum(0, true).mul(a), [[]]);
gc("sum dim 1", (a) => a.sum(1), [[3, 4]]);
gc("sum dim -1 keepdim", (a) => a.sum(-1, true), [[2, 3, 4]]);
gc("sum dims [0, 2]", (a) => a.sum([0, 2]), [[2, 3, 4]]);
gc("sum dims [-1, 0] keepdim", (a) => a.sum([-1, 0], true), [[2, 3, 4]]);
gc("mean", (a) => a.mean(), [[3, 4]]);
gc("mean dim 0", (a) => a.mean(0), [[3, 4]]);
gc("mean dims [1, 2] keepdim", (a) => a.mean([1, 2], true), [[2, 3, 4]]);
gc("max", (a) => a.max(), [[3, 4]]);
gc("max dim 1", (a) => a.max(1).values, [[3, 4]]);
gc("max dim -1 keepdim", (a) => a.max(-1, true).values, [[2, 3, 4]]);
gc("min", (a) => a.min(), [[3, 4]]);
gc("min dim 0", (a) => a.min(0).values, [[3, 4]]);
gc("min dim -2 keepdim", (a) => a.min(-2, true).values, [[2, 3, 4]]);

// ---- softmax
gc("softmax dim -1", (a) => a.softmax(-1), [[3, 4]]);
gc("softmax dim 0", (a) => a.softmax(0), [[3, 4]]);
gc("softmax 3-d dim 1", (a) => a.softmax(1), [[2, 3, 4]]);
gc("softmax of a 0-d tensor", (a) => a.softmax(0).mul(a), [[]]);
gc("logSoftmax of a 0-d tensor", (a) => a.logSoftmax(-1).add(a.mul(a)), [[]]);
gc("logSoftmax dim -1", (a) => a.logSoftmax(-1), [[3, 4]]);
gc("logSoftmax 3-d dim -2", (a) => a.logSoftmax(-2), [[2, 3, 4]]);

// ---- matmul
gc("matmul 1-D . 1-D", (a, b) => a.matmul(b), [[5], [5]]);
gc("matmul 2-D . 2-D", (a, b) => a.matmul(b), [[3, 4], [4, 5]]);
gc("matmul 1-D . 2-D", (a, b) => a.matmul(b), [[4], [4, 3]]);
gc("matmul 2-D . 1-D", (a, b) => a.matmul(b), [[3, 4], [4]]);
gc("matmul 3-D . 2-D", (a, b) => a.matmul(b), [[2, 3, 4], [4, 5]]);
gc("matmul 2-D . 3-D", (a, b) => a.matmul(b), [[3, 4], [2, 4, 5]]);
gc("matmul batched broadcast [2,1,3,4] . [3,4,2]", (a, b) => a.matmul(b), [[2, 1, 3, 4], [3, 4, 2]]);
gc("matmul 1-D . 3-D", (a, b) => a.matmul(b), [[4], [2, 4, 3]]);
gc("matmul 3-D . 1-D", (a, b) => a.matmul(b), [[2, 3, 4], [4]]);

// ---- shape
gc("reshape", (a) => a.reshape(4, 3).mul(bp.arange(3, { dtype: "float64" })), [[3, 4]]);
gc("view -1", (a) => a.view(2, -1).exp(), [[3, 4]]);
gc("transpose", (a) => a.transpose(0, 1).mul(bp.arange(3, { dtype: "float64" })), [[3, 4]]);
gc("transpose -1 -3", (a) => a.transpose(-1, -3).exp(), [[2, 3, 4]]);
gc("t", (a) => a.t().matmul(a), [[3, 2]]);
gc("permute", (a) => a.permute(2, 0, 1).mul(bp.arange(3, { dtype: "float64" })), [[2, 3, 4]]);
gc("flatten 1", (a) => a.flatten(1).sigmoid(), [[2, 3, 4]]);
gc("unsqueeze / squeeze", (a) => a.unsqueeze(1).squeeze(1).unsqueeze(-1).squeeze().exp(), [[3, 4]]);
gc("narrow", (a) => a.narrow(1, 1, 2), [[3, 4]]);
gc("narrow dim -1", (a) => a.narrow(-1, 2, 2).exp(), [[2, 3, 4]]);
gc("select", (a) => a.select(0, -1).exp(), [[3, 4]]);
gc("expand [3,1] -> [2,3,4]", (a) => a.expand(2, 3, 4).mul(bp.arange(4, { dtype: "float64" })), [[3, 1]]);
gc("expand 0-d", (a) => a.expand(2, 3).exp(), [[]]);

// ---- indexing and joins
gc("gather dim 1", (a) => a.gather(1, i32([[0, 3], [2, 2], [1, 0]])), [[3, 4]]);
gc("gather dim 0 repeated", (a) => a.gather(0, i32([[0, 1, 2, 0], [0, 0, 2, 2]])).exp(), [[3, 4]]);
gc("indexSelect dim 0 repeated", (a) => a.indexSelect(0, i32([2, 0, 2])).exp(), [[3, 4]]);
gc("indexSelect dim -1", (a) => a.indexSelect(-1, i32([3, 1])), [[2, 3, 4]]);
gc("where", (a, b) => bp.where(i32([[1, 0, 1], [0, 0, 1]]).bool(), a, b), [[2, 3], [2, 3]]);
gc("where broadcast", (a, b) => bp.where(i32([[1], [0], [1]]).bool(), a, b), [[1, 4], [3, 1]]);
gc("where with number", (a) => bp.where(i32([1, 0, 0, 1]).bool(), a, 0).exp(), [[4]]);
gc("cat dim 0", (a, b) => bp.cat([a, b], 0).exp(), [[2, 3], [1, 3]]);
gc("cat dim -1, three inputs", (a, b, d) => bp.cat([a, b, d], -1).exp(), [[2, 2, 1], [2, 2, 3], [2, 2, 2]]);
gc("cat same tensor twice", (a) => bp.cat([a, a], 1).exp(), [[2, 3]]);
gc("stack dim 0", (a, b) => bp.stack([a, b]).exp(), [[2, 3], [2, 3]]);
gc("stack dim -1", (a, b) => bp.stack([a, b], -1).exp(), [[4], [4]]);

// ---- compositions
gc("two-layer net + log-softmax", (x, w1, b1, w2) => x.matmul(w1).add(b1).relu().matmul(w2).logSoftmax(1), [[4, 3], [3, 5], [5], [5, 2]]);
gc("tensor used three times", (a) => a.mul(a.exp()).add(a.sigmoid().mul(a)), [[3]]);
gc("mse", (w, x) => w.mul(x).sub(x.mul(2)).pow(2).mean(), [[], [4]]);

test("gradcheck refuses float32 inputs and inputs without requiresGrad", () => {
  const f32 = bp.randn([3], { requiresGrad: true });
  assert.throws(() => bp.autograd.gradcheck((a) => a.exp(), [f32]), /float64/);
  const noGrad = bp.randn([3], { dtype: "float64" });
  assert.throws(() => bp.autograd.gradcheck((a) => a.exp(), [noGrad]), /requires grad/);
});
