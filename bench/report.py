#!/usr/bin/env python3
"""Time `spendgap report` (issue 7's bar: under 3 s on the sample data).

    python3 bench/report.py [--runs 5] [--bin target/release/spendgap] [--big DIR]

Copies reports/ (the sample run) to a temporary folder and times, alternating, `spendgap
report` on it and, as the baseline measured in the same run, `spendgap run` on the
sample study (the whole pipeline the report is the last stage of). With --big, also
times the report on a large run folder (e.g. bench-data/partnership/out-new, the
10-million-row partnership after `python3 bench/gaps.py`). Wall seconds and peak RSS
come from GNU time.
"""
import argparse
import platform
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(cmd):
    start = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - start
    if p.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed:\n{p.stdout}\n{p.stderr}")
    return wall, int(p.stderr.strip().splitlines()[-1]) / 1024


def line(name, samples):
    walls = [s[0] for s in samples]
    rss = max(s[1] for s in samples)
    print(f"{name:<34} median {statistics.median(walls):6.2f} s  min {min(walls):6.2f} s  max {max(walls):6.2f} s  peak {rss:7.0f} MiB  ({len(walls)} runs)")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--bin", default=str(ROOT / "target/release/spendgap"))
    ap.add_argument("--big")
    a = ap.parse_args()
    print(f"machine: {platform.machine()}, {subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} cores, {platform.platform()}")
    with tempfile.TemporaryDirectory() as tmp:
        runs = Path(tmp) / "run"
        shutil.copytree(ROOT / "reports", runs)
        full = Path(tmp) / "full"
        report, pipeline = [], []
        for _ in range(a.runs):
            report.append(timed([a.bin, "-q", "report", str(runs)]))
            pipeline.append(timed([a.bin, "-q", "run", "--out", str(full)]))
        line("report (sample run folder)", report)
        line("run, all six stages (baseline)", pipeline)
        if a.big:
            big = Path(tmp) / "big"
            shutil.copytree(a.big, big)
            rows = sum(1 for _ in open(big / "suppliers.csv")) - 1
            line(f"report (large run, {rows:,} suppliers)", [timed([a.bin, "-q", "report", str(big)]) for _ in range(max(1, a.runs // 2))])


if __name__ == "__main__":
    main()
