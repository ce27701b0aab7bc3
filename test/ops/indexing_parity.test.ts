/** x.index / indexPut_ / masks / scatter against PyTorch 1.13 (test/fixtures/gen_indexing.py), float64 and float32. */
import * as bp from "../../src/index.ts";
import { checkIndexing, checkIndexingCovered } from "../helpers/indexing_fixture.ts";

type T = bp.Tensor;

// ---- index: basic
checkIndexing("index_col", (x) => x.index(":", 0));
checkIndexing("index_slices_step", (x) => x.index("1:3", "::2"));
checkIndexing("index_neg_int", (x) => x.index(-1));
checkIndexing("index_ellipsis_none", (x) => x.index("...", null));
checkIndexing("index_none_middle", (x) => x.index(":", null, "1:"));
checkIndexing("index_neg_slices", (x) => x.index("-2:", ":-1"));
checkIndexing("index_slice_clamped", (x) => x.index("1:10", "-10:2"));
checkIndexing("index_empty_slice", (x) => x.index("2:1"));
checkIndexing("index_scalar", (x) => x.index(1, 2));
checkIndexing("index_ellipsis_int", (x) => x.index("...", 1));
checkIndexing("index_step_3d", (x) => x.index(":", "1::2", "::3"));
// ---- index: advanced
checkIndexing("index_tensor_repeat", (x, i) => x.index(i));
checkIndexing("index_tensor_neg", (x, i) => x.index(i));
checkIndexing("index_tensor_2d", (x, i) => x.index(i));
checkIndexing("index_two_tensors", (x, i, j) => x.index(i, j));
checkIndexing("index_broadcast_tensors", (x, i, j) => x.index(i, j));
checkIndexing("index_separated", (x, i, j) => x.index(i, ":", j));
checkIndexing("index_adjacent_middle", (x, i, j) => x.index(":", i, j));
checkIndexing("index_tensor_then_slice", (x, i) => x.index(i, "1:"));
checkIndexing("index_int_and_tensor", (x, i) => x.index(":", 0, ":", i));
checkIndexing("index_int_tensor_separated", (x, i) => x.index(0, ":", i));
checkIndexing("index_list_dim1", (x) => x.index(":", [0, 2, 2]));
checkIndexing("index_mask", (x, m) => x.index(m));
checkIndexing("index_mask_rows", (x, m) => x.index(m));
checkIndexing("index_mask_dim1", (x, m) => x.index(":", m));
checkIndexing("index_mask_and_tensor", (x, m, i) => x.index(m, i));
checkIndexing("index_mask_none", (x, m) => x.index(m));

// ---- indexPut_ on a clone (recorded in place)
checkIndexing("put_rows", (x, v, i) => x.clone().indexPut_([i], v));
checkIndexing("put_broadcast_row", (x, v, i) => x.clone().indexPut_([i], v));
checkIndexing("put_repeat_accumulate", (x, v, i) => x.clone().indexPut_([i], v, { accumulate: true }));
checkIndexing("put_two_tensors", (x, v, i, j) => x.clone().indexPut_([i, j], v));
checkIndexing("put_col_scalar_tensor", (x, v) => x.clone().indexPut_([":", 1], v));
checkIndexing("put_col_add", (x, v) => x.clone().indexPut_([":", 1], v, { accumulate: true }));
checkIndexing("put_slice", (x, v) => x.clone().indexPut_(["1:", "::2"], v));
checkIndexing("put_mask_number", (x, _v, m) => x.clone().indexPut_([m], 0));

// ---- masks
checkIndexing("masked_fill", (x, m) => x.maskedFill(m, 2.5));
checkIndexing("masked_fill_bcast", (x, m) => x.maskedFill(m, -1));
checkIndexing("masked_fill_value_tensor", (x, v, m) => x.maskedFill(m, v));
checkIndexing("masked_fill_inf_grad", (x, m) => x.maskedFill(m, 0));
checkIndexing("masked_fill_nan_value", (x, m) => x.maskedFill(m, NaN));
checkIndexing("masked_select", (x, m) => x.maskedSelect(m));
checkIndexing("masked_select_bcast_mask", (x, m) => x.maskedSelect(m));
checkIndexing("masked_select_bcast_x", (x, m) => x.maskedSelect(m));

// ---- scatter / gather family
checkIndexing("scatter_src", (x, s, i) => x.scatter(1, i, s));
// PyTorch 1.13's backward fails here (its src gradient has index's shape); the forward must agree
checkIndexing("scatter_src_larger", (x, s, i) => x.scatter(0, i, s).detach());
checkIndexing("scatter_value", (x, i) => x.scatter(1, i, 7.5));
checkIndexing("scatter_add", (x, s, i) => x.scatterAdd(0, i, s));
checkIndexing("scatter_reduce_add", (x, s, i) => x.scatter(0, i, s, { reduce: "add" }));
checkIndexing("scatter_reduce_multiply", (x, s, i) => x.scatter(0, i, s, { reduce: "multiply" }));
checkIndexing("gather_dim0", (x, i) => x.gather(0, i));
checkIndexing("take", (x, i) => x.take(i));
checkIndexing("index_add", (x, s, i) => x.indexAdd(1, i, s, { alpha: 2 }));
checkIndexing("index_select_repeat", (x, i) => x.indexSelect(1, i));
checkIndexing("nonzero", (x) => x.nonzero());
checkIndexing("nonzero_tuple", (x: T) => x.nonzero({ asTuple: true }));
checkIndexing("nonzero_empty", (x) => x.nonzero());

checkIndexingCovered(["index_", "put_", "masked_", "scatter_", "gather_", "take", "nonzero"]);
