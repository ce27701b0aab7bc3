/** matmul against PyTorch: 1-D and 2-D operands, batches, broadcast batch dims; forward and backward. */
import * as bp from "../../src/index.ts";
import { checkFamilyCovered, checkOp } from "../helpers/parity.ts";

checkOp("matmul_1d_1d", (a, b) => a.matmul(b));
checkOp("matmul_2d_2d", (a, b) => a.matmul(b));
checkOp("matmul_1d_2d", (a, b) => a.matmul(b));
checkOp("matmul_2d_1d", (a, b) => bp.matmul(a, b));
checkOp("matmul_3d_2d", (a, b) => a.matmul(b));
checkOp("matmul_2d_3d", (a, b) => a.matmul(b));
checkOp("matmul_3d_3d", (a, b) => a.matmul(b));
checkOp("matmul_bcast_batch", (a, b) => a.matmul(b));
checkOp("matmul_1d_3d", (a, b) => a.matmul(b));
checkOp("matmul_3d_1d", (a, b) => a.matmul(b));
checkOp("matmul_one_side_grad", (a, b) => a.matmul(b));
checkOp("matmul_f32", (a, b) => a.matmul(b));

checkFamilyCovered("matmul");
