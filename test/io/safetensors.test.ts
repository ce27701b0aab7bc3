import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  parseSafetensors,
  readSafetensorsFile,
  serializeSafetensors,
  writeSafetensorsFile,
  type SafetensorsTensor,
} from "../../src/io/safetensors.ts";
import { concat } from "../helpers/arrays.ts";

function withTempDir(fn: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), "backprop-safetensors-"));
  try {
    fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Builds a file as the spec says: u64 LE header length, header JSON padded with spaces, data. */
function fileBytes(headerJson: string, data: Uint8Array, padTo = 8): Uint8Array {
  const json = new TextEncoder().encode(headerJson);
  const headerLength = Math.ceil(json.length / padTo) * padTo;
  const out = new Uint8Array(8 + headerLength + data.length).fill(0x20, 8, 8 + headerLength);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerLength), true);
  out.set(json, 8);
  out.set(data, 8 + headerLength);
  return out;
}

/** Little-endian bytes of the given values, as a writer on any machine would lay them out. */
function le(kind: "F32" | "F64" | "I32", values: number[]): Uint8Array {
  const size = kind === "F64" ? 8 : 4;
  const out = new Uint8Array(values.length * size);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => {
    if (kind === "F32") view.setFloat32(i * 4, v, true);
    else if (kind === "F64") view.setFloat64(i * 8, v, true);
    else view.setInt32(i * 4, v, true);
  });
  return out;
}

const SAMPLE: Record<string, SafetensorsTensor> = {
  "layer.weight": { dtype: "float32", shape: [2, 3], data: new Float32Array([1, -2, 3.5, 0, 1e-8, -7]) },
  "layer.bias": { dtype: "float64", shape: [3], data: new Float64Array([Math.PI, -Math.E, 1e300]) },
  steps: { dtype: "int32", shape: [], data: new Int32Array([42]) },
  empty: { dtype: "float32", shape: [0, 4], data: new Float32Array(0) },
};

test("serialize then parse round-trips tensors and metadata", () => {
  const bytes = serializeSafetensors(SAMPLE, { format: "pt", epoch: "3" });
  const { tensors, metadata } = parseSafetensors(bytes);
  assert.deepEqual(metadata, { format: "pt", epoch: "3" });
  assert.deepEqual(Object.keys(tensors).sort(), Object.keys(SAMPLE).sort());
  for (const [name, t] of Object.entries(SAMPLE)) {
    assert.equal(tensors[name].dtype, t.dtype, name);
    assert.deepEqual(tensors[name].shape, t.shape, name);
    assert.equal(tensors[name].data.constructor, t.data.constructor, name);
    assert.deepEqual(Array.from(tensors[name].data), Array.from(t.data), name);
  }
});

test("parse copies into fresh arrays that do not alias the input", () => {
  const bytes = serializeSafetensors({ a: { dtype: "float64", shape: [1], data: new Float64Array([1]) } });
  const { tensors } = parseSafetensors(bytes);
  assert.notEqual(tensors.a.data.buffer, bytes.buffer);
  assert.equal(tensors.a.data.byteOffset, 0);
  bytes.fill(0);
  assert.equal(tensors.a.data[0], 1);
});

test("serialize writes the exact documented layout", () => {
  const bytes = serializeSafetensors({
    b: { dtype: "int32", shape: [2], data: new Int32Array([1, -1]) },
    a: { dtype: "float32", shape: [1], data: new Float32Array([0.5]) },
  }, { format: "pt" });
  const json = '{"__metadata__":{"format":"pt"},' +
    '"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},' +
    '"b":{"dtype":"I32","shape":[2],"data_offsets":[4,12]}}';
  const headerLength = Math.ceil(json.length / 8) * 8;
  assert.equal(headerLength % 8, 0);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  assert.equal(view.getBigUint64(0, true), BigInt(headerLength));
  assert.equal(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)), json.padEnd(headerLength, " "));
  assert.deepEqual(bytes.subarray(8 + headerLength), concat(le("F32", [0.5]), le("I32", [1, -1])));
  assert.equal(bytes.length, 8 + headerLength + 12);
});

