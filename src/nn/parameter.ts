import { Tensor } from "../tensor/tensor.ts";
import { allocate } from "../tensor/dtype.ts";
import { describeNonTensor } from "../tensor/format.ts";

/**
 * A tensor that is a learnable parameter of a {@link Module}, like `torch.nn.Parameter`: a leaf that
 * requires grad by default, found automatically by `Module.parameters()` when a module holds it in a
 * field. `new Parameter(t)` shares `t`'s data (no copy) and starts a fresh leaf, cut from any graph.
 *
 * Defaults: `requiresGrad = true`; with no tensor, an empty float32 tensor of shape `[0]`.
 * @example
 * const w = new nn.Parameter(bp.randn(3, 2));
 * w.requiresGrad; // true
 * w.isLeaf;       // true
 */
export class Parameter extends Tensor {
  constructor(data?: Tensor, requiresGrad = true) {
    if (data !== undefined && !(data instanceof Tensor)) throw new Error(`Parameter: argument 'data' must be a Tensor, not ${describeNonTensor(data)}`);
    const source = data ?? new Tensor(allocate("float32", 0), [0]);
    super(source.data, source.shape);
    if (requiresGrad) this.requiresGrad_(true);
  }

  /** PyTorch's printout: `Parameter containing:` followed by the tensor. */
  override toString(): string {
    return `Parameter containing:\n${super.toString()}`;
  }
}
