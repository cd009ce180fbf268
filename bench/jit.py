"""The measurement behind bench/jit: one TrainBench run of the working tree with HotSpot's compilation log on, read
against the JVM uptime TrainBench prints at the end of the warm-up epoch and of each timed epoch. On this project's
two-core machine a compiler thread at work takes a core from a two-thread training step (the worker waits for it and
the caller waits at the join: docs/benchmark-history.md, twenty-second round), so C2's milliseconds inside the timed
epochs are time the step lost. Prints, per period, its length, the epoch's samples/s and C2's milliseconds (the sum of
its compilations' durations, each counted in the period it began), then the longest C2 compilations of the timed
epochs, "osr" for one on stack replacement and "#2" for a method's second compilation or later. JVM flags after "--"
go to the run, e.g. a CompileCommand to try. Exits non-zero only when something cannot run."""
import argparse
import bisect
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "bench"))
sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
import ab  # noqa: E402  (the same build)
import run as bench  # noqa: E402  (the same JVM flags and output parsing as bench/run)

UPTIME = re.compile(r"^UPTIME (.+) (\d+)$", re.M)
EPOCH = re.compile(r"epoch (\d+): (\d+) samples/s")
TASK = re.compile(r"<task [^>]*>")
DONE = re.compile(r"<task_done[^>]*>")


def attribute(tag, name, default=None):
    m = re.search(name + r"='([^']*)'", tag)
    return m.group(1) if m else default


def compilations(log_path):
    """(start s, end s, method, osr) of every C2 compilation in a -XX:+LogCompilation file."""
    with open(log_path, errors="replace") as f:
        text = f.read()
    done = [(m.start(), m.group(0)) for m in DONE.finditer(text)]
    done_at = [d[0] for d in done]
    found = []
    for m in TASK.finditer(text):
        tag = m.group(0)
        if attribute(tag, "level", "4") != "4":  # C1's tiers 1-3 are cheap and run on their own thread
            continue
        i = bisect.bisect(done_at, m.start())  # a compiler thread logs each task's end right after its body
        if i == len(done):
            continue  # still compiling when the JVM exited
        method = attribute(tag, "method", "?").split(" (")[0].replace(" ", ".")
        found.append((float(attribute(tag, "stamp")), float(attribute(done[i][1], "stamp")), method,
                      attribute(tag, "compile_kind") == "osr"))
    return found


def main():
    ap = argparse.ArgumentParser(prog="bench/jit", description="C2's compile time per epoch of a TrainBench run.")
    ap.add_argument("--threads", type=int, default=2, help="atlas.threads (default: 2)")
    ap.add_argument("--args", default="--epochs 6 --n 12800", help="TrainBench's arguments (default: %(default)s)")
    ap.add_argument("--top", type=int, default=12, help="how many of the timed epochs' compilations to list")
    ap.add_argument("jvm", nargs="*", help="JVM flags for the run, after --")
    a = ap.parse_args()
    ab.build(ROOT, prog="bench/jit")
    out_dir = os.path.join(ROOT, "target", "jit")
    os.makedirs(out_dir, exist_ok=True)
    log_path = os.path.join(out_dir, "compilation.log")
    flags = (bench.BASE_FLAGS + bench.jvm_options(ROOT) + [f"-Datlas.threads={a.threads}"] + a.jvm
             + ["-XX:+UnlockDiagnosticVMOptions", "-XX:+LogCompilation", f"-XX:LogFile={log_path}"])
    cmd = ["java"] + flags + ["-cp", bench.classpath(ROOT), "org.latentatlas.bench.TrainBench"] + a.args.split()
    p = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=1800)
    bench.result_of(p, "TrainBench")
    marks = [(label, int(ms) / 1000) for label, ms in UPTIME.findall(p.stdout)]
    if len(marks) < 3 or marks[0][0] != "start":
        raise SystemExit(f"bench/jit: TrainBench printed no UPTIME lines:\n{p.stdout}")
    rates = {int(e): int(r) for e, r in EPOCH.findall(p.stdout)}
    tasks = compilations(log_path)
    print(f"C2 while TrainBench trains ({a.threads} threads, {a.args}{' ' + ' '.join(a.jvm) if a.jvm else ''}):")
    print("| period | ms | samples/s | C2 ms | C2 compilations |")
    print("|---|---:|---:|---:|---:|")
    for (_, begin), (label, end) in zip(marks, marks[1:]):
        inside = [t for t in tasks if begin <= t[0] < end]
        rate = rates.get(int(label.split()[1])) if label.startswith("epoch ") else None
        print(f"| {label} | {(end - begin) * 1000:.0f} | {rate if rate else '—'} | "
              f"{sum(t[1] - t[0] for t in inside) * 1000:.0f} | {len(inside)} |")
    timed_from, timed_to = marks[1][1], marks[-1][1]
    seen = {}
    late = []
    for start, end, method, osr in sorted(tasks):
        seen[method] = seen.get(method, 0) + 1
        if timed_from <= start < timed_to:
            late.append((end - start, method, osr, seen[method]))
    print(f"\nThe longest C2 compilations in the timed epochs (of {len(late)}):")
    for took, method, osr, nth in sorted(late, reverse=True)[:a.top]:
        print(f"  {took * 1000:5.0f} ms  {method}{'  osr' if osr else ''}{f'  #{nth}' if nth > 1 else ''}")
    print(f"\nLog: {os.path.relpath(log_path, ROOT)}")


if __name__ == "__main__":
    main()
