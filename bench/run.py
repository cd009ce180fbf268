"""The orchestration behind bench/run: runs each part, prints progress to stderr and a Markdown report to
stdout (also written to target/bench/report.md). Timings are medians; the load average is recorded next to
every part because this machine is shared."""
import argparse
import glob
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PY = "/usr/bin/python3"  # Debian's python3: the one python3-torch is installed for
DIRECTIVES = "-XX:CompilerDirectivesFile="


def jvm_options(root=ROOT):
    """The JIT directives ./atlas runs with (jvm.options at the root of a checkout; none where it has no such file),
    the compiler directives file they name resolved against the checkout and left out where it is missing, as ./atlas
    does."""
    path = os.path.join(root, "jvm.options")
    if not os.path.exists(path):
        return []
    with open(path) as f:
        lines = [line.strip() for line in f if line.strip() and not line.startswith("#")]
    options = []
    for line in lines:
        if line.startswith(DIRECTIVES):
            file = os.path.join(root, line[len(DIRECTIVES):])  # an absolute path stays as it is
            if not os.path.exists(file):
                continue
            line = DIRECTIVES + file
        options.append(line)
    return options


BASE_FLAGS = ["--add-modules", "jdk.incubator.vector", "-Xmx2g"]
JAVA_FLAGS = BASE_FLAGS + ["-Datlas.threads=2"] + jvm_options()

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


def classpath(root=ROOT):
    """A built checkout's test classpath (target/cp.txt is written by bench/run and bench/ab)."""
    with open(os.path.join(root, "target", "cp.txt")) as f:
        deps = f.read().strip()
    return ":".join([os.path.join(root, "target", "test-classes"), os.path.join(root, "target", "classes"), deps])


def java(main, args, timeout=900, binary="java", extra=()):
    cmd = [binary] + JAVA_FLAGS + list(extra) + ["-cp", classpath(), main] + args
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout)


def other_jdk():
    """A newer JDK to run the batch-128 workload on as well: $BENCH_OTHER_JAVA, else an installed Temurin 21+."""
    explicit = os.environ.get("BENCH_OTHER_JAVA")
    if explicit:
        return explicit
    found = sorted(glob.glob("/usr/lib/jvm/temurin-2[1-9]*/bin/java"))
    return found[-1] if found else None


def result_of(proc, what):
    """(median epoch's samples/s, every epoch's, the rate the fastest tenth of the steps reached or beat)."""
    m = re.search(r"RESULT samples_per_s=(\d+) epochs=([\d,]+) fastest_tenth=(\d+)", proc.stdout)
    if proc.returncode != 0 or not m:
        raise SystemExit(f"bench: {what} failed:\n{proc.stdout}\n{proc.stderr}")
    return int(m.group(1)), m.group(2), int(m.group(3))


def env_with(extra):
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")}
    env.update(extra)
    return env


ROUNDS = 3  # each side runs this many times per workload, alternating; the best round counts for each
# Two exact shortcuts skip zeros: the first layer reads the inputs' non-zeros (SparseBatch; the benchmark's inputs are
# 87 % zeros), and ReLU units silent for a whole batch are left out of the next products (LiveUnits). These flags
# turn both off, to show what the full GEMMs alone give.
FULL_PRODUCTS = ["-Datlas.sparseInput=false", "-Datlas.skipSilentUnits=false"]


def train_atlas(args, name, binary="java", extra=()):
    log(f"bench: train {name}: atlas ({binary} {' '.join(extra)})")
    return result_of(java("org.latentatlas.bench.TrainBench", args, binary=binary, extra=extra), "TrainBench " + name)


def train_torch(args, name, label, env, threads):
    log(f"bench: train {name}: torch {label}")
    p = subprocess.run([PY, "bench/torch_train.py", "--threads", threads] + args, cwd=ROOT,
                       capture_output=True, text=True, env=env_with(env), timeout=1800)
    median, _, fastest = result_of(p, "torch " + label)
    return median, fastest


