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

test("assembly/opcodes.ts is what src/backend/wasm/opcodes.ts generates (one source for both sides)", async () => {
  const { readFileSync } = await import("node:fs");
  const { OPCODES } = await import("../../scripts/build-wasm.ts");
  const { assemblyOpcodes } = await import("../../src/backend/wasm/opcodes.ts");
  assert.equal(readFileSync(OPCODES, "utf8"), assemblyOpcodes(), "run npm run build:wasm");
});

test("each pooled kernel's AssemblyScript parameters are the layout in opcodes.ts POOL_ARGS", async () => {
  const { readFileSync, readdirSync } = await import("node:fs");
  const { POOL_ARGS } = await import("../../src/backend/wasm/opcodes.ts");
  const dir = new URL("../../src/backend/wasm/assembly/", import.meta.url);
  const text = readdirSync(dir).map((f) => readFileSync(new URL(f, dir), "utf8")).join("\n");
  for (const [kernel, args] of Object.entries(POOL_ARGS)) {
    const m = new RegExp(`export function ${kernel}\\(([^)]*)\\)`).exec(text);
    assert.ok(m !== null, `no exported ${kernel} in assembly/`);
    const names = m[1].split(",").map((p) => p.trim().split(":")[0].trim()).filter((p) => p !== "");
    assert.deepEqual(names, [...args], `${kernel}'s parameters`);
  }
});

test("the op-code tables give distinct codes within each table", async () => {
  const { OPCODE_TABLES } = await import("../../src/backend/wasm/opcodes.ts");
  for (const [table, codes] of Object.entries(OPCODE_TABLES)) {
    const values = Object.values(codes as Record<string, number>);
    assert.equal(new Set(values).size, values.length, `${table} repeats a code`);
  }
});
