import type { TypedArray } from "../tensor/dtype.ts";

/** Elementwise functions of one input. `clamp` reads `alpha` (min) and `beta` (max); `leakyRelu` and `elu` read `alpha`; `pow` reads `alpha` (exponent). */
export type UnaryOp =
  // more elementwise math (`round` reads `alpha` = decimals)
  | "tan" | "asin" | "acos" | "atan" | "sinh" | "cosh" | "asinh" | "acosh" | "atanh"
  | "log1p" | "expm1" | "log2" | "log10" | "exp2" | "rsqrt" | "floor" | "ceil" | "round" | "trunc" | "frac"
  | "neg" | "exp" | "log" | "sqrt" | "abs" | "sign" | "sigmoid" | "tanh" | "relu" | "erf"
  | "square" | "reciprocal" | "sin" | "cos" | "clamp" | "leakyRelu" | "elu" | "powScalar" | "step"
  // activations (nn.functional): softplus reads alpha (beta) and beta (threshold); celu, hardshrink and
  // softshrink read alpha (alpha, lambd)
  | "softplus" | "silu" | "mish" | "selu" | "celu" | "hardsigmoid" | "hardswish" | "logsigmoid" | "softsign"
  | "tanhshrink" | "hardshrink" | "softshrink"
  // value tests and logical not: write 1 or 0 (into a bool output)
  | "logicalNot" | "isnan" | "isinf" | "isposinf" | "isneginf" | "isfinite";

/**
 * Elementwise functions of two broadcast inputs. Comparisons and logical ops write 1 or 0; into a bool
 * output every op writes 1 for a nonzero result (bool + bool is logical or, bool * bool logical and).
 */
export type BinaryOp =
  | "add" | "sub" | "mul" | "div" | "pow" | "maximum" | "minimum"
  | "eq" | "ne" | "gt" | "lt" | "ge" | "le"
  | "logicalAnd" | "logicalOr" | "logicalXor"
  // more elementwise math
  | "atan2" | "fmod" | "remainder" | "hypot" | "floorDivide";

/** Reductions along one dimension. */
export type ReduceOp = "sum" | "max" | "min" | "prod";

/** Inclusive scans along one dimension (`cumsum`, `cumprod`). */
export type ScanOp = "sum" | "prod";

/**
 * Activations whose gradient `unaryBackward` computes in one pass, and what each reads: `relu` (x),
 * `leakyRelu` (x; `alpha` = negative slope), `elu` (x and y; `alpha`), `sigmoid` (y), `tanh` (y),
 * `gelu` (x; the exact, erf form); and, reading x: `softplus` (`alpha` = beta, `beta` = threshold),
 * `silu`, `mish`, `selu`, `celu` (`alpha`), `hardtanh` (`alpha` = min, `beta` = max), `hardsigmoid`,
 * `hardswish`, `logsigmoid`, `softsign`, `tanhshrink`, `shrink` (hard- and softshrink; `alpha` = lambd).
 */
export type UnaryGradOp = "relu" | "leakyRelu" | "elu" | "sigmoid" | "tanh" | "gelu"
  | "softplus" | "silu" | "mish" | "selu" | "celu" | "hardtanh" | "hardsigmoid" | "hardswish" | "logsigmoid"
  | "softsign" | "tanhshrink" | "shrink";

/** Hyper-parameters of one `sgdUpdate` (PyTorch 1.13's SGD; see optim/sgd.ts for the rule). */
export interface SGDHyper {
  lr: number;
  momentum: number;
  dampening: number;
  weightDecay: number;
  nesterov: boolean;
  maximize: boolean;
  /** True on a parameter's first step with momentum: the buffer is set to the gradient, not decayed. */
  firstStep: boolean;
}

/** Hyper-parameters of one `adamUpdate` (PyTorch 1.13's Adam / AdamW; see optim/adam.ts for the rule). */
export interface AdamHyper {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  /** AdamW's decoupled decay `θ ← θ(1 - γλ)` instead of Adam's L2 penalty `g ← g + λθ`. */
  decoupled: boolean;
  maximize: boolean;
  /** The step number t of this update, 1 on the first. */
  step: number;
}

/** What `gemmBlocks` hands each block to: the block's values, where it starts, its place and its size. */
export type BlockVisitor = (block: TypedArray, offset: number, i0: number, j0: number, rows: number, cols: number) => void;

/**
 * The compute kernels every op runs on. Each works on contiguous typed arrays described by sizes and
 * strides, so a faster backend (WebAssembly SIMD, worker threads) can replace the plain-TS one without
 * touching ops or autograd. Kernels write into `out`, which the caller allocates.
 */
export interface Backend {
  /** A short name reported by `bp.backend()`. */
  readonly name: string;

