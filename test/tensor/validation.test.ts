import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";

/* Inputs that PyTorch refuses and backprop used to accept silently (issue 13). */

test("tensor(): NaN, ±Infinity and out-of-range values are refused for int32, as PyTorch does", () => {
  for (const bad of [NaN, Infinity, -Infinity, 3e9, 2 ** 31, -(2 ** 31) - 1]) {
    assert.throws(() => bp.tensor([1, bad], { dtype: "int32" }),
      new RegExp(`^Error: tensor: value ${String(bad).replace("+", "\\+")} at index 1 cannot be converted to type int32 without overflow$`));
  }
  assert.throws(() => bp.tensor(NaN, { dtype: "int32" }), /tensor: value NaN at index 0 cannot be converted to type int32/);
  assert.throws(() => bp.full([2], NaN, { dtype: "int32" }), /^Error: full: value NaN cannot be converted to type int32 without overflow$/);
  // the limits themselves, and fractions (truncated, as PyTorch does) are fine
  assert.deepEqual([...bp.tensor([2 ** 31 - 1, -(2 ** 31), 2.7, -2.7], { dtype: "int32" }).data], [2 ** 31 - 1, -(2 ** 31), 2, -2]);
  assert.deepEqual([...bp.full([1], -3.5, { dtype: "int32" }).data], [-3]);
  // float and bool dtypes take NaN
  assert.ok(Number.isNaN(bp.tensor([NaN]).data[0]));
  assert.deepEqual([...bp.tensor([NaN], { dtype: "bool" }).data], [1]);
});

test("argmax / argmin of an empty tensor is an error, as in PyTorch", () => {
  assert.throws(() => bp.tensor([]).argmax(),
    /^Error: argmax\(\): Expected reduction dim to be specified for input\.numel\(\) == 0\.$/);
  assert.throws(() => bp.tensor([]).argmin(), /^Error: argmin\(\): Expected reduction dim to be specified/);
  assert.throws(() => bp.zeros(2, 0).argmax(1), /^Error: argmax\(\): Expected reduction dim 1 to have non-zero size\.$/);
  assert.deepEqual(bp.zeros(0, 3).argmax(1).shape, [0]);
  assert.equal(bp.tensor([1, 3, 2]).argmax().item(), 1);
});

test("an integer tensor to a negative integer power is an error, as in PyTorch", () => {
  const x = bp.tensor([2, 3], { dtype: "int32" });
  assert.throws(() => x.pow(-1), /^Error: pow: Integers to negative integer powers are not allowed\.$/);
  assert.throws(() => x.pow(bp.tensor([1, -2], { dtype: "int32" })), /^Error: pow: Integers to negative integer powers are not allowed\.$/);
  assert.deepEqual([...x.pow(2).data], [4, 9]);
  assert.deepEqual([...x.pow(bp.tensor([0, 1], { dtype: "int32" })).data], [1, 3]);
  // a float base or exponent is fine
  assert.ok(Math.abs(bp.tensor([2]).pow(-1).item() - 0.5) < 1e-7);
});

test("creation: negative, fractional and NaN sizes name the function and the shape", () => {
  for (const [name, make] of [["zeros", bp.zeros], ["ones", bp.ones], ["randn", bp.randn], ["rand", bp.rand]] as const) {
    for (const bad of [-1, 2.5, NaN]) {
      assert.throws(() => make(2, bad), new RegExp(`^Error: ${name}: invalid shape \\[2, ${bad}\\] \\(sizes must be non-negative integers\\)$`));
    }
  }
  assert.throws(() => bp.randperm(-1), /^Error: randperm: n must be a non-negative integer, got -1$/);
  assert.throws(() => bp.randn(2, "3" as unknown as number), /^Error: randn: sizes must be numbers, got string 3$/);
  assert.throws(() => bp.zeros("3" as unknown as number), /^Error: zeros: sizes must be numbers, got string 3$/);
  // more elements than one typed array holds: a clear error instead of V8's "Invalid typed array length"
  assert.throws(() => bp.full([1e5, 1e5], 1), /^Error: full: shape \[100000, 100000\] has 10000000000 elements, more than a tensor can hold \(4294967295\)$/);
  assert.throws(() => bp.arange(0, 1e12), /^Error: arange: shape \[1000000000000\] has 1000000000000 elements, more than a tensor can hold/);
  assert.throws(() => bp.linspace(0, 1, 1e12), /^Error: linspace: shape \[1000000000000\] has 1000000000000 elements/);
  assert.deepEqual(bp.zeros(0, 3).shape, [0, 3]);
});

