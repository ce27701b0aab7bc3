import { closeSync, fsyncSync, lstatSync, mkdirSync, openSync, readdirSync, realpathSync, renameSync, rmSync, statSync, writeSync, readFileSync } from "node:fs";
import { dirname, join, resolve, sep } from "node:path";
import { randomBytes } from "node:crypto";
import { removeStaleTemporaries } from "../io/files.ts";

/*
 * The `--out` folder of `backprop train`: checked before training, cleaned of what a killed run left,
 * and filled as one unit.
 *
 * One unit, by a journal: every output is first written, fsynced, into `OUT/.commit-<pid>-<hex>/`; then
 * `COMMIT` (the list of names) is written there atomically; only then is each file renamed into OUT, and
 * the folder removed. A kill before COMMIT leaves OUT's old set untouched (the staging folder is removed
 * by the next run); a kill after it is rolled forward by the next run (`prepareOutDir`) before anything
 * else reads OUT, so a new model never stays beside old metrics.
 */

/** A wrong `--out`, found before training. */
export class OutDirError extends Error {}

/** Folders whose files are not files: Node 20's recursive mkdir loops forever under /proc. */
const PSEUDO_ROOTS = ["/proc", "/sys", "/dev"];

const STAGING_PATTERN = /^\.commit-\d+-[0-9a-f]{12}$/;

function bounded(text: string, max = 200): string {
  return text.length <= max ? text : `${text.slice(0, max)}...`;
}

function code(error: unknown): string {
  return error instanceof Error && "code" in error ? String((error as { code: unknown }).code) : String(error);
}

/** Creates `dir` one level at a time (never `{recursive: true}`), checking each level is a folder. */
function mkdirLevels(dir: string): void {
  const missing: string[] = [];
  let current = dir;
  for (;;) {
    let stat;
    try {
      stat = statSync(current);
    } catch (error) {
      // ENOTDIR: a file further up; the walk finds it and says so
      if (code(error) !== "ENOENT" && code(error) !== "ENOTDIR") throw new OutDirError(`--out '${bounded(dir)}': cannot reach '${bounded(current)}' (${code(error)})`);
      const parent = dirname(current);
      if (parent === current) throw new OutDirError(`--out '${bounded(dir)}': no such root`);
      missing.push(current);
      current = parent;
      continue;
    }
    if (!stat.isDirectory()) throw new OutDirError(`--out '${bounded(dir)}': '${bounded(current)}' is not a folder`);
    break;
  }
  for (const level of missing.reverse()) {
    try {
      mkdirSync(level);
    } catch (error) {
      if (code(error) !== "EEXIST") throw new OutDirError(`--out '${bounded(dir)}': cannot create '${bounded(level)}' (${code(error)})`);
    }
    if (!statSync(level).isDirectory()) throw new OutDirError(`--out '${bounded(dir)}': '${bounded(level)}' is not a folder`);
  }
}

/** The deepest existing ancestor of `path`, resolved through links (so a link into /proc is seen). */
function realAncestor(path: string): string {
  let current = resolve(path);
  for (;;) {
    try {
      return realpathSync(current);
    } catch {
      const parent = dirname(current);
      if (parent === current) return current;
      current = parent;
    }
  }
}

function underPseudo(path: string): string | undefined {
  for (const root of PSEUDO_ROOTS) {
    for (const p of [resolve(path), realAncestor(path)]) if (p === root || p.startsWith(root + sep)) return root;
  }
  return undefined;
}

/**
 * Makes `out` ready before any epoch: refuses /proc, /sys and /dev, creates the folder level by level,
 * writes and removes a probe file (so an unwritable folder is an OutDirError now, not at the save),
 * finishes or discards an interrupted commit (see the file's comment) and removes the `*.tmp-<pid>-<hex>`
 * files a killed save left (only names of that pattern, last modified before `runStart`, from another
 * process). Returns the names of what it cleaned.
 * @example prepareOutDir("runs/mnist-1"); // creates it, or throws OutDirError "--out 'runs/mnist-1': ..."
 */
export function prepareOutDir(out: string, runStart: number = Date.now()): string[] {
  const pseudo = underPseudo(out);
  if (pseudo !== undefined) throw new OutDirError(`--out '${bounded(out)}' is under ${pseudo}, which holds no real files`);
  mkdirLevels(out);
  const probe = join(out, `.probe-${process.pid}-${randomBytes(6).toString("hex")}`);
  try {
    const fd = openSync(probe, "wx");
    try {
      writeSync(fd, "probe");
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    throw new OutDirError(`--out '${bounded(out)}' is not writable (${code(error)})`);
  } finally {
    rmSync(probe, { force: true });
  }
  const cleaned: string[] = [];
  for (const name of readdirSync(out)) {
    if (!STAGING_PATTERN.test(name)) continue;
    rollForwardOrDiscard(out, join(out, name));
    cleaned.push(name);
  }
  cleaned.push(...removeStaleTemporaries(out, runStart, "train"));
  return cleaned;
}

function rollForwardOrDiscard(out: string, staging: string): void {
  let names: unknown;
  try {
    names = JSON.parse(readFileSync(join(staging, "COMMIT"), "utf8"));
  } catch {
    names = undefined;
  }
  if (Array.isArray(names) && names.every((n) => typeof n === "string" && /^[^/\\]+$/.test(n) && n !== "COMMIT")) {
    for (const name of names as string[]) {
      const from = join(staging, name);
      // renamed already before the kill: nothing left to move
      try {
        lstatSync(from);
      } catch {
        continue;
      }
      renameSync(from, join(out, name));
    }
  }
  rmSync(staging, { recursive: true, force: true });
}

function writeSynced(path: string, bytes: Uint8Array): void {
  const fd = openSync(path, "wx");
  try {
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes `files` (name -> bytes) into `out` as one unit (the journal of this file's comment).
 * `hooks.afterFile(name)` runs after each staged file and `hooks.afterRename(name)` after each rename
 * into place: tests throw from them to simulate a kill at that point.
 * @example commitOutputs("runs/x", new Map([["metrics.json", bytes]]));
 */
export function commitOutputs(
  out: string,
  files: ReadonlyMap<string, Uint8Array>,
  hooks: { afterFile?: (name: string) => void; afterRename?: (name: string) => void } = {},
): void {
  const staging = join(out, `.commit-${process.pid}-${randomBytes(6).toString("hex")}`);
  mkdirSync(staging);
  for (const [name, bytes] of files) {
    writeSynced(join(staging, name), bytes);
    hooks.afterFile?.(name);
  }
  const commit = join(staging, "COMMIT");
  writeSynced(commit + ".tmp", new TextEncoder().encode(JSON.stringify([...files.keys()])));
  renameSync(commit + ".tmp", commit);
  syncDir(staging);
  for (const name of files.keys()) {
    renameSync(join(staging, name), join(out, name));
    hooks.afterRename?.(name);
  }
  syncDir(out);
  rmSync(staging, { recursive: true, force: true });
}

function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // some file systems refuse fsync on a folder; the renames are still ordered by the kernel
  }
}