  /**
   * General matrix multiply, `C = op(A) · op(B)`, overwriting C (`m x n`), or `C += op(A) · op(B)`
   * when `accumulate` (a gradient added straight into an existing `.grad`). op(A) is `m x k`: A is
   * stored `m x k`, or `k x m` when `transA`. op(B) is `k x n`: B is stored `k x n`, or `n x k` when
   * `transB`. Offsets select one matrix of a batch inside larger arrays.
   */
  gemm(
    a: TypedArray, aOffset: number, transA: boolean,
    b: TypedArray, bOffset: number, transB: boolean,
    out: TypedArray, outOffset: number,
    m: number, k: number, n: number, accumulate?: boolean,
  ): void;

  /**
   * `C = A · Bᵀ` (A `m x k`, B `n x k`, row-major, one dtype), handed out block by block instead of
   * stored whole: each block of at most `rows x cols` goes to `visit(block, offset, i0, j0, blockRows,
   * blockCols)`, where `block[offset + r * blockCols + c]` is `C[i0 + r, j0 + c]` and is valid only
   * during that call. Blocks come by column block (j0 ascending), then row block (i0 ascending), so each
   * row of C is visited in increasing column order. A backend with threads may compute the next block
   * while `visit` runs; `visit` must not call kernels. (The k-nearest-neighbour search's distances.)
   */
  gemmBlocks(a: TypedArray, b: TypedArray, m: number, k: number, n: number, rows: number, cols: number, visit: BlockVisitor): void;

  /**
   * scikit-learn's ArgKmin for euclidean distances in the GEMM form: for each row i of q (`n x d`), the
   * squared distances `(-2 q_i·x_j + qn_i) + fn_j` (float64, in that order) to the rows x_j of x (`m x d`)
   * are fed in increasing j into row i's max-heap of k in `values` / `indices` (`n x k`, filled with
   * +Infinity / -1 first, or holding earlier candidates), which refuses a value equal to its largest.
   * `qn` / `fn` are the rows' squared norms. The products are computed `rows x cols` at a time (memory
   * stays at one block); threads share each block's product and its heap updates.
   */
  argKminEuclidean(
    q: TypedArray, x: TypedArray, n: number, d: number, m: number, qn: Float64Array, fn: Float64Array,
    values: Float64Array, indices: Int32Array, k: number, rows: number, cols: number,
  ): void;

  /** `out[i] = f(x[i])` for the unary function `op`; `alpha` / `beta` are its scalar parameters. */
  unary(op: UnaryOp, x: TypedArray, out: TypedArray, alpha?: number, beta?: number): void;

  /**
   * `out[i] = f(a[ia], b[ib])` over the broadcast `shape`, where `ia` and `ib` follow `aStrides` and
   * `bStrides` (0 on broadcast dimensions).
   */
  binary(
    op: BinaryOp, a: TypedArray, aStrides: readonly number[],
    b: TypedArray, bStrides: readonly number[], out: TypedArray, shape: readonly number[],
  ): void;

  /** Reduces x seen as `[outer, size, inner]` along the middle axis into `out` (`[outer, inner]`). */
  reduce(op: ReduceOp, x: TypedArray, out: TypedArray, outer: number, size: number, inner: number): void;

  /** Index of the max (or min) along the middle axis of `[outer, size, inner]`; the first one on ties. */
  argReduce(op: "max" | "min", x: TypedArray, out: Int32Array, outer: number, size: number, inner: number): void;

  /**
   * Inclusive scan along the middle axis of `[outer, size, inner]`: `out[o, s, i] = x[o, 0, i] (op) ...
   * (op) x[o, s, i]`, accumulated in order in float64 (`cumsum`, `cumprod`); with `reverse`, from the
   * end: `out[o, s, i] = x[o, s, i] (op) ... (op) x[o, size - 1, i]` (cumsum's gradient).
   */
  scan(op: ScanOp, x: TypedArray, out: TypedArray, outer: number, size: number, inner: number, reverse?: boolean): void;

  /**
   * The gradient of `cumprod` along the middle axis of `[outer, size, inner]`, exact with zeros in x:
   * `gx[k] = Σ_{j >= k} g[j] · Π_{i <= j, i != k} x[i]`.
   */
  cumprodBackward(x: TypedArray, g: TypedArray, gx: TypedArray, outer: number, size: number, inner: number): void;

  /**
   * Sorts each slice along the middle axis of `[outer, size, inner]` into `values`, with the source
   * positions in `indices`: ascending, or descending when `descending`; NaN sorts as larger than every
   * number. With `stable`, equal values keep their order; without, they come in the order of PyTorch's
   * CPU sort (libstdc++'s introsort, which is stable up to 16 elements).
   */
  sort(
    x: TypedArray, values: TypedArray, indices: Int32Array, outer: number, size: number, inner: number,
    descending: boolean, stable: boolean,
  ): void;

