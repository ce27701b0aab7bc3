import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";

const { base } = bp;

type MeanParams = { shift: number; scale: number; inner: bp.base.BaseEstimator | null };

/** A toy regressor: predicts the training mean of y, times scale, plus shift. */
class MeanRegressor extends base.RegressorMixin<MeanParams> {
  mean: number | null = null;
  constructor(options: Partial<MeanParams> = {}) {
    super({ shift: 0, scale: 1, inner: null }, options);
  }
  protected override checkParams(): void {
    if (!(this.params.scale > 0)) throw new Error(`MeanRegressor: scale must be > 0, got ${this.params.scale}`);
  }
  fit(X: bp.base.ArrayInput, y?: bp.base.ArrayInput): this {
    const x = base.checkArray("MeanRegressor.fit", X);
    const t = base.checkTarget("MeanRegressor.fit", y!, x.shape[0]);
    this.mean = t.mean().item();
    this.nFeaturesIn = x.shape[1];
    return this;
  }
  predict(X: bp.base.ArrayInput): bp.Tensor {
    const x = base.checkArray("MeanRegressor.predict", X);
    this.checkNFeatures("predict", x);
    return bp.full([x.shape[0]], this.mean! * this.params.scale + this.params.shift, { dtype: "float64" });
  }
}

test("getParams / setParams own the parameters; unknown names are errors listing the valid ones", () => {
  const m = new MeanRegressor({ shift: 2 });
  assert.deepEqual(m.getParams(), { shift: 2, scale: 1, inner: null });
  assert.equal(m.setParams({ scale: 3 }), m);
  assert.equal(m.getParams().scale, 3);
  assert.throws(() => m.setParams({ shfit: 1 } as never), /MeanRegressor: invalid parameter "shfit"; valid parameters are: shift, scale, inner/);
  assert.throws(() => new MeanRegressor({ scale: -1 }), /scale must be > 0, got -1/);
  const outer = new MeanRegressor({ inner: new MeanRegressor({ shift: 5 }) });
  assert.equal(outer.getParams().inner__shift, 5);
  outer.setParams({ inner__shift: 6 });
  assert.equal((outer.getParams().inner as MeanRegressor).getParams().shift, 6);
});

test("fit returns this; predict before fit and a different width are scikit-learn's errors", () => {
  const m = new MeanRegressor();
  assert.throws(() => m.predict([[1, 2]]), /MeanRegressor.predict: This MeanRegressor instance is not fitted yet. Call 'fit'/);
  assert.equal(m.fit([[1, 2], [3, 4]], [1, 3]), m);
  assert.deepEqual(Array.from(m.predict([[0, 0]]).data), [2]);
  assert.throws(() => m.predict([[1, 2, 3]]), /X has 3 features, but MeanRegressor is expecting 2 features as input/);
  assert.throws(() => m.fit([1, 2] as never, [1, 2]), /expected a 2-D X/);
  assert.throws(() => m.fit([[1], [2]], [1, 2, 3]), /X and y have different numbers of samples: 2 and 3/);
});

test("clone gives an unfitted copy with equal, independent parameters", () => {
  const m = new MeanRegressor({ shift: 1, inner: new MeanRegressor({ scale: 2 }) }).fit([[1]], [4]);
  const c = base.clone(m);
  assert.ok(c instanceof MeanRegressor);
  assert.notEqual(c, m);
  assert.equal(c.nFeaturesIn, null);
  assert.equal(c.getParams().shift, 1);
  assert.notEqual(c.getParams().inner, m.getParams().inner);
  assert.equal((c.getParams().inner as MeanRegressor).getParams().scale, 2);
});

test("clone clones estimators inside arrays and copies a RandomState with its state", () => {
  type HolderParams = { steps: bp.base.ParamValue; randomState: bp.random.RandomState | null };
  class Holder extends base.BaseEstimator<HolderParams> {
    constructor(options: Partial<HolderParams> = {}) {
      super({ steps: [], randomState: null }, options);
    }
    fit(): this {
      return this;
    }
  }
  const rs = new bp.random.RandomState(42);
  rs.randint(0, 10); // advance the state: the copy must continue from here
  const inner = new MeanRegressor({ shift: 3 });
  const h = new Holder({ steps: [["mean", inner]], randomState: rs });
  const c = base.clone(h);
  const [[name, copied]] = c.getParams().steps as [string, MeanRegressor][];
  assert.equal(name, "mean");
  assert.ok(copied instanceof MeanRegressor);
  assert.notEqual(copied, inner);
  assert.equal(copied.getParams().shift, 3);
  const rc = c.getParams().randomState as bp.random.RandomState;
  assert.notEqual(rc, rs);
  assert.equal(rc.randint(0, 1000), rs.randint(0, 1000));
});

test("RegressorMixin.score is R²", () => {
  const m = new MeanRegressor().fit([[0], [0], [0]], [1, 2, 3]);
  assert.equal(m.score([[0], [0], [0]], [1, 2, 3]), 0);
});
