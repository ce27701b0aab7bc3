import { Tensor } from "../tensor/tensor.ts";
import { BaseEstimator, type ArrayInput } from "../base/estimator.ts";
import { formatLabel, toLabels, uniqueLabels, type Label, type LabelInput } from "../metrics/targets.ts";

/** What LabelEncoder takes: labels as a 1-D Tensor, an array of numbers or an array of strings. */
export type LabelEncoderInput = LabelInput | ArrayInput;

/**
 * Encodes labels as the integers 0..classes-1, as `sklearn.preprocessing.LabelEncoder`: `classes`
 * holds the distinct labels sorted as numpy sorts them (numbers ascending, strings by code point);
 * `transform` gives each label's index in it (int32 Tensor); `inverseTransform` maps indices back to
 * the labels. A label `fit` did not see is scikit-learn's error "y contains previously unseen labels".
 * @example
 * const le = new preprocessing.LabelEncoder().fit(["paris", "paris", "tokyo", "amsterdam"]);
 * le.classes; // ["amsterdam", "paris", "tokyo"]
 * le.transform(["tokyo", "tokyo", "paris"]).toArray(); // [2, 2, 1]
 * le.inverseTransform([2, 2, 1]); // ["tokyo", "tokyo", "paris"]
 */
export class LabelEncoder<L extends Label = Label> extends BaseEstimator<Record<string, never>> {
  /** The distinct labels seen by `fit`, sorted; null before `fit`. */
  classes: L[] | null = null;

  constructor(options: Record<string, never> = {}) {
    super({}, options);
  }

  private fitted(where: string): L[] {
    if (this.classes === null) {
      throw new Error(`LabelEncoder.${where}: This LabelEncoder instance is not fitted yet. Call 'fit' with appropriate arguments before using this estimator.`);
    }
    return this.classes;
  }

  /** Learns the sorted distinct labels of y. Returns this. */
  fit(y: LabelEncoderInput): this {
    this.classes = uniqueLabels(toLabels("LabelEncoder.fit", "y", y as LabelInput)) as L[];
    return this;
  }

  /** The index of each label of y in `classes` (int32 Tensor `[samples]`). */
  transform(y: LabelEncoderInput): Tensor {
    const classes = this.fitted("transform");
    const labels = toLabels("LabelEncoder.transform", "y", y as LabelInput);
    const index = new Map<Label, number>(classes.map((c, i) => [c, i]));
    const out = new Int32Array(labels.length);
    const unseen = new Set<Label>();
    labels.forEach((v, i) => {
      const k = index.get(v);
      if (k === undefined) unseen.add(v);
      else out[i] = k;
    });
    if (unseen.size > 0) throw new Error(`LabelEncoder.transform: y contains previously unseen labels: [${uniqueLabels([...unseen]).map(formatLabel).join(", ")}]`);
    return new Tensor(out, [labels.length]);
  }

  /** Fits to y, then encodes y. */
  fitTransform(y: LabelEncoderInput): Tensor {
    return this.fit(y).transform(y);
  }

  /** The labels of the indices y (a plain array of the labels `fit` saw). */
  inverseTransform(y: ArrayInput): L[] {
    const classes = this.fitted("inverseTransform");
    const idx = toLabels("LabelEncoder.inverseTransform", "y", y as LabelInput) as number[];
    const bad = idx.filter((v) => typeof v !== "number" || !Number.isInteger(v) || v < 0 || v >= classes.length);
    if (bad.length > 0) throw new Error(`LabelEncoder.inverseTransform: y contains previously unseen labels: [${uniqueLabels(bad).map(formatLabel).join(", ")}]`);
    return idx.map((i) => classes[i]);
  }
}
