/** Seeded randomness: manualSeed repeats every stream; distributions have the right moments. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as bp from "../../src/index.ts";
import { getRngState, setRngState } from "../../src/tensor/random.ts";

function draws(): number[][] {
  return [
    Array.from(bp.rand(20).data),
    Array.from(bp.randn(21).data), // odd count: the cached second Box-Muller value must be reset too
    Array.from(bp.randint(0, 10, [20]).data),
    Array.from(bp.randperm(20).data),
    Array.from(bp.randn([5], { dtype: "float64" }).data),
  ];
}

test("the same seed gives the same numbers for rand / randn / randint / randperm", () => {
  bp.manualSeed(42);
  const a = draws();
  bp.manualSeed(42);
  const b = draws();
  assert.deepEqual(a, b);
});

test("different seeds give different numbers", () => {
  bp.manualSeed(1);
  const a = draws();
  bp.manualSeed(2);
  const b = draws();
  a.forEach((stream, i) => assert.notDeepEqual(stream, b[i], `stream ${i}`));
});

test("successive draws differ (the generator advances)", () => {
  bp.manualSeed(3);
  assert.notDeepEqual(Array.from(bp.randn(10).data), Array.from(bp.randn(10).data));
});

test("the default seed is the same in every process", () => {
  const script = 'import * as bp from "./src/index.ts"; console.log(JSON.stringify(Array.from(bp.randn(4).data)))';
  const root = new URL("../../", import.meta.url);
  const run = (): string => execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8", cwd: root });
  assert.equal(run(), run());
});

test("randn has mean ~0 and std ~1 over 100 000 samples; rand is uniform in [0, 1)", () => {
  bp.manualSeed(0);
  const x = bp.randn([100_000], { dtype: "float64" });
  const mean = x.mean().item();
  const std = Math.sqrt(x.sub(mean).pow(2).sum().item() / (x.numel() - 1));
  assert.ok(Math.abs(mean) < 0.015, `mean ${mean}`);
  assert.ok(Math.abs(std - 1) < 0.015, `std ${std}`);
  // tails: about 4.55% beyond 2 sigma
  const beyond2 = x.abs().gt(2).sum().item() / x.numel();
  assert.ok(Math.abs(beyond2 - 0.0455) < 0.004, `P(|x| > 2) = ${beyond2}`);

  const u = bp.rand([100_000], { dtype: "float64" });
  assert.ok(u.min().item() >= 0 && u.max().item() < 1);
  assert.ok(Math.abs(u.mean().item() - 0.5) < 0.01);
  const variance = u.sub(0.5).pow(2).mean().item();
  assert.ok(Math.abs(variance - 1 / 12) < 0.005, `var ${variance}`);
});

test("randint stays in [low, high) and hits every value; randperm is a permutation", () => {
  bp.manualSeed(5);
  const r = bp.randint(-3, 4, [10_000]);
  assert.equal(r.dtype, "int32");
  const seen = new Set(Array.from(r.data));
  assert.deepEqual([...seen].sort((a, b) => a - b), [-3, -2, -1, 0, 1, 2, 3]);
  assert.equal(bp.randint(0, 5, [3], { dtype: "float32" }).dtype, "float32");
  const p = bp.randperm(100);
  assert.equal(p.dtype, "int32");
  assert.deepEqual(Array.from(p.data).sort((a, b) => a - b), Array.from({ length: 100 }, (_, i) => i));
  assert.notDeepEqual(Array.from(p.data), Array.from({ length: 100 }, (_, i) => i));
  assert.equal(bp.randperm(0).numel(), 0);
});

test("getRngState / setRngState: a restored state repeats the stream, normals' cached half included; bad states refused", () => {
  bp.manualSeed(5);
  bp.randn(3); // leaves a cached second normal
  const saved = getRngState();
  const a = [...bp.randn(5).data, ...bp.rand(2).data];
  setRngState(saved);
  const b = [...bp.randn(5).data, ...bp.rand(2).data];
  assert.deepEqual(b, a);
  assert.throws(() => setRngState({ words: [0, 0, 0, 0], spareNormal: null }), /setRngState: an all-zero state/);
  assert.throws(() => setRngState({ words: [1, 2, 3] as unknown as [number, number, number, number], spareNormal: null }), /setRngState: words must be four unsigned 32-bit integers/);
  assert.throws(() => setRngState({ words: [1, 2, 3, 4], spareNormal: NaN }), /setRngState: spareNormal/);
});
