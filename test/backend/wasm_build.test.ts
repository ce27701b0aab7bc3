/**
 * The committed wasm (src/backend/wasm/kernels.generated.ts) must be what the AssemblyScript sources
 * build to: the generated file embeds a hash of the sources, compiler version and flags, checked here
 * on every run. (`npm run build:wasm -- --check` rebuilds and compares the bytes themselves.)
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { SOURCE_HASH, RELAXED_SIMD_WASM, SIMD_WASM } from "../../src/backend/wasm/kernels.generated.ts";
import { sourceHash } from "../../scripts/build-wasm.ts";

test("kernels.generated.ts was built from the current AssemblyScript sources (else run npm run build:wasm)", () => {
  assert.equal(SOURCE_HASH, sourceHash(), "src/backend/wasm/assembly/ changed since the last npm run build:wasm");
});

test("both embedded builds are wasm modules; the plain SIMD one validates on Node 20", () => {
  for (const b64 of [SIMD_WASM, RELAXED_SIMD_WASM]) {
    assert.deepEqual([...Buffer.from(b64, "base64").subarray(0, 4)], [0x00, 0x61, 0x73, 0x6d], "wasm magic");
  }
  assert.ok(WebAssembly.validate(Buffer.from(SIMD_WASM, "base64")));
});
