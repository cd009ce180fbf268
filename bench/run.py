"""The orchestration behind bench/run: runs each part, prints progress to stderr and a Markdown report to
stdout (also written to target/bench/report.md). Timings are medians; the load average is recorded next to
every part because this machine is shared."""
import argparse
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PY = "/usr/bin/python3"  # Debian's python3: the one python3-torch is installed for
JAVA_FLAGS = ["--add-modules", "jdk.incubator.vector", "-Xmx2g", "-Datlas.threads=2"]

# name, flags shared by TrainBench and torch_train.py
WORKLOADS = [
    ("784-512-256-20, batch 128", "--dim 784 --hidden 512,256 --latent 20 --batch 128"),
    ("784-512-256-20, batch 32", "--dim 784 --hidden 512,256 --latent 20 --batch 32"),
    ("784-512-256-20, batch 512", "--dim 784 --hidden 512,256 --latent 20 --batch 512"),
    ("784-512-256-2, batch 128", "--dim 784 --hidden 512,256 --latent 2 --batch 128"),
    ("digits 64-128-64-2, batch 64", "--dim 64 --hidden 128,64 --latent 2 --batch 64"),
    ("784-200-200-50, batch 128", "--dim 784 --hidden 200,200 --latent 50 --batch 128"),
]
COMMON = "--n 12800 --epochs 3 --seed 7"

# PyTorch thread settings tried; the report compares against the best of them (DESIGN.md §3).
TORCH_CONFIGS = [
    ("intra-op 1, OPENBLAS_NUM_THREADS=2", {"OPENBLAS_NUM_THREADS": "2"}, "1"),
    ("defaults", {}, "0"),
    ("set_num_threads(2)", {}, "2"),
]


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def load():
    return os.getloadavg()[0]


def classpath():
    with open(os.path.join(ROOT, "target", "cp.txt")) as f:
        deps = f.read().strip()
    return ":".join([os.path.join(ROOT, "target", "test-classes"), os.path.join(ROOT, "target", "classes"), deps])


def java(main, args, timeout=900):
    cmd = ["java"] + JAVA_FLAGS + ["-cp", classpath(), main] + args
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout)


def result_of(proc, what):
    m = re.search(r"RESULT samples_per_s=(\d+) epochs=([\d,]+)", proc.stdout)
    if proc.returncode != 0 or not m:
        raise SystemExit(f"bench: {what} failed:\n{proc.stdout}\n{proc.stderr}")
    return int(m.group(1)), m.group(2)


def env_with(extra):
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")}
    env.update(extra)
    return env


def train_part(out):
    out.append("## 1–2. Training throughput (samples/s, median of 3 epochs after 1 warm-up; 12,800 synthetic "
               "Bernoulli(0.13) inputs; BCE-with-logits + KL; Adam 1e-3; float32; 2 threads)\n")
    out.append("| workload | Latent Atlas | PyTorch best (setting) | other PyTorch settings | Atlas / best | load |")
    out.append("|---|---:|---:|---|---:|---:|")
    for name, flags in WORKLOADS:
        args = (flags + " " + COMMON).split()
        l0 = load()
        log(f"bench: train {name}: atlas")
        atlas, atlas_epochs = result_of(java("org.latentatlas.bench.TrainBench", args), "TrainBench " + name)
        torch_runs = []
        for label, env, threads in TORCH_CONFIGS:
            log(f"bench: train {name}: torch {label}")
            p = subprocess.run([PY, "bench/torch_train.py", "--threads", threads] + args, cwd=ROOT,
                               capture_output=True, text=True, env=env_with(env), timeout=1800)
            torch_runs.append((result_of(p, "torch " + label)[0], label))
        best, best_label = max(torch_runs)
        others = ", ".join(f"{r:,} ({lab})" for r, lab in torch_runs if lab != best_label)
        out.append(f"| {name} | **{atlas:,}** ({atlas_epochs}) | {best:,} ({best_label}) | {others} | "
                   f"**{atlas / best:.2f}×** | {l0:.1f}–{load():.1f} |")
        log(out[-1])
    out.append("")


PARTS = {"train": train_part}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--only", default=",".join(PARTS))
    a = p.parse_args()
    out = []
    for part in a.only.split(","):
        PARTS[part](out)
    report = "\n".join(out)
    os.makedirs(os.path.join(ROOT, "target", "bench"), exist_ok=True)
    with open(os.path.join(ROOT, "target", "bench", "report.md"), "w") as f:
        f.write(report + "\n")
    print(report)


if __name__ == "__main__":
    main()
