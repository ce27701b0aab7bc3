import { Tensor } from "../tensor/tensor.ts";
import type { ArrayInput } from "../base/estimator.ts";
import { TransformerMixin } from "../base/mixins.ts";
import { compareLabels, formatLabel, uniqueLabels, type Label } from "../metrics/targets.ts";

/** X for the encoders: a 2-D Tensor, rows of numbers, rows of strings, or rows mixing numeric and string columns. */
export type CategoricalInput = ArrayInput | readonly (readonly Label[])[];

/** Parameters of `OneHotEncoder`. */
export type OneHotEncoderParams = {
  /** "auto" (default: each column's sorted distinct values) or the categories of each column (numeric ones sorted). */
  categories: "auto" | readonly (readonly Label[])[];
  /** Drop one category per column: null (default), "first", "if_binary" (columns with two categories), or the category to drop per column. */
  drop: null | "first" | "if_binary" | readonly Label[];
  /** Dense output only (default false): backprop has no sparse tensors. */
  sparseOutput: boolean;
  /** An unknown category in `transform`: "error" (default) or "ignore" (an all-zero block). */
  handleUnknown: "error" | "ignore";
};

/** The columns of X as arrays of labels, each uniformly numbers or strings. */
function columnsOf(where: string, X: CategoricalInput): { columns: Label[][]; rows: number } {
  if (X instanceof Tensor) {
    if (X.dim() !== 2) throw new Error(`${where}: expected a 2-D X [samples, features], got shape [${X.shape.join(", ")}]; reshape a single feature to [n, 1]`);
    const [n, d] = X.shape;
    const data = X.data;
    const columns: Label[][] = [];
    for (let j = 0; j < d; j++) {
      const col: number[] = new Array(n);
      for (let i = 0; i < n; i++) col[i] = Number(data[i * d + j]);
      columns.push(col);
    }
    return { columns, rows: n };
  }
  if (!Array.isArray(X) || X.length === 0 || !X.every((r) => Array.isArray(r))) {
    throw new Error(`${where}: expected a 2-D X [samples, features] (a Tensor or arrays of rows); reshape a single feature to [n, 1]`);
  }
  const rows = X as readonly (readonly unknown[])[];
  const d = rows[0].length;
  const columns: Label[][] = Array.from({ length: d }, () => []);
  rows.forEach((row, i) => {
    if (row.length !== d) throw new Error(`${where}: ragged X: row ${i} has ${row.length} values, row 0 has ${d}`);
    row.forEach((v, j) => {
      if (typeof v !== "number" && typeof v !== "string") throw new Error(`${where}: X must hold numbers or strings, got ${typeof v} at [${i}, ${j}]`);
      columns[j].push(v);
    });
  });
  columns.forEach((col, j) => {
    if (col.some((v) => typeof v !== typeof col[0])) throw new Error(`${where}: Encoders require their input to be uniformly strings or numbers (column ${j} mixes them)`);
  });
  return { columns, rows: rows.length };
}

/** Python's str() of a category, for feature names ("nan", "inf" for the special floats). */
function categoryName(v: Label): string {
  if (typeof v === "number" && !Number.isFinite(v)) return Number.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
  return String(v);
}

/**
 * One-hot encodes categorical columns, as `sklearn.preprocessing.OneHotEncoder` with dense output:
 * each column becomes one 0/1 column per category (in `categories` order, sorted by default), the
 * blocks side by side (float64 Tensor). Columns may hold numbers or strings. `drop` removes one
 * category per column (its rows read all zero); `handleUnknown: "ignore"` encodes unseen categories
 * as all zeros. Fitted: `categories` (per column, sorted), `dropIdx`; `getFeatureNamesOut()` gives
 * scikit-learn's "x0_cat" names.
 * @example
 * const enc = new preprocessing.OneHotEncoder({ handleUnknown: "ignore" });
 * enc.fit([["Male", 1], ["Female", 3], ["Female", 2]]);
 * enc.categories; // [["Female", "Male"], [1, 2, 3]]
 * enc.transform([["Female", 1], ["Male", 4]]).toArray(); // [[1, 0, 1, 0, 0], [0, 1, 0, 0, 0]]
 * enc.getFeatureNamesOut(); // ["x0_Female", "x0_Male", "x1_1", "x1_2", "x1_3"]
 */
