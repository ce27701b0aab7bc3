/**
 * nn.Sequential runs a plain Linear followed by a plain ReLU, Sigmoid or Tanh as one fused op
 * (ops/matmul.ts linearActivation): PyTorch's numbers for a whole Linear-ReLU-Linear-Tanh-Linear-Sigmoid
 * model (test/fixtures/fused.json, gen_fused.py), the unfused chain's bits, one graph node per pair,
 * and nothing fused where a module is a subclass, has its forward replaced, or gets a bad input.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as bp from "../../src/index.ts";
import * as nn from "../../src/nn/index.ts";
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

function model(): InstanceType<typeof nn.Sequential> {
  return new nn.Sequential(
    new nn.Linear(6, 5, { dtype: "float64" }), new nn.ReLU(), new nn.Linear(5, 4, { dtype: "float64" }), new nn.Tanh(),
    new nn.Linear(4, 3, { dtype: "float64" }), new nn.Sigmoid(),
  );
}

/** The names of the graph nodes from `out` back to the leaves. */
function nodeNames(out: bp.Tensor): string[] {
  const names: string[] = [];
  for (let node = out.gradFn; node !== null; node = node.inputs[0]?.gradFn ?? null) names.push(node.name);
  return names;
}

test("Sequential(Linear, ReLU, Linear, Tanh, Linear, Sigmoid): PyTorch's output and gradients, three fused nodes", () => {
  const m = model();
  m.loadStateDict(Object.fromEntries(Object.entries(sequential.params).map(([k, v]) => [k, decode(v)])));
  const x = decode(sequential.x).requiresGrad_();
  const out = m.forward(x);
  assertTensor(out, sequential.out.shape, values(sequential.out), TIGHT64, "out");
  assert.deepEqual(nodeNames(out), ["LinearSigmoid", "LinearTanh", "LinearRelu"]);
  out.backward(decode(sequential.upstream));
  assertTensor(x.grad!, sequential.gradX.shape, values(sequential.gradX), TIGHT64, "x.grad");
  for (const [name, p] of m.namedParameters()) {
    const g = sequential.grads[name];
    assertTensor(p.grad!, g.shape, values(g), TIGHT64, `${name}.grad`);
  }
});

test("Sequential's fused forward equals running its modules one by one, bit for bit (float32, with a NaN)", () => {
  bp.manualSeed(3);
  const seq = new nn.Sequential(new nn.Linear(8, 16), new nn.ReLU(), new nn.Linear(16, 4), new nn.Sigmoid());
  const x = bp.randn(9, 8);
  x.data[5] = NaN;
  const fused = seq.forward(x);
  let chained = x;
  for (const m of seq) chained = m.forward(chained);
  assert.deepEqual(fused.data, chained.data);
  const g = bp.randn(9, 4);
  fused.backward(g);
  const grads = seq.parameters().map((p) => p.grad!.data.slice());
  seq.zeroGrad();
  chained.backward(g);
  seq.parameters().forEach((p, i) => assert.deepEqual(p.grad!.data, grads[i], `parameter ${i}`));
});

test("Sequential does not fuse a subclass, a replaced forward, a Linear not followed by an activation, or a bad input", () => {
  class LoudReLU extends nn.ReLU {
    calls = 0;
    override forward(input: bp.Tensor): bp.Tensor {
      this.calls++;
      return super.forward(input);
    }
  }
  const loud = new LoudReLU();
  const subclassed = new nn.Sequential(new nn.Linear(3, 2), loud);
  assert.deepEqual(nodeNames(subclassed.forward(bp.randn(4, 3).requiresGrad_())), ["Relu", "Linear"]);
  assert.equal(loud.calls, 1);

  const patched = new nn.Tanh();
  let seen = 0;
  patched.forward = (input: bp.Tensor): bp.Tensor => {
    seen++;
    return input.tanh();
  };
  new nn.Sequential(new nn.Linear(3, 2), patched).forward(bp.randn(4, 3));
  assert.equal(seen, 1);

  const last = new nn.Sequential(new nn.ReLU(), new nn.Linear(3, 2)).forward(bp.randn(4, 3).requiresGrad_());
  assert.deepEqual(nodeNames(last), ["Linear", "Relu"]);

  const bad = new nn.Sequential(new nn.Linear(3, 2), new nn.ReLU());
  assert.throws(() => bad.forward(bp.randn(4, 5)), /linear: input of shape \[4, 5\] does not match weight of shape \[2, 3\]/);
});
