import type { Layer } from "./layers/layer.ts";
import { formatKerasShape } from "./layers/layer.ts";

/** Options of `summary()`. */
export interface SummaryOptions {
  /** Total width of the table in characters (default 65, as Keras). */
  lineLength?: number;
  /** Where each line goes (default `console.log`); Keras's `print_fn`. */
  printFn?: (line: string) => void;
  /** Set false to only return the text (default true: print it too). */
  print?: boolean;
}

/** `1234567` -> `"1,234,567"`, as Python's `{:,}`. */
function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** One table row: each field cut and padded to end at its column position, as Keras's `print_row`. */
function row(fields: string[], positions: number[]): string {
  let line = "";
  fields.forEach((field, i) => {
    if (i > 0) line = `${line.slice(0, -1)} `;
    line = (line + field).slice(0, positions[i]);
    line += " ".repeat(positions[i] - line.length);
  });
  return line;
}

/**
 * The text of Keras's `model.summary()` for a sequential model (Keras 2 as in TensorFlow 2.1, the
 * seed's version): the model name, one row per layer with its output shape and parameter count,
 * then the total, trainable and non-trainable counts.
 */
export function summaryText(modelName: string, layers: readonly Layer[], inputShape: readonly number[], options: SummaryOptions = {}): string {
  const width = options.lineLength ?? 65;
  const positions = [0.45, 0.85, 1].map((p) => Math.floor(width * p));
  const lines = [`Model: "${modelName}"`, "_".repeat(width), row(["Layer (type)", "Output Shape", "Param #"], positions), "=".repeat(width)];
  let shape: readonly number[] = inputShape;
  let trainable = 0;
  let frozen = 0;
  layers.forEach((layer, i) => {
    shape = layer.computeOutputShape(shape);
    const count = layer.countParams();
    if (layer.trainable) trainable += count;
    else frozen += count;
    lines.push(row([`${layer.name} (${layer.className})`, formatKerasShape(shape), String(count)], positions));
    lines.push((i === layers.length - 1 ? "=" : "_").repeat(width));
  });
  if (layers.length === 0) lines.push("=".repeat(width));
  lines.push(`Total params: ${thousands(trainable + frozen)}`, `Trainable params: ${thousands(trainable)}`, `Non-trainable params: ${thousands(frozen)}`, "_".repeat(width));
  return lines.join("\n");
}