test("tensor(): ragged nested arrays and non-numbers are clear errors that say where", () => {
  assert.throws(() => bp.tensor([[1, 2, 3], [4, 5]]), /^Error: tensor: ragged nested array at \[1\]: expected length 3, got 2$/);
  assert.throws(() => bp.tensor([[1, 2], 3] as unknown as number[][]), /^Error: tensor: ragged nested array at \[1\]: expected length 2, got a number$/);
  assert.throws(() => bp.tensor([[[1, 2], [3, 4]], [[1, 2], [3]]]), /^Error: tensor: ragged nested array at \[1\]\[1\]: expected length 2, got 1$/);
  assert.throws(() => bp.tensor([[1, 2], [3, [4]]] as unknown as number[][]),
    /^Error: tensor: ragged nested array at \[1\]\[1\]: expected a number, got an array \(too deep\)$/);
  assert.throws(() => bp.tensor([["a"]] as unknown as number[][]), /^Error: tensor: expected a number at \[0\]\[0\], got string$/);
  assert.throws(() => bp.tensor([[1], null] as unknown as number[][]), /^Error: tensor: ragged nested array at \[1\]: expected length 1, got null$/);
  assert.throws(() => bp.tensor("x" as unknown as number), /^Error: tensor: expected a number, got string$/);
  // a 5000-deep path is cut short in the message
  let deep: unknown = [1];
  for (let i = 0; i < 5000; i++) deep = [deep];
  assert.throws(() => bp.tensor([deep, [1]] as unknown as number[]), (e: Error) => e.message.length < 300 && /ragged nested array at \[1\]\[0\]/.test(e.message));
});

test("reshape, view, split and chunk: sizes that do not fit are clear errors", () => {
  const x = bp.zeros(6);
  assert.throws(() => x.reshape(4, 2), /^Error: reshape: shape \[4, 2\] is invalid for input of size 6 \(shape \[6\]\)$/);
  assert.throws(() => x.reshape(-1, 4), /^Error: reshape: shape \[-1, 4\] is invalid for input of size 6/);
  assert.throws(() => x.view(4, 2), /^Error: view: shape \[4, 2\] is invalid for input of size 6/);
  assert.throws(() => x.split([2, 3]), /^Error: split: sizes \[2, 3\] must be non-negative and sum exactly to 6 \(the size of dimension 0\)$/);
  assert.throws(() => x.split([7, -1]), /^Error: split: sizes \[7, -1\] must be non-negative and sum exactly to 6/);
  assert.throws(() => x.split(0), /^Error: split: splitSize can only be 0 if dimension 0 has size 0, but its size is 6$/);
  assert.throws(() => x.split(2.5), /^Error: split: splitSize must be a non-negative integer, got 2\.5$/);
  assert.throws(() => x.chunk(0), /^Error: chunk: chunks must be a positive integer, got 0$/);
  assert.deepEqual(x.split([2, 4]).map((t) => t.shape[0]), [2, 4]);
});

test("reshape, split, chunk, cat and stack name the argument that is not a Tensor", () => {
  const arr = [1, 2] as unknown as bp.Tensor;
  assert.throws(() => bp.reshape(arr, [2]), /^Error: reshape: argument 'input' must be a Tensor, not an array \(wrap it with bp\.tensor\(\.\.\.\)\)$/);
  assert.throws(() => bp.split(arr, 1), /^Error: split: argument 'input' must be a Tensor, not an array/);
  assert.throws(() => bp.chunk(arr, 1), /^Error: chunk: argument 'input' must be a Tensor, not an array/);
  assert.throws(() => bp.cat([bp.zeros(2), arr]), /^Error: cat: expected a Tensor as element 1 of 'tensors', got an array/);
  assert.throws(() => bp.stack([bp.zeros(2), null as unknown as bp.Tensor]), /^Error: stack: expected a Tensor as element 1 of 'tensors', got null$/);
  assert.throws(() => bp.cat(bp.zeros(2) as unknown as bp.Tensor[]), /^Error: cat: argument 'tensors' must be an array of Tensors, not Tensor$/);
  assert.throws(() => bp.hstack([]), /^Error: hstack: expected a non-empty list of tensors$/);
  assert.throws(() => bp.cat([]), /^Error: cat: expected a non-empty list of tensors$/);
});

test("shape errors stay short for a hostile million-entry shape", () => {
  const huge = new Array<number>(1_000_000).fill(1);
  assert.throws(() => bp.zeros(6).reshape(huge.concat([7])), (e: Error) => {
    assert.match(e.message, /^reshape: shape \[1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, \.\.\. \(1000001 sizes\)\] is invalid for input of size 6/);
    assert.ok(e.message.length < 300, `message of ${e.message.length} chars`);
    return true;
  });
});

