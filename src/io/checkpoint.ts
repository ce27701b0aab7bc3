import { Tensor } from "../tensor/tensor.ts";
import { readSafetensorsFile, writeSafetensorsFile, type SafetensorsTensor } from "./safetensors.ts";

/**
 * Saves named tensors (a module's `stateDict()`) as a safetensors file, atomically: the file is
 * written beside its destination, then renamed, so an existing file is never left half-written.
 * @example
 * bp.save(model.stateDict(), "runs/mnist/model.safetensors");
 */
export function save(state: Record<string, Tensor>, path: string, metadata?: Record<string, string>): void {
  const tensors: Record<string, SafetensorsTensor> = {};
  for (const [name, t] of Object.entries(state)) {
    if (!(t instanceof Tensor)) throw new Error(`save: "${name}" is not a Tensor`);
    tensors[name] = { dtype: t.dtype, shape: [...t.shape], data: t.data };
  }
  writeSafetensorsFile(path, tensors, metadata);
}

/**
 * Loads the named tensors of a safetensors file, ready for `module.loadStateDict(...)`.
 * @example
 * model.loadStateDict(bp.load("runs/mnist/model.safetensors"));
 */
export function load(path: string): Record<string, Tensor> {
  const { tensors } = readSafetensorsFile(path);
  const out: Record<string, Tensor> = {};
  for (const [name, t] of Object.entries(tensors)) out[name] = new Tensor(t.data, t.shape);
  return out;
}