export class OneHotEncoder extends TransformerMixin<OneHotEncoderParams> {
  /** The categories of each column, in output order; null before `fit`. */
  categories: Label[][] | null = null;
  /** Per column, the index in `categories` of the dropped category (null: none); null when `drop` is null. */
  dropIdx: (number | null)[] | null = null;

  constructor(options: Partial<OneHotEncoderParams> = {}) {
    super({ categories: "auto", drop: null, sparseOutput: false, handleUnknown: "error" }, options);
  }

  protected override checkParams(): void {
    const p = this.params;
    if (p.sparseOutput !== false) throw new Error(`OneHotEncoder: sparseOutput must be false (backprop has no sparse tensors), got ${JSON.stringify(p.sparseOutput)}`);
    if (p.handleUnknown !== "error" && p.handleUnknown !== "ignore") throw new Error(`OneHotEncoder: handleUnknown must be "error" or "ignore", got ${JSON.stringify(p.handleUnknown)}`);
    if (p.categories !== "auto" && !(Array.isArray(p.categories) && p.categories.every((c) => Array.isArray(c)))) {
      throw new Error(`OneHotEncoder: categories must be "auto" or an array of category arrays (one per column), got ${JSON.stringify(p.categories)}`);
    }
    if (p.drop !== null && p.drop !== "first" && p.drop !== "if_binary" && !Array.isArray(p.drop)) {
      throw new Error(`OneHotEncoder: drop must be null, "first", "if_binary" or one category per column, got ${JSON.stringify(p.drop)}`);
    }
  }

  private fittedCategories(where: string): Label[][] {
    if (this.categories === null) {
      throw new Error(`OneHotEncoder.${where}: This OneHotEncoder instance is not fitted yet. Call 'fit' with appropriate arguments before using this estimator.`);
    }
    return this.categories;
  }

  private checkWidth(where: string, width: number): void {
    if (width !== this.nFeaturesIn) throw new Error(`OneHotEncoder.${where}: X has ${width} features, but OneHotEncoder is expecting ${this.nFeaturesIn} features as input`);
  }

  /** Learns the categories of each column (and which to drop). Returns this. */
  fit(X: CategoricalInput): this {
    const where = "OneHotEncoder.fit";
    const { columns } = columnsOf(where, X);
    const p = this.params;
    const cats: Label[][] = [];
    if (p.categories === "auto") {
      for (const col of columns) cats.push(uniqueLabels(col));
    } else {
      if (p.categories.length !== columns.length) throw new Error(`${where}: Shape mismatch: if categories is an array, it has to be of shape (n_features,).`);
      columns.forEach((col, i) => {
        const given = [...(p.categories as readonly (readonly Label[])[])[i]];
        if (given.length > 0 && typeof given[0] === "number") {
          if (given.some((v, k) => k > 0 && compareLabels(given[k - 1], v) > 0)) throw new Error(`${where}: Unsorted categories are not supported for numerical categories`);
        }
        if (p.handleUnknown === "error") {
          const known = new Set<Label>(given);
          const unknown = uniqueLabels(col.filter((v) => !known.has(v)));
          if (unknown.length > 0) throw new Error(`${where}: Found unknown categories [${unknown.map(formatLabel).join(", ")}] in column ${i} during fit`);
        }
        cats.push(given);
      });
    }
    let dropIdx: (number | null)[] | null = null;
    if (p.drop === "first") dropIdx = cats.map(() => 0);
    else if (p.drop === "if_binary") dropIdx = cats.map((c) => (c.length === 2 ? 0 : null));
    else if (Array.isArray(p.drop)) {
      const drops = p.drop as readonly Label[];
      if (drops.length !== cats.length) throw new Error(`${where}: \`drop\` should have length equal to the number of features (${cats.length}), got ${drops.length}`);
      const missing: string[] = [];
      dropIdx = drops.map((v, i) => {
        const k = cats[i].indexOf(v);
        if (k < 0) missing.push(`Category: ${i}, Feature: ${v}`);
        return k;
      });
      if (missing.length > 0) throw new Error(`${where}: The following categories were supposed to be dropped, but were not found in the training data.\n${missing.join("\n")}`);
    }
    this.categories = cats;
    this.dropIdx = dropIdx;
    this.nFeaturesIn = columns.length;
    return this;
  }

  /** The output columns of feature i: its categories without the dropped one. */
  private kept(i: number): number[] {
    const cats = this.categories![i];
    const drop = this.dropIdx?.[i] ?? null;
    return cats.map((_, k) => k).filter((k) => k !== drop);
  }

