/** `backprop train`'s pictures: loss.png's two panels and predictions.png's grid, on small made-up runs. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decode } from "fast-png";
import * as bp from "../../src/index.ts";
import { PANEL_HEIGHT, PANEL_WIDTH, lossFigure, predictionsFigure, savePictures } from "../../src/cli/pictures.ts";
import { Net, type EpochMetrics } from "../../src/cli/train.ts";
import { colorNear, rasterise } from "../helpers/png.ts";

const metrics: EpochMetrics[] = [
  { epoch: 1, trainLoss: 0.9, testAccuracy: 0.8, seconds: 1 },
  { epoch: 2, trainLoss: 0.4, testAccuracy: 0.9, seconds: 1 },
  { epoch: 3, trainLoss: 0.3, testAccuracy: 0.93, seconds: 1 },
];

/** A net whose prediction is the class of the brightest of ten pixel columns, and images made for it. */
function rigged(labels: number[], predicted: number[]): { net: Net; test: bp.data.TensorDataset } {
  const net = new Net(10);
  bp.noGrad(() => {
    // fc1 copies pixel (0, k) into hidden unit k; fc2 maps unit k to class k
    net.fc1.weight.zero_();
    net.fc1.bias!.zero_();
    net.fc2.weight.zero_();
    net.fc2.bias!.zero_();
    for (let k = 0; k < 10; k++) {
      net.fc1.weight.data[k * 784 + k] = 1;
      net.fc2.weight.data[k * 10 + k] = 1;
    }
  });
  const images = bp.zeros([labels.length, 1, 28, 28]).sub(1);
  predicted.forEach((p, i) => {
    images.data[i * 784 + p] = 1;
  });
  return { net, test: new bp.data.TensorDataset(images, bp.tensor(labels, { dtype: "int32" })) };
}

test("lossFigure: train loss in the left panel in blue, test accuracy in the right one in orange", async () => {
  const fig = lossFigure(metrics);
  assert.match(fig.svg, /train loss/);
  assert.match(fig.svg, /test accuracy/);
  assert.match(fig.svg, />epoch</);
  const r = await rasterise(fig);
  assert.equal(r.width, Math.round(fig.width));
  assert.equal(r.height, Math.round(fig.height));
  const { plot } = fig.layout;
  const blue = [...bp.plot.hexToBytes(bp.plot.TAB10[0])];
  const orange = [...bp.plot.hexToBytes(bp.plot.TAB10[1])];
  assert.deepEqual([plot.width, plot.height], [PANEL_WIDTH, PANEL_HEIGHT]);
  /** How many pixel columns in [x0, x1) hold `rgb` somewhere between the panels' top and bottom. */
  const columnsWith = (rgb: number[], x0: number, x1: number): number => {
    let n = 0;
    for (let x = Math.ceil(x0); x < x1; x++) {
      for (let y = plot.y; y < plot.y + plot.height; y++) {
        if (colorNear(r, x, y, rgb, 40, 0)) {
          n++;
          break;
        }
      }
    }
    return n;
  };
  const split = plot.x + plot.width + 8;
  // the loss line spans the left panel (plus its end points' radius), the accuracy line the right one
  const blueLeft = columnsWith(blue, 0, split);
  assert.ok(blueLeft >= plot.width - 2 && blueLeft <= plot.width + 8, `columns with the loss line: ${blueLeft}`);
  assert.equal(columnsWith(orange, 0, split), 0);
  const orangeRight = columnsWith(orange, split, r.width);
  assert.ok(orangeRight >= plot.width - 2 && orangeRight <= plot.width + 8, `columns with the accuracy line: ${orangeRight}`);
  assert.equal(columnsWith(blue, split, r.width), 0);
  // the loss falls: at the left edge the blue line is higher up than at the right edge
  const rowOf = (x: number): number => {
    for (let y = plot.y; y < plot.y + plot.height; y++) if (colorNear(r, x, y, blue, 40, 0)) return y;
    return -1;
  };
  assert.ok(rowOf(plot.x + 5) >= 0 && rowOf(plot.x + 5) < rowOf(plot.x + plot.width - 5));
  assert.throws(() => lossFigure([]), /lossFigure: metrics is empty/);
});

test("predictionsFigure: 'pred p / true t' over each digit, mistakes in red, the count correct in the title", async () => {
  const labels = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3];
  const predicted = [3, 1, 4, 7, 5, 9, 2, 6, 0, 3];
  const { net, test: ds } = rigged(labels, predicted);
  const fig = predictionsFigure(net, ds, { count: 10, cols: 5 });
  for (let i = 0; i < 10; i++) assert.ok(fig.svg.includes(`pred ${predicted[i]} / true ${labels[i]}`), `title ${i}`);
  assert.ok(fig.svg.includes("first 10 test digits: 8 / 10 correct"));
  const cells = fig.layout.cells!;
  assert.equal(cells.length, 10);
  assert.equal(cells[5].x, cells[0].x, "5 per row");
  const r = await rasterise(fig);
  const red = bp.plot.hexToBytes("#d62728");
  const framed = (k: number): boolean => colorNear(r, cells[k].x + cells[k].width / 2, cells[k].y + cells[k].height + 0.5, red, 40, 1);
  assert.deepEqual(cells.map((_, k) => framed(k)), predicted.map((p, i) => p !== labels[i]));
  // pixels in [-1, 1] drawn black to white: the lit pixel of digit 0 (column 3 of row 0) is white
  const px = cells[0].width / 28;
  assert.deepEqual(r.at(cells[0].x + 3.5 * px, cells[0].y + 0.5 * px), [255, 255, 255]);
  assert.deepEqual(r.at(cells[0].x + 10.5 * px, cells[0].y + 10.5 * px), [0, 0, 0]);
  // count is capped by the test set; 32 by default
  assert.equal(predictionsFigure(net, ds).layout.cells!.length, 10);
  assert.throws(() => predictionsFigure(net, ds, { count: 0 }), /predictionsFigure: count must be a positive integer/);
});

test("savePictures: writes loss.png and predictions.png (PNG, the figures' sizes) into the folder and logs their paths", async () => {
  const out = mkdtempSync(join(tmpdir(), "backprop-pictures-"));
  try {
    const { net, test: ds } = rigged([1, 2, 3], [1, 2, 0]);
    const lines: string[] = [];
    const paths = await savePictures({ metrics, net, test: ds }, out, (l) => lines.push(l));
    assert.deepEqual(paths, { loss: join(out, "loss.png"), predictions: join(out, "predictions.png") });
    assert.deepEqual(lines, [`saved ${paths.loss} and ${paths.predictions}`]);
    const loss = decode(readFileSync(paths.loss));
    const fig = lossFigure(metrics);
    assert.deepEqual([loss.width, loss.height], [Math.round(fig.width), Math.round(fig.height)]);
    const grid = decode(readFileSync(paths.predictions));
    const gridFig = predictionsFigure(net, ds);
    assert.deepEqual([grid.width, grid.height], [Math.round(gridFig.width), Math.round(gridFig.height)]);
    assert.deepEqual(readdirSync(out).sort(), ["loss.png", "predictions.png"], "no temporary files left");
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
