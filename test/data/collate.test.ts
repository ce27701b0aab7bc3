/** defaultCollate: PyTorch's default_collate rules for tensors, numbers, arrays and objects. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import * as data from "../../src/data/index.ts";
import { assertThrowsWith } from "../helpers/parity.ts";

test("defaultCollate stacks tensors along a new dimension 0", () => {
  const b = data.defaultCollate([bp.ones(2, 3), bp.zeros(2, 3)]);
  assert.deepEqual([...b.shape], [2, 2, 3]);
  assert.deepEqual(b.sum().item(), 6);
});

test("defaultCollate: integers become int32, other numbers float32; arrays and objects keep their structure", () => {
  const [x, label, extra] = data.defaultCollate<[bp.Tensor, number, { w: number; id: number }]>([
    [bp.tensor([1, 2]), 3, { w: 0.5, id: 1 }],
    [bp.tensor([3, 4]), 7, { w: 1.5, id: 2 }],
  ]);
  assert.deepEqual(x.toArray(), [[1, 2], [3, 4]]);
  assert.equal(label.dtype, "int32");
  assert.deepEqual(label.toArray(), [3, 7]);
  assert.equal(extra.w.dtype, "float32");
  assert.deepEqual(extra.w.toArray(), [0.5, 1.5]);
  assert.equal(extra.id.dtype, "int32");
});

test("defaultCollate errors: empty list, mismatched samples, shapes, unknown types", () => {
  assertThrowsWith(() => data.defaultCollate([]), "defaultCollate: cannot collate an empty list");
  assertThrowsWith(() => data.defaultCollate([[bp.ones(1), 1], [bp.ones(1)]]), "each sample should have the same number of fields");
  assertThrowsWith(() => data.defaultCollate([bp.ones(2), bp.ones(3)]), "stack: tensor 1 has shape [3], expected [2]");
  assertThrowsWith(() => data.defaultCollate(["a", "b"]), "cannot collate sample of type string", "collateFn");
  assertThrowsWith(() => data.defaultCollate([[bp.ones(1)], [2]] as unknown[]), "sample[0] of item 0 is a Tensor but of item 1 is number");
});
