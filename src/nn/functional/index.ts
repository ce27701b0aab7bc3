/**
 * nn.functional: activations, dropout, linear and the losses as plain functions, like
 * torch.nn.functional. The modules hold the options and delegate here.
 * @example
 * import { nn } from "backprop";
 * const F = nn.functional;
 * const loss = F.crossEntropy(F.relu(x).matmul(w), labels);
 */
export type { Reduction } from "./_common.ts";
export * from "./linear.ts";
export * from "./activation.ts";
export * from "./dropout.ts";
export * from "./loss.ts";
export * from "./normalization.ts";
export * from "./sparse.ts";
export * from "./distance.ts";
export * from "./padding.ts";
export * from "./encoding.ts";
