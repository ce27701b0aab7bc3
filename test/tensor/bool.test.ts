/** The bool dtype: storage, creation, casts, printing, promotion and PyTorch's arithmetic rules on bool. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import { parseSafetensors, serializeSafetensors } from "../../src/io/safetensors.ts";

const values = (t: bp.Tensor): number[] => Array.from(t.data);

test("bool tensors are stored as Uint8Array, one byte per element", () => {
  const m = bp.tensor([true, false, true]);
  assert.equal(m.dtype, "bool");
  assert.ok(m.data instanceof Uint8Array);
  assert.deepEqual(values(m), [1, 0, 1]);
  assert.equal(bp.zeros(2, 3, { dtype: "bool" }).data.byteLength, 6);
  assert.equal(bp.tensor(new Uint8Array([0, 1])).dtype, "bool");
});

test("creation: booleans infer bool, mixed values stay float32, dtype bool makes nonzero true", () => {
  assert.equal(bp.tensor([[true], [false]]).dtype, "bool");
  assert.equal(bp.tensor(true).dtype, "bool");
  assert.equal(bp.tensor([true, 2]).dtype, "float32");
  assert.equal(bp.tensor([]).dtype, "float32");
  assert.deepEqual(values(bp.tensor([0, 2, -0.5, NaN], { dtype: "bool" })), [0, 1, 1, 1]);
  assert.deepEqual(values(bp.tensor(bp.tensor([3, 0]), { dtype: "bool" })), [1, 0]);
  assert.deepEqual(values(bp.full([2], 7, { dtype: "bool" })), [1, 1]);
  assert.deepEqual(values(bp.ones(2, { dtype: "bool" })), [1, 1]);
  assert.deepEqual(values(bp.tensor([true, false], { dtype: "float64" })), [1, 0]);
});

test("bool tensors cannot require gradients", () => {
  assert.throws(() => bp.tensor([true]).requiresGrad_(), /only floating point tensors can require gradients \(dtype is bool\)/);
});

test("cast to and from bool: nonzero (and NaN) is true, as torch's x.bool()", () => {
  // torch.tensor([nan, 0, -0.0, 2, -inf]).bool() == [True, False, False, True, True]
  const x = bp.tensor([NaN, 0, -0, 2, -Infinity]);
  assert.deepEqual(values(x.bool()), [1, 0, 0, 1, 1]);
  assert.deepEqual(values(x.to("bool")), [1, 0, 0, 1, 1]);
  assert.deepEqual(values(bp.tensor([5, 0, -1], { dtype: "int32" }).bool()), [1, 0, 1]);
  const m = bp.tensor([true, false]);
  assert.equal(m.float().dtype, "float32");
  assert.deepEqual(values(m.float()), [1, 0]);
  assert.deepEqual(values(m.double()), [1, 0]);
  assert.deepEqual(values(m.int()), [1, 0]);
  assert.equal(m.bool(), m, "bool() of a bool tensor is the tensor itself");
});

test("item() and toArray() give 1 / 0 numbers", () => {
  assert.equal(bp.tensor(true).item(), 1);
  assert.deepEqual(bp.tensor([[true, false]]).toArray(), [[1, 0]]);
  assert.equal(bp.tensor([true, true]).sum().item() + 1, 3);
});

test("prints like PyTorch", () => {
  assert.equal(bp.tensor([true, false]).toString(), "tensor([ True, False])");
  assert.equal(bp.tensor([true, true]).toString(), "tensor([True, True])");
  assert.equal(bp.tensor(true).toString(), "tensor(True)");
  assert.equal(bp.tensor([[true, false], [false, true]]).toString(), "tensor([[ True, False],\n        [False,  True]])");
  assert.equal(bp.zeros(0, { dtype: "bool" }).toString(), "tensor([], dtype=bool)");
});

test("promotion: bool is the lowest dtype; a number next to bool is int32 or float32", () => {
  const m = bp.tensor([true, false]);
  const i = bp.tensor([2, 3], { dtype: "int32" });
  assert.equal(m.add(i).dtype, "int32");
  assert.equal(m.add(bp.tensor([0.5, 0.5])).dtype, "float32");
  assert.equal(m.mul(bp.tensor([2, 3], { dtype: "float64" })).dtype, "float64");
  // torch: tensor([True]) + 1 -> tensor([2]) (int64), + 1.5 -> tensor([2.5000])
  assert.equal(m.add(1).dtype, "int32");
  assert.deepEqual(values(m.add(1)), [2, 1]);
  assert.equal(m.add(1.5).dtype, "float32");
  assert.deepEqual(values(m.add(1.5)), [2.5, 1.5]);
  // a 0-d int32 tensor raises a bool tensor with dimensions to int32
  assert.equal(m.add(bp.tensor(2, { dtype: "int32" })).dtype, "int32");
  assert.equal(bp.tensor([true]).div(bp.tensor([true])).dtype, "float32");
  assert.equal(m.exp().dtype, "float32");
});

test("bool + bool and bool * bool stay bool (or / and), as in torch", () => {
  const a = bp.tensor([true, true, false, false]);
  const b = bp.tensor([true, false, true, false]);
  assert.equal(a.add(b).dtype, "bool");
  assert.deepEqual(values(a.add(b)), [1, 1, 1, 0]);
  assert.deepEqual(values(a.mul(b)), [1, 0, 0, 0]);
  assert.deepEqual(values(a.maximum(b)), [1, 1, 1, 0]);
});

test("sub and neg of bool are errors naming the op, as in torch", () => {
  const a = bp.tensor([true]);
  assert.throws(() => a.sub(a), /^Error: sub: Subtraction, the `-` operator, with two bool tensors is not supported/);
  assert.throws(() => a.sub(1), /^Error: sub: Subtraction, the `-` operator, with a bool tensor is not supported/);
  assert.throws(() => bp.sub(bp.tensor([1]), a), /with a bool tensor is not supported/);
  assert.throws(() => a.neg(), /^Error: neg: Negation, the `-` operator, on a bool tensor is not supported/);
});

test("sum of bool counts trues in int32; mean of bool is an error", () => {
  const m = bp.tensor([[true, false, true], [true, true, false]]);
  assert.equal(m.sum().dtype, "int32");
  assert.equal(m.sum().item(), 4);
  assert.deepEqual(values(m.sum(1)), [2, 2]);
  assert.throws(() => m.mean(), /^Error: mean: could not infer output dtype\. Input dtype must be either a floating point or complex dtype\. Got: bool/);
  assert.equal(m.max().item(), 1);
  assert.equal(m.max().dtype, "bool");
});

test("safetensors stores bool as BOOL, one byte each, and reads it back", () => {
  const bytes = serializeSafetensors({ m: { dtype: "bool", shape: [3], data: new Uint8Array([1, 0, 1]) } });
  const headerLength = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength))) as Record<string, { dtype: string; data_offsets: number[] }>;
  assert.equal(header.m.dtype, "BOOL");
  assert.deepEqual(header.m.data_offsets, [0, 3]);
  const back = parseSafetensors(bytes).tensors.m;
  assert.equal(back.dtype, "bool");
  assert.ok(back.data instanceof Uint8Array);
  assert.deepEqual(Array.from(back.data), [1, 0, 1]);
});

test("checkDType accepts bool and names it among the choices", () => {
  assert.throws(() => bp.zeros(2, { dtype: "int8" as bp.DType }), /expected "float32", "float64", "int32" or "bool"/);
});

test("where needs a bool condition, as PyTorch 1.13", () => {
  const a = bp.tensor([1, 2]);
  assert.throws(() => bp.where(bp.tensor([1, 0], { dtype: "int32" }), a, 0),
    /^Error: where: expected condition to be a bool tensor, but got a tensor with dtype int32/);
  assert.throws(() => bp.where(bp.tensor([1, 0]), a, 0), /got a tensor with dtype float32/);
  assert.deepEqual(values(bp.where(bp.tensor([1, 0]).bool(), a, 0)), [1, 0]);
});

test("comparisons and value tests give bool masks that count, multiply and select", () => {
  const x = bp.tensor([1, NaN, 3, -Infinity]);
  const m = x.gt(1.5);
  assert.equal(m.dtype, "bool");
  assert.equal(m.toString(), "tensor([False, False,  True, False])");
  assert.equal(x.isnan().sum().item(), 1);
  assert.equal(x.mul(m).dtype, "float32");
  assert.deepEqual(values(bp.where(x.isfinite(), x, 0)), [1, 0, 3, 0]);
  assert.deepEqual(values(m.logicalOr(x.isinf()).logicalNot()), [1, 1, 0, 0]);
});

test("comparisons at wasm kernel sizes (same shape, scalar, row and column broadcasts) write bool 0 / 1", () => {
  bp.manualSeed(3);
  const x = bp.tensor(Array.from(bp.randn(24 * 16).data, (v, i) => (i % 7 === 0 ? NaN : Math.round(2 * v)))).reshape(24, 16);
  const y = x.mul(-1).add(1);
  const row = bp.tensor(Array.from({ length: 16 }, (_, i) => (i % 3) - 1));
  const col = bp.tensor(Array.from({ length: 24 }, (_, i) => (i % 5) - 2)).reshape(24, 1);
  type Cmp = (p: number, q: number) => boolean;
  const ops: Record<"eq" | "ne" | "gt" | "lt" | "ge" | "le", Cmp> = {
    eq: (p, q) => p === q, ne: (p, q) => p !== q, gt: (p, q) => p > q, lt: (p, q) => p < q, ge: (p, q) => p >= q, le: (p, q) => p <= q,
  };
  const others: [string, bp.Tensor | number, (i: number) => number][] = [
    ["same shape", y, (i) => y.data[i]],
    ["scalar", 0, () => 0],
    ["row", row, (i) => row.data[i % 16]],
    ["column", col, (i) => col.data[Math.floor(i / 16)]],
  ];
  for (const [name, f] of Object.entries(ops) as [keyof typeof ops, Cmp][]) {
    for (const [what, other, at] of others) {
      const out = x[name](other);
      assert.equal(out.dtype, "bool", `${name} ${what}`);
      assert.deepEqual(values(out), Array.from(x.data, (v, i) => (f(v, at(i)) ? 1 : 0)), `${name} ${what}`);
    }
    const swapped = bp.tensor(0.5)[name](x);
    assert.deepEqual(values(swapped), Array.from(x.data, (v) => (f(0.5, v) ? 1 : 0)), `${name} with the scalar first`);
  }
});

test("float-only paths treat bool like int32: computed in float32, or refused naming bool", () => {
  const m = bp.tensor([[true, false, true]]);
  assert.equal(m.softmax(1).dtype, "float32");
  // class scores must be floating point, as in PyTorch ("log_softmax_lastdim_kernel_impl" not implemented for 'Bool')
  assert.throws(() => bp.nn.functional.crossEntropy(m, bp.tensor([2], { dtype: "int32" })),
    /^Error: CrossEntropyLoss: argument 'input' must be a floating-point tensor, got bool/);
  assert.throws(() => bp.data.transforms.normalize([0.5], [0.5])(m), /normalize: input should be a floating point tensor, got bool/);
  assert.throws(() => bp.cdist(m, m), /cdist: expected two floating tensors of the same dtype, got bool and bool/);
});

test("where's dtype with numbers, as PyTorch: two integers int32 (torch: int64), else float32; bool with a number int32", () => {
  const c = bp.tensor([true, false]);
  assert.equal(bp.where(c, 1, 0).dtype, "int32");
  assert.deepEqual(values(bp.where(c, 1, 0)), [1, 0]);
  assert.equal(bp.where(c, 1.5, 0).dtype, "float32");
  assert.equal(bp.where(c, bp.tensor([true, true]), 0).dtype, "int32");
  assert.equal(bp.where(c, bp.tensor([true, true]), bp.tensor([false, false])).dtype, "bool");
  assert.equal(bp.where(c, bp.tensor([1, 2], { dtype: "int32" }), 0.5).dtype, "float32");
});