  /**
   * The k largest (or smallest) of each slice along the middle axis of `[outer, size, inner]` into
   * `values` / `indices` (`[outer, k, inner]`), NaN the largest, in PyTorch's CPU order (a partial sort
   * when k · 64 <= size, else nth_element and a sort of the first k - 1 when `sorted`).
   */
  topk(
    x: TypedArray, values: TypedArray, indices: Int32Array, outer: number, size: number, inner: number,
    k: number, largest: boolean, sorted: boolean,
  ): void;

  /**
   * The k-th smallest (k from 1; NaN the largest) of each slice along the middle axis of
   * `[outer, size, inner]` and its position, into `values` / `indices` (`[outer, inner]`), by PyTorch's
   * quick-select (which decides the position among equal values).
   */
  kthvalue(x: TypedArray, values: TypedArray, indices: Int32Array, outer: number, size: number, inner: number, k: number): void;

  /**
   * The most frequent value of each slice along the middle axis of `[outer, size, inner]` (the smallest
   * of equally frequent ones) and a position of it, into `values` / `indices` (`[outer, inner]`): the
   * last of its run after PyTorch's CPU sort of the slice.
   */
  mode(x: TypedArray, values: TypedArray, indices: Int32Array, outer: number, size: number, inner: number): void;

  /** Softmax (or log-softmax) along the middle axis of `[outer, size, inner]`, subtracting the max first. */
  softmax(x: TypedArray, out: TypedArray, outer: number, size: number, inner: number, log: boolean): void;

  /**
   * The write side of `copyStrided`: copies contiguous x of `shape` into `out`, element `idx` going to
   * `out[offset + Σ idx[d]·strides[d]]`, converting to out's element type (cat writes each input into
   * its block of the result; slicing backwards place a gradient inside zeros).
   */
  copyIntoStrided(x: TypedArray, out: TypedArray, offset: number, strides: readonly number[], shape: readonly number[]): void;

  /** Copies x, read with `strides` (any layout, 0 for broadcast), into contiguous `out` of `shape`. */
  copyStrided(x: TypedArray, offset: number, strides: readonly number[], out: TypedArray, shape: readonly number[]): void;

  /**
   * Converts x into out's dtype, element by element: to int32 truncates toward zero, to bool writes 1
   * for every nonzero value (NaN included) and 0 for zero, to float32 rounds to nearest.
   */
  cast(x: TypedArray, out: TypedArray): void;

  /**
   * `out[i] = cond[ic] !== 0 ? a[ia] : b[ib]` over the broadcast `shape`, each operand read with its
   * strides (0 on broadcast dimensions). The value not picked is never read into the result, so a NaN
   * there leaves no trace (masked gradients are written this way: exact zeros where the mask is off).
   */
  where(
    cond: TypedArray, condStrides: readonly number[], a: TypedArray, aStrides: readonly number[],
    b: TypedArray, bStrides: readonly number[], out: TypedArray, shape: readonly number[],
  ): void;

  // ---- indexing: values moved at offsets the op computed (see js_index.ts)

  /** `out[i] = x[offsets[i]]` (advanced indexing, gather, masked select). */
  gatherAt(x: TypedArray, offsets: Int32Array, out: TypedArray): void;

  /**
   * `out[offsets[i]] = src[i]` (mode "set"; the last write wins on repeated offsets), `+=` ("add") or
   * `*=` ("multiply"); a `src` of length 1 is one value for every offset (indexPut_, scatter, masks).
   */
  scatterAt(src: TypedArray, offsets: Int32Array, out: TypedArray, mode: "set" | "add" | "multiply"): void;

  /** Slices of x `[outer, size, inner]` at positions `index` into out `[outer, index.length, inner]`. */
  indexSelect(x: TypedArray, index: Int32Array, out: TypedArray, outer: number, size: number, inner: number): void;

  /** Adds slice j of src `[outer, index.length, inner]` into slice `index[j]` of out `[outer, size, inner]`. */
  indexAdd(src: TypedArray, index: Int32Array, out: TypedArray, outer: number, size: number, inner: number): void;

  /** `out[i] = value`. */
  fill(out: TypedArray, value: number): void;

  /** The flat positions (ascending) of the non-zero values of x (NaN is non-zero). */
  nonzeroFlat(x: TypedArray): Int32Array;

  // ---- fused kernels for the hot paths of training

