/**
 * The web playground in real headless Chromium (Debian's, driven by playwright-core; skipped where
 * /usr/bin/chromium is missing): the page is built with Vite's JS API into a temporary folder, served
 * by the same static server as `backprop playground`, and driven through its accessible names and test
 * ids: it loads cleanly, trains the circle, shows the deep sigmoid network's vanishing gradient next to
 * ReLU's progress, edits the network, keeps its whole state in the URL, and keeps its frame rate while
 * a 6 x 8 network trains.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type Browser, type Page, chromium } from "playwright-core";
import { build } from "vite";
import { playgroundConfig } from "../../playground/vite.config.ts";
import { serveStatic } from "../../src/cli/playground.ts";
import { PLAYGROUND_NAMES } from "../../src/datasets/playground.ts";

const CHROMIUM = "/usr/bin/chromium";
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is missing (apt-get install -y chromium)`;

let browser: Browser | null = null;
let server: Server | null = null;
let origin = "";
const dist = mkdtempSync(join(tmpdir(), "bp-playground-dist-"));

before(async () => {
  if (skip !== false) return;
  await build({ ...playgroundConfig(dist), logLevel: "error" });
  server = await serveStatic(dist, 0);
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
});
after(async () => {
  await browser?.close();
  server?.close();
  rmSync(dist, { recursive: true, force: true });
});

/** A page at `query` with every console error, page error and failed request collected in `problems`. */
async function open(query = ""): Promise<{ page: Page; problems: string[] }> {
  const page = await browser!.newPage({ viewport: { width: 1400, height: 1000 } });
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${String(e)}`));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
  page.on("response", (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  await page.goto(`${origin}/${query}`);
  await firstSnapshot(page);
  return { page, problems };
}

/** Waits until the worker's first snapshot is on the page (the losses show numbers). */
async function firstSnapshot(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelector('[data-testid="train-loss"]')?.getAttribute("data-value") != null, null, { timeout: 20_000 });
}

/** The number a loss element shows, at full precision (its data-value; its text is the same rounded). */
async function loss(page: Page, which: "train" | "test"): Promise<number> {
  // one read of both, so that a new snapshot cannot land between them
  const [text, value] = await page.getByTestId(`${which}-loss`).evaluate((el) => [el.textContent, el.getAttribute("data-value")]);
  assert.ok(Math.abs(Number(text) - Number(value)) <= 5e-4, `${which} loss text ${text} shows ${value}`);
  return Number(value);
}

async function epoch(page: Page): Promise<number> {
  return Number(await page.getByTestId("epoch").textContent());
}

test("the page loads with no console errors or failed requests, with its controls, and the keyboard drives it", { skip, timeout: 60_000 }, async () => {
  const { page, problems } = await open();
  for (const name of ["Play", "Step", "Reset", "Add hidden layer", "Remove hidden layer", "Export"]) {
    assert.equal(await page.getByRole("button", { name, exact: true }).count(), 1, `button ${name}`);
  }
  const dataSet = page.getByLabel("Data set");
  assert.deepEqual(await dataSet.locator("option").allTextContents(), [...PLAYGROUND_NAMES]);
  assert.equal(await dataSet.inputValue(), "circle");
  for (const label of ["Activation", "Learning rate", "Regularization", "Regularization rate", "Problem type", "Optimizer", "Noise", "Ratio of training to test data", "Batch size", "Seed", "Presets"]) {
    assert.equal(await page.getByLabel(label, { exact: true }).count(), 1, `control ${label}`);
  }
  const start = await loss(page, "train");
  assert.ok(start > 0.3 && start < 0.7, `the untrained tanh network's loss is near 0.5, got ${start}`);
  assert.ok((await loss(page, "test")) > 0.3);
  assert.match(page.url(), /\?dataset=circle&.*hidden=4,2&activation=tanh&learningRate=0\.03/);
  assert.equal(await epoch(page), 0);
  await page.keyboard.press("s");
  await page.waitForFunction(() => document.querySelector('[data-testid="epoch"]')?.textContent === "1");
  await page.keyboard.press(" ");
  await page.getByRole("button", { name: "Pause", exact: true }).waitFor();
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="epoch"]')?.textContent) > 3);
  await page.keyboard.press(" ");
  await page.getByRole("button", { name: "Play", exact: true }).waitFor();
  await page.keyboard.press("r");
  await page.waitForFunction(() => document.querySelector('[data-testid="epoch"]')?.textContent === "0");
  assert.equal(await loss(page, "train"), start, "reset gives the same network again");
  await page.getByRole("button", { name: "Export" }).click();
  const code = await page.getByTestId("export-code").textContent();
  assert.ok(code !== null && code.includes('import * as bp from "backprop"'), "Export shows backprop code");
  assert.ok(code.includes("?dataset=circle&"), "for this configuration");
  assert.ok(await page.getByRole("dialog").isVisible());
  assert.deepEqual(problems, []);
  await page.close();
});

