import { test } from "node:test";
import { parseSafetensors } from "../../src/io/safetensors.ts";
import { assertCleanFailure, assertReader } from "./_fuzz.ts";
import { safetensorsBytes, safetensorsTarget } from "./_targets.ts";

const PREFIX = ["safetensors: fuzz.safetensors: "];

test("fuzz: parseSafetensors on mutated files returns consistent tensors or a short error naming it", () => {
  assertReader(safetensorsTarget);
});

test("fuzz: a safetensors header claiming 2^40 bytes (header length or a tensor) fails before allocating", () => {
  const huge = new Uint8Array(16);
  new DataView(huge.buffer).setBigUint64(0, 2n ** 40n, true);
  assertCleanFailure(() => parseSafetensors(huge, "fuzz.safetensors"), PREFIX, /header length 1099511627776 goes beyond the end of the file/);
  const tensor = safetensorsBytes('{"w": {"dtype": "F32", "shape": [262144, 1048576], "data_offsets": [0, 1099511627776]}}', new Uint8Array(8));
  assertCleanFailure(() => parseSafetensors(tensor, "fuzz.safetensors"), PREFIX, /out of range \(data section has 8 bytes\)/);
});
