#!/usr/bin/env python3
"""Benchmark `spendgap ingest` against a plain polars read and a pandas script.

    python3 bench/run.py [--runs 3] [--bin target/release/spendgap] [--data bench-data]

What it does:

1. Generates the benchmark data into bench-data/ (gitignored) with samplegen if it is not
   there yet: bench_messy.csv (1,000,000 data rows, ~119 MB, Windows-1252, CRLF, a
   3-line preamble, quoted "1,234.56" amounts, mixed date formats, blank lines, bad
   amounts, a Total footer), bench.xlsx (200,000 rows) and bench_expected.json (the
   counts and pence total a reader must reproduce). samplegen is looked for in
   $SAMPLEGEN, target/release/samplegen and /tmp/samplegen-target/release/samplegen;
   build it with `cargo build --release -p samplegen` if none exists.
2. Writes two study files next to the data, bench_csv.toml and bench_xlsx.toml.
3. Times each command --runs times and reports the median wall time, rows per second
   and the peak resident set size of the measured process:
     a. spendgap ingest on the CSV study, default threads and --threads 1;
     b. the floor: pl.read_csv of the same CSV, all columns as strings
        (bench/polars_floor.py), both the read alone (timed inside the script) and the
        whole process (interpreter start-up and `import polars` included);
     c. bench/pandas_ingest.py, the same job written with pandas;
     d. spendgap ingest on the XLSX study.
4. Checks spendgap's reconciliation.json against bench_expected.json and prints
   agree/disagree for each figure, then a Markdown table and the machine.

How it measures: every command runs under GNU time (`/usr/bin/time -f '%e %M'`), which
reports the maximum resident set size of that one process (%M, KiB) -- unlike
getrusage(RUSAGE_CHILDREN), whose ru_maxrss is a maximum over every child the runner has
ever waited for. Wall time is taken by the runner with time.perf_counter() around the
child (fork/exec included). If /usr/bin/time is missing: `apt-get install -y time`.

The runner itself uses only the Python standard library; the polars and pandas rows need
polars, pandas and pyarrow installed.
"""
import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
GNU_TIME = "/usr/bin/time"
STUDY = """name = "{name}"

[[anchor]]
id = "bench"
name = "Bench"

[[anchor.ledger]]
path = "{path}"
"""


def find_samplegen():
    candidates = [os.environ.get("SAMPLEGEN"), ROOT / "target/release/samplegen",
                  "/tmp/samplegen-target/release/samplegen"]
    for c in candidates:
        if c and Path(c).is_file() and os.access(c, os.X_OK):
            return str(c)
    sys.exit("samplegen not found: build it with `cargo build --release -p samplegen` "
             "or set SAMPLEGEN=/path/to/samplegen")


def ensure_data(data, rows, xlsx_rows):
    names = ["bench_messy.csv", "bench.xlsx", "bench_expected.json"]
    if not all((data / n).is_file() for n in names):
        data.mkdir(parents=True, exist_ok=True)
        cmd = [find_samplegen(), "bench", "--out", str(data), "--rows", str(rows),
               "--xlsx-rows", str(xlsx_rows)]
        print("generating:", " ".join(cmd), flush=True)
        subprocess.run(cmd, check=True)
    (data / "bench_csv.toml").write_text(
        STUDY.format(name="Benchmark (CSV)", path="bench_messy.csv"))
    (data / "bench_xlsx.toml").write_text(
        STUDY.format(name="Benchmark (XLSX)", path="bench.xlsx"))
    return json.loads((data / "bench_expected.json").read_text())


def warm_cache(path):
    """Read a file once so that every timed run finds it in the page cache."""
    with open(path, "rb") as f:
        while f.read(1 << 24):
            pass


