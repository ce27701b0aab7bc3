import { test } from "node:test";
import assert from "node:assert/strict";
import { confusionMatrix } from "../../src/plot/confusion_matrix.ts";
import { colormapBytes } from "../../src/plot/colormap.ts";
import { tensor } from "../../src/tensor/creation.ts";
import { colorDistance, rasterise } from "../helpers/png.ts";

const fig = confusionMatrix(tensor([[5, 0], [1, 4]]), ["cat", "dog"], { title: "Pets" });
const viridis = colormapBytes("viridis");
const end = (k: number): number[] => [viridis[k * 3], viridis[k * 3 + 1], viridis[k * 3 + 2]];

test("confusionMatrix: cells coloured by count, axes and counts as text", async () => {
  for (const t of ["Predicted label", "True label", "cat", "dog", "Pets", ">5<", ">4<", ">0<", ">1<"]) assert.ok(fig.svg.includes(t), t);
  const r = await rasterise(fig);
  const { x, y, width } = fig.layout.plot;
  const cell = width / 2;
  // (true cat, predicted cat) = 5, the maximum: viridis' last colour; (cat, dog) = 0: its first
  const near = (i: number, j: number): number[] => r.at(x + j * cell + 6, y + i * cell + 6);
  assert.ok(colorDistance(near(0, 0), end(255)) <= 2, `max cell ${near(0, 0)}`);
  assert.ok(colorDistance(near(0, 1), end(0)) <= 2, `zero cell ${near(0, 1)}`);
  // the colour bar runs over the same range
  const bar = fig.layout.colorbar!;
  assert.ok(colorDistance(r.at(bar.x + bar.width / 2, bar.y + 0.5), end(255)) <= 3);
  assert.ok(colorDistance(r.at(bar.x + bar.width / 2, bar.y + bar.height - 0.5), end(0)) <= 3);
});

test("confusionMatrix: text contrasts with its cell, as scikit-learn picks it", () => {
  // dark cells (below the middle of the range) get the map's light end, light cells its dark end
  assert.match(fig.svg, /fill="#fde725"[^>]*>0</);
  assert.match(fig.svg, /fill="#440154"[^>]*>5</);
});

test("confusionMatrix: normalize divides rows, columns or the total", () => {
  const rows = confusionMatrix([[5, 0], [1, 4]], ["a", "b"], { normalize: "true" });
  assert.ok(rows.svg.includes(">0.80<") && rows.svg.includes(">1.00<") && rows.svg.includes(">0.20<"));
  const all = confusionMatrix([[5, 0], [1, 4]], ["a", "b"], { normalize: "all", colorbar: false });
  assert.ok(all.svg.includes(">0.50<") && all.svg.includes(">0.40<"));
  assert.equal(all.layout.colorbar, undefined);
});

test("confusionMatrix: bad input is an error naming the argument", () => {
  assert.throws(() => confusionMatrix(tensor([[1, 2, 3], [4, 5, 6]]), ["a", "b"]), /plot\.confusionMatrix: matrix must be square \[K, K\]; got shape \[2, 3\]/);
  assert.throws(() => confusionMatrix([[1, 2], [3]], ["a", "b"]), /row 1 has 1 entries, not 2/);
  assert.throws(() => confusionMatrix([[1, 2], [3, 4]], ["a"]), /labels must have one name per row \(2\); got 1/);
  assert.throws(() => confusionMatrix([[1, 2], [3, 4]], ["a", "a"]), /labels must be distinct/);
  assert.throws(() => confusionMatrix([[1, 2], [3, 4]], ["a", "b"], { normalize: "rows" as never }), /normalize must be "true", "pred" or "all"/);
});