test("parses a file laid out like Python safetensors writes it", () => {
  // safetensors (Rust/Python) writes __metadata__ first and orders tensors by dtype, largest first,
  // so the data order (F64, F32, I32) differs from the name order.
  const header = '{"__metadata__":{"format":"pt"},' +
    '"running_var":{"dtype":"F64","shape":[2],"data_offsets":[0,16]},' +
    '"weight":{"dtype":"F32","shape":[2,2],"data_offsets":[16,32]},' +
    '"num_batches":{"dtype":"I32","shape":[],"data_offsets":[32,36]}}';
  const data = concat(le("F64", [0.25, 4]), le("F32", [1, 2, 3, 4]), le("I32", [-7]));
  const { tensors, metadata } = parseSafetensors(fileBytes(header, data));
  assert.deepEqual(metadata, { format: "pt" });
  assert.deepEqual(tensors.running_var, { dtype: "float64", shape: [2], data: new Float64Array([0.25, 4]) });
  assert.deepEqual(tensors.weight, { dtype: "float32", shape: [2, 2], data: new Float32Array([1, 2, 3, 4]) });
  assert.deepEqual(tensors.num_batches, { dtype: "int32", shape: [], data: new Int32Array([-7]) });
});

test("parses a header without __metadata__ and without padding", () => {
  const header = '{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}';
  const { tensors, metadata } = parseSafetensors(fileBytes(header, le("F32", [9]), 1));
  assert.deepEqual(metadata, {});
  assert.deepEqual(Array.from(tensors.x.data), [9]);
});

test("writeSafetensorsFile creates the folder, writes atomically and leaves no temp file", () => {
  withTempDir((dir) => {
    const path = join(dir, "nested", "deeper", "model.safetensors");
    writeSafetensorsFile(path, SAMPLE, { note: "first" });
    writeSafetensorsFile(path, SAMPLE, { note: "second" });
    assert.deepEqual(readdirSync(join(dir, "nested", "deeper")), ["model.safetensors"]);
    const { tensors, metadata } = readSafetensorsFile(path);
    assert.deepEqual(metadata, { note: "second" });
    assert.deepEqual(Array.from(tensors["layer.weight"].data), Array.from(SAMPLE["layer.weight"].data));
  });
});

test("writeSafetensorsFile leaves an existing file untouched when serialization throws", () => {
  withTempDir((dir) => {
    const path = join(dir, "model.safetensors");
    writeSafetensorsFile(path, SAMPLE);
    const before = readFileSync(path);
    const bad: Record<string, SafetensorsTensor> = { w: { dtype: "float32", shape: [3], data: new Float32Array(2) } };
    assert.throws(() => writeSafetensorsFile(path, bad),
      (err: Error) => err.message === `safetensors: ${path}: tensor 'w' has shape [3] (3 elements) but 2 values`);
    assert.deepEqual(readFileSync(path), before);
    assert.deepEqual(readdirSync(dir), ["model.safetensors"]);
  });
});

test("writeSafetensorsFile cleans up its temp file when the rename fails", () => {
  withTempDir((dir) => {
    const path = join(dir, "target");
    mkdirSync(join(path, "occupied"), { recursive: true }); // renaming a file over a non-empty folder fails
    assert.throws(() => writeSafetensorsFile(path, SAMPLE));
    assert.deepEqual(readdirSync(dir), ["target"]);
  });
});

