/**
 * nn.utils: helpers around training, like torch.nn.utils: gradient clipping.
 * @example
 * loss.backward();
 * nn.utils.clipGradNorm_(model.parameters(), 1.0);
 * optimizer.step();
 */
export { clipGradNorm_, type ClipGradNormOptions } from "./clip_grad_norm.ts";
export { clipGradValue_ } from "./clip_grad_value.ts";
export type { Parameters } from "./_parameters.ts";
