/**
 * PyTorch (and numpy) as bench peers: one `bench/torch_bench.py serve <threads>` process per thread
 * count, kept alive for the whole run, answering one JSON request per line. Always Debian's
 * /usr/bin/python3: the `python3` first on PATH may be another interpreter that cannot see apt's torch.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createInterface, type Interface } from "node:readline";
import type { Contender, RoundResult } from "../harness.ts";

/** The interpreter apt's python3-torch is installed for. */
export const PYTHON = "/usr/bin/python3";
const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), "..", "torch_bench.py");

/** One request to torch_bench.py; `workload` picks the function, the rest are its parameters. */
export interface TorchRequest {
  workload: "mlp" | "matmul" | "elementwise" | "overhead";
  quick?: boolean;
  [key: string]: unknown;
}

/** A successful answer: per case, per contender (`torch`, `numpy`), seconds per repetition. */
export interface TorchReply {
  ok: true;
  torch: string;
  numpy: string;
  threads: number;
  results: Record<string, Record<string, number[]>>;
  info?: Record<string, unknown>;
}

interface ErrorReply {
  ok: false;
  error: string;
}

/** A running `torch_bench.py serve` process with a fixed thread count. */
export class TorchServer {
  readonly threads: number;
  /** torch's version as the server reported it when ready. */
  torchVersion = "";
  numpyVersion = "";
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: Interface;
  private readonly pending: ((line: string | null) => void)[] = [];
  private stderr = "";
  private closed = false;

  private constructor(threads: number) {
    this.threads = threads;
    const env = { ...process.env, OMP_NUM_THREADS: String(threads), OPENBLAS_NUM_THREADS: String(threads), MKL_NUM_THREADS: String(threads) };
    this.child = spawn(PYTHON, [SCRIPT, "serve", String(threads)], { env, stdio: ["pipe", "pipe", "pipe"] });
    this.child.stderr.on("data", (d: Buffer) => {
      this.stderr = (this.stderr + d.toString()).slice(-2000);
    });
    this.lines = createInterface({ input: this.child.stdout });
    this.lines.on("line", (line) => this.pending.shift()?.(line));
    const close = (): void => {
      this.closed = true;
      for (const p of this.pending.splice(0)) p(null);
    };
    this.child.on("exit", close);
    this.child.on("error", close);
  }

  /**
   * Starts a server and waits until torch has loaded. Resolves to the server, or to a string saying
   * why torch is unavailable (no /usr/bin/python3, torch not installed, ...).
   */
  static async start(threads: number): Promise<TorchServer | string> {
    if (!existsSync(PYTHON)) return `${PYTHON} not found (run bench/setup.sh)`;
    const server = new TorchServer(threads);
    const ready = await server.readLine();
    if (ready === null) return server.failure("torch_bench.py exited before it was ready");
    const parsed = JSON.parse(ready) as (TorchReply & { ready: true }) | ErrorReply;
    if (!parsed.ok) {
      server.stop();
      return parsed.error.includes("No module named 'torch'")
        ? `${PYTHON} has no torch (run bench/setup.sh to install python3-torch)`
        : parsed.error;
    }
    server.torchVersion = parsed.torch;
    server.numpyVersion = parsed.numpy;
    return server;
  }

  /** Sends one request and waits for its answer; throws with the script's error or stderr. */
  async request(req: TorchRequest): Promise<TorchReply> {
    if (this.closed) throw new Error(this.failure("torch_bench.py is no longer running"));
    const answer = this.readLine();
    this.child.stdin.write(JSON.stringify(req) + "\n");
    const line = await answer;
    if (line === null) throw new Error(this.failure("torch_bench.py exited"));
    const parsed = JSON.parse(line) as TorchReply | ErrorReply;
    if (!parsed.ok) throw new Error(`torch_bench.py ${req.workload}: ${parsed.error}`);
    return parsed;
  }

  /** Closes stdin so the server exits on its own. */
  stop(): void {
    if (!this.closed) this.child.stdin.end();
  }

  private readLine(): Promise<string | null> {
    if (this.closed) return Promise.resolve(null);
    return new Promise((resolve) => this.pending.push(resolve));
  }

  private failure(what: string): string {
    const tail = this.stderr.trim().split("\n").slice(-1)[0] ?? "";
    return tail === "" ? what : `${what}: ${tail}`;
  }
}

/**
 * The torch servers for 1 and 2 threads, started once on first use and shared by all workloads; each
 * entry is a server or the reason torch is unavailable.
 */
let servers: Promise<(TorchServer | string)[]> | undefined;

/** The servers for `TORCH_THREADS` (1 and 2 threads), starting them on first call. */
export function torchServers(): Promise<(TorchServer | string)[]> {
  servers ??= Promise.all(TORCH_THREADS.map((t) => TorchServer.start(t)));
  return servers;
}

/** Thread counts PyTorch runs with (torch.set_num_threads). */
export const TORCH_THREADS = [1, 2] as const;

/** Stops every server that was started. */
export async function stopTorchServers(): Promise<void> {
  if (servers === undefined) return;
  for (const s of await servers) if (typeof s !== "string") s.stop();
}

/**
 * Contenders for PyTorch at 1 and 2 threads (and numpy at the same thread counts when `withNumpy`):
 * each PyTorch round sends `req` to its server; the numpy row, which comes right after it, reports
 * the numpy times of that same answer.
 */
export async function torchContenders(req: TorchRequest, withNumpy: boolean): Promise<Contender[]> {
  const out: Contender[] = [];
  const all = await torchServers();
  for (const [i, server] of all.entries()) {
    const threads = ` (${TORCH_THREADS[i]} thread${TORCH_THREADS[i] > 1 ? "s" : ""})`;
    if (typeof server === "string") {
      out.push({ label: `PyTorch${threads}`, unavailable: server });
      if (withNumpy) out.push({ label: `numpy${threads}`, unavailable: server });
      continue;
    }
    let last: TorchReply | undefined;
    const pick = (who: string): RoundResult => {
      const result: RoundResult = {};
      for (const [key, byWho] of Object.entries(last?.results ?? {})) if (byWho[who] !== undefined) result[key] = byWho[who];
      return result;
    };
    out.push({
      label: `PyTorch ${server.torchVersion}${threads}`,
      round: async () => {
        last = await server.request(req);
        return pick("torch");
      },
    });
    if (withNumpy) out.push({ label: `numpy ${server.numpyVersion}${threads}`, quiet: true, round: async () => pick("numpy") });
  }
  return out;
}
