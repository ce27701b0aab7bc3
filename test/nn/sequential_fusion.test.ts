/**
 * The fused dense layer is asked for by name (nn.Linear's `activation` option, F.linearActivation, both
 * running ops/matmul.ts linearActivation), and nn.Sequential is a plain loop: PyTorch's numbers for a
 * whole Linear-ReLU-Linear-Tanh-Linear-Sigmoid model (test/fixtures/fused.json, gen_fused.py) through
 * fused layers, the unfused chain's bits, one graph node per fused layer, and no fusion anywhere else.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as bp from "../../src/index.ts";
import * as nn from "../../src/nn/index.ts";
import { functional as F } from "../../src/nn/index.ts";
import { assertTensor, decode, values, TIGHT64, type Encoded } from "../helpers/parity.ts";

interface SequentialCase {
  params: Record<string, Encoded>;
  x: Encoded;
  upstream: Encoded;
  out: Encoded;
  gradX: Encoded;
  grads: Record<string, Encoded>;
}

const { sequential } = JSON.parse(readFileSync(new URL("../fixtures/fused.json", import.meta.url), "utf8")) as { sequential: SequentialCase };

/** The names of the graph nodes from `out` back to the leaves. */
function nodeNames(out: bp.Tensor): string[] {
  const names: string[] = [];
  for (let node = out.gradFn; node !== null; node = node.inputs[0]?.gradFn ?? null) names.push(node.name);
  return names;
}

const ACTIVATION_MODULES = { relu: nn.ReLU, sigmoid: nn.Sigmoid, tanh: nn.Tanh } as const;

test("Linear({activation}) x3 in a Sequential: PyTorch's output and gradients of Linear-ReLU-Linear-Tanh-Linear-Sigmoid, three fused nodes", () => {
  const m = new nn.Sequential(
    new nn.Linear(6, 5, { dtype: "float64", activation: "relu" }),
    new nn.Linear(5, 4, { dtype: "float64", activation: "tanh" }),
    new nn.Linear(4, 3, { dtype: "float64", activation: "sigmoid" }),
  );
  // torch's model has the activations as modules 1, 3, 5: its Linear k is our layer k / 2
  const rename = (k: string): string => k.replace(/^(\d+)/, (d) => String(Number(d) / 2));
  m.loadStateDict(Object.fromEntries(Object.entries(sequential.params).map(([k, v]) => [rename(k), decode(v)])));
  const x = decode(sequential.x).requiresGrad_();
  const out = m.forward(x);
  assertTensor(out, sequential.out.shape, values(sequential.out), TIGHT64, "out");
  assert.deepEqual(nodeNames(out), ["LinearSigmoid", "LinearTanh", "LinearRelu"]);
  out.backward(decode(sequential.upstream));
  assertTensor(x.grad!, sequential.gradX.shape, values(sequential.gradX), TIGHT64, "x.grad");
  for (const [name, p] of m.namedParameters()) {
    const g = sequential.grads[name.replace(/^(\d+)/, (d) => String(Number(d) * 2))];
    assertTensor(p.grad!, g.shape, values(g), TIGHT64, `${name}.grad`);
  }
});

for (const act of ["relu", "sigmoid", "tanh"] as const) {
  test(`Linear({activation: "${act}"}) equals Linear then ${act}, values and gradients bit for bit (float32, with a NaN)`, () => {
    bp.manualSeed(3);
    const fused = new nn.Linear(8, 16, { activation: act });
    const plain = new nn.Linear(8, 16);
    plain.loadStateDict(fused.stateDict());
    const x = bp.randn(9, 8);
    x.data[5] = NaN;
    const a = fused.forward(x);
    const b = new ACTIVATION_MODULES[act]().forward(plain.forward(x));
    assert.deepEqual(a.data, b.data);
    assert.deepEqual(nodeNames(a.sum()).slice(1), [`Linear${act[0].toUpperCase()}${act.slice(1)}`]);
    const g = bp.randn(9, 16);
    a.backward(g);
    b.backward(g);
    fused.parameters().forEach((p, i) => assert.deepEqual(p.grad!.data, plain.parameters()[i].grad!.data, `parameter ${i}`));
  });
}

test("F.linearActivation equals act(F.linear(x, W, b)) bit for bit, and checks its arguments as F.linear does", () => {
  bp.manualSeed(5);
  const [x, w, b] = [bp.randn(4, 3), bp.randn(2, 3), bp.randn(2)];
  assert.deepEqual(F.linearActivation(x, w, b, "tanh").data, F.linear(x, w, b).tanh().data);
  assert.deepEqual(F.linearActivation(x, w, null, "relu").data, F.linear(x, w).relu().data);
  assert.throws(() => F.linearActivation(bp.ones(4, 5), w, b, "relu"), /linearActivation: input of shape \[4, 5\] does not match weight of shape \[2, 3\]/);
  assert.throws(() => F.linearActivation(x, w, b, "gelu" as F.LinearActivation), /linearActivation: activation must be "relu", "sigmoid" or "tanh", got "gelu"/);
  assert.throws(() => new nn.Linear(3, 2, { activation: "elu" as F.LinearActivation }), /Linear: activation must be "relu", "sigmoid", "tanh" or null, got "elu"/);
  assert.equal(String(new nn.Linear(3, 2, { activation: "relu" })), "Linear(in_features=3, out_features=2, bias=True, activation=relu)");
  assert.equal(new nn.Linear(3, 2).activation, null);
});

test("Sequential is a plain loop: Linear then ReLU stay two nodes, and every module's own forward runs", () => {
  const seq = new nn.Sequential(new nn.Linear(3, 2), new nn.ReLU());
  assert.deepEqual(nodeNames(seq.forward(bp.randn(4, 3).requiresGrad_())), ["Relu", "Linear"]);

  class LoudReLU extends nn.ReLU {
    calls = 0;
    override forward(input: bp.Tensor): bp.Tensor {
      this.calls++;
      return super.forward(input);
    }
  }
  const loud = new LoudReLU();
  new nn.Sequential(new nn.Linear(3, 2), loud).forward(bp.randn(4, 3));
  assert.equal(loud.calls, 1);

  const patched = new nn.Tanh();
  let seen = 0;
  patched.forward = (input: bp.Tensor): bp.Tensor => {
    seen++;
    return input.tanh();
  };
  new nn.Sequential(new nn.Linear(3, 2), patched).forward(bp.randn(4, 3));
  assert.equal(seen, 1);

  // a subclass of Sequential with its own forward is respected, and Sequential's loop is what it inherits
  class Twice extends nn.Sequential {
    override forward(input: bp.Tensor): bp.Tensor {
      return super.forward(super.forward(input));
    }
  }
  const twice = new Twice(new nn.LeakyReLU(0.5));
  assert.deepEqual(Array.from(twice.forward(bp.tensor([-4])).data), [-1]);

  const bad = new nn.Sequential(new nn.Linear(3, 2), new nn.ReLU());
  assert.throws(() => bad.forward(bp.randn(4, 5)), /linear: input of shape \[4, 5\] does not match weight of shape \[2, 3\]/);
});
