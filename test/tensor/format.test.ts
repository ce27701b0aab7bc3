/** `toString()` prints like PyTorch's `str(tensor)` (fixtures from test/fixtures/gen_ops.py). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as bp from "../../src/index.ts";
import { decode, type Encoded } from "../helpers/parity.ts";

const fixture = JSON.parse(readFileSync(new URL("../fixtures/ops.json", import.meta.url), "utf8")) as {
  format: { name: string; tensor: Encoded; str: string }[];
};

for (const f of fixture.format) {
  test(`toString like PyTorch: ${f.name}`, () => {
    const expected = f.str.replace(/dtype=torch\./g, "dtype=");
    assert.equal(decode(f.tensor).toString(), expected);
  });
}

test("toString marks tensors that require grad and results of recorded ops", () => {
  const w = bp.tensor([1, 2], { requiresGrad: true });
  assert.equal(w.toString(), "tensor([1., 2.], requiresGrad=true)");
  assert.equal(w.mul(2).toString(), "tensor([2., 4.], gradFn=<MulBackward>)");
  assert.equal(bp.noGrad(() => w.mul(2)).toString(), "tensor([2., 4.])");
});

test("console.log prints the same text (util.inspect)", async () => {
  const { inspect } = await import("node:util");
  const x = bp.tensor([[1.5, -2], [10, 3]]);
  assert.equal(inspect(x), x.toString());
});