test("serialize rejects bad inputs with clear errors", () => {
  assert.throws(
    () => serializeSafetensors({ w: { dtype: "float32", shape: [2], data: new Float64Array(2) } }),
    /^Error: safetensors: <serialize>: tensor 'w' has dtype float32 but its data is a Float64Array$/,
  );
  assert.throws(
    () => serializeSafetensors({ w: { dtype: "float16" as "float32", shape: [1], data: new Float32Array(1) } }),
    /tensor 'w' has unknown dtype "float16"/,
  );
  assert.throws(
    () => serializeSafetensors({ w: { dtype: "int32", shape: [-1], data: new Int32Array(1) } }),
    /tensor 'w' has an invalid shape \[-1\]/,
  );
  assert.throws(
    () => serializeSafetensors({ __metadata__: { dtype: "int32", shape: [1], data: new Int32Array(1) } }),
    /invalid tensor name "__metadata__"/,
  );
  assert.throws(
    () => serializeSafetensors({}, { epoch: 3 as unknown as string }),
    /metadata value for 'epoch' must be a string/,
  );
});

const ONE = '{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}';

test("safetensors: header length beyond the file", () => {
  const bytes = fileBytes(ONE, le("F32", [1, 2]));
  new DataView(bytes.buffer).setBigUint64(0, 1n << 40n, true);
  assert.throws(() => parseSafetensors(bytes, "m.st"),
    /^Error: safetensors: m\.st: header length 1099511627776 goes beyond the end of the file/);
  assert.throws(() => parseSafetensors(new Uint8Array(5), "m.st"), /^Error: safetensors: m\.st: file is too short/);
});

test("safetensors: invalid JSON", () => {
  assert.throws(() => parseSafetensors(fileBytes('{"x": {', new Uint8Array(0)), "m.st"),
    /^Error: safetensors: m\.st: header is not valid UTF-8 JSON/);
  assert.throws(() => parseSafetensors(fileBytes("[1, 2]", new Uint8Array(0)), "m.st"),
    /^Error: safetensors: m\.st: header must be a JSON object/);
});

test("safetensors: unknown dtype", () => {
  const header = '{"x":{"dtype":"BF16","shape":[2],"data_offsets":[0,4]}}';
  assert.throws(() => parseSafetensors(fileBytes(header, new Uint8Array(4)), "m.st"),
    /^Error: safetensors: m\.st: tensor 'x' has unknown dtype "BF16" \(supported: F32, F64, I32, BOOL\)$/);
});

test("safetensors: a BOOL tensor (one byte each, as torch.bool is saved) reads as bool", () => {
  const header = '{"m":{"dtype":"BOOL","shape":[2,2],"data_offsets":[0,4]}}';
  const { tensors } = parseSafetensors(fileBytes(header, new Uint8Array([1, 0, 0, 1])), "m.st");
  assert.equal(tensors.m.dtype, "bool");
  assert.deepEqual([...tensors.m.shape], [2, 2]);
  assert.deepEqual(Array.from(tensors.m.data), [1, 0, 0, 1]);
});

test("safetensors: offsets out of range", () => {
  assert.throws(() => parseSafetensors(fileBytes(ONE, le("F32", [1])), "m.st"),
    /^Error: safetensors: m\.st: tensor 'x' data_offsets \[0, 8\] out of range \(data section has 4 bytes\)$/);
});

test("safetensors: offsets not matching shape * itemsize", () => {
  const header = '{"x":{"dtype":"F64","shape":[2],"data_offsets":[0,8]}}';
  assert.throws(() => parseSafetensors(fileBytes(header, new Uint8Array(8)), "m.st"),
    /tensor 'x' data_offsets \[0, 8\] span 8 bytes but shape \[2\] of F64 needs 16$/);
});

test("safetensors: gaps, overlaps and uncovered bytes are rejected", () => {
  const gap = '{"a":{"dtype":"I32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"I32","shape":[1],"data_offsets":[8,12]}}';
  assert.throws(() => parseSafetensors(fileBytes(gap, new Uint8Array(12)), "m.st"), /tensor 'b' .* should begin at 4/);
  const overlap = '{"a":{"dtype":"I32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"I32","shape":[1],"data_offsets":[4,8]}}';
  assert.throws(() => parseSafetensors(fileBytes(overlap, new Uint8Array(8)), "m.st"), /should begin at 8/);
  assert.throws(() => parseSafetensors(fileBytes(ONE, new Uint8Array(12)), "m.st"),
    /data section has 12 bytes but the tensors cover only 8/);
});

