/** Errors name the op and the shapes, dims or values at fault. */
import { test } from "node:test";
import * as bp from "../../src/index.ts";
import { assertThrowsWith, i32 } from "../helpers/parity.ts";

test("matmul: shapes that do not align name both shapes and the inner sizes", () => {
  assertThrowsWith(() => bp.ones(64, 784).matmul(bp.ones(100, 10)), "matmul", "[64, 784]", "[100, 10]", "784 != 100");
  assertThrowsWith(() => bp.ones(3).matmul(bp.ones(4)), "matmul", "[3]", "[4]");
  assertThrowsWith(() => bp.ones(2, 3, 4).matmul(bp.ones(3, 4, 5)), "matmul", "[2, 3, 4]", "[3, 4, 5]");
  assertThrowsWith(() => bp.tensor(1).matmul(bp.ones(2)), "matmul", "[]", "[2]");
  assertThrowsWith(() => bp.ones(2, 2).matmul(bp.ones([2, 2], { dtype: "float64" })), "matmul", "float32", "float64");
});

test("broadcasting failures name the op and both shapes", () => {
  assertThrowsWith(() => bp.ones(3, 2).add(bp.ones(4)), "add", "[3, 2]", "[4]");
  assertThrowsWith(() => bp.ones(3).mul(bp.ones(2, 4)), "mul", "[3]", "[2, 4]");
  assertThrowsWith(() => bp.ones(3).gt(bp.ones(2)), "gt", "[3]", "[2]");
  assertThrowsWith(() => bp.maximum(bp.ones(3), bp.ones(2)), "maximum", "[3]", "[2]");
  assertThrowsWith(() => bp.where(bp.ones(2).bool(), bp.ones(3), 0), "where", "[2]", "[3]");
});

test("cat / stack name the tensor and shapes that do not match", () => {
  assertThrowsWith(() => bp.cat([bp.ones(2, 3), bp.ones(2, 4)], 0), "cat", "tensor 1", "[2, 4]", "[2, 3]");
  assertThrowsWith(() => bp.cat([bp.ones(2, 3), bp.ones(3)], 0), "cat", "[3]");
  assertThrowsWith(() => bp.cat([]), "cat", "non-empty");
  assertThrowsWith(() => bp.cat([bp.tensor(1), bp.tensor(2)]), "cat", "stack");
  assertThrowsWith(() => bp.stack([bp.ones(2), bp.ones(3)]), "stack", "[3]", "[2]");
});

test("reshape / view / expand name the shapes", () => {
  assertThrowsWith(() => bp.ones(2, 3).reshape(4, 2), "reshape", "[4, 2]", "size 6");
  assertThrowsWith(() => bp.ones(6).view(4, -1), "view", "[4, -1]", "6");
  assertThrowsWith(() => bp.ones(2, 3).reshape(-1, -1), "reshape", "one dimension");
  assertThrowsWith(() => bp.ones(3).expand(2, 4), "expand", "[3]", "[2, 4]");
  assertThrowsWith(() => bp.ones(3).expand(-1, 3), "expand", "-1");
  assertThrowsWith(() => bp.ones(2, 3).expand(3), "expand", "[3]", "[2, 3]");
});

test("bad dims name the op, the dim and the valid range", () => {
  assertThrowsWith(() => bp.ones(2, 3).sum(2), "sum", "dimension 2", "[-2, 1]");
  assertThrowsWith(() => bp.ones(2, 3).mean(-3), "mean", "-3");
  assertThrowsWith(() => bp.ones(2, 3).max(5), "max", "5");
  assertThrowsWith(() => bp.ones(2, 3).argmax(2), "argmax", "2");
  assertThrowsWith(() => bp.ones(2, 3).softmax(-3), "softmax", "-3");
  assertThrowsWith(() => bp.ones(2, 3).logSoftmax(2), "logSoftmax", "2");
  assertThrowsWith(() => bp.ones(2, 3).transpose(0, 2), "transpose", "2");
  assertThrowsWith(() => bp.ones(2, 3).permute(0, 0), "permute", "repeated");
  assertThrowsWith(() => bp.ones(2, 3).permute(0), "permute", "1 dims");
  assertThrowsWith(() => bp.ones(2).unsqueeze(3), "unsqueeze", "3");
  assertThrowsWith(() => bp.ones(2, 3, 4).flatten(2, 1), "flatten");
  assertThrowsWith(() => bp.ones(2, 3).squeeze(2), "squeeze", "2");
  assertThrowsWith(() => bp.ones(2, 3).sum(0.5), "sum", "0.5");
  assertThrowsWith(() => bp.cat([bp.ones(2), bp.ones(2)], 1), "cat", "1");
});

test("out-of-range indices name the op, the index and the size", () => {
  assertThrowsWith(() => bp.ones(2, 3).gather(1, i32([[0], [3]])), "gather", "index 3", "size 3");
  assertThrowsWith(() => bp.ones(2, 3).gather(1, i32([[0], [-1]])), "gather", "index -1", "size 3");
  assertThrowsWith(() => bp.ones(2, 3).gather(1, bp.tensor([[0], [1]])), "gather", "int32", "float32");
  assertThrowsWith(() => bp.ones(2, 3).gather(1, i32([0, 1])), "gather", "[2]", "[2, 3]");
  assertThrowsWith(() => bp.ones(2, 3).indexSelect(0, i32([0, 5])), "indexSelect", "index 5", "size 2");
  assertThrowsWith(() => bp.ones(2, 3).indexSelect(0, i32([[0]])), "indexSelect", "1-D");
  assertThrowsWith(() => bp.ones(2, 3).select(1, 3), "select", "index 3", "size 3");
  assertThrowsWith(() => bp.ones(3).narrow(0, 2, 2), "narrow", "size 3");
});

test("other argument errors", () => {
  assertThrowsWith(() => bp.ones(2).clamp(), "clamp", "min", "max");
  assertThrowsWith(() => bp.ones(2).clamp_(), "clamp_", "min", "max");
  assertThrowsWith(() => bp.zeros(0).max(), "max", "empty");
  assertThrowsWith(() => bp.zeros(2, 0).max(1), "max", "empty");
  assertThrowsWith(() => bp.gelu(bp.ones(2), "fast" as "tanh"), "gelu", "fast");
  assertThrowsWith(() => bp.add(1 as unknown as bp.Tensor, 2), "at least one");
  assertThrowsWith(() => bp.ones(2).add_(bp.ones(2, 2)), "add_", "[2, 2]");
});
