import { test } from "node:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { load } from "../../src/io/checkpoint.ts";
import { assertCleanFailure, assertReader, FUZZ_RUNS } from "./_fuzz.ts";
import { checkpointTarget, safetensorsBytes } from "./_targets.ts";
import { withTempDir } from "../helpers/idx.ts";

test("fuzz: bp.load on mutated checkpoint files returns consistent Tensors or a short error naming it", () => {
  assertReader(checkpointTarget, Math.max(1, Math.round(FUZZ_RUNS / 3)));
});

test("fuzz: a checkpoint whose header claims 2^40 bytes fails before allocating", () => {
  withTempDir("backprop-fuzz-ckpt-", (dir) => {
    const path = join(dir, "huge.safetensors");
    writeFileSync(path, safetensorsBytes('{"w": {"dtype": "F64", "shape": [137438953472], "data_offsets": [0, 1099511627776]}}'));
    assertCleanFailure(() => load(path), ["safetensors: "], /out of range \(data section has 0 bytes\)/);
  });
});
