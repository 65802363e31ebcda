#!/usr/bin/env python3
"""How long polars itself takes to write spendgap's transactions table as Parquet.

    python3 bench/polars_write_floor.py bench-data/out-csv/transactions.parquet

Reads the table spendgap wrote for the benchmark CSV, then times polars' own
write_parquet of it (median of 5) with each compression. This is the floor for the
output half of `spendgap ingest`, as the plain read_csv is the floor for its input half.
"""
import statistics
import sys
import tempfile
import time

import polars as pl

df = pl.read_parquet(sys.argv[1])
print(f"{df.height:,} rows, {df.width} columns")
with tempfile.TemporaryDirectory() as d:
    for comp in ["lz4", "snappy", "zstd", "uncompressed"]:
        times = []
        for _ in range(5):
            t = time.perf_counter()
            df.write_parquet(f"{d}/x.parquet", compression=comp)
            times.append(time.perf_counter() - t)
        print(f"polars write_parquet {comp:12} {statistics.median(times):.3f} s")
