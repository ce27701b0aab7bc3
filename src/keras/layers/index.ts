export { Layer, type LayerConfig, type LayerOptions, type Json } from "./layer.ts";
export { Dense, type DenseOptions } from "./dense.ts";
export { Activation, type ActivationOptions } from "./activation.ts";
export { Dropout, type DropoutOptions } from "./dropout.ts";
export { Flatten } from "./flatten.ts";
export { Input, type InputOptions } from "./input.ts";
