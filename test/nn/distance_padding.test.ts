/**
 * F.normalize, F.cosineSimilarity, F.pairwiseDistance, F.pad and their modules against PyTorch 1.13
 * (test/fixtures/gen_losses.py): forward and backward in float32 and float64, gradcheck on float64.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import * as nn from "../../src/nn/index.ts";
import type * as FT from "../../src/nn/functional/index.ts";
import { type Runner, checkCase } from "./helpers.ts";
import { lossCases } from "./loss_fixture.ts";

const F = nn.functional;

/** The fixture writes p = inf as the string "inf". */
function distanceOptions(k: Record<string, unknown>): FT.PairwiseDistanceOptions {
  return { ...k, p: k.p === "inf" ? Infinity : k.p === "-inf" ? -Infinity : (k.p as number | undefined) };
}

function padOptions(k: Record<string, unknown>): FT.PadOptions {
  return { mode: k.mode as FT.PaddingMode | undefined, value: k.value as number | undefined };
}

const FUNCTIONAL: Record<string, Runner> = {
  normalize: (t, k) => F.normalize(t.input, { ...(k as FT.NormalizeOptions), p: distanceOptions(k).p }),
  cosineSimilarity: (t, k) => F.cosineSimilarity(t.x1, t.x2, k as FT.CosineSimilarityOptions),
  pairwiseDistance: (t, k) => F.pairwiseDistance(t.x1, t.x2, distanceOptions(k)),
  pad: (t, k) => F.pad(t.input, k.pad as number[], padOptions(k)),
};

/** The padding module of a fixture case, or null when torch has none (circular, or a rank it lacks). */
function padModule(k: Record<string, unknown>): nn.Module | null {
  const p = k.pad as number[];
  const mode = (k.mode as string | undefined) ?? "constant";
  const value = (k.value as number | undefined) ?? 0;
  if (mode === "constant") {
    if (p.length === 2) return new nn.ConstantPad1d(p as [number, number], value);
    if (p.length === 4) return value === 0 ? new nn.ZeroPad2d(p as [number, number, number, number]) : new nn.ConstantPad2d(p as [number, number, number, number], value);
    return new nn.ConstantPad3d(p as [number, number, number, number, number, number], value);
  }
  if (mode === "reflect") return p.length === 2 ? new nn.ReflectionPad1d(p as [number, number]) : new nn.ReflectionPad2d(p as [number, number, number, number]);
  if (mode === "replicate") return p.length === 2 ? new nn.ReplicationPad1d(p as [number, number]) : new nn.ReplicationPad2d(p as [number, number, number, number]);
  return null;
}

const MODULES: Record<string, Runner> = {
  cosineSimilarity: (t, k) => new nn.CosineSimilarity(k as FT.CosineSimilarityOptions).forward(t.x1, t.x2),
  pairwiseDistance: (t, k) => new nn.PairwiseDistance(distanceOptions(k)).forward(t.x1, t.x2),
  pad: (t, k) => padModule(k)!.forward(t.input),
};

for (const c of lossCases(Object.keys(FUNCTIONAL))) {
  test(`torch parity: ${c.name} (functional + gradcheck)`, () => checkCase(c, FUNCTIONAL[c.op]));
  if (MODULES[c.op] !== undefined && (c.op !== "pad" || padModule(c.kwargs) !== null)) {
    test(`torch parity: ${c.name} (module)`, () => checkCase(c, MODULES[c.op], { gradcheck: false }));
  }
}

test("each padding mode has float32 and float64 cases", () => {
  for (const mode of ["constant", "reflect", "replicate", "circular"]) {
    const cases = lossCases(["pad"]).filter((c) => ((c.kwargs.mode as string | undefined) ?? "constant") === mode);
    assert.ok(cases.some((c) => c.out.dtype === "float32") && cases.some((c) => c.gradcheck), mode);
  }
});

test("the JSDoc examples give the values they print", () => {
  assert.deepEqual(Array.from(F.normalize(bp.tensor([[3, 4]], { dtype: "float64" })).data), [0.6, 0.8]);
  assert.ok(Math.abs(F.cosineSimilarity(bp.tensor([[1, 0]]), bp.tensor([[1, 1]])).item() - Math.SQRT1_2) < 1e-6);
  assert.equal(F.pairwiseDistance(bp.tensor([[0, 0]]), bp.tensor([[3, 4]]), { eps: 0 }).item(), 5);
  assert.deepEqual(Array.from(F.pad(bp.tensor([[1, 2]]), [1, 2]).data), [0, 1, 2, 0, 0]);
  assert.deepEqual(Array.from(new nn.ReflectionPad1d(2).forward(bp.arange(4).reshape(1, 1, 4)).data), [2, 1, 0, 1, 2, 3, 2, 1]);
  assert.deepEqual(Array.from(new nn.ReplicationPad1d([1, 2]).forward(bp.tensor([[[1, 2]]])).data), [1, 1, 2, 2, 2]);
  assert.deepEqual(new nn.ConstantPad2d(1, -1).forward(bp.ones(1, 3, 3)).shape, [1, 5, 5]);
  assert.deepEqual(new nn.ConstantPad3d(1, 0).forward(bp.ones(1, 2, 2, 2)).shape, [1, 4, 4, 4]);
  assert.deepEqual(new nn.ZeroPad2d([1, 1, 2, 0]).forward(bp.ones(1, 3, 3)).shape, [1, 5, 5]);
});

