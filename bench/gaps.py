#!/usr/bin/env python3
"""Time `spendgap gaps` on the 10-million-row partnership of bench/make_partnership.py.

    python3 bench/gaps.py [--runs 3] [--bin target/release/spendgap] [--dir bench-data/partnership]
                          [--old PATH-TO-AN-EARLIER-BUILD]

The partnership's study declares no band, so this writes study-gaps.toml beside it: the
same anchors, ledgers and register, one [[band]] and a [gaps] table. It reruns classify
once into the existing output folder (out-new, which must hold the resolve stage's
tables: run the pipeline benchmark first) so suppliers.parquet has the bands column the
gap stage reads, then times `measure` (the baseline's last stage, for comparison) and
`gaps` --runs times each, alternating, under GNU time (wall seconds and peak RSS). With
--old it also times an earlier build's `gaps` in the same rotation and checks that both
builds write byte-identical gap tables.
"""
import hashlib
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


GAP_TABLES = ["gaps.csv", "gaps.parquet", "opportunities.csv", "calendar.csv",
              "contracts.csv", "local_suppliers.csv", "shared_suppliers.csv"]


def gap_digest(out):
    h = hashlib.sha256()
    for name in GAP_TABLES:
        h.update((out / name).read_bytes())
    return h.hexdigest()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--bin", default=str(ROOT / "target/release/spendgap"))
    ap.add_argument("--dir", default=str(ROOT / "bench-data/partnership"))
    ap.add_argument("--old", help="an earlier spendgap binary to time beside --bin")
    a = ap.parse_args()
    d = Path(a.dir)
    study = d / "study-gaps.toml"
    text = (d / "study.toml").read_text()
    text += '\n[[band]]\nname = "Benchmark county"\ncounties = ["E10000025"]\n\n[gaps]\nareas = ["Benchmark county"]\n'
    study.write_text(text)
    out = d / "out-new"
    wall, rss, _ = timed([a.bin, "classify", str(study), "--out", str(out)])
    print(f"classify (once, to add the bands column): {wall:.1f} s, {rss:.2f} GiB")
    jobs = {"measure": (a.bin, "measure"), "gaps": (a.bin, "gaps")}
    if a.old:
        jobs["gaps (--old build)"] = (a.old, "gaps")
    rows = {name: [] for name in jobs}
    digests = {}
    last = ""
    for _ in range(a.runs):
        for name, (binary, stage) in jobs.items():
            wall, rss, stdout = timed([binary, stage, str(study), "--out", str(out)])
            rows[name].append((wall, rss))
            if name == "gaps":
                last = stdout
            if stage == "gaps":
                digests.setdefault(name, set()).add(gap_digest(out))
    if a.old:
        same = digests["gaps"] == digests["gaps (--old build)"] and len(digests["gaps"]) == 1
        print(f"gap tables of --bin and --old: {'byte-identical' if same else 'DIFFER'}")
    print(last)
    print("| stage | runs | median wall | min–max | peak RSS |")
    print("|---|---|---|---|---|")
    for stage, r in rows.items():
        w = [x[0] for x in r]
        print(f"| {stage} | {len(r)} | {statistics.median(w):.2f} s | {min(w):.2f}–{max(w):.2f} s | {max(x[1] for x in r):.2f} GiB |")
    print(f"\nmachine: {platform.machine()}, {platform.processor() or 'cpu'}, {subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} cores")


if __name__ == "__main__":
    main()
