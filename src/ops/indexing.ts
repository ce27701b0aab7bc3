import { allocate } from "../tensor/dtype.ts";
import { Tensor } from "../tensor/tensor.ts";
import { contiguousStrides, formatShape, normalizeDim, numel } from "../tensor/shape.ts";
import { record } from "../autograd/node.ts";

function checkIndex(op: string, index: Tensor): void {
  if (index.dtype !== "int32") throw new Error(`${op}: index must be an int32 tensor, got ${index.dtype}`);
}

/** Position in `x` (of `shape`) of each element of `index`, with `dim` replaced by the index value. */
function gatherOffsets(op: string, shape: readonly number[], dim: number, index: Tensor): Int32Array {
  const xStrides = contiguousStrides(shape);
  const iStrides = contiguousStrides(index.shape);
  const offsets = new Int32Array(index.numel());
  for (let flat = 0; flat < offsets.length; flat++) {
    let rest = flat;
    let off = 0;
    for (let d = 0; d < index.dim(); d++) {
      const c = Math.floor(rest / iStrides[d]);
      rest -= c * iStrides[d];
      if (d === dim) {
        const v = index.data[flat];
        if (v < 0 || v >= shape[d]) {
          throw new Error(`${op}: index ${v} is out of bounds for dimension ${d} with size ${shape[d]}`);
        }
        off += v * xStrides[d];
      } else off += c * xStrides[d];
    }
    offsets[flat] = off;
  }
  return offsets;
}

/**
 * `out[i][j] = x[i][index[i][j]]` for dim 1 (and likewise in any rank), like `torch.gather`.
 * @example bp.tensor([[1, 2], [3, 4]]).gather(1, bp.tensor([[1], [0]], { dtype: "int32" })); // [[2], [3]]
 */
export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  checkIndex("gather", index);
  const d = normalizeDim("gather", dim, x.dim());
  if (index.dim() !== x.dim() || index.shape.some((s, i) => i !== d && s > x.shape[i])) {
    throw new Error(`gather: index of shape ${formatShape(index.shape)} does not fit input of shape ${formatShape(x.shape)} at dim ${d}`);
  }
  const offsets = gatherOffsets("gather", x.shape, d, index);
  const out = new Tensor(allocate(x.dtype, offsets.length), index.shape);
  for (let i = 0; i < offsets.length; i++) out.data[i] = x.data[offsets[i]];
  // d gather/dx: each picked position receives its gradient (scatter-add)
  return record(out, "Gather", [x], (g) => [scatterAdd(g, x.shape, offsets)]);
}

function scatterAdd(g: Tensor, shape: readonly number[], offsets: Int32Array): Tensor {
  const out = new Tensor(allocate(g.dtype, numel(shape)), shape);
  for (let i = 0; i < offsets.length; i++) out.data[offsets[i]] += g.data[i];
  return out;
}

/**
 * Whole slices along `dim` at the positions in a 1-D int32 `index`, like `torch.index_select`.
 * @example bp.eye(3).indexSelect(0, bp.tensor([2, 0], { dtype: "int32" })); // rows 2 and 0
 */
export function indexSelect(x: Tensor, dim: number, index: Tensor): Tensor {
  checkIndex("indexSelect", index);
  if (index.dim() > 1) throw new Error(`indexSelect: index must be 1-D, got shape ${formatShape(index.shape)}`);
  const d = normalizeDim("indexSelect", dim, x.dim());
  const size = x.dim() === 0 ? 1 : x.shape[d];
  const inner = numel(x.shape.slice(d + 1));
  const outer = numel(x.shape.slice(0, d));
  const n = index.numel();
  for (const v of index.data) {
    if (v < 0 || v >= size) throw new Error(`indexSelect: index ${v} is out of bounds for dimension ${d} with size ${size}`);
  }
  const shape = [...x.shape];
  if (shape.length > 0) shape[d] = n;
  const out = new Tensor(allocate(x.dtype, outer * n * inner), shape);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < n; j++) {
      const src = (o * size + index.data[j]) * inner;
      out.data.set(x.data.subarray(src, src + inner), (o * n + j) * inner);
    }
  }
  // d indexSelect/dx: each selected slice adds its gradient back to its source
  return record(out, "IndexSelect", [x], (g) => {
    const gx = new Tensor(allocate(g.dtype, x.numel()), x.shape);
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < n; j++) {
        const dst = (o * size + index.data[j]) * inner;
        const src = (o * n + j) * inner;
        for (let i = 0; i < inner; i++) gx.data[dst + i] += g.data[src + i];
      }
    }
    return [gx];
  });
}
