/**
 * bp.random.sampleWithoutReplacement against scikit-learn 1.2's utils.random.sample_without_replacement
 * (test/fixtures/random_state.json): every method, "auto" on each side of its ratio thresholds.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { RandomState, sampleWithoutReplacement, type SampleMethod } from "../../src/random/index.ts";

interface SwrCase { seed: number; nPopulation: number; nSamples: number; method: SampleMethod; values: number[]; next: number }
const cases = (JSON.parse(readFileSync(new URL("../fixtures/random_state.json", import.meta.url), "utf8")) as { sampleWithoutReplacement: SwrCase[] }).sampleWithoutReplacement;

test("sampleWithoutReplacement draws scikit-learn's indices and leaves the generator where it does", () => {
  for (const c of cases) {
    const rs = new RandomState(c.seed);
    const got = sampleWithoutReplacement(c.nPopulation, c.nSamples, { method: c.method, randomState: rs });
    assert.ok(got instanceof Int32Array);
    assert.deepEqual(Array.from(got), c.values, `${c.method} ${c.nSamples} of ${c.nPopulation}`);
    assert.equal(rs.randint(1000), c.next, `${c.method} ${c.nSamples} of ${c.nPopulation}: state after`);
  }
});

test("sampleWithoutReplacement rejects bad arguments", () => {
  assert.throws(() => sampleWithoutReplacement(3, 5), /sampleWithoutReplacement: nPopulation must be >= nSamples, got nSamples > nPopulation \(5 > 3\)/);
  assert.throws(() => sampleWithoutReplacement(-1, 0), /nPopulation must be an integer in \[0, 2\*\*31 - 1\], got -1/);
  assert.throws(() => sampleWithoutReplacement(5, 1.5), /nSamples must be a non-negative integer, got 1.5/);
  assert.throws(() => sampleWithoutReplacement(5, 2, { method: "bogus" as SampleMethod }), /method must be "auto", "tracking_selection", "reservoir_sampling" or "pool", got "bogus"/);
});
