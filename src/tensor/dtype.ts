/** The element types a Tensor can hold: `"float32"` (default), `"float64"` (gradient checks), `"int32"` (labels, indices). */
export type DType = "float32" | "float64" | "int32";

/** The typed array behind a Tensor of each dtype. */
export type TypedArray = Float32Array | Float64Array | Int32Array;

/** Allocates a zero-filled typed array of `n` elements for `dtype`. */
export function allocate(dtype: DType, n: number): TypedArray {
  switch (dtype) {
    case "float32":
      return new Float32Array(n);
    case "float64":
      return new Float64Array(n);
    case "int32":
      return new Int32Array(n);
  }
}

/** The dtype that a typed array stores. */
export function dtypeOf(data: TypedArray): DType {
  if (data instanceof Float32Array) return "float32";
  if (data instanceof Float64Array) return "float64";
  return "int32";
}

/** True for float32 and float64: the dtypes that can carry gradients. */
export function isFloating(dtype: DType): boolean {
  return dtype !== "int32";
}

/** PyTorch's type promotion for two tensors: float64 > float32 > int32. */
export function promoteTypes(a: DType, b: DType): DType {
  if (a === "float64" || b === "float64") return "float64";
  if (a === "float32" || b === "float32") return "float32";
  return "int32";
}

/** Checks a dtype name given by a user. */
export function checkDType(op: string, dtype: string): DType {
  if (dtype === "float32" || dtype === "float64" || dtype === "int32") return dtype;
  throw new Error(`${op}: unknown dtype "${dtype}" (expected "float32", "float64" or "int32")`);
}