test("on the circle a 2 x 4 ReLU network brings the test loss below 0.1 within 20 s of Play", { skip, timeout: 60_000 }, async () => {
  const { page, problems } = await open("?dataset=circle&hidden=4,4&activation=relu");
  assert.equal(await page.locator('[data-testid="neuron"]').count(), 8);
  const before = await loss(page, "test");
  assert.ok(before > 0.1, `the test loss starts above 0.1 (${before})`);
  const t0 = Date.now();
  await page.getByRole("button", { name: "Play" }).click();
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="test-loss"]')?.getAttribute("data-value")) < 0.1, null, { timeout: 20_000, polling: 100 });
  const seconds = (Date.now() - t0) / 1000;
  console.log(`circle, 2 x 4 ReLU: test loss < 0.1 after ${seconds.toFixed(1)} s, epoch ${await epoch(page)}`);
  assert.ok((await loss(page, "test")) < 0.1);
  assert.deepEqual(problems, []);
  await page.close();
});

/** Picks a preset from the menu and waits for its first snapshot. */
async function preset(page: Page, id: string): Promise<void> {
  await page.getByLabel("Presets").selectOption(id);
  await page.waitForFunction(() => document.querySelector('[data-testid="epoch"]')?.textContent === "0" && document.querySelectorAll('[data-testid="neuron"]').length === 48);
  await page.waitForFunction(() => (document.querySelector('[data-testid="grad-chart"]') as HTMLElement | null)?.dataset.grads?.split(",").length === 7);
}

test("the deep sigmoid preset stays flat for 10 s with a vanishing first-layer gradient, while the ReLU preset halves its loss", { skip, timeout: 60_000 }, async () => {
  const { page, problems } = await open();
  await preset(page, "deep-sigmoid");
  assert.match(page.url(), /hidden=8,8,8,8,8,8&activation=sigmoid/);
  const start = await loss(page, "train");
  await page.getByRole("button", { name: "Play" }).click();
  const t0 = Date.now();
  // the chart shows one step's mean |dL/dW| per layer, which jumps from step to step: judge the median
  // of what it showed every half second
  const ratios: number[] = [];
  const barRatios: number[] = [];
  while (Date.now() - t0 < 10_000) {
    await page.waitForTimeout(500);
    const now = await loss(page, "train");
    assert.ok(Math.abs(now - start) <= 0.1 * start, `sigmoid: the loss ${now} stays within 10% of ${start}`);
    const grads = (await page.getByTestId("grad-chart").getAttribute("data-grads"))!.split(",").map(Number);
    ratios.push(grads[grads.length - 1] / grads[0]);
    const bars = await page.locator('[data-testid="grad-chart"] .grad-bar').evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.value)));
    assert.equal(bars.length, 7, "one bar per weight layer");
    barRatios.push(bars[bars.length - 1] / bars[0]);
  }
  const epochs = await epoch(page);
  assert.ok(epochs > 5, `sigmoid: it trained (${epochs} epochs)`);
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  const ratio = median(ratios);
  assert.ok(median(barRatios) >= 100, `sigmoid: the bars show the first layer's gradient >= 100x smaller than the last's (median ratio ${median(barRatios)} of ${barRatios.length})`);
  assert.ok(ratio >= 100, `sigmoid: the chart's median last/first ratio ${ratio} (of ${ratios.join(", ")})`);
  console.log(`deep sigmoid: loss ${start.toFixed(4)} -> ${(await loss(page, "train")).toFixed(4)} over 10 s (${epochs} epochs), last/first gradient ${ratio.toExponential(2)}`);

  await page.getByRole("button", { name: "Pause" }).click();
  await preset(page, "deep-relu");
  assert.match(page.url(), /hidden=8,8,8,8,8,8&activation=relu/);
  const reluStart = await loss(page, "train");
  const t1 = Date.now();
  await page.getByRole("button", { name: "Play" }).click();
  await page.waitForFunction((half) => Number(document.querySelector('[data-testid="train-loss"]')?.getAttribute("data-value")) <= half, reluStart / 2, { timeout: 10_000, polling: 100 });
  console.log(`deep ReLU: loss ${reluStart.toFixed(4)} halved after ${((Date.now() - t1) / 1000).toFixed(1)} s`);
  assert.deepEqual(problems, []);
  await page.close();
});

