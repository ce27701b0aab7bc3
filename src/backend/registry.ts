import type { Backend } from "./backend.ts";
import { jsBackend } from "./js.ts";

let current: Backend = jsBackend;

/**
 * The backend the kernels run on now: its name (`"js"` for the plain-TypeScript reference).
 * @example
 * console.log(bp.backend()); // "js"
 */
export function backend(): string {
  return current.name;
}

/** The active kernels; ops call this, never a backend directly. */
export function kernels(): Backend {
  return current;
}

/** Replaces the active backend (for faster backends and for running the suite per backend). */
export function setBackend(next: Backend): void {
  current = next;
}
