/**
 * A short description of a bad argument for error messages: `null`, `an array`, `a Foo` (an object by its
 * class), or `number 3` / `string "x"`-style for primitives.
 * @example describe([1]); // "an array"
 */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? `a ${value.constructor?.name ?? "object"}` : `${typeof value} ${String(value)}`;
}
