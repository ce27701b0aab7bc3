/**
 * PyTorch interop through safetensors: a state dict that PyTorch wrote loads into the backprop module with
 * the same names and gives PyTorch's outputs; weights that backprop saved load into PyTorch (checked by
 * test/fixtures/torch_interop/check_backprop_mlp.py, whose committed result this test keeps valid).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as bp from "../../src/index.ts";
import { MLP, backpropMlp } from "../fixtures/torch_interop/mlp.ts";

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/torch_interop/${name}`, import.meta.url));
const json = <T>(name: string): T => JSON.parse(readFileSync(fixture(name), "utf8")) as T;

function maxAbsDiff(a: bp.Tensor, b: bp.Tensor): number {
  assert.deepEqual(a.shape, b.shape);
  let worst = 0;
  for (let i = 0; i < a.data.length; i++) worst = Math.max(worst, Math.abs((a.data[i] as number) - (b.data[i] as number)));
  return worst;
}

test("PyTorch's state dict (safetensors from torch) loads into the matching module and gives PyTorch's outputs within 1e-6", () => {
  const ref = json<{ input: number[][]; output: number[][] }>("torch_mlp.json");
  const state = bp.load(fixture("torch_mlp.safetensors"));
  assert.deepEqual(Object.keys(state).sort(), ["fc1.bias", "fc1.weight", "fc2.bias", "fc2.weight", "fc3.bias", "fc3.weight"]);
  const model = new MLP().eval();
  const result = model.loadStateDict(state);
  assert.deepEqual(result, { missingKeys: [], unexpectedKeys: [] });
  const y = bp.noGrad(() => model.forward(bp.tensor(ref.input)));
  const d = maxAbsDiff(y, bp.tensor(ref.output));
  assert.ok(d <= 1e-6, `largest difference from PyTorch ${d}`);
  // the same bytes read in a browser's way (no file path)
  const { tensors } = bp.io.parseSafetensors(new Uint8Array(readFileSync(fixture("torch_mlp.safetensors"))));
  assert.deepEqual(tensors["fc2.weight"].shape, [8, 16]);
});

test("backprop's saved weights load into PyTorch (check_result.json) and are still the bytes that were checked", () => {
  const check = json<{ ok: boolean; sha256: string; max_abs_diff: number; keys: string[]; missing_keys: string[]; unexpected_keys: string[] }>(
    "check_result.json",
  );
  assert.equal(check.ok, true);
  assert.ok(check.max_abs_diff <= 1e-6);
  assert.deepEqual(check.missing_keys, []);
  assert.deepEqual(check.unexpected_keys, []);
  const { model, input } = backpropMlp();
  assert.deepEqual(model.namedParameters().map(([n]) => n).sort(), check.keys);
  const dir = mkdtempSync(join(tmpdir(), "bp-torch-"));
  try {
    bp.save(model.stateDict(), join(dir, "m.safetensors"));
    const bytes = readFileSync(join(dir, "m.safetensors"));
    assert.equal(createHash("sha256").update(bytes).digest("hex"), check.sha256, "rerun generate_backprop_mlp.ts and check_backprop_mlp.py");
    assert.ok(bytes.equals(readFileSync(fixture("backprop_mlp.safetensors"))));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const ref = json<{ input: number[][]; output: number[][] }>("backprop_mlp.json");
  assert.equal(maxAbsDiff(input, bp.tensor(ref.input)), 0);
  const y = bp.noGrad(() => model.forward(input));
  assert.ok(maxAbsDiff(y, bp.tensor(ref.output)) <= 1e-6);
});
