/**
 * The activations softplus ... softshrink (ops/activation.ts, nn.functional, nn modules) against
 * PyTorch 1.13 (test/fixtures/layers.json, gen_layers.py): values and input gradients in float64 and
 * float32, at the kinks and edges, at NaN and ±inf, and gradcheck of the float64 cases away from kinks.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import * as nn from "../../src/nn/index.ts";
import { functional as F } from "../../src/nn/index.ts";
import { type Runner, checkCase, layerCasesOf } from "./helpers.ts";

type K = Record<string, unknown>;
const num = (k: K, key: string): number | undefined => k[key] as number | undefined;

/** Each op in function form (nn.functional), module form, and top-level op form. */
const FORMS: Record<string, { functional: Runner; module: Runner; op: Runner }> = {
  softplus: {
    functional: (t, k) => F.softplus(t.input, k as F.SoftplusOptions),
    module: (t, k) => new nn.Softplus(k as F.SoftplusOptions).forward(t.input),
    op: (t, k) => bp.softplus(t.input, num(k, "beta"), num(k, "threshold")),
  },
  silu: { functional: (t) => F.silu(t.input), module: (t) => new nn.SiLU().forward(t.input), op: (t) => bp.silu(t.input) },
  mish: { functional: (t) => F.mish(t.input), module: (t) => new nn.Mish().forward(t.input), op: (t) => bp.mish(t.input) },
  selu: { functional: (t) => F.selu(t.input), module: (t) => new nn.SELU().forward(t.input), op: (t) => bp.selu(t.input) },
  celu: {
    functional: (t, k) => F.celu(t.input, k as F.CELUOptions),
    module: (t, k) => new nn.CELU(k as F.CELUOptions).forward(t.input),
    op: (t, k) => bp.celu(t.input, num(k, "alpha")),
  },
  hardtanh: {
    functional: (t, k) => F.hardtanh(t.input, k as F.HardtanhOptions),
    module: (t, k) => new nn.Hardtanh(k as F.HardtanhOptions).forward(t.input),
    op: (t, k) => bp.hardtanh(t.input, num(k, "minVal"), num(k, "maxVal")),
  },
  relu6: { functional: (t) => F.relu6(t.input), module: (t) => new nn.ReLU6().forward(t.input), op: (t) => bp.relu6(t.input) },
  hardsigmoid: {
    functional: (t) => F.hardsigmoid(t.input), module: (t) => new nn.Hardsigmoid().forward(t.input), op: (t) => bp.hardsigmoid(t.input),
  },
  hardswish: { functional: (t) => F.hardswish(t.input), module: (t) => new nn.Hardswish().forward(t.input), op: (t) => bp.hardswish(t.input) },
  logsigmoid: {
    functional: (t) => F.logsigmoid(t.input), module: (t) => new nn.LogSigmoid().forward(t.input), op: (t) => bp.logsigmoid(t.input),
  },
  softsign: { functional: (t) => F.softsign(t.input), module: (t) => new nn.Softsign().forward(t.input), op: (t) => bp.softsign(t.input) },
  tanhshrink: {
    functional: (t) => F.tanhshrink(t.input), module: (t) => new nn.Tanhshrink().forward(t.input), op: (t) => bp.tanhshrink(t.input),
  },
  hardshrink: {
    functional: (t, k) => F.hardshrink(t.input, k as F.ShrinkOptions),
    module: (t, k) => new nn.Hardshrink(k as F.ShrinkOptions).forward(t.input),
    op: (t, k) => bp.hardshrink(t.input, num(k, "lambd")),
  },
  softshrink: {
    functional: (t, k) => F.softshrink(t.input, k as F.ShrinkOptions),
    module: (t, k) => new nn.Softshrink(k as F.ShrinkOptions).forward(t.input),
    op: (t, k) => bp.softshrink(t.input, num(k, "lambd")),
  },
};

for (const [op, forms] of Object.entries(FORMS)) {
  for (const c of layerCasesOf(op)) {
    test(`torch parity: ${c.name} (functional${c.gradcheck ? " + gradcheck" : ""})`, () => checkCase(c, forms.functional));
    test(`torch parity: ${c.name} (module)`, () => checkCase(c, forms.module, { gradcheck: false }));
    test(`torch parity: ${c.name} (bp.${op})`, () => checkCase(c, forms.op, { gradcheck: false }));
  }
}

