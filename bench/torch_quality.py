"""PyTorch twin of org.latentatlas.bench.QualityBench: the same VAE on Fashion-MNIST (Debian's
dataset-fashion-mnist), dynamic binarization, Adam, then the test −ELBO under the same protocol (test set
binarized once from a fixed seed, one ε per image). Prints RESULT train_s=<s> test_nelbo=<nats>."""
import argparse
import gzip
import time

import numpy as np
import torch
import torch.nn.functional as F

from torch_train import Vae

FMNIST = "/usr/share/datasets/fashion-mnist"


def images(name):
    with gzip.open(f"{FMNIST}/{name}-images-idx3-ubyte.gz") as f:
        raw = np.frombuffer(f.read(), dtype=np.uint8, offset=16)
    return torch.from_numpy(raw.reshape(-1, 784).astype(np.float32) / 255.0)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--dim", type=int, default=784)
    p.add_argument("--hidden", default="200,200")
    p.add_argument("--latent", type=int, default=50)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--threads", type=int, default=0)
    a, _ = p.parse_known_args()
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    train, test = images("train"), images("t10k")
    model = Vae(a.dim, [int(h) for h in a.hidden.split(",")], a.latent)
    opt = torch.optim.Adam(model.parameters(), lr=a.lr)
    print(f"torch: Fashion-MNIST ({len(train)} train, {len(test)} test), {a.epochs} epochs")
    t0 = time.perf_counter()
    for e in range(a.epochs):
        perm = torch.randperm(len(train))
        total = 0.0
        for start in range(0, len(train), a.batch):
            x = torch.bernoulli(train[perm[start:start + a.batch]])
            eps = torch.randn(x.shape[0], a.latent)
            opt.zero_grad(set_to_none=True)
            loss, summed = model.loss(x, eps)
            loss.backward()
            opt.step()
            total += summed.item()
        print(f"  epoch {e + 1}: train -ELBO {total / len(train):.2f} ({time.perf_counter() - t0:.1f} s)")
    seconds = time.perf_counter() - t0
    g = torch.Generator().manual_seed(a.seed + 1)
    xt = torch.bernoulli(test, generator=g)
    with torch.no_grad():
        eps = torch.randn(len(xt), a.latent, generator=torch.Generator().manual_seed(a.seed + 2))
        _, summed = model.loss(xt, eps)
    print(f"RESULT train_s={seconds:.1f} test_nelbo={summed.item() / len(xt):.2f}")


if __name__ == "__main__":
    main()