def train_part(out):
    out.append("## 1–2. Training throughput\n")
    out.append("Samples/s, median of 3 epochs after 1 warm-up; 12,800 synthetic Bernoulli(0.13) inputs; "
               "BCE-with-logits + KL; Adam 1e-3; float32; 2 threads. Each side runs "
               f"{ROUNDS} times per workload, alternating with the other, and its best run counts (interference "
               "from other users of this shared machine only ever slows a run down); a PyTorch setting under half the "
               "best after the first round is not run again.\n")
    out.append("| workload | Latent Atlas (epochs of best run) | PyTorch best (setting) | other PyTorch settings | "
               "Atlas / best | load |")
    out.append("|---|---:|---:|---|---:|---:|")
    full_runs = []  # the first workload with both shortcuts off, in the same rounds
    fast_rows = []  # the fastest tenth of steps, per workload
    other = other_jdk()
    other_runs = []  # the first workload with Latent Atlas on a newer JDK, in the same rounds
    for name, flags in WORKLOADS:
        args = (flags + " " + COMMON).split()
        l0 = load()
        atlas_runs, torch_runs = [], {label: [] for label, _, _ in TORCH_CONFIGS}
        for rnd in range(ROUNDS):
            atlas_runs.append(train_atlas(args, name))
            if name == WORKLOADS[0][0]:
                full_runs.append(train_atlas(args, name, extra=FULL_PRODUCTS))
                if other:
                    other_runs.append(train_atlas(args, name, other))
            for label, env, threads in TORCH_CONFIGS:
                lead = max(max(r)[0] for r in torch_runs.values()) if rnd > 0 else 0
                if rnd > 0 and max(torch_runs[label])[0] < 0.5 * lead:
                    continue  # not in contention (set_num_threads(2) is 2-10x slower here): don't spend minutes on it
                torch_runs[label].append(train_torch(args, name, label, env, threads))
        atlas, atlas_epochs, _ = max(atlas_runs)
        best_of = {label: max(r)[0] for label, r in torch_runs.items()}
        best_label = max(best_of, key=best_of.get)
        best = best_of[best_label]
        others = ", ".join(f"{r:,} ({lab})" for lab, r in best_of.items() if lab != best_label)
        out.append(f"| {name} | **{atlas:,}** ({atlas_epochs}) | {best:,} ({best_label}) | {others} | "
                   f"**{atlas / best:.2f}×** | {l0:.1f}–{load():.1f} |")
        log(out[-1])
        fast_rows.append(fastest_row(name, [r[2] for r in atlas_runs], torch_runs))
        if name == WORKLOADS[0][0]:
            first = (args, best, best_label, l0, load())
            atlas, atlas_epochs, _ = max(full_runs)
            out.append(f"| {name}, full products: zeros not skipped (`{' '.join(FULL_PRODUCTS)}`, same rounds) | "
                       f"**{atlas:,}** ({atlas_epochs}) | "
                       f"{best:,} ({best_label}, the row above) | | **{atlas / best:.2f}×** | {l0:.1f}–{load():.1f} |")
            log(out[-1])
            fast_rows.append(fastest_row(name + ", full products", [r[2] for r in full_runs], torch_runs))
    if other:
        # The first workload with Latent Atlas on a newer JDK, run in the same rounds as the first row's PyTorch runs:
        # this machine's speed drifts over minutes, so a comparison across rounds would not be fair.
        args, best, best_label, l0, l1 = first
        version = sh(f"{other} -version 2>&1 | head -1")
        atlas, atlas_epochs, _ = max(other_runs)
        out.append(f"| {WORKLOADS[0][0]}, Atlas on {version} (same rounds) | **{atlas:,}** ({atlas_epochs}) | "
                   f"{best:,} ({best_label}, the first row) | | **{atlas / best:.2f}×** | {l0:.1f}–{l1:.1f} |")
        log(out[-1])
    out.append("")
    out.append("The same runs, step by step: the rate the fastest tenth of each side's timed steps reached or beat "
               "(each step timed from gathering its batch to the optimizer's last write, the same on both sides), best "
               "run of each side, PyTorch's over all its settings. A slow spell on this shared machine drags whole "
               "epochs down, so this shows each side when it had the cores to itself; the table above stays the "
               "headline.\n")
    out.append("| workload | Latent Atlas | PyTorch (setting) | Atlas / PyTorch |")
    out.append("|---|---:|---:|---:|")
    out.extend(fast_rows)
    for row in fast_rows:
        log(row)
    out.append("")