test("adding a layer adds its neuron heat maps; neuron buttons resize a layer; toggling a feature changes the input column; hovering shows biases and weights", { skip, timeout: 60_000 }, async () => {
  const { page, problems } = await open();
  const heatmaps = page.locator('[data-testid="neuron-heatmap"]');
  assert.equal(await heatmaps.count(), 6);
  await page.getByRole("button", { name: "Add hidden layer" }).click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="neuron-heatmap"]').length === 8);
  assert.equal(await page.locator('[data-testid="hidden-layer"]').count(), 3);
  assert.match(page.url(), /hidden=4,2,2&/);
  // the new layer's heat maps are painted from the snapshot's grids: 50 x 50 and not blank
  await page.waitForFunction(() => {
    const c = document.querySelectorAll<HTMLCanvasElement>('[data-layer="2"] [data-testid="neuron-heatmap"]');
    return c.length === 2 && Array.from(c).every((canvas) => canvas.width === 50 && canvas.getContext("2d")!.getImageData(25, 25, 1, 1).data[3] === 255);
  });
  await page.getByRole("button", { name: "Add neuron to layer 3" }).click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="neuron-heatmap"]').length === 9);
  assert.match(page.url(), /hidden=4,2,3&/);
  await page.getByRole("button", { name: "Remove hidden layer" }).click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="neuron-heatmap"]').length === 6);

  const column = page.getByTestId("input-column");
  assert.equal(await column.getAttribute("data-features"), "x1,x2");
  const links = page.locator("path.link");
  assert.equal(await links.count(), 2 * 4 + 4 * 2 + 2);
  await page.getByRole("button", { name: "Feature X₁²" }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="input-column"]')?.getAttribute("data-features") === "x1,x2,x1Squared");
  assert.equal(await page.locator('[data-testid="input-node"][data-active="true"]').count(), 3);
  assert.equal(await page.getByRole("button", { name: "Feature X₁²" }).getAttribute("aria-pressed"), "true");
  assert.equal(await links.count(), 3 * 4 + 4 * 2 + 2);
  assert.match(page.url(), /features=x1,x2,x1Squared&/);
  await page.getByRole("button", { name: "Feature X₁", exact: true }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="input-column"]')?.getAttribute("data-features") === "x2,x1Squared");

  // hovering a neuron shows its bias, hovering a link its weight
  const card = page.getByRole("tooltip");
  const map = page.getByTestId("decision-map");
  const before = await map.evaluate((c) => (c as HTMLCanvasElement).toDataURL());
  await page.locator('[data-testid="neuron"]').first().hover();
  assert.match((await card.textContent())!, /^Layer 1, neuron 1: bias is -?\d+\.\d{3}$/);
  // and the decision map shows that neuron's own heat map while the pointer is on it
  await page.waitForFunction(() => document.querySelector('[data-testid="decision-map"]')?.getAttribute("data-showing") === "neuron 1.1");
  assert.notEqual(await map.evaluate((c) => (c as HTMLCanvasElement).toDataURL()), before);
  const middle = await page.locator("path.link").first().evaluate((el) => {
    const path = el as SVGPathElement;
    const p = path.getPointAtLength(path.getTotalLength() / 2);
    const box = path.ownerSVGElement!.getBoundingClientRect();
    return { x: box.left + p.x, y: box.top + p.y };
  });
  await page.mouse.move(middle.x, middle.y);
  await page.waitForFunction(() => document.querySelector('[data-testid="decision-map"]')?.getAttribute("data-showing") === "output");
  await page.waitForFunction(() => /^Weight is -?\d+\.\d{3}$/.test(document.querySelector('[role="tooltip"]')?.textContent ?? ""));
  assert.ok(await card.isVisible());
  assert.deepEqual(problems, []);
  await page.close();
});

