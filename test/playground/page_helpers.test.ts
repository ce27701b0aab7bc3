/**
 * The page's DOM-free helpers: the heat-map colour scale, the gradient chart's decades, the rate
 * meters and the loss chart's bounded history (its drawing is checked in Chromium).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { colorOf, cssColorOf } from "../../playground/src/heatmap.ts";
import { decades } from "../../playground/src/grad_chart.ts";
import { FrameMeter, RateMeter } from "../../playground/src/meters.ts";
import { LineChart } from "../../playground/src/line_chart.ts";

test("heat-map colours: orange at the low end, grey in the middle, blue at the high end, clamped", () => {
  assert.deepEqual(colorOf(-1, -1, 1), [0xf5, 0x93, 0x22]);
  assert.deepEqual(colorOf(0, -1, 1), [0xe8, 0xea, 0xeb]);
  assert.deepEqual(colorOf(1, -1, 1), [0x08, 0x77, 0xbd]);
  assert.deepEqual(colorOf(7, -1, 1), colorOf(1, -1, 1));
  assert.deepEqual(colorOf(Number.NaN, -1, 1), colorOf(0, -1, 1));
  assert.equal(cssColorOf(0.5, 0, 1), "rgb(232,234,235)");
});

test("gradient chart decades: one below the smallest value, at least four, non-positive values ignored", () => {
  assert.deepEqual(decades([1e-6, 3e-3]), [-7, -2]);
  assert.deepEqual(decades([2e-3, 5e-3]), [-6, -2]);
  assert.deepEqual(decades([0, 0.5]), [-4, 0]);
  assert.deepEqual(decades([]), [-4, 0]);
});

test("rate meters: counts per second over the last second; frames count themselves", () => {
  const m = new RateMeter();
  assert.equal(m.rate(), 0);
  m.add(0, 0);
  m.add(500, 100);
  assert.equal(m.rate(), 200);
  m.add(2000, 400); // the samples older than a second before it drop out
  assert.equal(m.rate(), 200);
  m.reset();
  assert.equal(m.rate(), 0);
  const fps = new FrameMeter();
  for (let t = 0; t <= 1000; t += 1000 / 60) fps.add(t);
  assert.ok(Math.abs(fps.rate() - 60) < 1e-6, `60 frames a second, got ${fps.rate()}`);
});

test("the loss chart keeps a bounded history by halving it", () => {
  const chart = new LineChart({} as HTMLCanvasElement);
  for (let i = 0; i < 10_000; i++) chart.add(1 / (i + 1), 2 / (i + 1));
  assert.ok(chart.length < 600 && chart.length >= 300, `held ${chart.length}`);
  chart.reset();
  assert.equal(chart.length, 0);
});
