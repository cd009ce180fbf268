"""PyTorch twin of org.latentatlas.bench.TrainBench: same flags, same workload, same RESULT line (the median
epoch, every epoch, and the rate the fastest tenth of the timed steps reached or beat).

Run with Debian's python3 (bench/run does), threads set from outside:
  OPENBLAS_NUM_THREADS=2 /usr/bin/python3 bench/torch_train.py --threads 1 --dim 784 --hidden 512,256 ...
--threads N calls torch.set_num_threads(N); 0 leaves PyTorch's default.
"""
import argparse
import statistics
import time

import torch
from torch import nn
import torch.nn.functional as F


class Vae(nn.Module):
    """784-512-256 → (μ, logσ²) → 256-512-784 with ReLU: the layout and init of Latent Atlas's Vae."""

    def __init__(self, dim, hidden, latent):
        super().__init__()
        enc, width = [], dim
        for h in hidden:
            enc += [nn.Linear(width, h), nn.ReLU()]
            width = h
        self.encoder = nn.Sequential(*enc)
        self.mu = nn.Linear(width, latent)
        self.logvar = nn.Linear(width, latent)
        dec, width = [], latent
        for h in reversed(hidden):
            dec += [nn.Linear(width, h), nn.ReLU()]
            width = h
        dec.append(nn.Linear(width, dim))
        self.decoder = nn.Sequential(*dec)

    def loss(self, x, eps):
        """Batch mean of BCE-with-logits + KL, and the summed −ELBO for reporting."""
        h = self.encoder(x)
        mu, logvar = self.mu(h), self.logvar(h)
        z = mu + torch.exp(0.5 * logvar) * eps
        logits = self.decoder(z)
        recon = F.binary_cross_entropy_with_logits(logits, x, reduction="sum")
        kl = 0.5 * torch.sum(mu * mu + logvar.exp() - logvar - 1)
        total = recon + kl
        return total / x.shape[0], total


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--dim", type=int, default=784)
    p.add_argument("--hidden", default="512,256")
    p.add_argument("--latent", type=int, default=20)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--n", type=int, default=12800)
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--threads", type=int, default=0)
    a = p.parse_args()
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    hidden = [int(h) for h in a.hidden.split(",")]
    data = (torch.rand(a.n, a.dim) < 0.13).float()
    model = Vae(a.dim, hidden, a.latent)
    opt = torch.optim.Adam(model.parameters(), lr=a.lr)
    print(f"torch {torch.__version__}: threads {torch.get_num_threads()}")

    step_rates = []

    def epoch(timed):
        perm = torch.randperm(a.n)
        total = 0.0
        for start in range(0, a.n, a.batch):
            t0 = time.perf_counter()
            x = data[perm[start:start + a.batch]]
            eps = torch.randn(x.shape[0], a.latent)
            opt.zero_grad(set_to_none=True)
            loss, summed = model.loss(x, eps)
            loss.backward()
            opt.step()
            total += summed.item()  # .item() waits for the step: CPU tensors are computed eagerly anyway
            if timed:
                step_rates.append(x.shape[0] / max(time.perf_counter() - t0, 1e-9))
        return total / a.n

    epoch(False)  # warm-up
    rates = []
    for e in range(a.epochs):
        t0 = time.perf_counter()
        loss = epoch(True)
        rates.append(a.n / (time.perf_counter() - t0))
        print(f"  epoch {e + 1}: {rates[-1]:.0f} samples/s, mean -ELBO {loss:.3f}")
    ranked = sorted(step_rates)
    fastest_tenth = ranked[int(0.9 * (len(ranked) - 1))]  # as TrainBench.StepRates.fastestTenth
    print(f"RESULT samples_per_s={statistics.median(rates):.0f} epochs={','.join(f'{r:.0f}' for r in rates)} "
          f"fastest_tenth={fastest_tenth:.0f}")


if __name__ == "__main__":
    main()