test("normalize of a zero row is zero with a finite gradient (the norm's gradient is 0 where the norm is 0)", () => {
  const x = bp.tensor([[0, 0], [3, 4]], { dtype: "float64", requiresGrad: true });
  const y = F.normalize(x);
  assert.deepEqual(Array.from(y.data), [0, 0, 0.6, 0.8]);
  y.sum().backward();
  assert.ok(Array.from(x.grad!.data).every(Number.isFinite));
  assert.deepEqual(Array.from(x.grad!.data).slice(0, 2), [1e12, 1e12]);
});

test("pad keeps an int32 input's dtype and pads any rank with a constant", () => {
  const x = bp.tensor([[1, 2], [3, 4]], { dtype: "int32" });
  const y = F.pad(x, [0, 1, 1, 0], { value: 9 });
  assert.equal(y.dtype, "int32");
  assert.deepEqual(Array.from(y.data), [9, 9, 9, 1, 2, 9, 3, 4, 9]);
  assert.deepEqual(F.pad(bp.ones(2, 2, 2, 2, 2), [1, 1, 1, 1, 1, 1, 1, 1]).shape, [2, 4, 4, 4, 4]);
});

test("pad and the distances refuse bad arguments as torch does, naming the function", () => {
  const x = bp.randn(1, 2, 3);
  assert.throws(() => F.pad(x, [1]), /pad: padding length must be divisible by 2, got 1/);
  assert.throws(() => F.pad(x, [1, 1, 1, 1, 1, 1, 1, 1]), /pad: padding length 8 is too large for an input of shape \[1, 2, 3\]/);
  assert.throws(() => F.pad(x, [3, 0], { mode: "reflect" }), /pad: padding size should be less than the corresponding input dimension, but got: padding \(3, 0\) at dimension 2/);
  assert.throws(() => F.pad(x, [4, 0], { mode: "circular" }), /pad: padding value \(4, 0\) causes wrapping around more than once/);
  assert.throws(() => F.pad(bp.randn(2, 3), [1, 1], { mode: "circular" }), /pad: circular padding of 1 dimension\(s\) needs a batched input with 3 dimensions/);
  assert.throws(() => F.pad(bp.randn(3), [1, 1], { mode: "replicate" }), /pad: replicate padding of 1 dimension\(s\) needs an input with 2 or 3 dimensions/);
  assert.throws(() => F.pad(x, [1, 1], { mode: "reflect", value: 2 }), /pad: padding mode "reflect" doesn't take in value argument/);
  assert.throws(() => F.pad(x, [-2, -2]), /pad: the input size 3, plus negative padding -2 and -2, resulted in a negative output size/);
  assert.throws(() => F.pad(x, [1, 1], { mode: "wrap" as "circular" }), /pad: mode must be "constant", "reflect", "replicate" or "circular", got "wrap"/);
  assert.throws(() => new nn.ConstantPad2d([1, 2] as unknown as [number, number, number, number], 0), /ConstantPad2d: padding must be an integer or a list of 4 integers/);
  assert.throws(() => F.normalize(bp.randn(3)), /normalize/);
  assert.throws(() => F.pairwiseDistance(bp.tensor(1), bp.tensor(2)), /pairwiseDistance: expected inputs with at least 1 dimension/);
  assert.throws(() => F.cosineSimilarity(bp.randn(2, 3), bp.randn(4, 3)), /cosineSimilarity/);
});

test("module printouts follow PyTorch", () => {
  assert.equal(new nn.ConstantPad1d([1, 2], 3.5).extraRepr(), "padding=(1, 2), value=3.5");
  assert.equal(new nn.ZeroPad2d(1).extraRepr(), "(1, 1, 1, 1)");
  assert.equal(new nn.ReflectionPad2d([1, 0, 2, 1]).extraRepr(), "(1, 0, 2, 1)");
  assert.equal(new nn.PairwiseDistance().extraRepr(), ""); // PyTorch prints PairwiseDistance()
});
