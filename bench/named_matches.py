#!/usr/bin/env python3
"""Writes a run folder's matches.csv with the ledger names spelt out, for score_matches.py.

    python3 bench/named_matches.py RUN_DIR [OUT_CSV]   # default RUN_DIR/matches_named.csv

matches.csv shows "payee withheld (S…)" for a name with nothing to say it is an
organisation's (personal data); a generated set's truth is keyed by the names as written.
The names, decisions and register ids come from supplier_names.parquet and suppliers.parquet;
score, tier and reason from the supplier's matches.csv row. Needs pyarrow.
"""
import csv
import sys

import pyarrow.parquet as pq


def main():
    run = sys.argv[1]
    out = sys.argv[2] if len(sys.argv) > 2 else f"{run}/matches_named.csv"
    names = pq.read_table(f"{run}/supplier_names.parquet", columns=["supplier_name", "supplier_id", "decision"]).to_pydict()
    sup = pq.read_table(f"{run}/suppliers.parquet", columns=["supplier_id", "register", "register_id"]).to_pydict()
    linked = {s: (r or "", i or "") for s, r, i in zip(sup["supplier_id"], sup["register"], sup["register_id"])}
    rows = {}
    with open(f"{run}/matches.csv", encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            rows.setdefault(r["supplier_id"], r)
    with open(out, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["supplier_name", "supplier_id", "decision", "register", "register_id", "score", "tier", "reason"])
        for n, s, d in zip(names["supplier_name"], names["supplier_id"], names["decision"]):
            reg, rid = linked[s] if d in ("matched", "review") else ("", "")
            m = rows.get(s, {})
            w.writerow([n, s, d, reg, rid, m.get("score", ""), m.get("tier", ""), m.get("reason", "")])
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
