/**
 * backprop's browser entry (package.json `exports` condition `browser`): the same namespaces and
 * names as the Node entry, from modules that import no Node built-in, so that a bundler needs no
 * stubs. What reads or writes file paths (`data.readIdx`, `io.load`, `io.readSafetensorsFile`,
 * `datasets.mnist()`, `keras.callbacks.CSVLogger`, ...) is present but throws an error that says what
 * to use instead; the readers that take bytes do the work, and `io.toBytes` turns a `File`, `Blob`,
 * `Response` or `URL` into bytes for them.
 * @example
 * import * as bp from "backprop"; // a bundler picks this entry for the browser
 * const labels = bp.data.parseIdx(await bp.io.toBytes(fileInput.files[0]));
 */
export * from "./index.ts";