def measure(cmd, ok_codes=(0,)):
    """Run cmd once under GNU time; return (wall seconds, peak RSS KiB, stdout)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        full = [GNU_TIME, "-f", "%e %M", "-o", tf.name] + cmd
        t0 = time.perf_counter()
        p = subprocess.run(full, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        wall = time.perf_counter() - t0
        # GNU time writes "Command exited with non-zero status N" first when N != 0.
        lines = [ln for ln in Path(tf.name).read_text().splitlines() if ln.strip()]
    if p.returncode not in ok_codes:
        sys.exit(f"failed ({p.returncode}): {' '.join(cmd)}\n{p.stdout}\n{p.stderr}")
    _elapsed, maxrss_kib = lines[-1].split()
    return wall, int(maxrss_kib), p.stdout


def repeat(label, cmd, runs, rows, ok_codes=(0,), before=None, inner=None):
    """Time cmd `runs` times. inner(stdout) may return an in-process time as well."""
    walls, rss, inners, out = [], [], [], ""
    for i in range(runs):
        if before:
            before()
        wall, kib, out = measure(cmd, ok_codes)
        walls.append(wall)
        rss.append(kib)
        if inner:
            inners.append(inner(out))
        print(f"  {label} run {i + 1}/{runs}: {wall:.3f} s, {kib / 1024:.0f} MiB", flush=True)
    return {"label": label, "rows": rows, "walls": walls, "median": statistics.median(walls),
            "rss_mib": max(rss) / 1024, "inner": statistics.median(inners) if inners else None,
            "stdout": out}


def check(label, got, want):
    verdict = "agree" if got == want else "DISAGREE"
    print(f"  {label}: spendgap {got} vs expected {want}: {verdict}")
    return got == want


def check_reconciliation(exp, out_csv, out_xlsx):
    ok = True
    c = exp["csv"]
    rec = json.loads((out_csv / "reconciliation.json").read_text())
    t = rec["totals"]
    print("CSV reconciliation vs bench_expected.json")
    ok &= check("pence_accepted", t["pence_accepted"], c["good_amount_pence"])
    ok &= check("rows_accepted", t["rows_accepted"], c["good_amount_rows"])
    ok &= check("rows_rejected", t["rows_rejected"], c["bad_amounts"])
    ok &= check("rows_skipped (blank lines + footer)", t["rows_skipped"],
                c["blank_lines"] + c["footer_rows"])
    ok &= check("rows_duplicate", t["rows_duplicate"], 0)
    ok &= check("rows_read (rows below header)", t["rows_read"], c["rows_below_header"])
    print(f"  skipped by reason: {rec['skipped']}; rows_undated {t['rows_undated']}")
    x = exp["xlsx"]
    t = json.loads((out_xlsx / "reconciliation.json").read_text())["totals"]
    print("XLSX reconciliation vs bench_expected.json")
    ok &= check("pence_accepted", t["pence_accepted"], x["amount_pence"])
    ok &= check("rows_accepted", t["rows_accepted"], x["rows"])
    ok &= check("rows_rejected", t["rows_rejected"], 0)
    return ok


def machine():
    def sh(cmd):
        try:
            return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip()
        except OSError:
            return "?"
    model = sh("lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -1") or platform.processor()
    mem_kib = 0
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem_kib = int(line.split()[1])
    return {"nproc": sh("nproc"), "cpu": model, "mem_gib": mem_kib / 1024 / 1024,
            "date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
            "kernel": platform.release(), "python": platform.python_version()}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=3, help="runs per command (default 3)")
    ap.add_argument("--bin", default=str(ROOT / "target/release/spendgap"),
                    help="the spendgap binary (default target/release/spendgap)")
    ap.add_argument("--data", default=str(ROOT / "bench-data"), help="data folder")
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--xlsx-rows", type=int, default=200_000)
    ap.add_argument("--skip-pandas", action="store_true", help="leave out the pandas row")
    args = ap.parse_args()

    if not Path(GNU_TIME).is_file():
        sys.exit(f"{GNU_TIME} not found: install GNU time (apt-get install -y time)")
    spendgap = str(Path(args.bin).resolve())
    if not Path(spendgap).is_file():
        sys.exit(f"spendgap binary not found at {spendgap}: cargo build --release")
    data = Path(args.data).resolve()
    exp = ensure_data(data, args.rows, args.xlsx_rows)
    csv, csv_rows, xlsx_rows = data / "bench_messy.csv", exp["csv"]["data_rows"], exp["xlsx"]["rows"]
    warm_cache(csv)
    warm_cache(data / "bench.xlsx")
    outs = {k: data / f"out-{k}" for k in ("csv", "csv-t1", "xlsx")}

    def clean(d):
        return lambda: shutil.rmtree(d, ignore_errors=True)

    load0 = os.getloadavg()
    sg_ok = (0, 1)  # 1 = ran, but some rows were rejected (the bad amounts are meant to be)
    py = sys.executable
    res = []
    print(f"timing, {args.runs} run(s) each", flush=True)
    res.append(repeat("spendgap ingest CSV (default threads)",
                      [spendgap, "ingest", str(data / "bench_csv.toml"), "--out", str(outs["csv"])],
                      args.runs, csv_rows, sg_ok, clean(outs["csv"])))
    res.append(repeat("spendgap ingest CSV --threads 1",
                      [spendgap, "--threads", "1", "ingest", str(data / "bench_csv.toml"),
                       "--out", str(outs["csv-t1"])],
                      args.runs, csv_rows, sg_ok, clean(outs["csv-t1"])))
    floor = repeat("polars read_csv (whole process)", [py, str(BENCH / "polars_floor.py"), str(csv)],
                   args.runs, csv_rows,
                   inner=lambda out: json.loads(out.strip().splitlines()[-1])["read_seconds"])
    read_only = dict(floor, label="polars read_csv (read only, in-process)",
                     median=floor["inner"], rss_mib=None)
    res += [read_only, floor]
    if not args.skip_pandas:
        pq = data / "pandas_out.parquet"
        pd_res = repeat("pandas script (bench/pandas_ingest.py)",
                        [py, str(BENCH / "pandas_ingest.py"), str(csv), str(pq),
                         str(data / "bench_expected.json")], args.runs, csv_rows)
        res.append(pd_res)
    res.append(repeat("spendgap ingest XLSX (200k rows)" if xlsx_rows == 200_000 else
                      f"spendgap ingest XLSX ({xlsx_rows} rows)",
                      [spendgap, "ingest", str(data / "bench_xlsx.toml"), "--out", str(outs["xlsx"])],
                      args.runs, xlsx_rows, sg_ok, clean(outs["xlsx"])))

    print()
    totals_ok = check_reconciliation(exp, outs["csv"], outs["xlsx"])
    same = ((outs["csv"] / "reconciliation.json").read_bytes()
            == (outs["csv-t1"] / "reconciliation.json").read_bytes())
    print(f"  --threads 1 reconciliation.json identical to default threads: {same}")
    if not args.skip_pandas:
        print("pandas script output (last run):")
        print("  " + pd_res["stdout"].strip().replace("\n", "\n  "))

    m = machine()
    version = subprocess.run([spendgap, "--version"], capture_output=True, text=True).stdout.strip()
    print(f"\nMachine: {m['nproc']} CPUs ({m['cpu']}), {m['mem_gib']:.1f} GiB RAM, "
          f"Linux {m['kernel']}, Python {m['python']}; {version}; {m['date']}; "
          f"load average at start {load0[0]:.2f}")
    print(f"Median of {args.runs} run(s); peak RSS is the maximum over the runs. "
          f"CSV: {csv_rows:,} data rows, {csv.stat().st_size / 1e6:.0f} MB; "
          f"XLSX: {xlsx_rows:,} rows.\n")
    fr, fp = read_only["median"], floor["median"]
    print("| command | median s | rows/s | peak RSS MiB | × polars read | × polars process |")
    print("|---|---:|---:|---:|---:|---:|")
    for r in res:
        rss = "–" if r["rss_mib"] is None else f"{r['rss_mib']:.0f}"
        csv_row = r["rows"] == csv_rows and "XLSX" not in r["label"]
        ratio_r = f"{r['median'] / fr:.2f}" if csv_row else "–"
        ratio_p = f"{r['median'] / fp:.2f}" if csv_row else "–"
        print(f"| {r['label']} | {r['median']:.3f} | {r['rows'] / r['median']:,.0f} | {rss} "
              f"| {ratio_r} | {ratio_p} |")
    sg = res[0]
    print("\nBars (spendgap ingest CSV, default threads):")
    print(f"  within 2x of the plain polars read: {sg['median'] / fr:.2f}x the read alone, "
          f"{sg['median'] / fp:.2f}x the whole polars process -> "
          f"{'met' if sg['median'] <= 2 * fr else 'MISSED'} (read alone)")
    if not args.skip_pandas:
        speedup = pd_res["median"] / sg["median"]
        print(f"  >=10x faster than the pandas script: {speedup:.1f}x -> "
              f"{'met' if speedup >= 10 else 'MISSED'}")
    worst = max(r["rss_mib"] for r in res if r["rss_mib"] is not None and "spendgap" in r["label"])
    print(f"  peak memory under 1 GB: {worst * 1.048576:.0f} MB at most (spendgap rows) -> "
          f"{'met' if worst * 1.048576 < 1000 else 'MISSED'}")
    print(f"\nspendgap totals agree with bench_expected.json: {'yes' if totals_ok else 'NO'}")
    return 0 if totals_ok else 1


if __name__ == "__main__":
    sys.exit(main())