def fastest_row(name, atlas_fastest, torch_runs):
    """A row of the fastest-tenth table: each side's best run, PyTorch's over every setting it ran."""
    torch_fastest = {label: max(r[1] for r in runs) for label, runs in torch_runs.items() if runs}
    label = max(torch_fastest, key=torch_fastest.get)
    atlas = max(atlas_fastest)
    return f"| {name} | {atlas:,} | {torch_fastest[label]:,} ({label}) | {atlas / torch_fastest[label]:.2f}× |"


GEMM_ROUNDS = 2
LAYERS = ["784x512", "512x256", "256x20", "20x256", "256x512", "512x784"]


def gemm_lines(text):
    """{(layer, shape): GFLOP/s} from 'GEMM <layer> <shape> [kernel] <GFLOP/s>' lines."""
    found = {}
    for line in text.splitlines():
        f = line.split()
        if len(f) >= 4 and f[0] == "GEMM":
            found[(f[1], f[2])] = float(f[-1])
    return found


def atlas_gemm(threads):
    log(f"bench: gemm: atlas vector kernels, {threads} thread(s) (JMH)")
    cmd = ["java", "--add-modules", "jdk.incubator.vector", f"-Datlas.threads={threads}", "-cp", classpath(),
           "org.latentatlas.bench.LayerGemmBench", "vector"]
    return gemm_lines(subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True).stdout)


def openblas_gemm(threads):
    log(f"bench: gemm: OpenBLAS via torch.mm, {threads} thread(s)")
    p = subprocess.run([PY, "bench/torch_gemm.py", "--threads", "1"], cwd=ROOT, capture_output=True, text=True,
                       env=env_with({"OPENBLAS_NUM_THREADS": threads}))
    return gemm_lines(p.stdout)


def best_cells(a, b):
    return {key: max(a.get(key, 0.0), b.get(key, 0.0)) for key in set(a) | set(b)}


def gemm_part(out):
    # Atlas and OpenBLAS alternate, per thread count, for GEMM_ROUNDS rounds; each cell keeps its best, so a
    # slow spell on the shared machine cannot land on one side only.
    cols = {}
    for _ in range(GEMM_ROUNDS):
        for threads in ("2", "1"):
            for label, measure in ((f"atlas {threads}T", atlas_gemm), (f"OpenBLAS {threads}T", openblas_gemm)):
                cols[label] = best_cells(cols.get(label, {}), measure(threads))
    log("bench: gemm: scalar oracle (JMH)")
    cmd = ["java", "--add-modules", "jdk.incubator.vector", "-cp", classpath(),
           "org.latentatlas.bench.LayerGemmBench", "scalar", "--quick"]
    cols["scalar oracle"] = gemm_lines(subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True).stdout)
    if not all(cols.values()):
        raise SystemExit(f"bench: a GEMM measurement produced no numbers: {[k for k, v in cols.items() if not v]}")
    out.append("## 3. GEMM throughput (GFLOP/s, batch 128; fwd Y = X·Wᵀ, dx = dY·W, dw = dYᵀ·X)\n")
    out.append("| layer in×out | GEMM | Atlas 2T | OpenBLAS 2T | Atlas/OpenBLAS 2T | Atlas 1T | OpenBLAS 1T | scalar oracle |")
    out.append("|---|---|---:|---:|---:|---:|---:|---:|")
    seconds = {k: 0.0 for k in cols}  # per GFLOP of the whole set: the flop-weighted harmonic mean below
    total = 0.0
    for layer in LAYERS:
        fan_in, fan_out = map(int, layer.split("x"))
        gflop = 2 * 128 * fan_in * fan_out / 1e9
        for shape in ("fwd", "dx", "dw"):
            v = {k: c.get((layer, shape), float("nan")) for k, c in cols.items()}
            for k in cols:
                seconds[k] += gflop / v[k]
            total += gflop
            ratio = v["atlas 2T"] / v["OpenBLAS 2T"]
            out.append(f"| {layer} | {shape} | {v['atlas 2T']:.1f} | {v['OpenBLAS 2T']:.1f} | {ratio:.0%} | "
                       f"{v['atlas 1T']:.1f} | {v['OpenBLAS 1T']:.1f} | {v['scalar oracle']:.1f} |")
    rate = {k: total / t for k, t in seconds.items()}
    out.append(f"| all 18, flop-weighted | | {rate['atlas 2T']:.1f} | {rate['OpenBLAS 2T']:.1f} | "
               f"**{rate['atlas 2T'] / rate['OpenBLAS 2T']:.0%}** | {rate['atlas 1T']:.1f} | {rate['OpenBLAS 1T']:.1f} "
               f"({rate['atlas 1T'] / rate['OpenBLAS 1T']:.0%}) | {rate['scalar oracle']:.1f} |")
    out.append(f"\nEach figure is the best of the measured iterations (JMH: 5 × 0.3 s after 2 × 0.5 s warm-up; OpenBLAS: "
               f"5 timed blocks) over {GEMM_ROUNDS} rounds in which Atlas and OpenBLAS alternate: interference from "
               "other users of the machine only ever slows a measurement down.")
    out.append(f"\nLoad average after the GEMM part: {load():.1f}.\n")


