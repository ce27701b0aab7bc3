import { test } from "node:test";
import assert from "node:assert/strict";
import * as modelSelection from "../../src/model_selection/index.ts";
import { canShip, registerNamespace } from "../../src/model_selection/registry.ts";
import { RandomState } from "../../src/random/random_state.ts";
import { CentroidClassifier, ShiftedMean } from "./toy.ts";

const { estimatorToJson, estimatorFromJson, registerEstimator } = modelSelection;

test("estimatorToJson / estimatorFromJson round-trip an estimator with nested estimators", () => {
  registerEstimator(ShiftedMean);
  const json = estimatorToJson(new CentroidClassifier({ power: 3, scale: 0.5 }));
  assert.deepEqual(json, { __estimator__: "CentroidClassifier", params: { power: 3, scale: 0.5 } });
  const back = estimatorFromJson(JSON.parse(JSON.stringify(json)) as modelSelection.EstimatorJson);
  assert.ok(back instanceof CentroidClassifier);
  assert.deepEqual(back.getParams(), { power: 3, scale: 0.5 });
  assert.throws(() => estimatorFromJson({ __estimator__: "Nope", params: {} }), /estimatorFromJson: no estimator class named "Nope" is registered/);
});

test("registerEstimator: only estimator classes; a name taken by another class is an error", () => {
  assert.throws(() => registerEstimator(class NotOne {} as never), /registerEstimator: expected an estimator class/);
  class ShiftedMeanCopy extends ShiftedMean {}
  Object.defineProperty(ShiftedMeanCopy, "name", { value: "ShiftedMean" });
  assert.throws(() => registerEstimator(ShiftedMeanCopy), /another class named "ShiftedMean" is already registered/);
});

test("canShip: registered with a module or found by registerNamespace; user classes without a module stay here", () => {
  assert.equal(canShip(new CentroidClassifier()), true); // toy.ts registers it with its module
  assert.equal(canShip(new ShiftedMean()), false); // registered without a module
  class Local extends ShiftedMean {}
  assert.equal(canShip([1, "a", { k: new CentroidClassifier() }]), true);
  assert.equal(canShip([new Local()]), false);
  assert.equal(registerNamespace({ ns: { Local, notAClass: 3 } }), 1);
  assert.equal(canShip(new Local()), true);
  // class instances and functions cannot cross; typed arrays can
  assert.equal(canShip({ rs: new RandomState(0) } as never), false);
  assert.equal(canShip((() => 1) as never), false);
  assert.equal(canShip(Float64Array.from([1, 2]) as never), true);
});