test("every new activation has float64, float32, edge and NaN/inf cases, and a gradchecked one", () => {
  for (const op of Object.keys(FORMS)) {
    const cs = layerCasesOf(op);
    assert.ok(cs.some((c) => c.out.dtype === "float32"), `${op}: no float32 case`);
    assert.ok(cs.some((c) => c.name.includes("/nonfinite")), `${op}: no NaN/inf case`);
    assert.ok(cs.some((c) => c.gradcheck), `${op}: no gradcheck`);
  }
});

test("each activation is one graph node (one kernel forward, one backward)", () => {
  const x = bp.randn([5], { requiresGrad: true });
  const names = Object.values(FORMS).map((f) => f.op({ input: x }, {}).gradFn?.name);
  assert.deepEqual(names, [
    "Softplus", "Silu", "Mish", "Selu", "Celu", "Hardtanh", "Hardtanh", "Hardsigmoid", "Hardswish", "LogSigmoid", "Softsign",
    "Tanhshrink", "Hardshrink", "Softshrink",
  ]);
  for (const n of names) assert.ok(n !== undefined);
});

test("positional and object options agree; defaults as PyTorch", () => {
  const x = bp.tensor([-3, -0.7, 0.2, 4], { dtype: "float64" });
  assert.deepEqual(F.softplus(x, 2, 5).toArray(), F.softplus(x, { beta: 2, threshold: 5 }).toArray());
  assert.deepEqual(F.hardtanh(x, -2, 0.5).toArray(), F.hardtanh(x, { minVal: -2, maxVal: 0.5 }).toArray());
  assert.deepEqual(F.celu(x, 0.7).toArray(), F.celu(x, { alpha: 0.7 }).toArray());
  assert.deepEqual(F.hardshrink(x, 1).toArray(), F.hardshrink(x, { lambd: 1 }).toArray());
  const sp = new nn.Softplus();
  assert.deepEqual([sp.beta, sp.threshold], [1, 20]);
  assert.deepEqual([new nn.Softplus(2, 10).beta, new nn.Softplus(2, 10).threshold], [2, 10]);
  assert.deepEqual([new nn.Hardtanh().minVal, new nn.Hardtanh().maxVal], [-1, 1]);
  assert.deepEqual([new nn.ReLU6().minVal, new nn.ReLU6().maxVal], [0, 6]);
  assert.ok(new nn.ReLU6() instanceof nn.Hardtanh);
  assert.equal(new nn.CELU().alpha, 1);
  assert.equal(new nn.Hardshrink().lambd, 0.5);
  assert.equal(new nn.Softshrink(0.1).lambd, 0.1);
});

test("printouts as PyTorch's", () => {
  assert.equal(String(new nn.Softplus()), "Softplus(beta=1, threshold=20)");
  assert.equal(String(new nn.Hardtanh()), "Hardtanh(min_val=-1.0, max_val=1.0)");
  assert.equal(String(new nn.ReLU6()), "ReLU6()");
  assert.equal(String(new nn.CELU()), "CELU(alpha=1.0)");
  assert.equal(String(new nn.Hardshrink()), "Hardshrink(0.5)");
  assert.equal(String(new nn.SiLU()), "SiLU()");
});

test("bad arguments name the function and the argument", () => {
  assert.throws(() => F.hardtanh(bp.ones(2), 2, 1), /hardtanh: minVal 2 must be less than or equal to maxVal 1/);
  assert.throws(() => new nn.Hardtanh(2, 1), /Hardtanh: minVal 2/);
  assert.throws(() => F.softshrink(bp.ones(2), -1), /softshrink: lambd must be greater or equal to 0, got -1/);
  assert.throws(() => F.celu(bp.ones(2), 0), /celu: alpha must not be 0/);
});

test("int32 input computes in float32, as the other activations", () => {
  const out = F.softplus(bp.tensor([0, 30], { dtype: "int32" }));
  assert.equal(out.dtype, "float32");
  assert.equal(out.data[1], 30);
});