test("safetensors: malformed entries and metadata", () => {
  const badShape = '{"x":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}}';
  assert.throws(() => parseSafetensors(fileBytes(badShape, new Uint8Array(4)), "m.st"), /invalid shape \[1\.5\]/);
  const badOffsets = '{"x":{"dtype":"F32","shape":[1],"data_offsets":[0]}}';
  assert.throws(() => parseSafetensors(fileBytes(badOffsets, new Uint8Array(4)), "m.st"), /invalid data_offsets \[0\]/);
  const badMeta = '{"__metadata__":{"n":1}}';
  assert.throws(() => parseSafetensors(fileBytes(badMeta, new Uint8Array(0)), "m.st"),
    /__metadata__ value for 'n' must be a string, got 1/);
});

test("readSafetensorsFile names a missing file", () => {
  withTempDir((dir) => {
    const path = join(dir, "missing.safetensors");
    assert.throws(() => readSafetensorsFile(path), (err: Error) => err.message === `safetensors: ${path}: file does not exist`);
    assert.equal(existsSync(path), false);
  });
});

test("readSafetensorsFile names the file in parse errors", () => {
  withTempDir((dir) => {
    const path = join(dir, "broken.safetensors");
    writeFileSync(path, fileBytes('{"x": nope}', new Uint8Array(0)));
    assert.throws(() => readSafetensorsFile(path), (err: Error) =>
      err.message.startsWith(`safetensors: ${path}: header is not valid UTF-8 JSON`));
  });
});

// ---------------------------------------------------------------------------------------------
// Hostile headers (issue 13)