test("binary, reduction, matmul and indexing ops name an argument that is not a Tensor", () => {
  const arr = [1, 2] as unknown as bp.Tensor;
  const x = bp.randn(2, 3);
  const idx = bp.tensor([0], { dtype: "int32" });
  assert.throws(() => x.add(arr), /^Error: add: argument 'other' must be a Tensor or a number, not an array \(wrap it with bp\.tensor\(\.\.\.\)\)$/);
  assert.throws(() => bp.mul(arr, x), /^Error: mul: argument 'input' must be a Tensor or a number, not an array/);
  assert.throws(() => x.mul("2" as unknown as number), /^Error: mul: argument 'other' must be a Tensor or a number, not string$/);
  assert.throws(() => bp.add(1 as unknown as bp.Tensor, 2), /^Error: add: at least one operand must be a Tensor, got number and number$/);
  assert.throws(() => x.lt(arr), /^Error: lt: argument 'other' must be a Tensor or a number, not an array/);
  assert.throws(() => bp.exp(arr), /^Error: exp: argument 'input' must be a Tensor, not an array/);
  assert.throws(() => bp.sum(arr), /^Error: sum: argument 'input' must be a Tensor, not an array/);
  assert.throws(() => bp.mean(arr), /^Error: mean: argument 'input' must be a Tensor, not an array/);
  assert.throws(() => bp.max(arr), /^Error: max: argument 'input' must be a Tensor, not an array/);
  assert.throws(() => bp.argmax(arr), /^Error: argmax: argument 'input' must be a Tensor, not an array/);
  assert.throws(() => bp.matmul(arr, x), /^Error: matmul: argument 'input' must be a Tensor, not an array/);
  assert.throws(() => x.matmul(arr), /^Error: matmul: argument 'other' must be a Tensor, not an array/);
  assert.throws(() => bp.indexSelect(arr, 0, idx), /^Error: indexSelect: argument 'input' must be a Tensor, not an array/);
  assert.throws(() => x.indexSelect(0, arr), /^Error: indexSelect: argument 'index' must be a Tensor, not an array/);
  assert.throws(() => x.gather(1, [[0], [1]] as unknown as bp.Tensor), /^Error: gather: argument 'index' must be a Tensor, not an array/);
  assert.throws(() => bp.oneHot(arr, 3), /^Error: oneHot: argument 'tensor' must be a Tensor, not an array/);
  assert.throws(() => bp.oneHot(bp.tensor([0, 4], { dtype: "int32" }), 3), /^Error: oneHot: class values must be smaller than numClasses \(3\), got 4$/);
  assert.throws(() => bp.oneHot(bp.tensor([0, -2], { dtype: "int32" }), 3), /^Error: oneHot: class values must be non-negative, got -2$/);
  assert.throws(() => x.reshape(2, "3" as unknown as number), /^Error: reshape: expected numbers or one array, got \[2,"3"\]$/);
  assert.throws(() => x.view("a" as unknown as number), /^Error: view: expected numbers or one array/);
});

test("every top-level function given a plain array where a Tensor belongs says so in a named Error", () => {
  // functions that set process-wide state (or touch files) are left out
  const skip = new Set(["manualSeed", "seed", "setDefaultDtype", "setDetectAnomaly", "setBackend", "setNumThreads", "setPrintoptions", "save", "load"]);
  const checked: string[] = [];
  for (const [name, f] of Object.entries(bp)) {
    if (typeof f !== "function" || /^[A-Z]/.test(name) || skip.has(name)) continue;
    try {
      (f as (...args: unknown[]) => unknown)([1, 2, 3], 0);
    } catch (err) {
      assert.equal((err as Error).constructor, Error, `${name}: threw ${(err as Error).constructor.name}: ${(err as Error).message}`);
      assert.match((err as Error).message, /^[a-zA-Z_.]+[a-zA-Z0-9_]*: /, `${name}: the message does not start with the function's name`);
      assert.ok((err as Error).message.length < 300, `${name}: message of ${(err as Error).message.length} characters`);
    }
    checked.push(name);
  }
  assert.ok(checked.length > 150, `only ${checked.length} functions checked`);
  for (const [name, call] of [["cumsum", () => bp.cumsum([1, 2] as never, 0)], ["sort", () => bp.sort([3, 1] as never)], ["mm", () => bp.mm(bp.ones(2, 2), [[1, 1], [1, 1]] as never)], ["noGrad", () => bp.noGrad(3 as never)]] as const) {
    assert.throws(call, new RegExp(`^Error: ${name}: argument '\\w+' must be a`), name);
  }
});
