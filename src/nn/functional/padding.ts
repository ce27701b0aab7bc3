import { Tensor } from "../../tensor/tensor.ts";
import { formatShape } from "../../tensor/shape.ts";
import { full } from "../../tensor/creation.ts";
import { cat } from "../../ops/join.ts";
import { checkTensorInput } from "../_checks.ts";

/*
 * nn.functional's `pad`, like torch.nn.functional.pad (PyTorch 1.13's rules). Negative amounts crop
 * (`narrow`), constant padding joins blocks of the value (`cat`), and the other modes pick source
 * positions with `indexSelect`, so each gradient is the backward of those ops: the crop's zeros, the
 * slice of the padded gradient, or the scatter-add of the picked positions.
 */

/** How `pad` fills: a constant, the mirror image without the edge, copies of the edge, or wrapping around. */
export type PaddingMode = "constant" | "reflect" | "replicate" | "circular";

/** Options of `pad`. */
export interface PadOptions {
  /** `"constant"` (default), `"reflect"`, `"replicate"` or `"circular"`. */
  mode?: PaddingMode;
  /** The fill value of constant padding (default 0). */
  value?: number;
}

/** Source position in `[0, size)` of padded position j (j < 0 or j >= size lies in the padding). */
function sourceIndex(mode: Exclude<PaddingMode, "constant">, j: number, size: number): number {
  if (mode === "replicate") return Math.min(Math.max(j, 0), size - 1);
  if (mode === "circular") return ((j % size) + size) % size;
  return j < 0 ? -j : j >= size ? 2 * (size - 1) - j : j; // reflect
}

/**
 * Pads (or, with negative amounts, crops) the last dimensions, like `F.pad`: `pad` lists
 * `[left, right]` of the last dimension, then of the one before, and so on (at most two per
 * dimension). Modes: `"constant"` (default; `value`, default 0) for any rank; `"reflect"` and
 * `"replicate"` for the last 1, 2 or 3 dimensions of a `[C, ...]` or `[N, C, ...]` input (reflect needs
 * each amount smaller than the size); `"circular"` for the last 1, 2 or 3 dimensions of an
 * `[N, C, ...]` input (amounts at most the size), as in PyTorch 1.13.
 * @example F.pad(bp.tensor([[1, 2]]), [1, 2]); // tensor([[0., 1., 2., 0., 0.]])
 */
export function pad(input: Tensor, pad: readonly number[], options: PadOptions = {}): Tensor {
  checkTensorInput("pad", input);
  const op = "pad";
  const mode = options.mode ?? "constant";
  if (!["constant", "reflect", "replicate", "circular"].includes(mode)) {
    throw new Error(`${op}: mode must be "constant", "reflect", "replicate" or "circular", got "${String(mode)}"`);
  }
  if (pad.some((v) => !Number.isInteger(v))) throw new Error(`${op}: padding amounts must be integers, got ${formatShape(pad)}`);
  if (pad.length % 2 !== 0) throw new Error(`${op}: padding length must be divisible by 2, got ${pad.length}`);
  const k = pad.length / 2;
  if (k > input.dim()) throw new Error(`${op}: padding length ${pad.length} is too large for an input of shape ${formatShape(input.shape)}`);
  if (mode !== "constant") {
    if ((options.value ?? 0) !== 0) throw new Error(`${op}: padding mode "${mode}" doesn't take in value argument`);
    if (k < 1 || k > 3 || input.dim() < k + 1 || input.dim() > k + 2) {
      throw new Error(
        `${op}: ${mode} padding of ${k} dimension(s) needs an input with ${k + 1} or ${k + 2} dimensions, got shape ${formatShape(input.shape)} ` +
          "(only 2D, 3D, 4D, 5D padding with non-constant padding are supported)",
      );
    }
    if (mode === "circular" && input.dim() !== k + 2) {
      throw new Error(`${op}: circular padding of ${k} dimension(s) needs a batched input with ${k + 2} dimensions, got shape ${formatShape(input.shape)}`);
    }
  }
  let x = input;
  for (let i = 0; i < k; i++) {
    const dim = input.dim() - 1 - i;
    const size = input.shape[dim];
    const left = pad[2 * i];
    const right = pad[2 * i + 1];
    if (size + left + right < 0 || (mode !== "constant" && size + left + right === 0)) {
      throw new Error(
        `${op}: the input size ${size}, plus negative padding ${left} and ${right}, resulted in a negative output size; ` +
          `check dimension ${dim} of the input`,
      );
    }
    if (mode === "reflect" && (left >= size || right >= size)) {
      throw new Error(`${op}: padding size should be less than the corresponding input dimension, but got: padding (${left}, ${right}) at dimension ${dim} of input ${formatShape(input.shape)}`);
    }
    if (mode === "circular" && (left > size || right > size)) {
      throw new Error(`${op}: padding value (${left}, ${right}) causes wrapping around more than once at dimension ${dim} of input ${formatShape(input.shape)}`);
    }
    // negative amounts crop first (circular padding then wraps the cropped part, as PyTorch does)
    const cropLeft = Math.max(-left, 0);
    const kept = size - cropLeft - Math.max(-right, 0);
    if (kept !== size) x = x.narrow(dim, cropLeft, Math.max(kept, 0));
    const l = Math.max(left, 0);
    const r = Math.max(right, 0);
    if (l === 0 && r === 0) continue;
    if (mode === "constant") {
      const block = (n: number): Tensor => full(x.shape.map((s, d) => (d === dim ? n : s)), options.value ?? 0, { dtype: x.dtype });
      x = cat([...(l > 0 ? [block(l)] : []), x, ...(r > 0 ? [block(r)] : [])], dim);
    } else {
      const index = new Int32Array(kept + l + r);
      for (let j = 0; j < index.length; j++) index[j] = sourceIndex(mode, j - l, kept);
      x = x.indexSelect(dim, new Tensor(index, [index.length]));
    }
  }
  return x;
}
