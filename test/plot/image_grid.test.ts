import { test } from "node:test";
import assert from "node:assert/strict";
import { MARK_COLOR, imageGrid, weightsAsImages } from "../../src/plot/image_grid.ts";
import { hexToBytes } from "../../src/plot/colormap.ts";
import { tensor, zeros } from "../../src/tensor/creation.ts";
import { Tensor } from "../../src/tensor/tensor.ts";
import { colorDistance, colorNear, rasterise } from "../helpers/png.ts";

// Three 2 x 2 grey images, each with its own range; the second marked as a mistake.
const images = tensor([
  [[0, 1], [2, 3]],
  [[10, 10], [10, 20]],
  [[5, 0], [0, 0]],
]);
const fig = imageGrid(images, { titles: ["pred 1 / true 1", "pred 3 / true 5", "pred 0 / true 0"], marks: [false, true, false], cols: 2, cellSize: 40, title: "Predictions" });
const raster = rasterise(fig);
const grey = (v: number): number[] => [v, v, v];

test("imageGrid: cells in a grid of `cols`, each image through gray on its own range", async () => {
  const r = await raster;
  const cells = fig.layout.cells!;
  assert.equal(cells.length, 3);
  assert.equal(cells[0].y, cells[1].y);
  assert.ok(cells[1].x > cells[0].x + 40 && cells[2].y > cells[0].y + 40 && cells[2].x === cells[0].x);
  const px = (k: number, i: number, j: number): number[] => r.at(cells[k].x + (j + 0.5) * 20, cells[k].y + (i + 0.5) * 20);
  assert.deepEqual(px(0, 0, 0), grey(0));
  assert.ok(colorDistance(px(0, 0, 1), grey(85)) <= 1);
  assert.deepEqual(px(0, 1, 1), grey(255));
  assert.deepEqual(px(1, 0, 0), grey(0));
  assert.deepEqual(px(1, 1, 1), grey(255));
  assert.deepEqual(px(2, 0, 0), grey(255));
  assert.deepEqual(px(2, 1, 0), grey(0));
});

test("imageGrid: marked cells get a red frame and a red title; titles are text in the SVG", async () => {
  const r = await raster;
  const cells = fig.layout.cells!;
  const red = hexToBytes(MARK_COLOR);
  const frame = (k: number): boolean => colorNear(r, cells[k].x + 20, cells[k].y + cells[k].height + 0.5, red, 40, 1);
  assert.ok(frame(1), "frame round the mistake");
  assert.ok(!frame(0) && !frame(2), "no frame round the others");
  for (const t of ["pred 1 / true 1", "pred 3 / true 5", "Predictions"]) assert.ok(fig.svg.includes(t), t);
  assert.ok(/fill="#d62728"[^>]*>pred 3 \/ true 5</.test(fig.svg) || /pred 3 \/ true 5/.test(fig.svg.slice(fig.svg.indexOf("#d62728"))), "red title");
  assert.ok(r.darkIn({ x: cells[0].x, y: cells[0].y - 14, width: 40, height: 14 }) > 5, "title pixels");
});

test("imageGrid: [N, C, H, W] colour batches and arrays of tensors", async () => {
  const batch = tensor([[[[255]], [[0]], [[0]]], [[[0]], [[0]], [[255]]]], { dtype: "int32" }); // [2, 3, 1, 1]
  const f = imageGrid(batch, { cellSize: 20 });
  const g = imageGrid([new Tensor(new Int32Array([255, 0, 0]), [1, 1, 3]), new Tensor(new Int32Array([0, 0, 255]), [1, 1, 3])], { cellSize: 20 });
  const r = await rasterise(f);
  const c = f.layout.cells!;
  assert.deepEqual(r.at(c[0].x + 10, c[0].y + 10), [255, 0, 0]);
  assert.deepEqual(r.at(c[1].x + 10, c[1].y + 10), [0, 0, 255]);
  assert.equal(g.svg, f.svg);
});

test("imageGrid: bad input is an error naming the argument", () => {
  assert.throws(() => imageGrid(zeros([4, 4])), /plot\.imageGrid: images must be \[N, H, W\].*got shape \[4, 4\]/);
  assert.throws(() => imageGrid(zeros([2, 4, 4]), { titles: ["a"] }), /plot\.imageGrid: titles must have one entry per image \(2\); got 1/);
  assert.throws(() => imageGrid(zeros([2, 4, 4]), { marks: [true] }), /plot\.imageGrid: marks must have one entry per image \(2\); got 1/);
  assert.throws(() => imageGrid(zeros([2, 4, 4]), { cols: 0 }), /plot\.imageGrid: cols must be a positive integer/);
  assert.throws(() => imageGrid([]), /plot\.imageGrid: images is empty/);
  assert.throws(() => imageGrid(zeros([2, 4, 4]), { cmap: "nope" }), /unknown cmap "nope"; valid names are/);
  assert.throws(() => imageGrid([zeros([4])]), /plot\.imageGrid: images\[0\]: an image must be/);
});

test("weightsAsImages: columns of W [features + 1, classes], bias row dropped, each rescaled to 0..255", async () => {
  // features 2 x 2 = 4, classes 2, plus a bias row of huge values that must not count
  const W = tensor([
    [-1, 5],
    [0, 6],
    [1, 7],
    [3, 9],
    [100, -100],
  ]);
  const f = weightsAsImages(W, [2, 2], { classes: ["cat", "dog"], cellSize: 40 });
  assert.ok(f.svg.includes("cat") && f.svg.includes("dog"));
  const r = await rasterise(f);
  const c = f.layout.cells!;
  const px = (k: number, i: number, j: number): number[] => r.at(c[k].x + (j + 0.5) * 20, c[k].y + (i + 0.5) * 20);
  // template 0: [-1, 0, 1, 3] -> trunc(255 * [0, 0.25, 0.5, 1]) = [0, 63, 127, 255]
  assert.deepEqual([px(0, 0, 0), px(0, 0, 1), px(0, 1, 0), px(0, 1, 1)], [grey(0), grey(63), grey(127), grey(255)]);
  // template 1: [5, 6, 7, 9] -> [0, 63, 127, 255]; rows of W [classes, features] read the same
  assert.deepEqual(px(1, 1, 1), grey(255));
  const byRow = weightsAsImages(tensor([[-1, 0, 1, 3], [5, 6, 7, 9]]), [2, 2], { classes: ["cat", "dog"], cellSize: 40 });
  assert.equal(byRow.svg, f.svg);
});

test("weightsAsImages: shapes that do not fit W are errors", () => {
  assert.throws(() => weightsAsImages(zeros([7, 3]), [2, 2]), /plot\.weightsAsImages: W \[7, 3\] has no side of 4 \(shape \[2, 2\]\) or 5/);
  assert.throws(() => weightsAsImages(zeros([4]), [2, 2]), /plot\.weightsAsImages: W must be a 2-D Tensor/);
  assert.throws(() => weightsAsImages(zeros([5, 3]), [2, 2], { classes: ["a"] }), /classes must have one name per template \(3\); got 1/);
});