test("safetensors: a tensor and a metadata key named __proto__ survive write and read", () => {
  const tensors = Object.create(null) as Record<string, SafetensorsTensor>;
  tensors["__proto__"] = { dtype: "float32", shape: [2], data: new Float32Array([1, 2]) };
  tensors.w = { dtype: "int32", shape: [1], data: new Int32Array([7]) };
  const metadata = Object.create(null) as Record<string, string>;
  metadata["__proto__"] = "evil";
  metadata.format = "pt";
  const bytes = serializeSafetensors(tensors, metadata);
  const header = new TextDecoder().decode(bytes.subarray(8, 8 + Number(new DataView(bytes.buffer).getBigUint64(0, true))));
  assert.match(header, /"__proto__":\{"dtype":"F32"/);
  assert.match(header, /"__metadata__":\{"__proto__":"evil"/);
  const back = parseSafetensors(bytes);
  assert.deepEqual(Object.keys(back.tensors).sort(), ["__proto__", "w"]);
  assert.deepEqual([...back.tensors["__proto__"].data], [1, 2]);
  assert.equal(Object.getPrototypeOf(back.tensors), Object.prototype);
  assert.equal(back.metadata["__proto__"], "evil");
  assert.deepEqual(Object.keys(back.metadata).sort(), ["__proto__", "format"]);
});

test("safetensors: a __proto__ entry written by another tool is read, not dropped", () => {
  const bytes = fileBytes('{"__proto__":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}', le("F32", [5]));
  const back = parseSafetensors(bytes);
  assert.deepEqual(Object.keys(back.tensors), ["__proto__"]);
  assert.deepEqual([...back.tensors["__proto__"].data], [5]);
});

test("safetensors: duplicate tensor names and metadata keys are errors", () => {
  const entry = '{"dtype":"F32","shape":[1],"data_offsets":[0,4]}';
  assert.throws(() => parseSafetensors(fileBytes(`{"a":${entry},"a":${entry}}`, le("F32", [1]))),
    /safetensors: <bytes>: duplicate tensor name 'a' in the header/);
  assert.throws(() => parseSafetensors(fileBytes(`{"\\u0061":${entry},"a":${entry}}`, le("F32", [1]))),
    /duplicate tensor name 'a'/);
  assert.throws(() => parseSafetensors(fileBytes(`{"__metadata__":{"k":"1","k":"2"},"a":${entry}}`, le("F32", [1]))),
    /duplicate __metadata__ key 'k'/);
  assert.throws(() => parseSafetensors(fileBytes(`{"__metadata__":{},"__metadata__":{},"a":${entry}}`, le("F32", [1]))),
    /duplicate tensor name '__metadata__'/);
  // a key twice within one entry: JSON.parse would keep the last one
  assert.throws(() => parseSafetensors(fileBytes('{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4],"dtype":"I32"}}', le("F32", [1]))),
    /^Error: safetensors: <bytes>: duplicate key 'dtype' in the entry for tensor 'a'$/);
  // the same key in two entries is of course fine
  const two = parseSafetensors(fileBytes(`{"a":${entry},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}`, le("F32", [1, 2])));
  assert.deepEqual(Object.keys(two.tensors), ["a", "b"]);
});

test("safetensors: a header nested 5000 deep gives a clear bounded error", () => {
  const deep = "[".repeat(5000) + "]".repeat(5000);
  for (const json of [`{"a":${deep}}`, `{"a":{"dtype":"F32","shape":${deep},"data_offsets":[0,0]}}`, deep]) {
    let message = "";
    assert.throws(() => parseSafetensors(fileBytes(json, new Uint8Array(0))), (err: unknown) => {
      assert.ok(err instanceof Error && !(err instanceof RangeError));
      message = err.message;
      return true;
    });
    assert.match(message, /safetensors: <bytes>: header (is nested deeper than 16 levels|must be a JSON object)/);
    assert.ok(message.length < 300, `message of ${message.length} chars`);
  }
});

test("safetensors: error messages stay short for huge shapes, names and values", () => {
  const bigShape = JSON.stringify(new Array(1_000_000).fill(1));
  const cases = [
    `{"a":{"dtype":"F32","shape":${bigShape},"data_offsets":[0,8]}}`, // span mismatch
    `{"a":{"dtype":"F32","shape":[${new Array(100_000).fill(-1).join(",")}],"data_offsets":[0,4]}}`, // invalid
    `{"${"n".repeat(1_000_000)}":{"dtype":"X","shape":[1],"data_offsets":[0,4]}}`, // huge name
    `{"a":{"dtype":"${"X".repeat(1_000_000)}","shape":[1],"data_offsets":[0,4]}}`, // huge dtype
    `{"a":{"dtype":"F32","shape":[1],"data_offsets":[${new Array(100_000).fill(0).join(",")}]}}`,
    `{"__metadata__":{"k":[${new Array(100_000).fill(0).join(",")}]}}`,
  ];
  for (const json of cases) {
    let message = "";
    assert.throws(() => parseSafetensors(fileBytes(json, le("F32", [1]))), (err: unknown) => {
      message = err instanceof Error ? err.message : "";
      return err instanceof Error;
    });
    assert.match(message, /^safetensors: <bytes>: /);
    assert.ok(message.length < 400, `message of ${message.length} chars: ${message.slice(0, 200)}`);
  }
  // the writer's messages too
  assert.throws(() => serializeSafetensors({ w: { dtype: "float32", shape: new Array(1_000_000).fill(1), data: new Float32Array(2) } }),
    (err: unknown) => err instanceof Error && err.message.length < 400 && /1000000 dims/.test(err.message));
});

test("safetensors: a header with more than 100000 entries is refused before it is parsed", () => {
  const entries: string[] = [];
  for (let i = 0; i < 100_001; i++) entries.push(`"t${i}":{"dtype":"F32","shape":[0],"data_offsets":[0,0]}`);
  const bytes = fileBytes(`{${entries.join(",")}}`, new Uint8Array(0));
  assert.throws(() => parseSafetensors(bytes), /safetensors: <bytes>: header has more than 100000 entries/);
  // and exactly the limit is fine
  const ok = fileBytes(`{${entries.slice(0, 100_000).join(",")}}`, new Uint8Array(0));
  assert.equal(Object.keys(parseSafetensors(ok).tensors).length, 100_000);
});
