import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { decode } from "fast-png";
import {
  COLORMAP_NAMES, colormap, colormapBytes, hexToBytes, bytesToHex, lighten, imageLayout, pngDataUrl, tensorToPixels, valuesToPixels,
} from "../../src/plot/colormap.ts";
import { tensor } from "../../src/tensor/creation.ts";

const fixture = JSON.parse(readFileSync(new URL("../fixtures/plot.json", import.meta.url), "utf8")) as { t: number[]; colors: Record<string, number[][]> };

test("colormap matches matplotlib's cmap(t) for every map and t", () => {
  assert.deepEqual([...COLORMAP_NAMES].sort(), Object.keys(fixture.colors).sort());
  for (const [name, colors] of Object.entries(fixture.colors)) {
    const cmap = colormap(name);
    fixture.t.forEach((t, i) => {
      const got = cmap(t);
      for (let c = 0; c < 3; c++) assert.ok(Math.abs(got[c] - colors[i][c]) < 1e-6, `${name}(${t})[${c}]: ${got[c]} vs ${colors[i][c]}`);
    });
  }
  assert.deepEqual(colormap("gray")(-3), [0, 0, 0]);
  assert.deepEqual(colormap("gray")(7), [1, 1, 1]);
  assert.deepEqual(colormap("gray")(Number.NaN), [0, 0, 0]);
});

test("an unknown colour map is an error listing the valid names", () => {
  assert.throws(() => colormap("jet"), /colormap: unknown cmap "jet"; valid names are gray, viridis, hot, coolwarm/);
  assert.throws(() => colormapBytes("Viridis"), /unknown cmap "Viridis"/);
});

test("colour helpers", () => {
  assert.deepEqual(hexToBytes("#1f77b4"), [31, 119, 180]);
  assert.equal(bytesToHex([31, 119, 180]), "#1f77b4");
  assert.deepEqual(lighten([0, 0, 255], 0.5), [128, 128, 255]);
  const bytes = colormapBytes("viridis");
  assert.deepEqual([bytes[0], bytes[1], bytes[2]], [68, 1, 84]);
  assert.deepEqual([bytes[765], bytes[766], bytes[767]], [253, 231, 37]);
});

test("valuesToPixels maps vmin..vmax through the map, NaN transparent, flat data to the first colour", () => {
  const { grid, vmin, vmax } = valuesToPixels(new Float32Array([0, 5, 10, Number.NaN]), 2, 2, { cmap: "gray" });
  assert.deepEqual([vmin, vmax], [0, 10]);
  assert.deepEqual(Array.from(grid.rgba), [0, 0, 0, 255, 128, 128, 128, 255, 255, 255, 255, 255, 0, 0, 0, 0]);
  const clamped = valuesToPixels(new Float32Array([-1, 20]), 1, 2, { cmap: "gray", vmin: 0, vmax: 10 }).grid.rgba;
  assert.deepEqual(Array.from(clamped), [0, 0, 0, 255, 255, 255, 255, 255]);
  const flat = valuesToPixels(new Float32Array([3, 3]), 1, 2, { cmap: "viridis" }).grid.rgba;
  assert.deepEqual(Array.from(flat.subarray(0, 3)), [68, 1, 84]);
});

test("tensorToPixels: HWC and CHW colour agree; floats in [0, 1] scale by 255; 0..255 as they are", () => {
  const hwc = tensor([[[255, 0, 0], [0, 255, 0]]], { dtype: "int32" }); // [1, 2, 3]
  const chw = tensor([[[255, 0]], [[0, 255]], [[0, 0]]], { dtype: "int32" }); // [3, 1, 2]
  const a = tensorToPixels("t", hwc);
  const b = tensorToPixels("t", chw);
  assert.equal(a.kind, "rgb");
  assert.deepEqual(Array.from(a.grid.rgba), [255, 0, 0, 255, 0, 255, 0, 255]);
  assert.deepEqual(Array.from(b.grid.rgba), Array.from(a.grid.rgba));
  const unit = tensorToPixels("t", tensor([[[1, 0.5, 0]]])); // [1, 1, 3] floats in [0, 1]
  assert.deepEqual(Array.from(unit.grid.rgba), [255, 128, 0, 255]);
  const big = tensorToPixels("t", tensor([[[300, 12.4, -4]]]));
  assert.deepEqual(Array.from(big.grid.rgba), [255, 12, 0, 255]);
  assert.equal(tensorToPixels("t", tensor([[[0.5], [1]]])).kind, "scalar"); // [2, 1, 1] one channel
});

test("imageLayout refuses shapes that are no image", () => {
  assert.throws(() => imageLayout("plot.image", [5]), /plot\.image: an image must be \[H, W\].*got shape \[5\]/);
  assert.throws(() => imageLayout("plot.image", [2, 5, 5, 3]), /got shape \[2, 5, 5, 3\]/);
  assert.throws(() => imageLayout("plot.image", [5, 5, 2]), /got shape \[5, 5, 2\]/);
  assert.throws(() => imageLayout("plot.image", [0, 5]), /got shape \[0, 5\]/);
});

test("pngDataUrl holds a PNG of the grid", () => {
  const rgba = new Uint8Array([1, 2, 3, 255, 4, 5, 6, 255, 7, 8, 9, 255]);
  const url = pngDataUrl({ width: 3, height: 1, rgba });
  assert.ok(url.startsWith("data:image/png;base64,"));
  const png = decode(Buffer.from(url.slice(url.indexOf(",") + 1), "base64"));
  assert.equal(png.width, 3);
  assert.equal(png.height, 1);
  assert.deepEqual(Array.from(png.data), Array.from(rgba));
});
