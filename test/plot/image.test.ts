import { test } from "node:test";
import assert from "node:assert/strict";
import { image } from "../../src/plot/image.ts";
import { colormapBytes } from "../../src/plot/colormap.ts";
import { arange, tensor } from "../../src/tensor/creation.ts";
import { colorDistance, rasterise } from "../helpers/png.ts";

// A 4 x 5 image of 0..19 through viridis with a colour bar: one PNG shared by the checks.
const values = arange(20).reshape([4, 5]);
const fig = image(values, { cmap: "viridis", colorbar: true, title: "arange(20)" });
const raster = rasterise(fig);
const viridis = colormapBytes("viridis");
const lut = (t: number): number[] => {
  const k = Math.min(255, Math.floor(t * 256)) * 3;
  return [viridis[k], viridis[k + 1], viridis[k + 2]];
};

test("image: each cell has its colour map colour, row 0 at the top", async () => {
  const r = await raster;
  assert.deepEqual([r.width, r.height], [Math.round(fig.width), Math.round(fig.height)]);
  const { x, y, width, height } = fig.layout.plot;
  assert.equal(width / 5, height / 4, "square pixels");
  for (const [i, j] of [[0, 0], [0, 4], [2, 3], [3, 4], [3, 0]]) {
    const got = r.at(x + (j + 0.5) * (width / 5), y + (i + 0.5) * (height / 4));
    const want = lut((i * 5 + j) / 19);
    assert.ok(colorDistance(got, want) <= 2, `cell ${i},${j}: ${got} vs ${want}`);
  }
});

test("image: the colour bar's ends are the colour map's ends", async () => {
  const r = await raster;
  const bar = fig.layout.colorbar;
  assert.ok(bar !== undefined, "a colour bar");
  assert.ok(bar.height > 100 && bar.width >= 10);
  const cx = bar.x + bar.width / 2;
  const top = r.at(cx, bar.y + 0.5);
  const bottom = r.at(cx, bar.y + bar.height - 0.5);
  assert.ok(colorDistance(top, lut(1)) <= 2, `top ${top} vs ${lut(1)}`);
  assert.ok(colorDistance(bottom, lut(0)) <= 2, `bottom ${bottom} vs ${lut(0)}`);
  assert.ok(fig.svg.includes(">0<") && fig.svg.includes("arange(20)"), "tick label and title");
  assert.equal(fig.svg.split("<stop ").length - 1, 256, "every entry of the map is a stop");
  assert.ok(r.darkIn({ x: 0, y: 0, width: fig.width, height: fig.layout.plot.y }) > 20, "title pixels");
});

test("image: gray maps vmin to black and vmax to white, clamping outside; colour images as they are", async () => {
  const g = image(tensor([[0, 1], [2, 3]]), { cmap: "gray", vmin: 1, vmax: 2, size: 40 });
  const rg = await rasterise(g);
  const cell = (f: typeof g, r: typeof rg, i: number, j: number): number[] => r.at(f.layout.plot.x + (j + 0.5) * 20, f.layout.plot.y + (i + 0.5) * 20);
  assert.deepEqual(cell(g, rg, 0, 0), [0, 0, 0]);
  assert.deepEqual(cell(g, rg, 0, 1), [0, 0, 0]);
  assert.deepEqual(cell(g, rg, 1, 0), [255, 255, 255]);
  assert.deepEqual(cell(g, rg, 1, 1), [255, 255, 255]);
  assert.equal(g.layout.colorbar, undefined);
  const rgb = image(tensor([[[1, 0], [0, 0]], [[0, 1], [0, 0]], [[0, 0], [1, 0.5]]]), { size: 40 }); // [3, 2, 2] in [0, 1]
  const rr = await rasterise(rgb);
  assert.ok(colorDistance(cell(rgb, rr, 0, 0), [255, 0, 0]) <= 1);
  assert.ok(colorDistance(cell(rgb, rr, 0, 1), [0, 255, 0]) <= 1);
  assert.ok(colorDistance(cell(rgb, rr, 1, 0), [0, 0, 255]) <= 1);
  assert.ok(colorDistance(cell(rgb, rr, 1, 1), [0, 0, 128]) <= 1);
});

test("image: bad input is an error naming the function and what is wrong", () => {
  assert.throws(() => image(tensor([[0, 1]]), { cmap: "rainbow" }), /plot\.image: unknown cmap "rainbow"; valid names are gray, viridis/);
  assert.throws(() => image(tensor([1, 2, 3])), /plot\.image: an image must be \[H, W\].*got shape \[3\]/);
  assert.throws(() => image(tensor([[[1, 0, 0]]]), { colorbar: true }), /plot\.image: colorbar needs a one-channel \[H, W\] image; got shape \[1, 1, 3\]/);
});
