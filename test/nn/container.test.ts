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

test("Sequential and ModuleList share one body (ModuleSequence): the same indexing, insert and errors", () => {
  for (const make of [(ms: nn.Module[]) => new nn.Sequential(...ms), (ms: nn.Module[]) => new nn.ModuleList(ms)]) {
    const c = make([new nn.ReLU(), new nn.Tanh()]);
    assert.ok(c instanceof nn.ModuleSequence);
    c.insert(1, new nn.Sigmoid());
    assert.deepEqual([...c].map((m) => m.constructor.name), ["ReLU", "Sigmoid", "Tanh"]);
    assert.deepEqual(c.namedChildren().map(([n]) => n), ["0", "1", "2"]);
    assert.equal(c.at(-1).constructor.name, "Tanh");
    const name = c.constructor.name;
    assert.throws(() => c.at(5), new RegExp(`${name}.at: index 5 is out of range for 3 modules`));
    assert.throws(() => c.append(3 as unknown as nn.Module), new RegExp(`${name}.append: every item must be a Module`));
  }
  assert.ok(!(new nn.ModuleList() instanceof nn.Sequential));
});

test("ModuleDict holds modules by key: get, set, has, pop, update, keys/values/items, iteration over keys", () => {
  bp.manualSeed(1);
  const heads = new nn.ModuleDict({ cls: new nn.Linear(8, 10), box: new nn.Linear(8, 4) });
  assert.equal(heads.length, 2);
  assert.deepEqual(heads.keys(), ["cls", "box"]);
  assert.deepEqual([...heads], ["cls", "box"]);
  assert.deepEqual(heads.get("cls").forward(bp.randn(2, 8)).shape, [2, 10]);
  assert.deepEqual(heads.namedParameters().map(([n]) => n), ["cls.weight", "cls.bias", "box.weight", "box.bias"]);
  heads.set("aux", new nn.ReLU()).update([["box", new nn.Linear(8, 2)]]);
  assert.deepEqual(heads.items().map(([k, m]) => `${k}:${String(m)}`), [
    "cls:Linear(in_features=8, out_features=10, bias=True)", "box:Linear(in_features=8, out_features=2, bias=True)", "aux:ReLU()",
  ]);
  assert.equal(heads.has("aux"), true);
  assert.equal(heads.pop("aux").constructor.name, "ReLU");
  assert.equal(heads.has("aux"), false);
  assert.equal(heads.values().length, 2);
  assert.throws(() => heads.get("nope"), /ModuleDict.get: no module under key "nope"/);
  assert.throws(() => heads.set("training", new nn.ReLU()), /ModuleDict.set: key "training" would shadow the Module attribute/);
  assert.throws(() => heads.set("forward", new nn.ReLU()), /ModuleDict.set: key "forward" would shadow/);
  assert.equal(String(new nn.ModuleDict({ act: new nn.ReLU() })), "ModuleDict(\n  (act): ReLU()\n)");
  class Net extends nn.Module {
    heads = new nn.ModuleDict({ a: new nn.Linear(2, 2) });
  }
  assert.deepEqual(Object.keys(new Net().stateDict()), ["heads.a.weight", "heads.a.bias"]);
  heads.clear();
  assert.equal(heads.length, 0);
});

test("ParameterList registers parameters 0, 1, ... (tensors wrapped as Parameters) for optimizers and state dicts", () => {
  const t = bp.ones(3);
  const list = new nn.ParameterList([t, new nn.Parameter(bp.zeros(2, 2))]);
  assert.equal(list.length, 2);
  assert.ok(list.at(0) instanceof nn.Parameter);
  assert.equal(list.at(0).data, t.data, "shares the tensor's data");
  assert.equal(list.at(0).requiresGrad, true);
  list.append(bp.full([1], 5));
  assert.deepEqual(list.namedParameters().map(([n]) => n), ["0", "1", "2"]);
  assert.equal([...list].length, 3);
  class Net extends nn.Module {
    scales = new nn.ParameterList([bp.ones(2)]);
  }
  assert.deepEqual(Object.keys(new Net().stateDict()), ["scales.0"]);
  assert.equal(String(new nn.ParameterList([bp.ones(3, 2)])), "ParameterList(  (0): Parameter containing: [torch.float32 of size 3x2])");
  assert.equal(
    String(new nn.ParameterList([bp.ones(3, 2), bp.ones([3], { dtype: "float64" })])),
    "ParameterList(\n    (0): Parameter containing: [torch.float32 of size 3x2]\n    (1): Parameter containing: [torch.float64 of size 3]\n)",
  );
  assert.equal(String(new nn.ParameterList()), "ParameterList()");
  assert.throws(() => list.at(3), /ParameterList.at: index 3 is out of range for 3 parameters/);
  assert.throws(() => list.append(3 as unknown as bp.Tensor), /ParameterList.append: every item must be a Tensor/);
  // gradients reach the list's parameters
  const y = list.at(0).mul(2).sum();
  y.backward();
  assert.deepEqual(Array.from(list.at(0).grad!.data), [2, 2, 2]);
});
