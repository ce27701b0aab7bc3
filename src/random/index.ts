export { RandomState, checkRandomState, seed, type RandomStateState, type Shuffleable, type Size } from "./random_state.ts";
