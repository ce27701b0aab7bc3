/**
 * The worked examples of seeds 003 and 004 that need only tensors and autograd, checked against
 * PyTorch's numbers (test/fixtures/autograd_seed.json, written by test/fixtures/gen_seeds.py).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as bp from "../../src/index.ts";
import { assertClose, assertTensor, assertThrowsWith, TIGHT32, TIGHT64 } from "../helpers/parity.ts";

interface SeedFixture {
  linreg: { mse: number; w_grad: number; e_grad_is_none: boolean };
  retain: { e_grad: number[]; w_grad: number }[];
  sgd: { lr: number; trajectory: { w: number; loss: number }[]; printed: string[]; before: number[]; after: number[] };
  addmul: { f: number; dx: number; dy: number; dz: number };
  neuron64: Record<"f" | "dw0" | "dx0" | "dw1" | "dx1" | "dw2", number>;
  neuron32: Record<"f" | "dw0" | "dx0" | "dw1" | "dx1" | "dw2", number>;
  xor: { h1: number; h2: number; o1_in: number; o1: number };
  softmax: { large64: number[]; large32: number[]; seed004: number[] };
  two_layer: {
    x: number[]; W: number[]; b1: number[]; U: number[]; b2: number[]; target: number;
    J: number; dW: number[]; db1: number[]; dU: number[]; db2: number[];
  };
}
const ref = JSON.parse(readFileSync(new URL("../fixtures/autograd_seed.json", import.meta.url), "utf8")) as SeedFixture;

const X = (): bp.Tensor => bp.tensor([1, 2, 3, 4]);
const Y = (): bp.Tensor => bp.tensor([2, 4, 6, 8]);

test("003 linear regression: MSE 7.5, dMSE/dw = -15, E.grad is null without retainGrad", () => {
  const W = bp.tensor(1.0, { requiresGrad: true });
  const E = W.mul(X()).sub(Y());
  const MSE = E.pow(2).mean();
  assert.equal(MSE.item(), 7.5);
  assert.equal(ref.linreg.mse, 7.5);
  MSE.backward();
  assert.equal(W.grad!.item(), -15);
  assert.equal(W.grad!.item(), ref.linreg.w_grad);
  assert.equal(E.grad, null);
  assert.equal(ref.linreg.e_grad_is_none, true);
  // the error on a second backward, as in the seed
  assertThrowsWith(() => MSE.backward(), "retainGraph");
});

test("003 retainGrad + three backwards with retainGraph: E.grad accumulates, W.grad restarts after zero_()", () => {
  const W = bp.tensor(1.0, { requiresGrad: true });
  const E = W.mul(X()).sub(Y());
  E.retainGrad();
  const MSE = E.pow(2).sum().div(4);
  const expected = [
    { e: [-0.5, -1, -1.5, -2], w: -15 },
    { e: [-1, -2, -3, -4], w: -30 },
    { e: [-1.5, -3, -4.5, -6], w: -15 },
  ];
  for (let pass = 0; pass < 3; pass++) {
    if (pass === 2) W.grad!.zero_();
    MSE.backward(null, { retainGraph: true });
    assert.deepEqual(Array.from(E.grad!.data), expected[pass].e);
    assert.deepEqual(Array.from(E.grad!.data), ref.retain[pass].e_grad);
    assert.equal(W.grad!.item(), expected[pass].w);
    assert.equal(W.grad!.item(), ref.retain[pass].w_grad);
  }
});

test("003 102 manual SGD steps at lr 0.005 inside noGrad follow PyTorch's trajectory", () => {
  const x = X();
  const y = Y();
  const W = bp.tensor(1.0, { requiresGrad: true });
  const lr = ref.sgd.lr;
  assertClose(W.mul(x).data, ref.sgd.before, TIGHT32, "prediction before training");
  const printed: string[] = [];
  for (let epoch = 0; epoch < 102; epoch++) {
    const MSE = W.mul(x).sub(y).pow(2).mean();
    MSE.backward();
    bp.noGrad(() => W.sub_(W.grad!.mul(lr)));
    W.grad!.zero_();
    const step = ref.sgd.trajectory[epoch];
    assertClose([W.item()], [step.w], { atol: 0, rtol: 1e-6 }, `w after epoch ${epoch}`);
    assertClose([MSE.item()], [step.loss], { atol: 1e-12, rtol: 1e-5 }, `loss at epoch ${epoch}`);
    if (epoch % 10 === 1) printed.push(`epoch ${epoch}: w = ${W.item().toFixed(3)}, loss = ${MSE.item().toFixed(8)}`);
  }
  assert.deepEqual(printed, ref.sgd.printed);
  assertClose(bp.noGrad(() => W.mul(x)).data, ref.sgd.after, TIGHT32, "prediction after training");
  assert.equal(W.isLeaf, true);
  assert.equal(W.requiresGrad, true);
});

test("003 f = (x + y) z at x=-2, y=5, z=-4: f=-12, df/dx=-4, df/dy=-4, df/dz=3", () => {
  const x = bp.tensor(-2.0, { requiresGrad: true });
  const y = bp.tensor(5.0, { requiresGrad: true });
  const z = bp.tensor(-4.0, { requiresGrad: true });
  const f = x.add(y).mul(z);
  f.backward();
  assert.deepEqual([f.item(), x.grad!.item(), y.grad!.item(), z.grad!.item()], [-12, -4, -4, 3]);
  assert.deepEqual([ref.addmul.f, ref.addmul.dx, ref.addmul.dy, ref.addmul.dz], [-12, -4, -4, 3]);
});

for (const dtype of ["float64", "float32"] as const) {
  test(`003 sigmoid neuron at w0=2, x0=-1, w1=-3, x1=-2, w2=-3 (${dtype}): f ~ 0.73 and PyTorch's gradients`, () => {
    const r = dtype === "float64" ? ref.neuron64 : ref.neuron32;
    const [w0, x0, w1, x1, w2] = [2, -1, -3, -2, -3].map((v) => bp.tensor(v, { dtype, requiresGrad: true }));
    // f = 1 / (1 + exp(-(w0 x0 + w1 x1 + w2))), written op by op as in the lecture's graph
    const f = bp.div(1, w0.mul(x0).add(w1.mul(x1)).add(w2).neg().exp().add(1));
    f.backward();
    const tol = dtype === "float64" ? TIGHT64 : TIGHT32;
    assertClose([f.item()], [r.f], tol, "f");
    assertClose([w0.grad!.item(), x0.grad!.item(), w1.grad!.item(), x1.grad!.item(), w2.grad!.item()], [r.dw0, r.dx0, r.dw1, r.dx1, r.dw2], tol, "grads");
    // the seed's rounded numbers
    assert.deepEqual([f.item(), w0.grad!.item(), x0.grad!.item(), w1.grad!.item(), x1.grad!.item(), w2.grad!.item()].map((v) => v.toFixed(2)),
      ["0.73", "-0.20", "0.39", "-0.39", "-0.59", "0.20"]);
    // the same neuron through the sigmoid op gives the same numbers
    const [a0, b0, a1, b1, a2] = [2, -1, -3, -2, -3].map((v) => bp.tensor(v, { dtype, requiresGrad: true }));
    const g = a0.mul(b0).add(a1.mul(b1)).add(a2).sigmoid();
    g.backward();
    assertClose([g.item(), a0.grad!.item(), b0.grad!.item(), a1.grad!.item(), b1.grad!.item(), a2.grad!.item()], [r.f, r.dw0, r.dx0, r.dw1, r.dx1, r.dw2], tol, "via sigmoid");
  });
}

test("003 XOR forward pass with the seed's weights: output 0.33 with the seed's rounding, 0.3405 exactly", () => {
  const I = bp.tensor([1, 0], { dtype: "float64" });
  const Wh = bp.tensor([[0.45, -0.12], [0.78, 0.13]], { dtype: "float64" }); // rows: H1 = I1 w1 + I2 w3, H2 = I1 w2 + I2 w4
  const Wo = bp.tensor([1.5, -2.3], { dtype: "float64" });
  const H = Wh.matmul(I).sigmoid();
  const O1in = H.matmul(Wo);
  const O1 = O1in.sigmoid();
  assertClose(H.data, [ref.xor.h1, ref.xor.h2], TIGHT32, "hidden (torch computed float32)");
  assertClose([O1in.item()], [ref.xor.o1_in], { atol: 1e-7, rtol: 1e-6 }, "O1_in");
  assertClose([O1.item()], [ref.xor.o1], { atol: 1e-7, rtol: 1e-6 }, "O1_out");
  assert.deepEqual(Array.from(H.data).map((v) => v.toFixed(2)), ["0.61", "0.69"]);
  // the seed rounds the hidden outputs to 0.61 and 0.69 before the output neuron: -0.672 -> 0.33
  const seedIn = bp.tensor([0.61, 0.69], { dtype: "float64" }).matmul(Wo);
  assert.equal(seedIn.item().toFixed(3), "-0.672");
  assert.equal(Math.floor(seedIn.sigmoid().item() * 100) / 100, 0.33);
});

test("001/004 softmax([123, 456, 789]) is finite and equals PyTorch (float64 and float32); softmax([-1, 0, 3, 5])", () => {
  const s64 = bp.tensor([123, 456, 789], { dtype: "float64" }).softmax(0);
  assert.ok(Array.from(s64.data).every(Number.isFinite));
  assertClose(s64.data, ref.softmax.large64, TIGHT64, "float64");
  const s32 = bp.softmax(bp.tensor([123, 456, 789]), 0);
  assert.equal(s32.dtype, "float32");
  assert.deepEqual(Array.from(s32.data), ref.softmax.large32);
  const s = bp.tensor([-1, 0, 3, 5], { dtype: "float64" }).softmax(-1);
  assertClose(s.data, ref.softmax.seed004, TIGHT64, "seed 004");
  assertClose([s.sum().item()], [1], TIGHT64, "sums to 1");
});

test("003 NeuralNet: W1 3072x100, W2 100x10, ReLU as bp.maximum(bp.tensor(0), scores1)", () => {
  bp.manualSeed(0);
  class NeuralNet {
    W1 = bp.randn(3072, 100).mul(0.0001); // without bias
    W2 = bp.randn(100, 10).mul(0.0001);
    predict(x: bp.Tensor): [bp.Tensor, bp.Tensor] {
      const scores1 = x.matmul(this.W1); // Linear / Fully connected layer 1
      const activations1 = bp.maximum(bp.tensor(0), scores1); // ReLU activation
      const scores2 = activations1.matmul(this.W2);
      return [activations1, scores2];
    }
  }
  const x = bp.rand(3072); // input image
  const net = new NeuralNet();
  const [activations, scores] = net.predict(x);
  assert.deepEqual(activations.shape, [100]);
  assert.deepEqual(scores.shape, [10]);
  assert.equal(activations.dtype, "float32");
  const scores1 = x.matmul(net.W1);
  assert.deepEqual(Array.from(activations.data), Array.from(scores1.relu().data));
  assert.ok(Array.from(activations.data).some((v) => v === 0) && Array.from(activations.data).some((v) => v > 0));
  // the int32 zero of torch.tensor(0) promotes to float32 the same way
  assert.deepEqual(Array.from(bp.maximum(bp.tensor(0, { dtype: "int32" }), scores1).data), Array.from(activations.data));
  // two linear maps without the nonlinearity collapse into one: x W1 W2 = x (W1 W2)
  assertClose(x.matmul(net.W1).matmul(net.W2).data, x.matmul(net.W1.matmul(net.W2)).data, { atol: 1e-12, rtol: 1e-4 }, "collapse");
});

test("004 two-layer net x -> Wx+b1 -> ReLU -> Uh+b2 -> softmax -> CE: chain rule by hand equals autograd and PyTorch", () => {
  const r = ref.two_layer;
  const opts = { dtype: "float64" as const };
  const x = bp.tensor(r.x, opts);
  const W = bp.tensor(r.W, { ...opts, requiresGrad: true }).reshape(5, 4).detach().requiresGrad_();
  const b1 = bp.tensor(r.b1, { ...opts, requiresGrad: true });
  const U = bp.tensor(r.U, opts).reshape(3, 5).detach().requiresGrad_();
  const b2 = bp.tensor(r.b2, { ...opts, requiresGrad: true });

  // forward
  const z = W.matmul(x).add(b1);
  const h = z.relu();
  const theta = U.matmul(h).add(b2);
  const yHat = theta.softmax(0);
  const J = yHat.select(0, r.target).log().neg();
  assertClose([J.item()], [r.J], TIGHT64, "J");
  J.backward();

  // backward by hand, as in the lecture
  const hand = bp.noGrad(() => {
    const onehot = bp.zeros([3], opts);
    onehot.data[r.target] = 1;
    const dTheta = yHat.sub(onehot); // dJ/dtheta = y_hat - t
    const dU = dTheta.unsqueeze(1).matmul(h.unsqueeze(0)); // dtheta/dU: outer(dtheta, h)
    const db2 = dTheta; // dtheta/db2 = I
    const dh = U.t().matmul(dTheta); // dtheta/dh = U
    const dz = dh.mul(z.gt(0)); // dh/dz = 1 where z > 0
    const dW = dz.unsqueeze(1).matmul(x.unsqueeze(0)); // dz/dW: outer(dz, x)
    const db1 = dz; // dz/db1 = I
    return { dU, db2, dW, db1 };
  });
  assertTensor(hand.dU, [3, 5], U.grad!.data, TIGHT64, "dJ/dU hand vs autograd");
  assertTensor(hand.db2, [3], b2.grad!.data, TIGHT64, "dJ/db2 hand vs autograd");
  assertTensor(hand.dW, [5, 4], W.grad!.data, TIGHT64, "dJ/dW hand vs autograd");
  assertTensor(hand.db1, [5], b1.grad!.data, TIGHT64, "dJ/db1 hand vs autograd");
  assertClose(U.grad!.data, r.dU, TIGHT64, "dJ/dU vs torch");
  assertClose(b2.grad!.data, r.db2, TIGHT64, "dJ/db2 vs torch");
  assertClose(W.grad!.data, r.dW, TIGHT64, "dJ/dW vs torch");
  assertClose(b1.grad!.data, r.db1, TIGHT64, "dJ/db1 vs torch");
  // dz/dx = W for z = W x
  const xg = x.detach().requiresGrad_();
  const zx = bp.noGrad(() => W.detach()).matmul(xg).add(b1.detach());
  const jac = [0, 1, 2, 3, 4].map((i) => {
    xg.grad = null;
    zx.select(0, i).backward(null, { retainGraph: true });
    return Array.from(xg.grad!.data);
  });
  assertClose(jac.flat(), r.W, TIGHT64, "Jacobian dz/dx");
});
