import { Tensor } from "../../tensor/tensor.ts";
import { allocate } from "../../tensor/dtype.ts";
import { formatShape } from "../../tensor/shape.ts";
import { record } from "../../autograd/node.ts";
import { noGrad } from "../../autograd/grad_mode.ts";
import { where } from "../../ops/where.ts";
import { resolvePaddingIdx, checkTensorInput } from "../_checks.ts";

/* nn.functional's embedding lookup, like torch.nn.functional.embedding. */

/** Options of `embedding` (and of `Embedding`). */
export interface EmbeddingOptions {
  /** This row gets no gradient (negative counts from the end; default none). */
  paddingIdx?: number | null;
  /** Rows looked up whose `normType`-norm exceeds this are renormalised to it, in place (default none). */
  maxNorm?: number | null;
  /** The p of the norm for `maxNorm` (default 2). */
  normType?: number;
  /** Scale each row's gradient by 1 / (its number of occurrences in the input) (default false). */
  scaleGradByFreq?: boolean;
}

/** PyTorch's embedding_renorm_: each looked-up row with norm > maxNorm is scaled by maxNorm / (norm + 1e-7), in place. */
function renorm(weight: Tensor, rows: number[], maxNorm: number, p: number): void {
  noGrad(() => {
    const index = new Tensor(Int32Array.from(rows), [rows.length]);
    const picked = weight.indexSelect(0, index).abs();
    const norms = p === Infinity ? (picked.max(1) as { values: Tensor }).values : picked.pow(p).sum(1).pow(1 / p);
    const factor = allocate(weight.dtype, weight.shape[0]).fill(1);
    rows.forEach((r, i) => {
      const n = norms.data[i];
      if (n > maxNorm) factor[r] = maxNorm / (n + 1e-7);
    });
    weight.mul_(new Tensor(factor, [weight.shape[0], 1]));
  });
}

/**
 * Looks up rows of `weight` (`[numEmbeddings, embeddingDim]`) by the int32 indices in `input`, like
 * `F.embedding`: output `[...input.shape, embeddingDim]`. The gradient of a row is the sum of the
 * gradients of its lookups (none for `paddingIdx`; divided by the row's count in the input with
 * `scaleGradByFreq`). With `maxNorm`, looked-up rows whose norm exceeds it are first renormalised in
 * place, as PyTorch does.
 * @example F.embedding(bp.tensor([[0, 2]], { dtype: "int32" }), bp.randn(5, 3)).shape; // [1, 2, 3]
 */
export function embedding(input: Tensor, weight: Tensor, options: EmbeddingOptions = {}): Tensor {
  checkTensorInput("embedding", input);
  checkTensorInput("embedding", weight, "weight");
  if (input.dtype !== "int32") throw new Error(`embedding: indices must be an int32 tensor, got ${input.dtype}`);
  if (weight.dim() !== 2) throw new Error(`embedding: weight must be 2-D [numEmbeddings, embeddingDim], got shape ${formatShape(weight.shape)}`);
  const [rows, dim] = weight.shape;
  const pad = resolvePaddingIdx("embedding", options.paddingIdx, rows);
  const counts = new Map<number, number>();
  for (const v of input.data) {
    if (v < 0 || v >= rows) throw new Error(`embedding: index ${v} is out of range for ${rows} embeddings`);
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  if (options.maxNorm !== null && options.maxNorm !== undefined) renorm(weight, [...counts.keys()].sort((a, b) => a - b), options.maxNorm, options.normType ?? 2);
  const flat = input.detach().reshape([input.numel()]);
  const gathered = weight.indexSelect(0, flat);
  const scaleGrad = options.scaleGradByFreq ?? false;
  if (pad === null && !scaleGrad) return gathered.reshape([...input.shape, dim]);
  // the same values; the gradient of each lookup scaled by 1 / count and cut at the padding row
  const n = flat.numel();
  const scale = allocate(gathered.dtype, n);
  const isPad = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = flat.data[i];
    scale[i] = scaleGrad ? 1 / counts.get(v)! : 1;
    isPad[i] = v === pad ? 1 : 0;
  }
  const out = record(new Tensor(gathered.data, gathered.shape), "Embedding", [gathered], (g) => {
    const scaled = scaleGrad ? g.mul(new Tensor(scale, [n, 1])) : g;
    // the mask through a comparison, so it is whatever dtype comparisons return (int32 0/1 or bool)
    return [pad === null ? scaled : where(new Tensor(isPad, [n, 1]).ne(0), 0, scaled)];
  });
  return out.reshape([...input.shape, dim]);
}