def wait_ready(proc, deadline):
    """Reads the launcher's stdout until 'explorer ready'; returns the line or None."""
    while time.time() < deadline:
        line = proc.stdout.readline()
        if not line:
            return None
        if "explorer ready at" in line:
            return line.strip()
    return None


def launch(cache, label):
    """Seconds from ./atlas to 'explorer ready' and the peak RSS (MB) of the JVM, via /usr/bin/time -v."""
    t0 = time.time()
    proc = subprocess.Popen(["/usr/bin/time", "-v", "./atlas", "--cache-dir", cache, "--port", "0"], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    ready = wait_ready(proc, t0 + 600)
    seconds = time.time() - t0
    # /usr/bin/time's one child is the launcher, which exec'd the JVM: stop it, and time reports its RSS.
    child = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout.split()
    for pid in child:
        os.kill(int(pid), 15)
    _, err = proc.communicate(timeout=60)
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", err)
    if not ready or not m:
        raise SystemExit(f"bench: ./atlas ({label}) never became ready:\n{err[-2000:]}")
    return seconds, int(m.group(1)) / 1024


STARTUP_LAUNCHES = 3


def startup_part(out):
    # One launch is one sample of a host that swings by a second from minute to minute; the median of a few, each
    # state with its own launches, is what the table reports, with the range beside it.
    import statistics
    import tempfile
    fresh, cached = [], []
    for i in range(STARTUP_LAUNCHES):
        cache = tempfile.mkdtemp(prefix="atlas-bench-cache-")
        log(f"bench: startup {i + 1}/{STARTUP_LAUNCHES}: ./atlas with an empty cache (trains the digits default)")
        fresh.append(launch(cache, "fresh cache"))
        log(f"bench: startup {i + 1}/{STARTUP_LAUNCHES}: ./atlas again (cached model)")
        cached.append(launch(cache, "cached"))
    out.append("## 4. `./atlas` to \"explorer ready\" (digits default: 64-128-64-2, 100 epochs, batch 64)\n")
    out.append(f"Median of {STARTUP_LAUNCHES} launches of each (range in brackets); peak RSS, the largest.\n")
    out.append("| run | seconds | peak RSS (MB) |")
    out.append("|---|---:|---:|")
    for label, runs in (("empty cache (trains)", fresh), ("cached model", cached)):
        seconds = [r[0] for r in runs]
        out.append(f"| {label} | {statistics.median(seconds):.1f} ({min(seconds):.1f}–{max(seconds):.1f}) "
                   f"| {max(r[1] for r in runs):.0f} |")
    out.append(f"\nLoad average: {load():.1f}.\n")


QUALITY_SEEDS = (7, 8, 9)


def quality_run(name, p):
    m = re.search(r"RESULT train_s=([\d.]+) test_nelbo=([\d.]+)", p.stdout)
    if p.returncode != 0 or not m:
        raise SystemExit(f"bench: quality run {name} failed:\n{p.stdout}\n{p.stderr}")
    return float(m.group(1)), float(m.group(2))


def quality_part(out, torch_env=("intra-op 1, OPENBLAS_NUM_THREADS=2", {"OPENBLAS_NUM_THREADS": "2"}, "1")):
    # One seed is one draw of init, shuffling, binarization and ε: the two sides are compared over several.
    label, env, threads = torch_env
    rows = []
    for seed in QUALITY_SEEDS:
        args = f"--dim 784 --hidden 200,200 --latent 50 --batch 128 --epochs 5 --seed {seed}".split()
        log(f"bench: quality: atlas, Fashion-MNIST 5 epochs, seed {seed}")
        atlas = quality_run("Latent Atlas", java("org.latentatlas.bench.QualityBench", args))
        log(f"bench: quality: torch ({label}), Fashion-MNIST 5 epochs, seed {seed}")
        pt = subprocess.run([PY, "torch_quality.py", "--threads", threads] + args, cwd=os.path.join(ROOT, "bench"),
                            capture_output=True, text=True, env=env_with(env))
        rows.append((seed, atlas, quality_run(f"PyTorch ({label})", pt)))
    out.append("## 6. Training quality: 784-200-200-50 on Fashion-MNIST, 5 epochs, batch 128, Adam 1e-3\n")
    out.append("Dynamic binarization (x ~ Bernoulli(pixel) per batch). Test: the 10,000 test images binarized once "
               "from a fixed seed, one ε per image; −ELBO in nats (lower is better). Each seed sets initialization, "
               f"shuffling, binarization and ε on its side; PyTorch runs {label}.\n")
    out.append("| seed | Latent Atlas: training wall time (s) | Latent Atlas: test −ELBO (nats) | "
               "PyTorch: training wall time (s) | PyTorch: test −ELBO (nats) |")
    out.append("|---:|---:|---:|---:|---:|")
    for seed, (a_s, a_e), (t_s, t_e) in rows:
        out.append(f"| {seed} | {a_s:.1f} | {a_e:.2f} | {t_s:.1f} | {t_e:.2f} |")
    n = len(rows)
    mean = [sum(r[i][j] for r in rows) / n for i in (1, 2) for j in (0, 1)]
    out.append(f"| mean | {mean[0]:.1f} | **{mean[1]:.2f}** | {mean[2]:.1f} | **{mean[3]:.2f}** |")
    out.append(f"\nLoad average: {load():.1f}.\n")


def browser_part(out):
    models = os.path.join(ROOT, "target", "bench")
    os.makedirs(models, exist_ok=True)
    digits, fashion = os.path.join(models, "digits.safetensors"), os.path.join(models, "fashion.safetensors")
    log("bench: browser: training the digits default and a 28x28 (Fashion-MNIST 784-512-256-2, 1 epoch) model")
    for cmd in (["./atlas", "train", "-o", digits],
                ["./atlas", "train", "--dataset", "fashion-mnist", "--hidden", "512,256", "--latent", "2",
                 "--epochs", "1", "-o", fashion]):
        p = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        if p.returncode != 0:
            raise SystemExit(f"bench: {' '.join(cmd)} failed:\n{p.stderr[-2000:]}")
    log("bench: browser: headless Chromium")
    cmd = ["java", "-cp", classpath(), "org.latentatlas.bench.ExplorerBench", digits, fashion]
    p = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=env_with({"SE_OFFLINE": "true"}), timeout=900)
    rows = re.findall(r"RESULT model=(\S+) decode_ms=([\d.]+) grid_ms=([\d.]+) dims=(\S+)", p.stdout)
    if p.returncode != 0 or len(rows) != 2:
        raise SystemExit(f"bench: ExplorerBench failed:\n{p.stdout[-2000:]}\n{p.stderr[-2000:]}")
    out.append("## 5. Explorer in headless Chromium (the page's own JS decoder, `performance.now()` medians)\n")
    out.append("| model | decode one z (ms) | frames of 16.7 ms it uses | decode + draw a 20×20 grid (ms) |")
    out.append("|---|---:|---:|---:|")
    for name, dec, grid, dims in rows:
        out.append(f"| {dims} | {float(dec):.3f} | {float(dec) / 16.7:.1%} | {float(grid):.1f} |")
    out.append(f"\nLoad average: {load():.1f}.\n")