  /**
   * The gradient of an elementwise activation in one pass, `out[i] = g[i] · f'(x[i])`, from the input
   * x and/or the output y = f(x) (see `UnaryGradOp` for which; the other may be null). PyTorch's rules
   * at the edges: relu passes g where x > 0 or x is NaN and writes 0 elsewhere (even for a NaN g);
   * leakyRelu `x > 0 ? g : g·alpha`; elu `x <= 0 ? g·(y + alpha) : g`; sigmoid `g·y·(1 - y)`; tanh
   * `g·(1 - y²)`; gelu `g·(Φ(x) + x·φ(x))`; the nn.functional activations as PyTorch's backward
   * kernels (src/backend/js_fused.ts has each formula). `alpha` / `beta` are the op's parameters.
   */
  unaryBackward(
    op: UnaryGradOp, x: TypedArray | null, y: TypedArray | null, g: TypedArray, out: TypedArray, alpha?: number, beta?: number,
  ): void;

  /** Adds `bias` (`cols` values) to every row of `y` (`rows x cols`), in place: the bias epilogue of linear. */
  addRowBias(y: TypedArray, bias: TypedArray, rows: number, cols: number): void;

  /**
   * Column sums of x (`rows x cols`) into `out` (`cols`): `out[j] = Σ_i x[i, j]`, accumulated in row
   * order in float64 like `reduce("sum")` (linear's bias gradient).
   */
  sumRows(x: TypedArray, out: TypedArray, rows: number, cols: number): void;

  /**
   * Softmax cross-entropy of `logits` (`rows x classes`) against int32 class indices `targets`
   * (each in `[0, classes)`, checked by the caller), one pass per row: writes the probabilities
   * `softmax(x)` into `probs` and `loss[r] = -log softmax(x_r)[t_r]`, and returns the sum of the losses
   * (accumulated in float64).
   */
  softmaxCrossEntropy(
    logits: TypedArray, targets: Int32Array, probs: TypedArray, loss: TypedArray, rows: number, classes: number,
  ): number;

  /**
   * The gradient of `softmaxCrossEntropy` with respect to the logits:
   * `out[r, c] = (probs[r, c] - [c == t_r]) · g_r · scale`, where `g` holds one upstream gradient per
   * row, or a single one for every row (length 1), and `scale` is the reduction's factor (1/rows for mean).
   */
  softmaxCrossEntropyBackward(
    probs: TypedArray, targets: Int32Array, g: TypedArray, scale: number, out: TypedArray, rows: number, classes: number,
  ): void;

  /**
   * One SGD step on one parameter, in place, with PyTorch's arithmetic in PyTorch's order:
   * `d = ±g (+ λθ)`; with momentum `b = first ? d : μb + (1 - τ)d`, `d = nesterov ? d + μb : b`;
   * `θ = θ - γd`. `momentumBuffer` is null when momentum is 0.
   */
  sgdUpdate(param: TypedArray, grad: TypedArray, momentumBuffer: TypedArray | null, hyper: SGDHyper): void;

  /**
   * One Adam / AdamW step on one parameter, in place, with PyTorch's arithmetic in PyTorch's order:
   * `m = β1 m + (1 - β1)g`, `v = β2 v + (1 - β2)g²`, `denom = sqrt(v (or max v)) / sqrt(1 - β2^t) + ε`,
   * `θ = θ - (γ / (1 - β1^t)) m / denom`. `maxExpAvgSq` (the running max of v) is non-null for AMSGrad.
   */
  adamUpdate(
    param: TypedArray, grad: TypedArray, expAvg: TypedArray, expAvgSq: TypedArray, maxExpAvgSq: TypedArray | null, hyper: AdamHyper,
  ): void;

  /**
   * Pairwise distances between the rows of x1 (`n x d`) and x2 (`m x d`) into `out` (`n x m`):
   * `out[i, j] = ||x1_i - x2_j||_p` for p = 1 (Manhattan) or 2 (Euclidean). Identical rows give 0.
   */
  cdist(x1: TypedArray, x2: TypedArray, out: TypedArray, n: number, m: number, d: number, p: 1 | 2): void;

  /**
   * The gradients of `cdist` given its result `dist` and upstream gradient `g` (`n x m`), into `gx1`
   * (`n x d`) and `gx2` (`m x d`) (either may be null): with `w = g · sign(x1_i - x2_j)` for p = 1 and
   * `w = g · (x1_i - x2_j) / dist` for p = 2 (0 where dist is 0), `gx1_i = Σ_j w` and `gx2_j = -Σ_i w`.
   */
  cdistBackward(
    x1: TypedArray, x2: TypedArray, dist: TypedArray, g: TypedArray, gx1: TypedArray | null, gx2: TypedArray | null,
    n: number, m: number, d: number, p: 1 | 2,
  ): void;
}
