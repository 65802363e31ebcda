#!/usr/bin/env python3
"""The pandas baseline: what an analyst would write to ingest bench_messy.csv.

Reads the Windows-1252 CSV (3 preamble lines, then the header) with every column as
text, drops blank and Total rows, parses amounts ("1,234.56", "(250.00)", "£12.00",
"12.00-") to integer pence with vectorised string operations (no floats), parses the
mixed dates (dd/mm/yyyy, dd/mm/yy, dd-Mon-yy, Excel serials) one format at a time,
counts the rows whose amount is unreadable, and writes the accepted rows to parquet.

    python3 bench/pandas_ingest.py bench-data/bench_messy.csv OUT.parquet [EXPECTED.json]

Prints the counts and pence total, and whether they agree with bench_expected.json.
"""
import json
import sys
import time

import pandas as pd

src, out = sys.argv[1], sys.argv[2]
expected = sys.argv[3] if len(sys.argv) > 3 else None
t0 = time.perf_counter()

df = pd.read_csv(src, encoding="cp1252", skiprows=3, dtype=str, keep_default_na=False)
df.columns = [c.strip() for c in df.columns]
AMOUNT, DATE = "Net Amount (£)", "Payment Date"
rows_read = len(df)  # blank lines with no commas are already dropped by read_csv

# Skip: rows with no data in any cell, and Total / Sub-total footer lines.
stripped = df.apply(lambda c: c.str.strip())
blank = (stripped == "").all(axis=1)
total = stripped.apply(lambda c: c.str.match(r"(?i)(sub-?)?total\b")).any(axis=1)
skipped = blank | total
df = df[~skipped]

# Amounts to integer pence: sign from "(...)", a leading or trailing "-"; drop £ and commas.
a = df[AMOUNT].str.strip()
neg = a.str.match(r"^\(.*\)$") | a.str.startswith("-") | a.str.endswith("-")
core = a.str.replace(r"[()£,\s-]", "", regex=True)
parts = core.str.extract(r"^(\d+)(?:\.(\d{1,2}))?$")
ok = parts[0].notna()
pounds = parts[0].where(ok, "0").astype("int64")
pence = parts[1].fillna("").str.ljust(2, "0").where(ok, "0").astype("int64")
amount = (pounds * 100 + pence).where(~neg, -(pounds * 100 + pence))

rejects = df.loc[~ok, [DATE, AMOUNT]].assign(reason="amount unreadable")
df = df[ok].assign(amount_pence=amount[ok])

# Dates: one pass per format, each on the rows that look like it.
d = df[DATE].str.strip()
date = pd.Series(pd.NaT, index=df.index, dtype="datetime64[ns]")
for pattern, fmt in [
    (r"\d{2}/\d{2}/\d{4}", "%d/%m/%Y"),
    (r"\d{2}/\d{2}/\d{2}", "%d/%m/%y"),
    (r"\d{1,2}-[A-Za-z]{3}-\d{2}", "%d-%b-%y"),
]:
    m = d.str.fullmatch(pattern)
    date[m] = pd.to_datetime(d[m], format=fmt, errors="coerce")
m = d.str.fullmatch(r"\d{5}")
date[m] = pd.Timestamp("1899-12-30") + pd.to_timedelta(d[m].astype("int64"), unit="D")
df = df.assign(date=date.dt.date)

df.to_parquet(out, index=False)
elapsed = time.perf_counter() - t0

result = {
    "rows_read": rows_read,
    "rows_accepted": len(df),
    "rows_rejected": len(rejects),
    "rows_skipped": int(skipped.sum()),
    "rows_undated": int(date.isna().sum()),
    "pence_accepted": int(df["amount_pence"].sum()),
    "seconds": round(elapsed, 3),
}
print(json.dumps(result))
if expected:
    e = json.load(open(expected))["csv"]
    for ours, theirs in [("rows_accepted", "good_amount_rows"),
                         ("rows_rejected", "bad_amounts"),
                         ("pence_accepted", "good_amount_pence")]:
        verdict = "agree" if result[ours] == e[theirs] else "DISAGREE"
        print(f"pandas {ours} {result[ours]} vs expected {theirs} {e[theirs]}: {verdict}")
