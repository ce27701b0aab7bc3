import { test } from "node:test";
import assert from "node:assert/strict";
import { lineEquation, scatter } from "../../src/plot/scatter.ts";
import { TAB10, hexToBytes } from "../../src/plot/colormap.ts";
import { tensor } from "../../src/tensor/creation.ts";
import { rasterise } from "../helpers/png.ts";

const hours = [2.5, 5.1, 3.2, 8.5, 3.5, 1.5, 9.2, 5.5, 8.3, 2.7];
const scores = [21, 47, 27, 75, 30, 20, 88, 60, 81, 25];
const fig = scatter(hours, scores, { line: [9.78, 2.48], title: "Hours vs Percentage", xlabel: "Hours Studied", ylabel: "Percentage Score" });

test("scatter: the fitted line's equation is in the legend; title and labels in the SVG", () => {
  for (const text of ["Hours vs Percentage", "Hours Studied", "Percentage Score", "y = 9.78x + 2.48"]) assert.ok(fig.svg.includes(text), text);
  assert.equal(lineEquation(0.5, -1), "y = 0.5x - 1");
  assert.equal(lineEquation(-2.004, 0), "y = -2x + 0");
});

test("scatter: points in the first colour, the line in the next, PNG of the figure's size", async () => {
  const r = await rasterise(fig);
  assert.deepEqual([r.width, r.height], [Math.round(fig.width), Math.round(fig.height)]);
  const { x, y, width, height } = fig.layout.plot;
  let points = 0;
  let line = 0;
  for (let py = y; py < y + height; py += 1) {
    for (let px = x; px < x + width; px += 1) {
      const c = r.at(px, py);
      if (Math.max(...c.map((v, i) => Math.abs(v - hexToBytes(TAB10[0])[i]))) < 30) points++;
      if (Math.max(...c.map((v, i) => Math.abs(v - hexToBytes(TAB10[1])[i]))) < 30) line++;
    }
  }
  assert.ok(points > 150, `point pixels ${points}`);
  assert.ok(line > 200, `line pixels ${line}`);
});

test("scatter: hue colours points by class, classes sorted, in tab10", async () => {
  const f = scatter(tensor([0, 1, 2, 3]), tensor([0, 1, 2, 3]), { hue: [1, 0, 1, 0], width: 200, height: 200 });
  assert.ok(f.svg.includes(">0<") && f.svg.includes(">1<"), "legend entries");
  const r = await rasterise(f);
  const { x, y, width, height } = f.layout.plot;
  // class "0" (points at 1 and 3) is tab10's first colour, class "1" (at 0 and 2) the second:
  // the second colour's pixels lie to the left of the first's
  const centre = (hex: string): [number, number] => {
    const rgb = hexToBytes(hex);
    let n = 0;
    let sx = 0;
    for (let py = y; py < y + height; py++) {
      for (let px = x; px < x + width; px++) {
        if (Math.max(...r.at(px, py).map((v, i) => Math.abs(v - rgb[i]))) < 20) { n++; sx += px; }
      }
    }
    return [n, sx / n];
  };
  const [n0, x0] = centre(TAB10[0]);
  const [n1, x1] = centre(TAB10[1]);
  assert.ok(n0 > 30 && n1 > 30, `pixels ${n0} ${n1}`);
  assert.ok(x1 < x0 - width / 6, `centres ${x1} ${x0}`);
});

test("scatter: bad input is an error naming the argument", () => {
  assert.throws(() => scatter([1, 2], [1]), /plot\.scatter: x and y must have the same length; got 2 and 1/);
  assert.throws(() => scatter([1, 2], [1, 2], { hue: [0] }), /plot\.scatter: hue must have one label per point \(2\); got 1/);
  assert.throws(() => scatter([1, 2], [1, 2], { line: [Number.NaN, 1] }), /plot\.scatter: line must be/);
  assert.throws(() => scatter(tensor([[1, 2], [3, 4]]), [1, 2]), /plot\.scatter: x must be 1-D/);
  assert.throws(() => scatter([], []), /plot\.scatter: x and y are empty/);
});
