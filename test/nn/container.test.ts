import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import * as nn from "../../src/nn/index.ts";

test("Sequential chains its modules and names them 0, 1, ...", () => {
  bp.manualSeed(0);
  const l1 = new nn.Linear(4, 3);
  const l2 = new nn.Linear(3, 2);
  const model = new nn.Sequential(l1, new nn.ReLU(), l2);
  const x = bp.randn(5, 4);
  assert.deepEqual(Array.from(model.forward(x).data), Array.from(l2.forward(l1.forward(x).relu()).data));
  assert.deepEqual(model.namedParameters().map(([n]) => n), ["0.weight", "0.bias", "2.weight", "2.bias"]);
  assert.deepEqual(Object.keys(model.stateDict()), ["0.weight", "0.bias", "2.weight", "2.bias"]);
  assert.equal(model.length, 3);
  assert.equal(model.at(0), l1);
  assert.equal(model.at(-1), l2);
  assert.deepEqual([...model].map((m) => m.constructor.name), ["Linear", "ReLU", "Linear"]);
  assert.throws(() => model.at(3), /Sequential.at: index 3 is out of range for 3 modules/);
});

test("Sequential prints like PyTorch", () => {
  const model = new nn.Sequential(new nn.Linear(784, 128), new nn.ReLU(), new nn.Linear(128, 10));
  assert.equal(
    String(model),
    "Sequential(\n  (0): Linear(in_features=784, out_features=128, bias=True)\n  (1): ReLU()\n  (2): Linear(in_features=128, out_features=10, bias=True)\n)",
  );
  assert.equal(String(new nn.Sequential()), "Sequential()");
});

test("Sequential append, extend and insert keep the numbering", () => {
  const model = new nn.Sequential(new nn.Linear(2, 2));
  assert.equal(model.append(new nn.ReLU()), model);
  model.extend([new nn.Linear(2, 1), new nn.Sigmoid()]);
  assert.deepEqual(model.namedChildren().map(([n, m]) => `${n}:${m.constructor.name}`), ["0:Linear", "1:ReLU", "2:Linear", "3:Sigmoid"]);
  model.insert(1, new nn.Dropout(0.1));
  assert.deepEqual(model.namedChildren().map(([n, m]) => `${n}:${m.constructor.name}`), ["0:Linear", "1:Dropout", "2:ReLU", "3:Linear", "4:Sigmoid"]);
  assert.deepEqual(model.namedParameters().map(([n]) => n), ["0.weight", "0.bias", "3.weight", "3.bias"]);
  assert.deepEqual(model.forward(bp.randn(3, 2)).shape, [3, 1]);
});

test("Sequential from named modules uses the names", () => {
  const model = new nn.Sequential({ fc1: new nn.Linear(2, 3), act: new nn.Tanh(), fc2: new nn.Linear(3, 1) });
  assert.deepEqual(model.namedParameters().map(([n]) => n), ["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"]);
  assert.deepEqual(model.forward(bp.randn(4, 2)).shape, [4, 1]);
  assert.throws(() => new nn.Sequential(new nn.ReLU(), 3 as unknown as nn.Module), /Sequential: argument 1 is not a Module/);
});

test("Sequential applies train/eval to its children and a repeated module runs twice", () => {
  const act = new nn.LeakyReLU(0.5);
  const model = new nn.Sequential(act, act);
  assert.deepEqual(Array.from(model.forward(bp.tensor([-4])).data), [-1]);
  model.eval();
  assert.equal(act.training, false);
});

test("ModuleList registers its modules without a forward of its own", () => {
  class Stack extends nn.Module {
    blocks = new nn.ModuleList([new nn.Linear(3, 3), new nn.Linear(3, 3)]);
    override forward(x: bp.Tensor): bp.Tensor {
      for (const b of this.blocks) x = b.forward(x).tanh();
      return x;
    }
  }
  const s = new Stack();
  assert.deepEqual(s.namedParameters().map(([n]) => n), ["blocks.0.weight", "blocks.0.bias", "blocks.1.weight", "blocks.1.bias"]);
  assert.deepEqual(s.forward(bp.randn(2, 3)).shape, [2, 3]);
  assert.equal(s.blocks.length, 2);
  s.blocks.append(new nn.ReLU());
  assert.equal(s.blocks.at(-1).constructor.name, "ReLU");
  assert.throws(() => s.blocks.forward(bp.zeros(1)), /Module \[ModuleList\] is missing the required "forward" function/);
  assert.equal(String(new nn.ModuleList([new nn.ReLU()])), "ModuleList(\n  (0): ReLU()\n)");
});
