/** cat and stack against PyTorch: forward and the gradient slices back to each input. */
import * as bp from "../../src/index.ts";
import { checkFamilyCovered, checkOp } from "../helpers/parity.ts";

checkOp("cat_dim0", (a, b) => bp.cat([a, b], 0));
checkOp("cat_dim1", (a, b) => bp.cat([a, b], 1));
checkOp("cat_dim_neg1_three", (a, b, c) => bp.cat([a, b, c], -1));
checkOp("cat_same_twice", (a) => bp.cat([a, a]));
checkOp("stack_dim0", (a, b) => bp.stack([a, b]));
checkOp("stack_dim1", (a, b, c) => bp.stack([a, b, c], 1));
checkOp("stack_dim_neg1", (a, b) => bp.stack([a, b], -1));

checkFamilyCovered("join");
