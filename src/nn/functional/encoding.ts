/**
 * Encodings of class indices, like torch.nn.functional's `one_hot`.
 * @example nn.functional.oneHot(bp.tensor([0, 2], { dtype: "int32" }), 3); // [[1, 0, 0], [0, 0, 1]]
 */
export { oneHot } from "../../tensor/creation.ts";