PARTS = {"train": train_part, "gemm": gemm_part, "startup": startup_part, "browser": browser_part,
         "quality": quality_part}


def sh(cmd):
    return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip()


def machine(out, only):
    cpu = sh("lscpu | sed -n 's/^Model name: *//p'")
    fam = sh("lscpu | sed -n 's/^CPU family: *//p'") + "/" + sh("lscpu | sed -n 's/^Model: *//p'")
    cores = os.cpu_count()
    avx = "AVX-512" if "avx512f" in sh("grep -m1 flags /proc/cpuinfo") else "AVX2 + FMA (8 float lanes)"
    caches = sh("lscpu | grep -E '^L(1d|2|3)' | sed 's/ \\+/ /g' | paste -sd ';'")
    jdk = sh("java -version 2>&1 | head -1")
    torch = sh(f"{PY} -c 'import torch; print(torch.__version__)'")
    deb = sh("dpkg-query -W -f='${Version}' python3-torch") + ", OpenBLAS " + sh(
        "dpkg-query -W -f='${Version}' libopenblas0-pthread")
    out.append(f"Run: `bench/run{' --only ' + only if only != ','.join(PARTS) else ''}` on "
               f"{time.strftime('%Y-%m-%d %H:%M %Z')}; load average at start {load():.1f} (the machine is shared).\n")
    out.append(f"Machine: {cpu} (family/model {fam}), {cores} cores, {avx}; {caches}. {jdk}. "
               f"PyTorch {torch} (Debian python3-torch {deb}).\n")


