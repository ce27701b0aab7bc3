/*
 * The kernels of backprop's WebAssembly backend (AssemblyScript, built by `npm run build:wasm` into
 * ../kernels.generated.ts). Every kernel works on float32 buffers at byte addresses in the imported
 * memory, which the JS side lays out (../module.ts); nothing here allocates.
 */
export { gemm, gemmWorkBytes } from "./gemm";
export { binaryCol, binaryRow, binaryScalar, binarySame, unary } from "./elementwise";
export { argReduce, reduce, softmax } from "./reduce";
export { adamUpdate, reluBackward, sgdUpdate, unaryBackward } from "./fused";
export { cdist } from "./distance";
export { argkminEuclidean } from "./argkmin";

/** The first byte past the module's static data: the JS side lays out its buffers from here. */
export function heapBase(): usize {
  return __heap_base;
}
