/**
 * The element types a Tensor can hold: `"float32"` (default), `"float64"` (gradient checks), `"int32"`
 * (labels, indices) and `"bool"` (masks, comparison results; one byte per element, 0 or 1).
 */
export type DType = "float32" | "float64" | "int32" | "bool";

/** The typed array behind a Tensor of each dtype (Uint8Array for bool). */
export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;

/** Allocates a zero-filled typed array of `n` elements for `dtype`. */
export function allocate(dtype: DType, n: number): TypedArray {
  switch (dtype) {
    case "float32":
      return new Float32Array(n);
    case "float64":
      return new Float64Array(n);
    case "int32":
      return new Int32Array(n);
    case "bool":
      return new Uint8Array(n);
  }
}

/** The dtype that a typed array stores. */
export function dtypeOf(data: TypedArray): DType {
  if (data instanceof Float32Array) return "float32";
  if (data instanceof Float64Array) return "float64";
  if (data instanceof Uint8Array) return "bool";
  return "int32";
}

/** True for float32 and float64: the dtypes that can carry gradients. */
export function isFloating(dtype: DType): boolean {
  return dtype === "float32" || dtype === "float64";
}

/** PyTorch's type promotion for two tensors: float64 > float32 > int32 > bool. */
export function promoteTypes(a: DType, b: DType): DType {
  if (a === "float64" || b === "float64") return "float64";
  if (a === "float32" || b === "float32") return "float32";
  if (a === "int32" || b === "int32") return "int32";
  return "bool";
}

/** The kind of a dtype, for PyTorch's rule that a 0-d tensor raises only a lower kind: bool 0, int 1, float 2. */
export function dtypeKind(dtype: DType): number {
  return dtype === "bool" ? 0 : dtype === "int32" ? 1 : 2;
}

/** The float dtype an op that computes in floating point gives for `dtype` (float32 for int32 and bool). */
export function floatingOf(dtype: DType): DType {
  return isFloating(dtype) ? dtype : "float32";
}

/** Checks a dtype name given by a user. */
export function checkDType(op: string, dtype: string): DType {
  if (dtype === "float32" || dtype === "float64" || dtype === "int32" || dtype === "bool") return dtype;
  throw new Error(`${op}: unknown dtype "${dtype}" (expected "float32", "float64", "int32" or "bool")`);
}
