#!/usr/bin/env python3
"""Candidate finder for the hand-labelled payee set (labelled.csv).

AN AID ONLY.  It lists the distinct payee names of every real ledger, with a
row count and one sample row's other cells (category, description, amount)
so that a person can read each name in context.  It proposes NO labels:
every label in labelled.csv was decided by hand (see README.md).  It uses
only the Python standard library plus openpyxl / xlrd, and shares no code
with the Rust crate.

Usage (from the repo root, /work/main):

    python3 tests/expectations/payees/find_names.py > /tmp/names.tsv
    python3 tests/expectations/payees/find_names.py --check tests/expectations/payees/labelled.csv

SPENDGAP_REAL_DATA overrides the data root (default ../shared/data/real).

Reading rules
  * File kind by content: PK.. with xl/workbook.xml -> XLSX (openpyxl,
    data_only); other PK.. -> ZIP whose .csv/.txt members are tables;
    D0 CF 11 E0 -> XLS (xlrd); anything else -> delimited text.
  * Text: UTF-8 if valid (BOM stripped) else cp1252; csv.reader over
    io.StringIO(text, newline='') so CR-only files work.
  * Payee column: in the first 30 records, the first cell whose stripped,
    lower-cased text is one of SUPPLIER_HEADERS (or starts with "name").
    Hyndburn March-25 / April-25 / Sept-25 have no header at the top: their
    payee column is fixed at 0-based index 11 and every record is data
    except the trailing header record.
  * A name is the payee cell stripped of leading/trailing white space
    (inner spaces kept).  Empty cells are skipped.

Output: TSV  publisher, name, rows, n_files, sample_context
  (--check FILE verifies that every (publisher, name) of FILE occurs as a
  payee in that publisher's ledgers, and reports duplicates.)
"""
import csv, io, os, sys, zipfile
from collections import OrderedDict

import openpyxl, xlrd

SUPPLIER_HEADERS = {"supplier", "supplier name", "suppliername", "supplier_name",
                    "* supplier final", "beneficiaryname", "merchant name",
                    "6 supplier", "name", "name:"}
HEADERLESS = {"March-25-CSV.csv", "April-25-CSV.csv", "Sept-25-CVS.csv"}
NOT_LEDGERS = {"national-forest-co/nfc-over-25k-1006.csv"}


def decode(raw):
    try:
        t = raw.decode("utf-8")
        return t[1:] if t.startswith("\ufeff") else t
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def cell_text(v):
    if v is None:
        return ""
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    return str(v)


def tables(path):
    raw = open(path, "rb").read()
    if raw[:4] == b"PK\x03\x04":
        z = zipfile.ZipFile(io.BytesIO(raw))
        if "xl/workbook.xml" in z.namelist():
            wb = openpyxl.load_workbook(io.BytesIO(raw), data_only=True, read_only=True)
            for ws in wb.worksheets:
                yield ws.title, [[cell_text(c) for c in r]
                                 for r in ws.iter_rows(values_only=True)]
            return
        for n in sorted(z.namelist()):
            if n.lower().endswith((".csv", ".txt")):
                yield n, list(csv.reader(io.StringIO(decode(z.read(n)), newline="")))
        return
    if raw[:4] == b"\xd0\xcf\x11\xe0":
        book = xlrd.open_workbook(file_contents=raw)
        for sh in book.sheets():
            yield sh.name, [[cell_text(c) for c in sh.row_values(i)]
                            for i in range(sh.nrows)]
        return
    yield "", list(csv.reader(io.StringIO(decode(raw), newline="")))


def payee_rows(root):
    """Yield (publisher, relpath, sheet, header, row, payee_index)."""
    led = os.path.join(root, "ledgers")
    for pub in sorted(os.listdir(led)):
        d = os.path.join(led, pub)
        if not os.path.isdir(d):
            continue
        for fn in sorted(os.listdir(d)):
            rel = f"{pub}/{fn}"
            if rel in NOT_LEDGERS:
                continue
            for sheet, recs in tables(os.path.join(d, fn)):
                if pub == "hyndburn" and fn in HEADERLESS:
                    hi, col = -1, 11
                    header = next((r for r in reversed(recs)
                                   if len(r) > 11 and r[11].strip().lower() == "name:"), [])
                else:
                    hi = col = None
                    for i, r in enumerate(recs[:30]):
                        for j, c in enumerate(r):
                            t = c.strip().lower()
                            if t in SUPPLIER_HEADERS or t.startswith("name"):
                                hi, col = i, j
                                break
                        if hi is not None:
                            break
                    if hi is None:
                        print(f"# no payee header: {rel} [{sheet}]", file=sys.stderr)
                        continue
                    header = recs[hi]
                for r in recs[hi + 1:]:
                    if r is header:
                        continue
                    if len(r) > col and r[col].strip() and r[col].strip().lower() != "name:":
                        yield pub, rel, sheet, header, r, col


def collect(root):
    names = OrderedDict()
    for pub, rel, sheet, header, r, col in payee_rows(root):
        name = r[col].strip()
        key = (pub, name)
        e = names.get(key)
        if e is None:
            ctx = " | ".join(f"{h.strip()[:14]}={c.strip()[:40]}"
                             for h, c in zip(header + [""] * len(r), r)
                             if c.strip() and c is not r[col])
            e = names[key] = {"rows": 0, "files": set(), "ctx": ctx}
        e["rows"] += 1
        e["files"].add(rel)
    return names


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.abspath(os.path.join(here, "..", "..", ".."))
    root = os.environ.get("SPENDGAP_REAL_DATA",
                          os.path.join(repo, "..", "shared", "data", "real"))
    names = collect(root)
    if len(sys.argv) > 2 and sys.argv[1] == "--check":
        seen, bad = set(), 0
        with open(sys.argv[2], encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                k = (row["publisher"], row["name"])
                if k in seen:
                    print("duplicate:", k); bad += 1
                seen.add(k)
                if k not in names:
                    print("not a payee in that publisher's ledgers:", k); bad += 1
        print(f"{len(seen)} rows checked, {bad} problems")
        sys.exit(1 if bad else 0)
    w = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
    for (pub, name), e in names.items():
        w.writerow([pub, name, e["rows"], len(e["files"]), " ".join(e["ctx"].split())])


if __name__ == "__main__":
    main()
