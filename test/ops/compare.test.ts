/** Comparisons against PyTorch (bool results, as PyTorch), with ties and broadcasting. */
import { checkFamilyCovered, checkOp } from "../helpers/parity.ts";

checkOp("eq", (a, b) => a.eq(b));
checkOp("ne", (a, b) => a.ne(b));
checkOp("gt", (a, b) => a.gt(b));
checkOp("lt", (a, b) => a.lt(b));
checkOp("ge", (a, b) => a.ge(b));
checkOp("le", (a, b) => a.le(b));
checkOp("eq_scalar", (a) => a.eq(2));
checkOp("ne_scalar", (a) => a.ne(2));
checkOp("gt_scalar", (a) => a.gt(2));
checkOp("lt_scalar", (a) => a.lt(2));
checkOp("ge_scalar", (a) => a.ge(2));
checkOp("le_scalar", (a) => a.le(2));
checkOp("gt_bcast_3x1_4", (a, b) => a.gt(b));

checkFamilyCovered("compare");
