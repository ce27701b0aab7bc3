/**
 * The browser entry's module graph is free of Node: src/index.browser.ts bundled by esbuild for the
 * browser (format esm, no externals) builds with no error and no `node:` import left (esbuild refuses
 * a Node built-in on platform "browser", checked here too); and package.json's `browser` condition
 * sends a bundler to the built browser entry while Node gets the Node one.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type BuildFailure, type Metafile } from "esbuild";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const ENTRY = join(ROOT, "src", "index.browser.ts");

/** Bundles `entry` (or a one-line module) for the browser: its output, its metafile and its messages. */
async function bundleForBrowser(source: { entry: string } | { contents: string }): Promise<{ text: string; metafile: Metafile; warnings: string[] }> {
  const input = "entry" in source ? { entryPoints: [source.entry] } : { stdin: { contents: source.contents, resolveDir: ROOT, loader: "ts" as const } };
  const result = await build({
    ...input, bundle: true, platform: "browser", format: "esm", target: "es2022", write: false, metafile: true, logLevel: "silent",
  });
  return { text: result.outputFiles[0].text, metafile: result.metafile, warnings: result.warnings.map((w) => w.text) };
}

/** Every import esbuild saw in the bundle's inputs that names a Node built-in (`node:fs`, `fs`, ...). */
function nodeImports(metafile: Metafile): string[] {
  return Object.entries(metafile.inputs).flatMap(([file, input]) => input.imports
    .filter((i) => i.path.startsWith("node:") || builtinModules.includes(i.path))
    .map((i) => `${file} imports ${i.path}`));
}

test("esbuild refuses a Node built-in on platform browser (what the next test relies on)", async () => {
  await assert.rejects(bundleForBrowser({ contents: 'import { readFileSync } from "node:fs"; console.log(readFileSync);' }), (err: BuildFailure) =>
    err.errors.some((e) => e.text === 'Could not resolve "node:fs"'));
  await assert.rejects(bundleForBrowser({ contents: 'import "./src/io/nothing_here.ts";' }), (err: BuildFailure) => err.errors.length === 1);
});

test("the browser entry bundles for the browser with no Node built-in anywhere in its module graph", { timeout: 30_000 }, async () => {
  let bundled: Awaited<ReturnType<typeof bundleForBrowser>>;
  try {
    bundled = await bundleForBrowser({ entry: ENTRY });
  } catch (err) {
    const errors = (err as BuildFailure).errors ?? [];
    assert.fail(`esbuild could not bundle src/index.browser.ts for the browser:\n${errors.map((e) => `${e.location?.file}:${e.location?.line}: ${e.text}`).join("\n") || String(err)}`);
  }
  const { text, metafile, warnings } = bundled;
  assert.deepEqual(nodeImports(metafile), []);
  assert.ok(!/\bfrom\s*["']node:|\bimport\s*\(\s*["']node:|\bimport\s*["']node:/.test(text), "no node: import in the bundle's text");
  assert.deepEqual(warnings.filter((w) => w.includes("node:")), []);
  // the whole library is in it: the entry's own graph reaches every namespace's modules
  const inputs = Object.keys(metafile.inputs);
  for (const part of ["src/io/files.ts", "src/data/idx.ts", "src/datasets/mnist.ts", "src/keras/callbacks/csv_logger.ts", "src/io/bytes.ts", "src/model_selection/parallel.ts"]) {
    assert.ok(inputs.includes(part), `${part} is in the bundle`);
  }
  assert.ok(inputs.some((f) => f.includes("node_modules/fflate/esm/browser.js")), "fflate's browser build is in the bundle");
  // its exports are the Node entry's
  const nodeEntry = await import("../../src/index.ts");
  assert.deepEqual(Object.keys(await import("../../src/index.browser.ts")).sort(), Object.keys(nodeEntry).sort());
});

test("package.json's exports: the `browser` condition resolves to the built browser entry, Node to the Node one", async () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { name: string; exports: Record<string, unknown> };
  assert.deepEqual(pkg.exports["."], {
    browser: { types: "./dist/index.browser.d.ts", default: "./dist/index.browser.js" },
    types: "./dist/index.d.ts",
    import: "./dist/index.js",
  });
  // a package with these exports and stub dist files, resolved by esbuild for each platform
  const dir = mkdtempSync(join(tmpdir(), "backprop-exports-"));
  try {
    const pkgDir = join(dir, "node_modules", pkg.name);
    mkdirSync(join(pkgDir, "dist"), { recursive: true });
    writeFileSync(join(pkgDir, "package.json"), JSON.stringify({ name: pkg.name, type: "module", exports: pkg.exports }));
    writeFileSync(join(pkgDir, "dist", "index.js"), 'export const entry = "node";');
    writeFileSync(join(pkgDir, "dist", "index.browser.js"), 'export const entry = "browser";');
    const resolved = async (platform: "browser" | "node"): Promise<string> => {
      const result = await build({
        stdin: { contents: `import { entry } from "${pkg.name}"; console.log(entry);`, resolveDir: dir }, bundle: true, platform, format: "esm",
        write: false, metafile: true, logLevel: "silent",
      });
      return Object.keys(result.metafile.inputs).filter((f) => f.includes("/dist/")).join();
    };
    assert.match(await resolved("browser"), /dist\/index\.browser\.js$/);
    assert.match(await resolved("node"), /dist\/index\.js$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // and the build (tsconfig.build.json: everything under src) compiles src/index.browser.ts to that file
  const tsconfig = JSON.parse(readFileSync(join(ROOT, "tsconfig.build.json"), "utf8")) as { include: string[]; compilerOptions: { rootDir: string; outDir: string } };
  assert.deepEqual([tsconfig.include, tsconfig.compilerOptions.rootDir, tsconfig.compilerOptions.outDir], [["src"], "src", "dist"]);
});
