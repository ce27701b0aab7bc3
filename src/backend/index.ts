export type { Backend, BinaryOp, ReduceOp, UnaryOp } from "./backend.ts";
export { jsBackend } from "./js.ts";
export { backend, kernels, setBackend } from "./registry.ts";
