import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import * as nn from "../../src/nn/index.ts";

/* Inputs that PyTorch refuses and backprop used to accept or crash on (issue 13). */

test("Linear.forward says a Tensor is expected when given an array", () => {
  const fc = new nn.Linear(2, 2);
  assert.throws(() => fc.forward([1, 2] as unknown as bp.Tensor),
    /^Error: Linear\.forward: argument 'input' must be a Tensor, not an array \(wrap it with bp\.tensor\(\.\.\.\)\)$/);
  assert.throws(() => fc.forward(3 as unknown as bp.Tensor), /^Error: Linear\.forward: argument 'input' must be a Tensor, not number/);
});