  /** The one-hot encoding of X: float64 `[samples, sum of kept categories]`. */
  transform(X: CategoricalInput): Tensor {
    const where = "OneHotEncoder.transform";
    const cats = this.fittedCategories("transform");
    const { columns, rows } = columnsOf(where, X);
    this.checkWidth("transform", columns.length);
    const offsets: number[] = [];
    const positions: Map<Label, number>[] = [];
    let width = 0;
    cats.forEach((_, i) => {
      offsets.push(width);
      const map = new Map<Label, number>();
      this.kept(i).forEach((k, pos) => map.set(cats[i][k], pos));
      positions.push(map);
      width += map.size;
    });
    const out = new Float64Array(rows * width);
    const unknownColumns: number[] = [];
    columns.forEach((col, i) => {
      const known = new Set<Label>(cats[i]);
      const unknown = col.filter((v) => !known.has(v));
      if (unknown.length > 0) {
        if (this.params.handleUnknown === "error") throw new Error(`${where}: Found unknown categories [${uniqueLabels(unknown).map(formatLabel).join(", ")}] in column ${i} during transform`);
        unknownColumns.push(i);
      }
      col.forEach((v, r) => {
        const pos = positions[i].get(v);
        if (pos !== undefined) out[r * width + offsets[i] + pos] = 1;
      });
    });
    if (unknownColumns.length > 0 && this.dropIdx !== null) {
      console.warn(`${where}: Found unknown categories in columns [${unknownColumns.join(", ")}] during transform. These unknown categories will be encoded as all zeros`);
    }
    return new Tensor(out, [rows, width]);
  }

  /** Fits to X, then encodes X. */
  override fitTransform(X: CategoricalInput): Tensor {
    return this.fit(X).transform(X);
  }

  /**
   * The categories back from a one-hot X: per row and column the category whose 0/1 column is set; an
   * all-zero block is the dropped category, or null for an unknown one under handleUnknown "ignore".
   */
  inverseTransform(X: ArrayInput): (Label | null)[][] {
    const where = "OneHotEncoder.inverseTransform";
    const cats = this.fittedCategories("inverseTransform");
    const x = X instanceof Tensor ? X : new Tensor(Float64Array.from((X as number[][]).flat()), [(X as number[][]).length, (X as number[][])[0]?.length ?? 0]);
    const widths = cats.map((_, i) => this.kept(i).length);
    const total = widths.reduce((a, b) => a + b, 0);
    if (x.dim() !== 2 || x.shape[1] !== total) throw new Error(`${where}: Shape of the passed X data is not correct. Expected ${total} columns, got ${x.shape[1]}.`);
    const n = x.shape[0];
    const out: (Label | null)[][] = Array.from({ length: n }, () => []);
    let j = 0;
    cats.forEach((c, i) => {
      const kept = this.kept(i);
      const drop = this.dropIdx?.[i] ?? null;
      const zeros: number[] = [];
      for (let r = 0; r < n; r++) {
        // argmax over the block (the first maximum), as scikit-learn
        let best = -1;
        let bestValue = -Infinity;
        let sum = 0;
        for (let k = 0; k < kept.length; k++) {
          const v = x.data[r * total + j + k];
          sum += v;
          if (v > bestValue) {
            bestValue = v;
            best = k;
          }
        }
        if (kept.length === 0 || sum === 0) {
          if (drop !== null) out[r].push(c[drop]);
          else if (this.params.handleUnknown === "ignore") out[r].push(null);
          else zeros.push(r);
        } else out[r].push(c[kept[best]]);
      }
      if (zeros.length > 0) throw new Error(`${where}: Samples [${zeros.join(" ")}] can not be inverted when drop=None and handle_unknown='error' because they contain all zeros`);
      j += kept.length;
    });
    return out;
  }

  /**
   * The output column names, as scikit-learn's `get_feature_names_out`: `${feature}_${category}` with
   * features named `inputFeatures` or x0, x1, ...
   */
  getFeatureNamesOut(inputFeatures?: readonly string[]): string[] {
    const cats = this.fittedCategories("getFeatureNamesOut");
    const names = inputFeatures ?? cats.map((_, i) => `x${i}`);
    if (names.length !== cats.length) throw new Error(`OneHotEncoder.getFeatureNamesOut: input_features should have length equal to number of features (${cats.length}), got ${names.length}`);
    return cats.flatMap((c, i) => this.kept(i).map((k) => `${names[i]}_${categoryName(c[k])}`));
  }
}
