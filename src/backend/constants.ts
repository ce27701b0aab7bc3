/** SELU's constants (Klambauer et al. 2017, "Self-Normalizing Neural Networks"), as PyTorch writes them. */
export const SELU_ALPHA = 1.6732632423543772; // 1.6732632423543772848170429916717
/** SELU's scale. */
export const SELU_SCALE = 1.0507009873554805; // 1.0507009873554804934193349852946
