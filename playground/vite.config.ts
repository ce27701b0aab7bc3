/**
 * Vite's build of the playground: static files in playground/dist with relative paths (so any static
 * host, or a file server under any prefix, serves them), the training worker as an ES module.
 * `npm run build:playground` uses this file; src/cli/playground.ts builds with it too (Vite loads it).
 */
import { fileURLToPath } from "node:url";
import type { InlineConfig } from "vite";

/** The playground's folder (this file's). */
export const PLAYGROUND_ROOT = fileURLToPath(new URL(".", import.meta.url));

/**
 * Rolldown's checks: the library's one dynamic import (model_selection's worker pool, unused here) is
 * bundled statically, as it should be, so that note and the timing table are left out.
 */
const CHECKS = { ineffectiveDynamicImport: false, bundlerTimings: false };

/**
 * The build configuration, writing to `outDir` (default playground/dist).
 * @example await (await import("vite")).build(playgroundConfig("/tmp/pg"));
 */
export function playgroundConfig(outDir = fileURLToPath(new URL("dist", import.meta.url))): InlineConfig {
  return {
    configFile: false,
    root: PLAYGROUND_ROOT,
    base: "./",
    logLevel: "warn",
    build: { outDir, emptyOutDir: true, target: "es2022", chunkSizeWarningLimit: 8000, rolldownOptions: { checks: CHECKS } },
    worker: { format: "es", rolldownOptions: { checks: CHECKS } },
  };
}

export default playgroundConfig();
