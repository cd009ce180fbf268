#!/usr/bin/python3
"""PyTorch cross-check of Latent Atlas's evaluation numbers.

Loads a Latent Atlas safetensors model into an equivalent torch.nn.Module (load_state_dict, strict), built from
its atlas.model metadata alone (docs/model-file.md): the model's activation (relu, tanh, silu, or gelu as the
tanh approximation) and its likelihood (bernoulli, binomial(N), gaussian(SIGMA), gaussian(learned),
gaussian(learned-pixel), continuous-bernoulli). Then, on inputs x and noise eps written by the Java side, it
computes per example in float64:

  recon        mean over the repeats * k samples of -log p(x|z_i), z_i = mu + sigma * eps_i
  kl           KL(q(z|x) || N(0, I)) in closed form (torch.distributions.kl_divergence)
  logMarginal  mean over the repeats of
               logsumexp_i[log p(x|z_i) + log p(z_i) - log q(z_i|x)] - log k   (torch.distributions log_probs)

and writes them as JSON. With --expected it also compares against the Java numbers and exits 1 beyond
--tolerance nats. The safetensors header is parsed with json + numpy: no `safetensors` package needed.

Usage:
  /usr/bin/python3 tools/torch_crosscheck.py --model M.safetensors --x x.f32 --eps eps.f32 --k K \\
      [--repeats R] --out torch.json [--expected expected.json --tolerance 1e-3]

x.f32 is little-endian float32 (n, inputDim), the pixels in [0, 1] as evaluated (after any binarization);
eps.f32 is little-endian float32 (repeats, n, k, latentDim). `atlas evaluate MODEL --crosscheck DIR` writes
both and expected.json (its own per-example numbers) for the examples it evaluates, and prints this command.
Run it with Debian's python3 (apt-get install python3-torch), not another python3 on PATH.

Exit status: 0 agreed (or no --expected), 1 disagreed or a file could not be read, 2 a model or input this
tool cannot check (a checkpoint, an autoencoder, an unknown likelihood or activation, sizes that do not fit).
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

# The σ floor of learned Gaussians (Likelihood.LearnedGaussian.MIN_SIGMA): below it the model's σ is the floor.
MIN_SIGMA = 1e-3

# GELU is the tanh approximation in Latent Atlas (the explorer has Math.tanh but no erf): see docs/training.md.
ACTIVATIONS = {"relu": nn.ReLU, "tanh": nn.Tanh, "silu": nn.SiLU, "gelu": lambda: nn.GELU(approximate="tanh")}


class Refusal(Exception):
    """A model or input this tool cannot check: said in one line, exit 2, never a traceback."""


def read_safetensors(path):
    """(tensors name -> float32 torch tensor, metadata dict) from a safetensors file."""
    with open(path, "rb") as f:
        blob = f.read()
    try:
        (n,) = struct.unpack("<Q", blob[:8])
        header = json.loads(blob[8:8 + n].decode("utf-8"))
    except (struct.error, UnicodeDecodeError, ValueError) as e:
        raise Refusal(f"{path}: not a safetensors file ({e})")
    metadata = header.pop("__metadata__", {})
    data = blob[8 + n:]
    tensors = {}
    for name, entry in header.items():
        if entry["dtype"] != "F32":
            raise Refusal(f"{path}: tensor {name} has dtype {entry['dtype']}, expected F32")
        begin, end = entry["data_offsets"]
        array = np.frombuffer(data[begin:end], dtype="<f4").reshape(entry["shape"])
        tensors[name] = torch.from_numpy(array.copy())
    return tensors, metadata


def model_config(path, metadata):
    """The atlas.model config of a model file this tool can check, or a Refusal saying why not."""
    if "atlas.checkpoint" in metadata:
        raise Refusal(f"{path} is a training checkpoint, not a model file: cross-check the model file its run"
                      " wrote (its -o), or finish the run with 'atlas train --resume'")
    if "atlas.model" not in metadata:
        raise Refusal(f"{path} has no atlas.model metadata: not a Latent Atlas model file")
    config = json.loads(metadata["atlas.model"])
    training = json.loads(metadata.get("atlas.training", "{}"))
    if training.get("objective") == "ae":
        raise Refusal(f"{path} is a plain autoencoder (--objective ae): it has no posterior q(z|x), so atlas"
                      " evaluate reports only its reconstruction at z = mu and there is no ELBO or IS-NLL to check")
    if config["activation"] not in ACTIVATIONS:
        raise Refusal(f"{path}: activation {config['activation']!r} is not one this tool builds"
                      f" ({', '.join(ACTIVATIONS)})")
    likelihood_spec(path, config["likelihood"])
    return config


def likelihood_spec(path, spec):
    """("bernoulli" | "binomial" | "gaussian" | "learned" | "learned-pixel" | "continuous-bernoulli", parameter)."""
    if spec in ("bernoulli", "continuous-bernoulli"):
        return spec, None
    if spec in ("gaussian(learned)", "gaussian(learned-pixel)"):
        return spec[len("gaussian("):-1], None
    if spec.startswith("binomial(") and spec.endswith(")"):
        return "binomial", int(spec[len("binomial("):-1])
    if spec.startswith("gaussian(") and spec.endswith(")"):
        return "gaussian", float(spec[len("gaussian("):-1])
    raise Refusal(f"{path}: likelihood {spec!r} is not one this tool checks (bernoulli, binomial(N),"
                  " gaussian(SIGMA), gaussian(learned), gaussian(learned-pixel), continuous-bernoulli)")


class Vae(nn.Module):
    """The module Latent Atlas's tensor names describe (see VaeConfig and docs/model-file.md)."""

    def __init__(self, config):
        super().__init__()
        self.kind, self.parameter = likelihood_spec("model", config["likelihood"])
        act = ACTIVATIONS[config["activation"]]
        self.encoder = self._mlp([config["inputDim"]] + config["encoderHidden"], act, activate_last=True)
        width = (config["encoderHidden"] or [config["inputDim"]])[-1]
        self.mu = nn.Linear(width, config["latentDim"])
        self.logvar = nn.Linear(width, config["latentDim"])
        self.decoder = self._mlp([config["latentDim"]] + config["decoderHidden"] + [config["inputDim"]], act,
                                 activate_last=False)
        if self.kind.startswith("learned"):  # tensor likelihood.logsigma: one σ, or one per pixel
            self.likelihood = nn.Module()
            self.likelihood.logsigma = nn.Parameter(torch.zeros(config["inputDim"] if self.kind == "learned-pixel"
                                                                else 1))

    @staticmethod
    def _mlp(sizes, act, activate_last):
        layers = []
        for i in range(len(sizes) - 1):
            layers.append(nn.Linear(sizes[i], sizes[i + 1]))
            if i < len(sizes) - 2 or activate_last:
                layers.append(act())
        return nn.Sequential(*layers)

    def encode(self, x):
        h = self.encoder(x)
        return self.mu(h), self.logvar(h)

    def log_likelihood(self, out, x):
        """log p(x|out) summed over pixels; out (..., D) decoder outputs, x broadcastable pixels in [0, 1]."""
        kind, parameter = self.kind, self.parameter
        x = x.expand_as(out)
        if kind == "bernoulli":
            return -nn.functional.binary_cross_entropy_with_logits(out, x, reduction="none").sum(-1)
        if kind == "binomial":  # the pixels are counts out of N stored as count/N
            return Binomial(total_count=parameter, logits=out).log_prob(torch.round(x * parameter)).sum(-1)
        if kind == "gaussian":
            return Normal(out, parameter).log_prob(x).sum(-1)
        if kind.startswith("learned"):
            sigma = torch.exp(torch.clamp(self.likelihood.logsigma, min=math.log(MIN_SIGMA)))
            return Normal(out, sigma).log_prob(x).sum(-1)
        return ContinuousBernoulli(logits=out).log_prob(x).sum(-1)


