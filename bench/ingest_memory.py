#!/usr/bin/env python3
"""Peak memory of `spendgap ingest` against ledger size, and ingest speed beside a
baseline binary, in one run.

    python3 bench/ingest_memory.py [--bin target/release/spendgap] [--base OTHER_BINARY]
                                   [--runs 7] [--sizes 10,100,1000] [--data bench-data]

1. Memory against size: for each size in MB (default 10, 100 and 1000), writes a messy
   benchmark CSV of about that size with samplegen (bench-data/mem-<MB>/, ~119 bytes a
   row), ingests it once with --bin (and with --base when given) under GNU time, and
   prints the wall time and the peak resident set size, and the peak per MB of input.
   It checks every run's reconciliation against the generator's bench_expected.json
   (rows accepted, rejected, skipped; pence) and says agree or DISAGREE.
2. Speed beside the baseline (only with --base): the 1,000,000-row CSV (bench-data/
   bench_messy.csv, as bench/run.py makes it), --bin and --base run in turn, A B A B ...,
   --runs times each; prints each one's median wall and user seconds and the median of
   the pairwise ratios, so that a drift in the machine's speed during the run hits both.

samplegen is looked for as bench/run.py does ($SAMPLEGEN, target/release/samplegen).
Needs GNU time at /usr/bin/time. Uses only the Python standard library.
"""
import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GNU_TIME = "/usr/bin/time"
BYTES_PER_ROW = 119.3  # bench_messy.csv: 119,344,528 bytes for 1,000,000 rows
STUDY = 'name = "Memory benchmark"\n[[anchor]]\nid = "bench"\nname = "Bench"\n' \
        '[[anchor.ledger]]\npath = "{path}"\n'


def find_samplegen():
    for c in [os.environ.get("SAMPLEGEN"), ROOT / "target/release/samplegen",
              "/tmp/samplegen-target/release/samplegen"]:
        if c and Path(c).is_file() and os.access(c, os.X_OK):
            return str(c)
    sys.exit("samplegen not found: `cargo build --release -p samplegen`")


def ensure(folder, rows):
    csv = folder / "bench_messy.csv"
    if not csv.is_file():
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run([find_samplegen(), "bench", "--out", str(folder), "--rows", str(rows),
                        "--xlsx-rows", "10"], check=True, stdout=subprocess.DEVNULL)
    (folder / "study.toml").write_text(STUDY.format(path="bench_messy.csv"))
    return json.loads((folder / "bench_expected.json").read_text())["csv"]


def warm(path):
    with open(path, "rb") as f:
        while f.read(1 << 24):
            pass


def run(binary, study, out):
    """One ingest under GNU time: (wall s, user s, peak RSS MiB)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        cmd = [GNU_TIME, "-f", "%e %U %M", "-o", tf.name, binary, "ingest", str(study),
               "--out", str(out)]
        t0 = time.perf_counter()
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        wall = time.perf_counter() - t0
        lines = [ln for ln in Path(tf.name).read_text().splitlines() if ln.strip()]
    if p.returncode not in (0, 1):
        sys.exit(f"{binary} failed ({p.returncode}):\n{p.stderr}")
    _e, user, kib = lines[-1].split()
    return wall, float(user), int(kib) / 1024


def check(out, exp):
    t = json.loads((out / "reconciliation.json").read_text())["totals"]
    # A footer past GBP 100bn (the 10M-row file's) is rejected by an older build, not
    # skipped: compare what is read as spend, and the rows accounted for.
    got = (t["rows_accepted"], t["pence_accepted"], t["rows_read"])
    want = (exp["good_amount_rows"], exp["good_amount_pence"], exp["rows_below_header"])
    return "agree" if got == want else f"DISAGREE {got} vs {want}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=str(ROOT / "target/release/spendgap"))
    ap.add_argument("--base")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--sizes", default="10,100,1000")
    ap.add_argument("--data", default=str(ROOT / "bench-data"))
    a = ap.parse_args()
    data = Path(a.data)
    binaries = [("spendgap", a.bin)] + ([("baseline", a.base)] if a.base else [])
    print(f"machine: {os.cpu_count()} CPUs, "
          f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.1f} GiB RAM")
    print("\nPeak memory against ledger size (one run each)")
    print("| ledger | rows | binary | wall s | peak RSS MiB | MiB per input MB | figures |")
    print("|---:|---:|---|---:|---:|---:|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for mb in [int(x) for x in a.sizes.split(",")]:
            rows = int(mb * 1e6 / BYTES_PER_ROW)
            folder = data / f"mem-{mb}"
            exp = ensure(folder, rows)
            csv = folder / "bench_messy.csv"
            size_mb = csv.stat().st_size / 1e6
            warm(csv)
            for name, binary in binaries:
                out = Path(tmp) / f"{name}-{mb}"
                wall, _user, rss = run(binary, folder / "study.toml", out)
                print(f"| {size_mb:,.0f} MB | {rows:,} | {name} | {wall:.2f} | {rss:,.0f} | "
                      f"{rss / size_mb:.2f} | {check(out, exp)} |", flush=True)
        if not a.base:
            return
        exp = ensure(data, 1_000_000)
        study = data / "study.toml"
        warm(data / "bench_messy.csv")
        print(f"\nSpeed beside the baseline: 1,000,000-row CSV, {a.runs} runs each, in turn")
        times = {name: [] for name, _ in binaries}
        ratios = []
        for i in range(a.runs):
            pair = {}
            for name, binary in binaries:
                out = Path(tmp) / f"speed-{name}"
                pair[name] = run(binary, study, out)
                times[name].append(pair[name])
            ratios.append(pair["spendgap"][0] / pair["baseline"][0])
            print(f"  run {i + 1}: spendgap {pair['spendgap'][0]:.3f} s, "
                  f"baseline {pair['baseline'][0]:.3f} s", flush=True)
        print("| binary | median wall s | median user s | peak RSS MiB |")
        print("|---|---:|---:|---:|")
        for name, _ in binaries:
            t = times[name]
            print(f"| {name} | {statistics.median(x[0] for x in t):.3f} | "
                  f"{statistics.median(x[1] for x in t):.3f} | {max(x[2] for x in t):,.0f} |")
        print(f"median of the pairwise ratios spendgap/baseline (wall): "
              f"{statistics.median(ratios):.3f} (range {min(ratios):.3f}-{max(ratios):.3f})")
        print(f"check: {check(Path(tmp) / 'speed-spendgap', exp)}")


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_NOFILE, resource.getrlimit(resource.RLIMIT_NOFILE))
    main()
