/** io.exportOnnx: ONNX Runtime (onnxruntime-web, in Node) runs the exported bytes and agrees with backprop. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as ort from "onnxruntime-web";
import * as bp from "../../src/index.ts";
import { onnxModels } from "../fixtures/onnx_export/models.ts";

ort.env.wasm.numThreads = 1;

async function runOrt(bytes: Uint8Array, x: bp.Tensor): Promise<{ data: Float32Array; dims: readonly number[] }> {
  const session = await ort.InferenceSession.create(bytes);
  assert.deepEqual(session.inputNames, ["input"]);
  assert.deepEqual(session.outputNames, ["output"]);
  const input = new ort.Tensor("float32", Float32Array.from(x.data), [...x.shape]);
  const out = (await session.run({ input })).output;
  await session.release();
  return { data: out.data as Float32Array, dims: out.dims };
}

for (const { name, build, inputShape, sample } of onnxModels()) {
  test(`ONNX Runtime runs the exported ${name} and agrees within 1e-5, for batch sizes 1 and 5`, async () => {
    const model = build();
    if (model instanceof bp.nn.Module) model.eval(); // ONNX holds the inference graph (Dropout is the identity)
    const bytes = await bp.io.exportOnnx(model, null, { inputShape });
    for (const batch of [1, 5]) {
      bp.manualSeed(100 + batch);
      const x = bp.randn(...sample(batch));
      const expected = model instanceof bp.nn.Module ? bp.noGrad(() => model.forward(x)) : model.predict(x);
      const got = await runOrt(bytes, x);
      assert.deepEqual([...got.dims], [...expected.shape]);
      let worst = 0;
      for (let i = 0; i < got.data.length; i++) worst = Math.max(worst, Math.abs(got.data[i] - (expected.data[i] as number)));
      assert.ok(worst <= 1e-5, `${name}, batch ${batch}: largest difference ${worst}`);
    }
  });
}

test("the exported bytes equal the files that onnx.checker accepted (test/fixtures/onnx_export/check_result.json)", () => {
  const result = JSON.parse(readFileSync(new URL("../fixtures/onnx_export/check_result.json", import.meta.url), "utf8")) as {
    files: Record<string, { ok: boolean; opset: number; sha256: string }>;
  };
  const models = onnxModels();
  assert.equal(Object.keys(result.files).length, models.length);
  for (const { name, build, inputShape, opset } of models) {
    const checked = result.files[`${name}.onnx`];
    assert.ok(checked?.ok, `${name}.onnx passed onnx.checker`);
    assert.equal(checked.opset, opset ?? 13);
    const bytes = bp.io.onnxBytes(build(), { inputShape, opset });
    const committed = readFileSync(new URL(`../fixtures/onnx_export/${name}.onnx`, import.meta.url));
    assert.ok(Buffer.from(bytes).equals(committed), `${name}: the export changed; rerun node --import tsx test/fixtures/onnx_export/generate.ts and check_onnx.py`);
  }
});

test("exportOnnx writes the file when given a path and returns the same bytes", async () => {
  const dir = mkdtempSync(join(tmpdir(), "bp-onnx-"));
  try {
    const model = new bp.nn.Sequential(new bp.nn.Linear(3, 2));
    const bytes = await bp.io.exportOnnx(model, join(dir, "m.onnx"), { inputShape: [null, 3], opset: 17 });
    assert.ok(Buffer.from(bytes).equals(readFileSync(join(dir, "m.onnx"))));
    const x = bp.tensor([[1, 2, 3]]);
    const got = await runOrt(bytes, x);
    assert.deepEqual([...got.dims], [1, 2]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("exportOnnx refuses what it cannot export, with the module and the reason", async () => {
  const shape = { inputShape: [null, 4] as (number | null)[] };
  await assert.rejects(bp.io.exportOnnx(new bp.nn.Sequential(new bp.nn.Linear(4, 2), new bp.nn.Softplus()), null, shape), /module "1" \(Softplus\) has no ONNX export/);
  await assert.rejects(bp.io.exportOnnx(new bp.nn.Sequential(new bp.nn.Linear(3, 2)), null, shape), /module "0" takes 3 features but its input has shape \[null, 4\]/);
  await assert.rejects(bp.io.exportOnnx(new bp.nn.Sequential(new bp.nn.Softmax()), null, shape), /Softmax needs an explicit dim/);
  await assert.rejects(bp.io.exportOnnx(new bp.nn.Linear(4, 2), null, { inputShape: [null, -4] }), /inputShape must be 1 to 8 positive integers or null/);
  await assert.rejects(bp.io.exportOnnx(new bp.nn.Linear(4, 2), null, { ...shape, opset: 9 }), /opset must be an integer from 13 to 21, got 9/);
  const keras = new bp.keras.Sequential([new bp.keras.layers.Dense({ units: 2, inputDim: 4, activation: "hard_sigmoid" })]);
  await assert.rejects(bp.io.exportOnnx(keras, null, shape), /activation "hard_sigmoid" has no ONNX export/);
});
