#!/usr/bin/python3
"""PyTorch (and numpy) side of backprop's bench: the same workloads as bench/*.ts, timed in-process.

Usage:
    /usr/bin/python3 bench/torch_bench.py <workload> <threads> [--quick] [--steps N]
        runs one round of <workload> (mlp, matmul, elementwise, overhead) and prints one JSON line
    /usr/bin/python3 bench/torch_bench.py serve <threads>
        reads one JSON request per line on stdin ({"workload": "matmul", "quick": false, ...}) and
        answers each with one JSON line; bench/run.ts keeps one such process per thread count so
        that rounds can alternate with backprop and TF.js without paying torch's 3 s import each time

Every answer is {"ok": true, "torch": version, "numpy": version, "threads": n,
"results": {"<case>": {"<contender>": [seconds, ...]}}} or {"ok": false, "error": message}.
Thread counts are fixed before torch and numpy load (OMP_NUM_THREADS, OPENBLAS_NUM_THREADS) and again
with torch.set_num_threads, so both torch's own kernels and the BLAS it and numpy call use them.
"""
import gzip
import json
import os
import sys
import time

FASHION_ROOT = "/usr/share/datasets/fashion-mnist"


def set_thread_env(threads):
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(threads)


def timed(fn, reps, budget):
    """Runs fn up to reps times (at least once), stopping early once budget seconds are spent."""
    times = []
    start = time.perf_counter()
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
        if time.perf_counter() - start > budget:
            break
    return times


def read_idx_gz(path):
    import numpy as np

    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        raw = f.read()
    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def find_file(root, stem):
    for name in (stem, stem + ".gz"):
        if os.path.exists(os.path.join(root, name)):
            return os.path.join(root, name)
    raise FileNotFoundError(f"no {stem}[.gz] in {root}")


class Bench:
    def __init__(self, threads):
        import numpy as np
        import torch

        torch.set_num_threads(threads)
        self.np = np
        self.torch = torch
        self.threads = threads
        self.fashion = None

    # ------------------------------------------------------------------ MLP epoch
    def load_fashion(self):
        if self.fashion is None:
            torch = self.torch
            images = read_idx_gz(find_file(FASHION_ROOT, "train-images-idx3-ubyte"))
            labels = read_idx_gz(find_file(FASHION_ROOT, "train-labels-idx1-ubyte"))
            x = torch.from_numpy(images.reshape(len(images), 784).astype(self.np.float32) / 255.0)
            y = torch.from_numpy(labels.astype(self.np.int64))
            self.fashion = (x, y)
        return self.fashion

    def mlp(self, req):
        """One pass of `steps` shuffled batches of 64 (938 = one full epoch of 60 000), timed as a whole."""
        torch = self.torch
        nn = torch.nn
        x, y = self.load_fashion()
        n = x.shape[0]
        batch = 64
        steps = int(req.get("steps", (n + batch - 1) // batch))
        torch.manual_seed(0)
        model = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
        loss_fn = nn.CrossEntropyLoss()
        opt = torch.optim.SGD(model.parameters(), lr=0.1)

        def run(count):
            perm = torch.randperm(n)
            loss = None
            for s in range(count):
                idx = perm[s * batch: (s + 1) * batch]
                xb, yb = x[idx], y[idx]
                opt.zero_grad()
                loss = loss_fn(model(xb), yb)
                loss.backward()
                opt.step()
            return float(loss)

        run(int(req.get("warmup", 50)))
        t0 = time.perf_counter()
        final_loss = run(steps)
        elapsed = time.perf_counter() - t0
        return {"epoch": {"torch": [elapsed]}}, {"steps": steps, "loss": final_loss}

    # ------------------------------------------------------------------ matmul
    def matmul(self, req):
        torch, np = self.torch, self.np
        quick = req.get("quick", False)
        results = {}
        for m, k, n in req.get("sizes", [[64, 784, 128], [256, 256, 256], [1024, 1024, 1024]]):
            g = torch.Generator().manual_seed(0)
            a = torch.rand(m, k, generator=g) * 2 - 1
            b = torch.rand(k, n, generator=g) * 2 - 1
            an, bn = a.numpy(), b.numpy()
            reps = max(3, min(200, int(2e9 / (2 * m * k * n)))) if not quick else 3
            budget = 0.5 if quick else 1.5
            torch.matmul(a, b)
            an @ bn
            results[f"{m}x{k}x{n}"] = {
                "torch": timed(lambda: torch.matmul(a, b), reps, budget),
                "numpy": timed(lambda: an @ bn, reps, budget),
            }
        return results, {}

    # ------------------------------------------------------------------ y = max(0, a*x + b)
    def elementwise(self, req):
        torch, np = self.torch, self.np
        size = int(req.get("size", 10_000_000))
        a, b = 1.5, -0.5
        x = torch.rand(size, generator=torch.Generator().manual_seed(0)) * 2 - 1
        xn = x.numpy()
        reps = 3 if req.get("quick") else 10
        budget = 0.5 if req.get("quick") else 2.0
        torch.relu(x * a + b)
        return {
            f"{size}": {
                "torch": timed(lambda: torch.relu(x * a + b), reps, budget),
                "numpy": timed(lambda: np.maximum(xn * a + b, 0), reps, budget),
            }
        }, {}

    # ------------------------------------------------------------------ a chain of tiny ops
    def overhead(self, req):
        torch = self.torch
        chain = int(req.get("chain", 1000))
        reps = 5 if req.get("quick") else 30
        budget = 0.3 if req.get("quick") else 1.0

        def no_grad_chain():
            with torch.no_grad():
                t = torch.zeros(4)
                for _ in range(chain):
                    t = t + 1
            return t

        def grad_chain():
            w = torch.zeros(4, requires_grad=True)
            t = w
            for _ in range(chain):
                t = t + 1
            return t

        no_grad_chain()
        grad_chain()
        return {
            "add [4], no grad": {"torch": timed(no_grad_chain, reps, budget)},
            "add [4], recording autograd": {"torch": timed(grad_chain, reps, budget)},
        }, {}

    def handle(self, req):
        workload = req.get("workload")
        fn = {"mlp": self.mlp, "matmul": self.matmul, "elementwise": self.elementwise, "overhead": self.overhead}.get(workload)
        if fn is None:
            raise ValueError(f"unknown workload {workload!r}")
        results, info = fn(req)
        return {
            "ok": True,
            "torch": self.torch.__version__,
            "numpy": self.np.__version__,
            "threads": self.torch.get_num_threads(),
            "results": results,
            "info": info,
        }


def answer(bench, req):
    try:
        return bench.handle(req)
    except Exception as e:  # report, keep serving
        return {"ok": False, "error": f"{type(e).__name__}: {e}"}


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    threads = int(argv[2])
    set_thread_env(threads)
    try:
        bench = Bench(threads)
    except Exception as e:
        print(json.dumps({"ok": False, "error": f"{type(e).__name__}: {e}"}), flush=True)
        return 1
    if argv[1] == "serve":
        print(json.dumps({"ok": True, "ready": True, "torch": bench.torch.__version__, "numpy": bench.np.__version__,
                          "threads": bench.torch.get_num_threads()}), flush=True)
        for line in sys.stdin:
            if line.strip():
                print(json.dumps(answer(bench, json.loads(line))), flush=True)
        return 0
    req = {"workload": argv[1], "quick": "--quick" in argv}
    if "--steps" in argv:
        req["steps"] = int(argv[argv.index("--steps") + 1])
    reply = answer(bench, req)
    print(json.dumps(reply), flush=True)
    return 0 if reply["ok"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
