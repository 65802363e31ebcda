#!/usr/bin/env python3
"""Time `spendgap gaps` on the 10-million-row partnership of bench/make_partnership.py.

    python3 bench/gaps.py [--runs 3] [--bin target/release/spendgap] [--dir bench-data/partnership]

The partnership's study declares no band, so this writes study-gaps.toml beside it: the
same anchors, ledgers and register, one [[band]] and a [gaps] table. It reruns classify
once into the existing output folder (out-new, which must hold the resolve stage's
tables: run the pipeline benchmark first) so suppliers.parquet has the bands column the
gap stage reads, then times `measure` (the baseline's last stage, for comparison) and
`gaps` --runs times each, alternating, under GNU time (wall seconds and peak RSS).
"""
import argparse
import platform
import statistics
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(cmd):
    start = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if p.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed:\n{p.stdout}\n{p.stderr}")
    rss_kib = int(p.stderr.strip().splitlines()[-1])
    return wall, rss_kib / 1024 / 1024, p.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--bin", default=str(ROOT / "target/release/spendgap"))
    ap.add_argument("--dir", default=str(ROOT / "bench-data/partnership"))
    a = ap.parse_args()
    d = Path(a.dir)
    study = d / "study-gaps.toml"
    text = (d / "study.toml").read_text()
    text += '\n[[band]]\nname = "Benchmark county"\ncounties = ["E10000025"]\n\n[gaps]\nareas = ["Benchmark county"]\n'
    study.write_text(text)
    out = d / "out-new"
    wall, rss, _ = timed([a.bin, "classify", str(study), "--out", str(out)])
    print(f"classify (once, to add the bands column): {wall:.1f} s, {rss:.2f} GiB")
    rows = {"measure": [], "gaps": []}
    last = ""
    for _ in range(a.runs):
        for stage in rows:
            wall, rss, stdout = timed([a.bin, stage, str(study), "--out", str(out)])
            rows[stage].append((wall, rss))
            if stage == "gaps":
                last = stdout
    print(last)
    print("| stage | runs | median wall | min–max | peak RSS |")
    print("|---|---|---|---|---|")
    for stage, r in rows.items():
        w = [x[0] for x in r]
        print(f"| {stage} | {len(r)} | {statistics.median(w):.2f} s | {min(w):.2f}–{max(w):.2f} s | {max(x[1] for x in r):.2f} GiB |")
    print(f"\nmachine: {platform.machine()}, {platform.processor() or 'cpu'}, {subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} cores")


if __name__ == "__main__":
    main()
