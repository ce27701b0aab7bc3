/** Shape helpers: element counts, strides, broadcasting and dimension checks. */

/** Number of elements of a shape (1 for a scalar `[]`). */
export function numel(shape: readonly number[]): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

/** Whether two shapes are the same, dimension by dimension. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

/** Row-major (C-contiguous) strides of a shape. */
export function contiguousStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

/** `[2, 3]` — the way PyTorch prints a shape, for error messages. */
export function formatShape(shape: readonly number[]): string {
  // bounded, so that an error about a hostile million-entry shape stays short
  if (shape.length <= 16) return `[${shape.join(", ")}]`;
  return `[${shape.slice(0, 12).join(", ")}, ... (${shape.length} sizes)]`;
}

/** The shape two shapes broadcast to, by NumPy / PyTorch rules, or an error naming `op`. */
export function broadcastShapes(op: string, a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  const offA = n - a.length;
  const offB = n - b.length;
  for (let i = 0; i < n; i++) {
    // leading dimensions missing from the shorter shape count as 1 (no out-of-range array reads)
    const da = i < offA ? 1 : a[i - offA];
    const db = i < offB ? 1 : b[i - offB];
    if (da !== db && da !== 1 && db !== 1) {
      throw new Error(
        `${op}: shapes ${formatShape(a)} and ${formatShape(b)} cannot be broadcast (size ${da} != ${db} at dimension ${i})`,
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Strides that read a tensor of `shape` as if it had `target` shape (0 on broadcast dimensions). */
export function broadcastStrides(shape: readonly number[], target: readonly number[]): number[] {
  const own = contiguousStrides(shape);
  const offset = target.length - shape.length;
  return target.map((_, i) => {
    const j = i - offset;
    return j < 0 || shape[j] === 1 ? 0 : own[j];
  });
}

/** Resolves a possibly negative dimension index against `ndim`, or throws naming `op`. */
export function normalizeDim(op: string, dim: number, ndim: number): number {
  const lo = -Math.max(ndim, 1);
  const hi = Math.max(ndim, 1) - 1;
  if (!Number.isInteger(dim) || dim < lo || dim > hi) {
    throw new Error(`${op}: dimension ${dim} out of range (expected to be in [${lo}, ${hi}])`);
  }
  return dim < 0 ? dim + Math.max(ndim, 1) : dim;
}

/** The most elements one tensor holds: V8's typed-array length limit in Node 20 (2^32 - 1); browsers may hold less. */
export const MAX_NUMEL = 2 ** 32 - 1;

/** Checks that every size is a non-negative integer and that the tensor fits in one typed array. */
export function checkShape(op: string, shape: readonly number[]): number[] {
  let n = 1;
  for (const s of shape) {
    if (!Number.isInteger(s) || s < 0) {
      throw new Error(`${op}: invalid shape ${formatShape(shape)} (sizes must be non-negative integers)`);
    }
    n *= s;
  }
  if (n > MAX_NUMEL) throw new Error(`${op}: shape ${formatShape(shape)} has ${n} elements, more than a tensor can hold (${MAX_NUMEL})`);
  return [...shape];
}

/** Splits a shape at `dim` into (outer, size, inner) element counts, for reductions along one dimension. */
export function splitAt(shape: readonly number[], dim: number): [number, number, number] {
  return [numel(shape.slice(0, dim)), shape[dim], numel(shape.slice(dim + 1))];
}
