/** softmax / logSoftmax against PyTorch, including the seed's overflow example softmax([123, 456, 789]). */
import * as bp from "../../src/index.ts";
import { checkFamilyCovered, checkOp } from "../helpers/parity.ts";

checkOp("softmax_dim_neg1", (a) => a.softmax(-1));
checkOp("softmax_dim0", (a) => a.softmax(0));
checkOp("softmax_3d_dim1", (a) => bp.softmax(a, 1));
checkOp("softmax_large", (a) => a.softmax(0));
checkOp("softmax_seed_004", (a) => a.softmax(0));
checkOp("log_softmax_dim_neg1", (a) => a.logSoftmax(-1));
checkOp("log_softmax_dim0", (a) => a.logSoftmax(0));
checkOp("log_softmax_3d_dim_neg2", (a) => bp.logSoftmax(a, -2));
checkOp("log_softmax_large", (a) => a.logSoftmax(0));
checkOp("softmax_large_f32", (a) => a.softmax(0));
checkOp("softmax_0d", (a) => a.softmax(0));
checkOp("softmax_f32", (a) => a.softmax(1));
checkOp("log_softmax_f32", (a) => a.logSoftmax(1));

checkFamilyCovered("softmax");