def read_floats(path, shape, what):
    """A little-endian float32 file as a float64 tensor of `shape`; -1 in shape is inferred."""
    values = np.fromfile(path, dtype="<f4").astype(np.float64)
    known = math.prod(s for s in shape if s != -1)
    if values.size == 0 or values.size % known != 0 or (-1 not in shape and values.size != known):
        raise Refusal(f"{path}: {values.size} floats do not fit {what} {tuple(shape)}")
    return torch.from_numpy(values).reshape(shape)


def evaluate(model_path, x_path, eps_path, k, repeats):
    tensors, metadata = read_safetensors(model_path)
    config = model_config(model_path, metadata)
    vae = Vae(config)
    vae.load_state_dict(tensors, strict=True)
    vae = vae.double()
    dim, latent = config["inputDim"], config["latentDim"]
    x = read_floats(x_path, (-1, dim), "x of shape (n, inputDim) =")
    n = x.shape[0]
    eps = read_floats(eps_path, (repeats, n, k, latent), "eps of shape (repeats, n, k, latentDim) =")
    with torch.no_grad():
        mu, logvar = vae.encode(x)                                   # (n, L)
        q = Normal(mu[:, None, :], torch.exp(0.5 * logvar)[:, None, :])
        log_marginal = torch.zeros(n, dtype=torch.float64)
        recon = torch.zeros(n, dtype=torch.float64)
        for r in range(repeats):
            z = q.loc + q.scale * eps[r]                              # (n, k, L)
            out = vae.decoder(z.reshape(n * k, latent)).reshape(n, k, dim)
            log_px_z = vae.log_likelihood(out, x[:, None, :])         # (n, k)
            log_pz = Normal(0.0, 1.0).log_prob(z).sum(-1)
            log_qz = q.log_prob(z).sum(-1)
            log_marginal += torch.logsumexp(log_px_z + log_pz - log_qz, dim=1) - math.log(k)
            recon -= log_px_z.mean(1)
        kl = kl_divergence(Normal(mu, torch.exp(0.5 * logvar)), Normal(0.0, 1.0)).sum(-1)
    return {"recon": (recon / repeats).tolist(), "kl": kl.tolist(), "logMarginal": (log_marginal / repeats).tolist(),
            "likelihood": config["likelihood"], "activation": config["activation"], "k": k, "repeats": repeats,
            "torch": torch.__version__}


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
    elbo = [-(np.mean(r["recon"]) + np.mean(r["kl"])) for r in (mine, expected)]
    nll = [-np.mean(r["logMarginal"]) for r in (mine, expected)]
    print(f"mean ELBO: torch {elbo[0]:.4f}, java {elbo[1]:.4f}; mean IS-NLL: torch {nll[0]:.4f}, java {nll[1]:.4f}"
          " nats per example")
    return worst <= tolerance


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", required=True)
    p.add_argument("--x", required=True)
    p.add_argument("--eps", required=True)
    p.add_argument("--k", type=int, required=True)
    p.add_argument("--repeats", type=int, default=1)
    p.add_argument("--out", required=True)
    p.add_argument("--expected")
    p.add_argument("--tolerance", type=float, default=1e-3)
    args = p.parse_args()
    if args.k < 1 or args.repeats < 1:
        p.error(f"--k and --repeats must be >= 1, got {args.k} and {args.repeats}")
    torch.set_num_threads(1)  # tiny tensors; do not fight the other processes for the cores
    try:
        result = evaluate(args.model, args.x, args.eps, args.k, args.repeats)
        with open(args.out, "w") as f:
            json.dump(result, f)
        if args.expected:
            with open(args.expected) as f:
                if not compare(result, json.load(f), args.tolerance):
                    print(f"cross-check FAILED: difference above {args.tolerance} nats", file=sys.stderr)
                    return 1
            print("cross-check passed")
    except Refusal as e:
        print(f"torch_crosscheck.py: cannot check: {e}", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"torch_crosscheck.py: error: {e.filename or ''}: {e.strerror or e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
