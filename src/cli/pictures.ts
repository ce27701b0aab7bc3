import { join } from "node:path";
import * as bp from "../index.ts";
import type { EpochMetrics, TrainResult } from "./train.ts";

/*
 * The pictures `backprop train` leaves beside metrics.json: loss.png (train loss and test accuracy
 * per epoch) and predictions.png (test digits titled "pred 3 / true 5", mistakes in red).
 */

/** Where `savePictures` wrote the two PNGs. */
export interface PicturePaths {
  loss: string;
  predictions: string;
}

/** Size of each of loss.png's two panels' data rectangles, in pixels. */
export const PANEL_WIDTH = 320;
export const PANEL_HEIGHT = 220;

/**
 * loss.png's figure: two panels side by side, the mean train loss per epoch (left) and the test
 * accuracy per epoch (right), each with its own y axis (the two live on different scales);
 * `layout.plot` is the left panel's data rectangle.
 * @example await lossFigure(metrics).save("loss.png");
 */
export function lossFigure(metrics: readonly EpochMetrics[]): bp.plot.Figure {
  if (metrics.length === 0) throw new Error("lossFigure: metrics is empty");
  const panel = (field: "trainLoss" | "testAccuracy", title: string, color: string): Record<string, unknown> => ({
    width: PANEL_WIDTH,
    height: PANEL_HEIGHT,
    title,
    data: { values: metrics.map((m) => ({ epoch: m.epoch, value: m[field] })) },
    mark: { type: "line", color, strokeWidth: 2, point: { filled: true, size: 30, color }, aria: false },
    encoding: {
      x: {
        field: "epoch", type: "quantitative", title: "epoch",
        scale: { domain: metrics.length === 1 ? [0.5, 1.5] : [1, metrics.length], nice: false, zero: false },
        axis: { tickMinStep: 1, format: "d" },
      },
      y: { field: "value", type: "quantitative", title: null, scale: { zero: false } },
    },
  });
  const fig = bp.plot.Figure.fromSpec({
    hconcat: [panel("trainLoss", "train loss", bp.plot.TAB10[0]), panel("testAccuracy", "test accuracy", bp.plot.TAB10[1])],
    spacing: 40,
  });
  // vega reports no width for a concatenation: layout.plot is the left panel, PANEL_WIDTH wide
  return new bp.plot.Figure(fig.svg, fig.width, fig.height, { plot: { ...fig.layout.plot, width: PANEL_WIDTH, height: PANEL_HEIGHT } });
}

/** Options of `predictionsFigure`. */
export interface PredictionsOptions {
  /** How many test digits, from the first; default 32. */
  count?: number;
  /** Digits per row; default 8. */
  cols?: number;
}

/**
 * predictions.png's figure: the first `count` test digits in a grid, each titled "pred 3 / true 5",
 * mistakes titled and framed in red (plot.imageGrid's marks), the count of correct ones in the title.
 * `test` holds 28 x 28 images ([N, 1, 28, 28] or [N, 784]) normalised to [-1, 1] as fitMnist's are
 * (drawn -1 black to 1 white) and int32 labels; `net` is put in eval mode and run without the graph.
 * @example await predictionsFigure(net, test).save("predictions.png");
 */
export function predictionsFigure(net: bp.nn.Module, test: bp.data.Dataset<bp.Tensor[]>, options: PredictionsOptions = {}): bp.plot.Figure {
  const requested = options.count ?? 32;
  if (!Number.isInteger(requested) || requested < 1) throw new Error(`predictionsFigure: count must be a positive integer; got ${requested}`);
  if (test.length === 0) throw new Error("predictionsFigure: the test set is empty");
  const count = Math.min(requested, test.length);
  const first = new bp.data.DataLoader(test, { batchSize: count })[Symbol.iterator]().next();
  if (first.done === true) throw new Error("predictionsFigure: the test set gave no batch");
  const [images, labels] = first.value;
  const predicted = bp.noGrad(() => {
    net.eval();
    return net.forward(images).max(1).indices;
  });
  const truth = Array.from(labels.data, Number);
  const guess = Array.from(predicted.data, Number);
  const marks = guess.map((p, i) => p !== truth[i]);
  const correct = marks.filter((m) => !m).length;
  return bp.plot.imageGrid(images.reshape([count, 28, 28]), {
    titles: guess.map((p, i) => `pred ${p} / true ${truth[i]}`),
    marks,
    cols: options.cols ?? 8,
    vmin: -1,
    vmax: 1,
    title: `first ${count} test digits: ${correct} / ${count} correct`,
  });
}

/**
 * Writes loss.png and predictions.png into `out` (atomically, through Figure.save) and logs their
 * paths; returns them.
 * @example const { loss, predictions } = await savePictures(fitMnist(options), options.out);
 */
export async function savePictures(result: Pick<TrainResult, "metrics" | "net" | "test">, out: string, log: (line: string) => void = console.log): Promise<PicturePaths> {
  const paths = { loss: join(out, "loss.png"), predictions: join(out, "predictions.png") };
  await lossFigure(result.metrics).save(paths.loss);
  await predictionsFigure(result.net, result.test).save(paths.predictions);
  log(`saved ${paths.loss} and ${paths.predictions}`);
  return paths;
}

