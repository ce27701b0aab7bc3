export { RandomState, checkRandomState, seed, type RandomStateState, type Shuffleable, type Size } from "./random_state.ts";
export { sampleWithoutReplacement, type SampleMethod, type SampleWithoutReplacementOptions } from "./sample_without_replacement.ts";
