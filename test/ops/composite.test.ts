/** Whole graphs against PyTorch: several ops, a reused tensor (copy node), a small two-layer net. */
import { checkFamilyCovered, checkOp } from "../helpers/parity.ts";

checkOp("mse_w", (w, x, y) => w.mul(x).sub(y).pow(2).mean());
checkOp("two_layer", (x, w1, b1, w2) => x.matmul(w1).add(b1).relu().matmul(w2).logSoftmax(1));
checkOp("clone", (a) => a.clone().mul(a));
checkOp("cast_f64_f32_f64", (a) => a.float().mul(3).double().mul(a), { atol: 1e-7, rtol: 1e-7 });
checkOp("detach_branch", (a) => a.mul(a.detach().exp()));
checkOp("reuse", (a) => a.mul(a.exp()).add(a.sigmoid().mul(a)));

checkFamilyCovered("composite");
