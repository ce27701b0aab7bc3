/**
 * Keras's session-wide layer and model names: the first Dense is `dense`, the next `dense_1`, then
 * `dense_2`, ..., and models `sequential`, `sequential_1`, ..., counted per prefix as Keras does.
 */
const counters = new Map<string, number>();

/**
 * The next unique name for `prefix` (`dense`, then `dense_1`, `dense_2`, ...), as Keras's
 * `backend.unique_object_name`; with `zeroBased` false the first is `prefix_1` (Keras's `input_1`).
 * @example
 * keras.backend.uniqueName("dense"); // "dense", then "dense_1"
 */
export function uniqueName(prefix: string, zeroBased = true): string {
  const n = counters.get(prefix) ?? 0;
  counters.set(prefix, n + 1);
  if (!zeroBased) return `${prefix}_${n + 1}`;
  return n === 0 ? prefix : `${prefix}_${n}`;
}

/**
 * Resets the name counters, like `keras.backend.clear_session()`: the next Dense is `dense` again.
 * @example
 * keras.backend.clearSession();
 * new keras.layers.Dense({ units: 1 }).name; // "dense"
 */
export function clearSession(): void {
  counters.clear();
}

/** `"Dense"` -> `"dense"`, `"BatchNormalization"` -> `"batch_normalization"`: Keras's default name prefix. */
export function snakeCase(className: string): string {
  return className.replace(/([a-z0-9])([A-Z])/g, "$1_$2").replace(/([A-Z])([A-Z][a-z])/g, "$1_$2").toLowerCase();
}
