#!/usr/bin/env python3
"""Benchmark the reference cache on national-size files.

    python3 bench/make_reference.py bench-data/reference     # once: ~3 GB of files
    python3 bench/reference.py [--bin target/release/spendgap] [--runs 3]

Times `spendgap reference` (load the study's postcode directory and Companies House
register) under GNU time, first with an empty cache (parse the CSVs and build the cache)
and then from the cache, reporting wall seconds and peak resident memory. Bars (issue 3):
each file cached in under 60 s within 3 GB, and loaded from the cache in under 1 s.
Each file is measured alone (a study naming just it) and both together.
"""
import argparse
import datetime
import os
import shutil
import statistics
import sys
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run import measure  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def study(dir_: Path, name: str, postcodes: bool, companies: bool) -> Path:
    lines = ['name = "cache bench"', "[[anchor]]", 'id = "b"', 'name = "B"', "[[anchor.ledger]]", 'path = "ledger.csv"', "[reference]"]
    if postcodes:
        lines.append('postcodes = ["NSPL_BENCH_UK.csv"]')
    if companies:
        lines.append('registers = [{ kind = "companies_house", path = "BasicCompanyData_bench.csv" }]')
    lines.append(f'cache_dir = ".cache-{name}"')
    p = dir_ / f"study-{name}.toml"
    p.write_text("\n".join(lines) + "\n")
    return p


def timed(cmd):
    """(wall seconds, peak MiB) of one run, timed as bench/run.py times everything."""
    wall, kib, _ = measure(cmd)
    return wall, kib / 1024


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=str(ROOT / "target/release/spendgap"))
    ap.add_argument("--data", default=str(ROOT / "bench-data/reference"))
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    data = Path(a.data)
    rows = []
    for name, pc, ch in [("postcodes", True, False), ("companies", False, True), ("both", True, True)]:
        s = study(data, name, pc, ch)
        builds, loads = [], []
        for _ in range(a.runs):
            shutil.rmtree(data / f".cache-{name}", ignore_errors=True)
            builds.append(timed([a.bin, "reference", "--study", str(s)]))
            loads.append(timed([a.bin, "reference", "--study", str(s)]))
        med = lambda xs, i: statistics.median(x[i] for x in xs)
        rows.append((name, med(builds, 0), max(b[1] for b in builds), med(loads, 0), max(l[1] for l in loads)))
    size = lambda f: (data / f).stat().st_size / 1e6
    print(f"# reference cache benchmark, {datetime.date.today()}, {os.cpu_count()} cores")
    print(f"inputs: NSPL_BENCH_UK.csv {size('NSPL_BENCH_UK.csv'):.0f} MB, BasicCompanyData_bench.csv {size('BasicCompanyData_bench.csv'):.0f} MB")
    print("| study names | build cache (s) | peak MB | load from cache (s) | peak MB |")
    print("|---|---:|---:|---:|---:|")
    for name, b, bm, l, lm in rows:
        print(f"| {name} | {b:.2f} | {bm:.0f} | {l:.2f} | {lm:.0f} |")


if __name__ == "__main__":
    main()
