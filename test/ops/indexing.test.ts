/** gather, indexSelect and where against PyTorch; repeated indices accumulate their gradients. */
import * as bp from "../../src/index.ts";
import { checkFamilyCovered, checkOp } from "../helpers/parity.ts";

checkOp("gather_dim1", (a, i) => a.gather(1, i));
checkOp("gather_dim0_repeats", (a, i) => a.gather(0, i));
checkOp("gather_dim_neg1_3d", (a, i) => bp.gather(a, -1, i));
checkOp("gather_smaller_index", (a, i) => a.gather(1, i));
checkOp("index_select_dim0", (a, i) => a.indexSelect(0, i));
checkOp("index_select_dim1", (a, i) => a.indexSelect(1, i));
checkOp("index_select_dim_neg1_3d", (a, i) => bp.indexSelect(a, -1, i));
checkOp("index_select_empty", (a, i) => a.indexSelect(0, i));
checkOp("where_float_cond", (c, a, b) => bp.where(c.ne(0), a, b));
checkOp("where", (c, a, b) => bp.where(c.bool(), a, b));
checkOp("where_bcast", (c, a, b) => bp.where(c.bool(), a, b));
checkOp("where_scalar", (c, a) => bp.where(c.bool(), a, 0));
checkOp("where_scalar_first", (c, b) => bp.where(c.bool(), 0.5, b));

checkFamilyCovered("indexing");
