/** Elementwise functions and activations against PyTorch: forward and backward, kinks and tails. */
import * as bp from "../../src/index.ts";
import { checkFamilyCovered, checkOp } from "../helpers/parity.ts";

checkOp("neg", (a) => a.neg());
checkOp("exp", (a) => a.exp());
checkOp("log", (a) => a.log());
checkOp("sqrt", (a) => a.sqrt());
checkOp("abs", (a) => a.abs());
checkOp("abs_zero", (a) => bp.abs(a));
checkOp("sigmoid", (a) => a.sigmoid());
checkOp("sigmoid_extreme", (a) => bp.sigmoid(a));
checkOp("tanh", (a) => a.tanh());
checkOp("relu", (a) => a.relu());
checkOp("relu_zero", (a) => bp.relu(a));
checkOp("erf", (a) => bp.erf(a));
checkOp("erf_tails", (a) => bp.erf(a));
checkOp("clamp", (a) => a.clamp(-0.5, 0.5));
checkOp("clamp_min", (a) => a.clamp(0.1));
checkOp("clamp_max", (a) => bp.clamp(a, null, -0.1));
checkOp("clamp_min_gt_max", (a) => a.clamp(1, 0));
checkOp("clamp_boundary", (a) => a.clamp(0, 1));
checkOp("leaky_relu", (a) => bp.leakyRelu(a));
checkOp("leaky_relu_02", (a) => bp.leakyRelu(a, 0.2));
checkOp("elu", (a) => bp.elu(a));
checkOp("elu_alpha", (a) => bp.elu(a, 0.5));
checkOp("gelu", (a) => bp.gelu(a));
checkOp("gelu_tanh", (a) => bp.gelu(a, "tanh"));
checkOp("exp_f32", (a) => a.exp());
checkOp("log_f32", (a) => a.log());
checkOp("sigmoid_f32", (a) => a.sigmoid());
checkOp("tanh_f32", (a) => a.tanh());
checkOp("gelu_f32", (a) => bp.gelu(a));
checkOp("leaky_relu_f32", (a) => bp.leakyRelu(a));

checkFamilyCovered("unary");
