#!/usr/bin/env python3
"""The floor: a plain polars read of the benchmark CSV, every column as text.

    python3 bench/polars_floor.py bench-data/bench_messy.csv

Prints one JSON line with the seconds spent inside pl.read_csv (the import of polars
and interpreter start-up are excluded; run.py times the whole process separately).
"""
import json
import sys
import time

import polars as pl

path = sys.argv[1]
t0 = time.perf_counter()
df = pl.read_csv(
    path,
    skip_rows=3,  # the preamble: title, "Spend over £500", a blank line
    encoding="utf8-lossy",
    infer_schema=False,  # every column as String
    truncate_ragged_lines=True,
)
read_s = time.perf_counter() - t0
print(json.dumps({"read_seconds": round(read_s, 4), "rows": df.height,
                  "columns": df.width, "polars": pl.__version__}))
