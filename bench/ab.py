"""The comparison behind bench/ab: the working tree's training step against another revision's, in alternating
pairs, on this machine. Both sides run TrainBench with the same flags; each pair runs the two in turn, the order
flipped from one pair to the next so that a slow spell drifting in or out does not favour one side.

What it reports, per pair and in sum: each run's median epoch (samples/s), its samples per CPU-second of the calling
thread (with one thread, the figure the host's other work inflates least), the fastest tenth of its steps, the length
of its warm-up epoch (where a JIT flag shows first), and whether every epoch's mean -ELBO is the same on both sides (a
change meant to keep the numbers bitwise must show "identical"), and after each pair a one-second MachineProbe: the
GFLOP/s per core the host gave pure arithmetic just then. Exits non-zero only when something cannot run; no timing
decides the exit code."""
import argparse
import os
import re
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "bench"))
sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
import run as bench  # noqa: E402  (the same JVM flags and output parsing as bench/run)

UPTIME = re.compile(r"^UPTIME (.+) (\d+)$", re.M)  # TrainBench since c602743: the JVM's uptime at the periods' ends
EPOCH = re.compile(r"epoch (\d+): (\d+) samples/s \((\d+) per CPU-second of the calling thread\), mean -ELBO ([\d.]+)")


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def git(*args, cwd=ROOT):
    return subprocess.run(["git"] + list(args), cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def mvn(cwd, *goals, prog="bench/ab"):
    """Offline first (this machine's usual state), online if the offline build is missing something."""
    for offline in (["-o"], []):
        p = subprocess.run(["mvn", "-q", "-B"] + offline + list(goals), cwd=cwd, capture_output=True, text=True)
        if p.returncode == 0:
            return
    raise SystemExit(f"{prog}: mvn {' '.join(goals)} failed in {cwd}:\n{p.stdout}\n{p.stderr}")


def build(tree, prog="bench/ab"):
    """Compiles a tree's main and test classes and writes its test classpath to target/cp.txt."""
    log(f"{prog}: building {tree}")
    mvn(tree, "-DskipTests", "test-compile", prog=prog)
    mvn(tree, "dependency:build-classpath", "-Dmdep.includeScope=test", "-Dmdep.outputFile=target/cp.txt",
        prog=prog)


def checkout(rev):
    """A detached worktree of rev under target/ab/<sha>, made once and reused."""
    try:
        sha = git("rev-parse", "--verify", "--quiet", rev + "^{commit}")
    except subprocess.CalledProcessError:
        raise SystemExit(f"bench/ab: --base {rev!r} is not a commit of this repository (a sha, tag or branch)")
    tree = os.path.join(ROOT, "target", "ab", sha[:12])
    if not os.path.isdir(tree):
        git("worktree", "add", "--detach", "--force", tree, sha)
    return sha, tree


def train(tree, threads, args, extra):
    # Each side with its own jvm.options: the JIT directives name methods of that side's code.
    flags = bench.BASE_FLAGS + bench.jvm_options(tree) + [f"-Datlas.threads={threads}"] + extra
    cmd = ["java"] + flags + ["-cp", bench.classpath(tree), "org.latentatlas.bench.TrainBench"] + args
    p = subprocess.run(cmd, cwd=tree, capture_output=True, text=True, timeout=1800)
    median, _, fastest = bench.result_of(p, f"TrainBench in {tree}")
    epochs = [(int(w), int(c), e) for _, w, c, e in EPOCH.findall(p.stdout)]
    if not epochs:
        raise SystemExit(f"bench/ab: no epoch lines from TrainBench in {tree}:\n{p.stdout}")
    marks = dict(UPTIME.findall(p.stdout))
    warmup = int(marks["warm-up"]) - int(marks["start"]) if "start" in marks and "warm-up" in marks else None
    return {"median": median, "cpu": statistics.median(c for _, c, _ in epochs), "fastest": fastest,
            "warmup": warmup, "elbo": [e for _, _, e in epochs]}


def main():
    ap = argparse.ArgumentParser(prog="bench/ab", description="Compares the working tree's training throughput "
                                 "and numbers with another revision's, in alternating pairs of TrainBench runs.")
    ap.add_argument("--base", default="HEAD", help="the revision to compare against (default: HEAD)")
    ap.add_argument("--pairs", type=int, default=5, help="alternating pairs of runs (default: 5)")
    ap.add_argument("--threads", type=int, default=1, help="atlas.threads for both sides (default: 1)")
    ap.add_argument("--args", default="--epochs 3 --n 6400",
                    help="TrainBench flags for both sides (default: '--epochs 3 --n 6400', the 784-512-256-20 "
                         "VAE at batch 128)")
    ap.add_argument("--jvm", action="append", default=[], metavar="FLAG",
                    help="an extra JVM flag for both sides, e.g. -Datlas.sparseInput=false (repeatable)")
    o = ap.parse_args()
    if o.pairs < 1 or o.threads < 1:
        raise SystemExit(f"bench/ab: --pairs and --threads must be >= 1, got {o.pairs} and {o.threads}")
    sha, base_tree = checkout(o.base)
    build(base_tree)
    build(ROOT)
    sides = {"base": base_tree, "work": ROOT}
    args = o.args.split()
    runs = {"base": [], "work": []}
    probes = []
    for pair in range(o.pairs):
        order = ("base", "work") if pair % 2 == 0 else ("work", "base")
        for side in order:
            log(f"bench/ab: pair {pair + 1}/{o.pairs}: {side}")
            runs[side].append(train(sides[side], o.threads, args, o.jvm))
        probes.append(pair_probe())
    report(o, sha, runs, probes)


PROBE_SECONDS = 1


def pair_probe():
    """The fma windows' median GFLOP/s per core, right after a pair: absolute, so that pairs compare (a fraction of the
    second's own best would hide a second that was slow throughout). Low means the pair ran while the host was slowing
    arithmetic, and its ratio says more about the host than about the change."""
    _, median, _, _ = bench.probe_figures(PROBE_SECONDS)["fma"]
    return median


def ms(value):
    """A warm-up's milliseconds, or a dash where the side's TrainBench predates its UPTIME lines."""
    return "—" if value is None else str(value)


def report(o, sha, runs, probes):
    print(f"bench/ab: working tree against {o.base} ({sha[:12]}), {o.pairs} alternating pairs, "
          f"{o.threads} thread(s), TrainBench {o.args} {' '.join(o.jvm)}".rstrip())
    print(f"load average now {bench.load():.2f}; machine probe after each pair: the fma windows' median, GFLOP/s per "
          f"core ({PROBE_SECONDS} s of MachineProbe, BENCHMARKS.md)\n")
    print("| pair | base median | work median | base per CPU-s | work per CPU-s | base fastest tenth | work fastest tenth "
          "| base warm-up ms | work warm-up ms | probe fma |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for i, (b, w, pr) in enumerate(zip(runs["base"], runs["work"], probes), 1):
        print(f"| {i} | {b['median']} | {w['median']} | {b['cpu']:.0f} | {w['cpu']:.0f} | {b['fastest']} "
              f"| {w['fastest']} | {ms(b['warmup'])} | {ms(w['warmup'])} | {pr:.1f} |")
    print()
    for key, what in (("median", "median epoch"), ("cpu", "per CPU-second"), ("fastest", "fastest tenth")):
        b = statistics.median(r[key] for r in runs["base"])
        w = statistics.median(r[key] for r in runs["work"])
        ahead = sum(1 for rb, rw in zip(runs["base"], runs["work"]) if rw[key] > rb[key])
        print(f"{what}: work/base {w / b:.3f} (medians {w:.0f} / {b:.0f}); work ahead in {ahead} of {o.pairs} pairs")
    if all(r["warmup"] is not None for side in runs.values() for r in side):
        # The JIT's share: on two cores its compiler takes a core from the warm-up epoch (docs/benchmark-history.md,
        # twenty-third round), and a JIT flag in jvm.options shows there first. Shorter is better.
        b = statistics.median(r["warmup"] for r in runs["base"])
        w = statistics.median(r["warmup"] for r in runs["work"])
        shorter = sum(1 for rb, rw in zip(runs["base"], runs["work"]) if rw["warmup"] < rb["warmup"])
        print(f"warm-up epoch: work/base {w / b:.3f} (medians {w:.0f} / {b:.0f} ms); work shorter in {shorter} of "
              f"{o.pairs} pairs")
    elbos = {tuple(r["elbo"]) for side in runs.values() for r in side}
    if len(elbos) == 1:
        print("numbers: every epoch's mean -ELBO identical on both sides (" + ", ".join(next(iter(elbos))) + ")")
    else:
        sides = {side: " / ".join(sorted({", ".join(r["elbo"]) for r in rs})) for side, rs in runs.items()}
        print(f"numbers: the epochs' mean -ELBO differ: base {sides['base']}; work {sides['work']}")


if __name__ == "__main__":
    main()