test("the URL holds the whole state: a reload gives the same network, data and first-step loss", { skip, timeout: 60_000 }, async () => {
  const { page, problems } = await open("?dataset=xor&noise=0.1&seed=7&hidden=3,5&batchSize=12&learningRate=0.05");
  assert.equal(await page.getByLabel("Learning rate").inputValue(), "0.05", "a rate the menu lacks is shown");
  await page.getByLabel("Activation").selectOption("relu");
  await page.getByLabel("Optimizer").selectOption("adam");
  await page.getByLabel("Learning rate").selectOption("0.01");
  await page.waitForFunction(() => location.search.includes("optimizer=adam") && location.search.includes("learningRate=0.01"));
  const url = page.url();
  assert.match(url, /dataset=xor&noise=0\.1&trainRatio=0\.5&batchSize=12&seed=7&features=x1,x2&hidden=3,5&activation=relu&learningRate=0\.01/);
  const read = async (): Promise<{ train: number; test: number; neurons: number; picture: string }> => {
    await page.getByRole("button", { name: "Step" }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid="epoch"]')?.textContent === "1");
    return {
      train: await loss(page, "train"), test: await loss(page, "test"),
      neurons: await page.locator('[data-testid="neuron"]').count(),
      picture: await page.getByTestId("decision-map").evaluate((c) => (c as HTMLCanvasElement).toDataURL()),
    };
  };
  const before = await read();
  await page.reload();
  await firstSnapshot(page);
  assert.equal(page.url(), url);
  assert.equal(await page.getByLabel("Data set").inputValue(), "xor");
  assert.equal(await page.getByLabel("Activation").inputValue(), "relu");
  assert.equal(await page.getByLabel("Optimizer").inputValue(), "adam");
  assert.equal(await page.getByLabel("Seed").inputValue(), "7");
  const afterReload = await read();
  assert.deepEqual(afterReload, before);
  assert.equal(afterReload.neurons, 8);
  assert.deepEqual(problems, []);
  await page.close();
});

test("a 6 x 8 network trains while the page keeps its frame rate (the page's own requestAnimationFrame timing)", { skip, timeout: 60_000 }, async () => {
  const { page, problems } = await open("?hidden=8,8,8,8,8,8&activation=relu&dataset=spiral");
  await page.getByRole("button", { name: "Play" }).click();
  await page.waitForTimeout(1500);
  // the page's own figures, read every half second for 3 s: fps over the last second, the longest frame
  // of the last half second, and the worker's training steps per second
  const samples: { fps: number; longest: number; steps: number }[] = [];
  for (let i = 0; i < 6; i++) {
    await page.waitForTimeout(500);
    samples.push(await page.evaluate(() => ({
      fps: Number(document.body.dataset.fps), longest: Number(document.body.dataset.longestFrameMs), steps: Number(document.body.dataset.stepsPerSecond),
    })));
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  const fps = median(samples.map((s) => s.fps));
  const steps = median(samples.map((s) => s.steps));
  const longest = Math.max(...samples.map((s) => s.longest));
  console.log(`6 x 8 ReLU on the spiral: ${fps.toFixed(1)} frames/s (median of 6 readings), longest frame ${longest.toFixed(0)} ms, ${steps.toFixed(0)} training steps/s, epoch ${await epoch(page)}`);
  assert.ok(steps > 0, "it trains");
  assert.ok(fps >= 30, `at least 30 frames per second while training (${fps})`);
  assert.ok(longest < 500, `never frozen: the longest frame took ${longest} ms`);
  assert.deepEqual(problems, []);
  await page.close();
});
