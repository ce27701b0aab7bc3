/** Shape ops against PyTorch: values move where PyTorch moves them and gradients move back. */
import * as bp from "../../src/index.ts";
import { checkFamilyCovered, checkOp } from "../helpers/parity.ts";

checkOp("reshape", (a) => a.reshape(4, 3));
checkOp("reshape_infer", (a) => a.reshape([2, -1]));
checkOp("view_3d", (a) => a.view(2, 3, 2));
checkOp("reshape_to_0d", (a) => a.reshape([]));
checkOp("transpose", (a) => a.transpose(0, 1));
checkOp("transpose_neg", (a) => bp.transpose(a, -1, -3));
checkOp("t", (a) => a.t());
checkOp("permute", (a) => a.permute(2, 0, 1));
checkOp("permute_neg", (a) => bp.permute(a, [-2, -1, -3]));
checkOp("flatten", (a) => a.flatten());
checkOp("flatten_1", (a) => a.flatten(1));
checkOp("flatten_0_1", (a) => bp.flatten(a, 0, 1));
checkOp("unsqueeze_0", (a) => a.unsqueeze(0));
checkOp("unsqueeze_neg1", (a) => bp.unsqueeze(a, -1));
checkOp("squeeze", (a) => a.squeeze());
checkOp("squeeze_dim", (a) => a.squeeze(2));
checkOp("squeeze_dim_not_one", (a) => bp.squeeze(a, 1));
checkOp("narrow", (a) => a.narrow(1, 1, 2));
checkOp("narrow_neg_dim", (a) => bp.narrow(a, -1, 0, 3));
checkOp("narrow_dim0", (a) => a.narrow(0, 1, 1));
checkOp("expand", (a) => a.expand(2, 3, 4));
checkOp("expand_keep", (a) => a.expand([3, -1, 4]));
checkOp("expand_0d", (a) => bp.expand(a, [2, 3]));
checkOp("unsqueeze_0d", (a) => a.unsqueeze(0));
checkOp("flatten_0d", (a) => a.flatten());
checkOp("squeeze_0d", (a) => a.squeeze());
checkOp("narrow_empty", (a) => a.narrow(1, 2, 0));
checkOp("select", (a) => a.select(1, 2));
checkOp("select_neg", (a) => bp.select(a, 0, -1));

checkFamilyCovered("shape");
