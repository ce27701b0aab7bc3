#!/usr/bin/python3
"""scikit-learn side of bench/knn.ts: k-nearest-neighbours classification of Fashion-MNIST by brute force.

Usage:
    /usr/bin/python3 bench/knn_bench.py <metric> <n_train> <n_test> [--k 5] [--n-jobs 2]

Loads the first n_train training and n_test test images of /usr/share/datasets/fashion-mnist (IDX,
gzip), scaled by 1/255 to float32 (as backprop's loadMnistIdx), fits
KNeighborsClassifier(n_neighbors=k, metric=metric, algorithm="brute", n_jobs=n_jobs), times predict,
and prints one JSON line: {"ok": true, "sklearn": version, "numpy": version, "threads": n,
"fit_s", "predict_s", "cpu_s" (CPU seconds of predict, all threads), "accuracy", "rss_before_kb" (resident memory before predict),
"maxrss_kb" (the process's resident high-water mark after predict), "predictions": [...]} or
{"ok": false, "error": message}. OpenMP and BLAS get n_jobs threads (scikit-learn 1.2's brute force
runs on OpenMP threads, which n_jobs does not limit by itself).
"""
import gzip
import json
import os
import sys
import time

FASHION_ROOT = "/usr/share/datasets/fashion-mnist"


def read_idx(stem):
    path = os.path.join(FASHION_ROOT, stem)
    opener = open if os.path.exists(path) else gzip.open
    if opener is gzip.open:
        path += ".gz"
    import numpy as np
    with opener(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def rss_kb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


def main(argv):
    metric, n_train, n_test = argv[0], int(argv[1]), int(argv[2])
    k = int(argv[argv.index("--k") + 1]) if "--k" in argv else 5
    n_jobs = int(argv[argv.index("--n-jobs") + 1]) if "--n-jobs" in argv else 2
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(n_jobs)
    import resource
    import numpy as np
    import sklearn
    from sklearn.neighbors import KNeighborsClassifier

    X = (read_idx("train-images-idx3-ubyte")[:n_train].reshape(n_train, -1) / np.float32(255)).astype(np.float32)
    y = read_idx("train-labels-idx1-ubyte")[:n_train].astype(np.int64)
    Xq = (read_idx("t10k-images-idx3-ubyte")[:n_test].reshape(n_test, -1) / np.float32(255)).astype(np.float32)
    yq = read_idx("t10k-labels-idx1-ubyte")[:n_test].astype(np.int64)
    t0 = time.perf_counter()
    knn = KNeighborsClassifier(n_neighbors=k, metric=metric, algorithm="brute", n_jobs=n_jobs).fit(X, y)
    fit_s = time.perf_counter() - t0
    before = rss_kb()
    c0 = time.process_time()
    t0 = time.perf_counter()
    pred = knn.predict(Xq)
    predict_s = time.perf_counter() - t0
    cpu_s = time.process_time() - c0
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({
        "ok": True, "sklearn": sklearn.__version__, "numpy": np.__version__, "threads": n_jobs,
        "fit_s": fit_s, "predict_s": predict_s, "cpu_s": cpu_s, "accuracy": float((pred == yq).mean()),
        "rss_before_kb": before, "maxrss_kb": maxrss, "predictions": pred.astype(int).tolist(),
    }))


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except Exception as e:  # noqa: BLE001 - reported to bench/knn.ts as one JSON line
        print(json.dumps({"ok": False, "error": f"{type(e).__name__}: {e}"}))
