"""GFLOP/s of the reference BLAS behind PyTorch (Debian: OpenBLAS) on the three GEMMs of each layer.

  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/torch_gemm.py --batch 128
Prints one line per layer and shape: GEMM <in>x<out> <fwd|dx|dw> <GFLOP/s>, the best of 5 timed blocks (on a
shared machine interference only ever slows a block down; LayerGemmBench reports its best iteration too).
"""
import argparse
import time

import torch

LAYERS = [(784, 512), (512, 256), (256, 20), (20, 256), (256, 512), (512, 784)]


def rate(fn, flops):
    fn()
    reps = max(20, int(2e8 / flops))
    samples = []
    for _ in range(5):
        t0 = time.perf_counter()
        for _ in range(reps):
            fn()
        samples.append(flops * reps / (time.perf_counter() - t0) / 1e9)
    return max(samples)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--threads", type=int, default=1)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    g = torch.Generator().manual_seed(1)
    for fan_in, fan_out in LAYERS:
        x = torch.randn(a.batch, fan_in, generator=g)
        w = torch.randn(fan_out, fan_in, generator=g)
        dy = torch.randn(a.batch, fan_out, generator=g)
        y = torch.empty(a.batch, fan_out)
        dx = torch.empty(a.batch, fan_in)
        dw = torch.empty(fan_out, fan_in)
        flops = 2.0 * a.batch * fan_in * fan_out
        shapes = {
            "fwd": lambda: torch.mm(x, w.t(), out=y),
            "dx": lambda: torch.mm(dy, w, out=dx),
            "dw": lambda: torch.mm(dy.t(), x, out=dw),
        }
        for name, fn in shapes.items():
            print(f"GEMM {fan_in}x{fan_out} {name} {rate(fn, flops):.1f}", flush=True)


if __name__ == "__main__":
    main()
