import { test } from "node:test";
import assert from "node:assert/strict";
import { lines } from "../../src/plot/lines.ts";
import { TAB10, hexToBytes } from "../../src/plot/colormap.ts";
import { tensor } from "../../src/tensor/creation.ts";
import { colorNear, rasterise } from "../helpers/png.ts";

// One figure for the pixel checks: two straight series over 5 epochs, values 0..4.
const fig = lines({ history: { loss: [4, 3, 2, 1, 0], val_loss: [0, 1, 2, 3, 4] } }, { title: "Training loss", ylabel: "cross-entropy" });
const raster = rasterise(fig, 2);

test("lines: the PNG is the figure's size times the scale", async () => {
  const r = await raster;
  assert.equal(r.width, Math.round(fig.width * 2));
  assert.equal(r.height, Math.round(fig.height * 2));
  assert.deepEqual([fig.layout.plot.width, fig.layout.plot.height], [480, 300]);
});

test("lines: each series crosses its expected pixels in its tab10 colour", async () => {
  const r = await raster;
  const { x, y, width, height } = fig.layout.plot;
  const at = (epoch: number, value: number): [number, number] => [x + ((epoch - 1) / 4) * width, y + height - (value / 4) * height];
  const blue = hexToBytes(TAB10[0]);
  const orange = hexToBytes(TAB10[1]);
  // loss at epoch 2 is 3; val_loss at epoch 2 is 1; at epoch 4: 1 and 3
  assert.ok(colorNear(r, ...at(2, 3), blue, 40), "loss at epoch 2");
  assert.ok(colorNear(r, ...at(4, 1), blue, 40), "loss at epoch 4");
  assert.ok(colorNear(r, ...at(2, 1), orange, 40), "val_loss at epoch 2");
  assert.ok(colorNear(r, ...at(4, 3), orange, 40), "val_loss at epoch 4");
  // and not where the other series is: no blue at val_loss's point
  assert.ok(!colorNear(r, ...at(2, 1), blue, 40), "no loss line at (2, 1)");
  // a point away from both lines is background
  const [bx, by] = at(1.5, 2);
  assert.ok(!colorNear(r, bx, by, blue, 60) && !colorNear(r, bx, by, orange, 60));
});

test("lines: the SVG holds the title, axis labels and series names; the title renders as dark pixels", async () => {
  for (const text of ["Training loss", "epoch", "cross-entropy", "loss", "val_loss", "DejaVu Sans"]) assert.ok(fig.svg.includes(text), text);
  const r = await raster;
  assert.ok(r.darkIn({ x: fig.layout.plot.x, y: 0, width: fig.layout.plot.width, height: fig.layout.plot.y }) > 30, "title pixels");
});

test("lines: a Keras History and the plain record draw the same; tensors are series too", () => {
  const plain = lines({ loss: [4, 3, 2, 1, 0], val_loss: [0, 1, 2, 3, 4] }, { title: "Training loss", ylabel: "cross-entropy" });
  assert.equal(plain.svg, fig.svg);
  const t = lines({ loss: tensor([4, 3, 2, 1, 0]), val_loss: tensor([[0], [1], [2], [3], [4]]) }, { title: "Training loss", ylabel: "cross-entropy" });
  assert.equal(t.svg, fig.svg);
});

test("lines: logY puts 10 halfway between 1 and 100", async () => {
  const logFig = lines({ acc: [1, 10, 100] }, { logY: true, width: 200, height: 200 });
  const r = await rasterise(logFig);
  const { x, y, width, height } = logFig.layout.plot;
  assert.ok(colorNear(r, x + width / 2, y + height / 2, hexToBytes(TAB10[0]), 40));
  assert.throws(() => lines({ loss: [1, 0] }, { logY: true }), /plot\.lines: logY needs values > 0; series "loss"\[1\] is 0/);
});

test("lines: bad input is an error naming the function and the series", () => {
  assert.throws(() => lines({}), /plot\.lines: history has no series/);
  assert.throws(() => lines({ loss: [] }), /plot\.lines: series "loss" is empty/);
  assert.throws(() => lines({ loss: [1, "x" as unknown as number] }), /plot\.lines: series "loss"\[1\] must be a number/);
  assert.throws(() => lines({ loss: tensor([[1, 2], [3, 4]]) }), /plot\.lines: series "loss" must be 1-D/);
});
