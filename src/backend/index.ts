export type { Backend, BinaryOp, ReduceOp, UnaryOp } from "./backend.ts";
export { jsBackend } from "./js.ts";
export { backend, kernels, setBackend, wasmBackend } from "./registry.ts";
