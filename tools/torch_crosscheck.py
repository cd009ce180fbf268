#!/usr/bin/python3
"""PyTorch cross-check of Latent Atlas's evaluation numbers.

Loads a Latent Atlas safetensors model into an equivalent torch.nn.Module (load_state_dict, strict), then, on
inputs x and noise eps written by the Java side, computes per example in float64:

  recon        mean over the k samples of -log p(x|z_i), z_i = mu + sigma * eps_i
  kl           KL(q(z|x) || N(0, I)) in closed form (torch.distributions.kl_divergence)
  logMarginal  logsumexp_i[log p(x|z_i) + log p(z_i) - log q(z_i|x)] - log k   (torch.distributions log_probs)

and writes them as JSON. With --expected it also compares against the Java numbers and exits 1 beyond
--tolerance nats. The safetensors header is parsed with json + numpy: no `safetensors` package needed.

Usage:
  /usr/bin/python3 tools/torch_crosscheck.py --model M.safetensors --x x.f32 --eps eps.f32 --k K \
      --out torch.json [--expected java.json --tolerance 1e-3]

x.f32 is little-endian float32 (n, inputDim); eps.f32 is little-endian float32 (n, k, latentDim).
Run it with Debian's python3 (apt-get install python3-torch), not another python3 on PATH.
"""
import argparse
import json
import math
import struct
import sys

import numpy as np
import torch
from torch import nn
from torch.distributions import Binomial, ContinuousBernoulli, Normal, kl_divergence


def read_safetensors(path):
    """(tensors name -> float32 torch tensor, metadata dict) from a safetensors file."""
    with open(path, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + n].decode("utf-8"))
    metadata = header.pop("__metadata__", {})
    data = blob[8 + n:]
    tensors = {}
    for name, entry in header.items():
        if entry["dtype"] != "F32":
            raise ValueError(f"{name}: dtype {entry['dtype']}, expected F32")
        begin, end = entry["data_offsets"]
        array = np.frombuffer(data[begin:end], dtype="<f4").reshape(entry["shape"])
        tensors[name] = torch.from_numpy(array.copy())
    return tensors, metadata


class Vae(nn.Module):
    """The module Latent Atlas's tensor names describe (see VaeConfig): ReLU MLPs and two linear heads."""

    def __init__(self, config):
        super().__init__()
        self.encoder = self._mlp([config["inputDim"]] + config["encoderHidden"], activate_last=True)
        width = (config["encoderHidden"] or [config["inputDim"]])[-1]
        self.mu = nn.Linear(width, config["latentDim"])
        self.logvar = nn.Linear(width, config["latentDim"])
        self.decoder = self._mlp([config["latentDim"]] + config["decoderHidden"] + [config["inputDim"]],
                                 activate_last=False)

    @staticmethod
    def _mlp(sizes, activate_last):
        layers = []
        for i in range(len(sizes) - 1):
            layers.append(nn.Linear(sizes[i], sizes[i + 1]))
            if i < len(sizes) - 2 or activate_last:
                layers.append(nn.ReLU())
        return nn.Sequential(*layers)

    def encode(self, x):
        h = self.encoder(x)
        return self.mu(h), self.logvar(h)


def log_likelihood(spec, out, x):
    """log p(x|out) summed over pixels; out (..., D) decoder outputs, x broadcastable pixels in [0, 1]."""
    x = x.expand_as(out)
    if spec == "bernoulli":
        return -nn.functional.binary_cross_entropy_with_logits(out, x, reduction="none").sum(-1)
    if spec.startswith("binomial(") and spec.endswith(")"):
        n = int(spec[len("binomial("):-1])
        counts = torch.round(x * n)
        return Binomial(total_count=n, logits=out).log_prob(counts).sum(-1)
    if spec.startswith("gaussian(") and spec.endswith(")"):
        sigma = float(spec[len("gaussian("):-1])
        return Normal(out, sigma).log_prob(x).sum(-1)
    if spec == "continuous-bernoulli":
        return ContinuousBernoulli(logits=out).log_prob(x).sum(-1)
    raise ValueError(f"unknown likelihood {spec!r}")


def evaluate(model_path, x_path, eps_path, k):
    tensors, metadata = read_safetensors(model_path)
    config = json.loads(metadata["atlas.model"])
    vae = Vae(config)
    vae.load_state_dict(tensors, strict=True)
    vae = vae.double()
    dim, latent = config["inputDim"], config["latentDim"]
    x = torch.from_numpy(np.fromfile(x_path, dtype="<f4").astype(np.float64)).reshape(-1, dim)
    n = x.shape[0]
    eps = torch.from_numpy(np.fromfile(eps_path, dtype="<f4").astype(np.float64)).reshape(n, k, latent)
    with torch.no_grad():
        mu, logvar = vae.encode(x)                                   # (n, L)
        q = Normal(mu[:, None, :], torch.exp(0.5 * logvar)[:, None, :])
        z = q.loc + q.scale * eps                                     # (n, k, L)
        out = vae.decoder(z.reshape(n * k, latent)).reshape(n, k, dim)
        log_px_z = log_likelihood(config["likelihood"], out, x[:, None, :])  # (n, k)
        log_pz = Normal(0.0, 1.0).log_prob(z).sum(-1)
        log_qz = q.log_prob(z).sum(-1)
        log_marginal = torch.logsumexp(log_px_z + log_pz - log_qz, dim=1) - math.log(k)
        kl = kl_divergence(Normal(mu, torch.exp(0.5 * logvar)), Normal(0.0, 1.0)).sum(-1)
        recon = -log_px_z.mean(1)
    return {"recon": recon.tolist(), "kl": kl.tolist(), "logMarginal": log_marginal.tolist(),
            "likelihood": config["likelihood"], "torch": torch.__version__}


def compare(mine, expected, tolerance):
    worst = 0.0
    for key in ("recon", "kl", "logMarginal"):
        a, b = np.array(mine[key]), np.array(expected[key])
        if a.shape != b.shape:
            print(f"{key}: {a.shape[0]} examples here, {b.shape[0]} expected", file=sys.stderr)
            return False
        diff = float(np.max(np.abs(a - b)))
        worst = max(worst, diff)
        print(f"{key}: max |torch - java| = {diff:.3g} nats over {a.shape[0]} examples")
    return worst <= tolerance


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", required=True)
    p.add_argument("--x", required=True)
    p.add_argument("--eps", required=True)
    p.add_argument("--k", type=int, required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--expected")
    p.add_argument("--tolerance", type=float, default=1e-3)
    args = p.parse_args()
    torch.set_num_threads(1)  # tiny tensors; do not fight the other processes for the cores
    result = evaluate(args.model, args.x, args.eps, args.k)
    with open(args.out, "w") as f:
        json.dump(result, f)
    if args.expected:
        with open(args.expected) as f:
            if not compare(result, json.load(f), args.tolerance):
                print(f"cross-check FAILED: difference above {args.tolerance} nats", file=sys.stderr)
                return 1
        print("cross-check passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