PROBE_SECONDS = 8


def probe_figures(seconds):
    """MachineProbe's figures, {kind: (best, median, p10, both_slow)}: what the cores delivered at this moment, with
    no code of either side running."""
    p = java("org.latentatlas.bench.MachineProbe", ["2", str(seconds)], timeout=120)
    lines = re.findall(r"PROBE kind=(\w+) threads=\d+ windows=\d+ best=([\d.]+) median=([\d.]+) p10=([\d.]+) "
                       r"both_slow=([\d.]+)", p.stdout)
    if p.returncode != 0 or len(lines) != 3:
        raise SystemExit(f"bench: MachineProbe failed:\n{p.stdout}\n{p.stderr}")
    return {kind: tuple(float(v) for v in values) for kind, *values in lines}


def probe():
    log("bench: machine probe")
    units = {"fma": "GFLOP/s", "int": "G ops/s", "stream": "GB/s"}
    parts = []
    for kind, (best, median, p10, both) in probe_figures(PROBE_SECONDS).items():
        parts.append(f"{kind} best {best:.1f} {units[kind]} per core, median {median / best:.0%} of it, slowest tenth "
                     f"at or below {p10 / best:.0%}, both cores slow at once in {both:.0%} of the windows")
    return "; ".join(parts)


def probe_line(when):
    return (f"Machine probe {when} (`MachineProbe`, {PROBE_SECONDS} s on both cores in ~4 ms windows of register "
            f"fmas, integer adds and a 16 MB stream per core; no code of either side): {probe()}. "
            f"Load average {load():.1f}.\n")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--only", default=",".join(PARTS))
    a = p.parse_args()
    out = []
    machine(out, a.only)
    out.append(probe_line("at the start"))
    for part in a.only.split(","):
        try:
            PARTS[part](out)
        except SystemExit as e:
            # The parts already measured took minutes: keep them, then stop as the part that could not run did.
            out.append(f"**Stopped:** the {part} part could not run; the parts after it did not run either.\n")
            write_report(out)
            raise e
    out.append(probe_line("at the end"))
    print(write_report(out))


def write_report(out):
    """Writes target/bench/report.md from the report's lines so far; returns its text."""
    report = "\n".join(out)
    os.makedirs(os.path.join(ROOT, "target", "bench"), exist_ok=True)
    with open(os.path.join(ROOT, "target", "bench", "report.md"), "w") as f:
        f.write(report + "\n")
    return report


if __name__ == "__main__":
    main()
