#!/usr/bin/env python3
"""Independent oracle for spendgap's ingestion of the real ledgers.

This script computes, from scratch, the per-file (per-sheet for XLSX) ingestion
figures that the Rust tests compare against.  It deliberately shares NO code with
the Rust project: it uses only the Python standard library plus openpyxl.

Usage (paths relative to the repo root /work/main):

    python3 tests/expectations/compute_real_ledgers.py ../shared/data/real/ledgers \
        > tests/expectations/real_ledgers.csv

argv[1] is the ledgers directory; if omitted it defaults to
../shared/data/real/ledgers resolved against the repo root (the directory two
levels above this file).  Output is CSV on stdout with the columns

    file,sheet,rows_read,rows_accepted,rows_duplicate,rows_rejected,
    rows_skipped,rows_undated,rows_unnamed,pence_accepted,pence_duplicate

one row per (file, sheet), sorted by file path (byte-wise, forward slashes,
relative to the ledgers dir) then by sheet order in the workbook.  `sheet` is
empty for CSV files.  Diagnostics (headerless files etc.) go to stderr.

Anchors (scope of duplicate detection):
  * every *.csv under hyndburn/ is one anchor, processed in byte-wise sorted
    order of file name;
  * lancashire_anchor_xlsx/lancashire_fire_fire-2024-25.xlsx is its own anchor;
  * lancashire_anchor_xlsx/lancashire_pcc_pcc-2023-24.xlsx is its own anchor,
    its sheets processed in workbook order.

Rules implemented
-----------------
A. CSV decoding: UTF-8 if the bytes are valid UTF-8 (leading BOM U+FEFF
   stripped), else Windows-1252 (errors='replace').  Records come from
   csv.reader(io.StringIO(text, newline='')); a record's row number is its
   1-based index in that enumeration (blank lines yield [] and count).
   Trailing records that are blank (no cells, or every cell empty after
   .strip()) are dropped and counted nowhere.  XLSX: openpyxl, data_only=True
   (cached formula values), every row from sheet row 1; trailing blank rows
   dropped the same way.
B. Header: first record among the first 30 with a cell that (stripped,
   lower-cased) starts with "name" or equals "supplier name" or
   "* supplier final".  supplier = that cell; date = first cell whose
   lower-case contains "date"; amount = first cell whose lower-case contains
   "amount" or whose stripped lower-case equals "total"; transaction ref =
   first cell whose stripped lower-case is "hbc ref no", "hbc ref no." or
   "transaction number" (optional).  The Hyndburn files March-25-CSV.csv,
   April-25-CSV.csv and Sept-25-CVS.csv have no header row (their header text
   appears only as the LAST record); for them every record is data and the
   1-based columns are fixed: ref=10, supplier=12, date=15, amount=17.  Any
   other file without a header is reported on stderr and the script exits 2.
   rows_read = records after the header row (all records if headerless).
C. Classification of each record after the header, first match wins
   (missing cell = empty; empty = '' after .strip()):
   1 blank -> skipped; 2 stripped cells == header's stripped cells -> skipped;
   2b in a headerless file, a record passing rule B's header test (its header
     printed below the data) -> skipped;
   3 amount empty -> skipped if supplier and date both empty, else rejected;
   4 amount unparseable -> rejected;
   5 date empty/unparseable and some cell (stripped, lower-cased, trailing ':'
     removed) in {total, totals, grand total, sub total, sub-total, subtotal,
     total spend, total amount} or starting "total for " -> skipped;
   6 supplier and date empty, all other cells but amount empty, and amount ==
     sum of pence of accepted+duplicate records since start of file/sheet or
     the last skipped total (rule 5 or 6) -> skipped;
   7 accepted (or duplicate, rule F).  rows_undated: date empty/unparseable;
     rows_unnamed: supplier empty (both over accepted+duplicate records).
D. Amount text: strip; ',' and ' ' must group three digits (a space only before a
   decimal point), then drop them; negative if wrapped in (...),
   leading '-' or trailing '-'; leading '+' allowed; a leading '£' may come
   before or after the sign / inside the parentheses.  Remainder must match
   ^\\d+(\\.\\d*)?$ or ^\\.\\d+$.  Pence by decimal.Decimal, ROUND_HALF_UP
   (= half away from zero) to 2 dp.  At most one negative marker.  XLSX int/
   float: Decimal(repr(v)) rounded the same way; datetime/bool -> unparseable;
   XLSX text -> text rule.
E. Dates: dd/mm/yyyy, d/m/yyyy, dd/mm/yy (00-68 -> 20yy, 69-99 -> 19yy),
   dd-mm-yyyy, dd.mm.yyyy, dd-Mon-yy, dd-Mon-yyyy, "14 Apr 2023",
   "01 August 2023", yyyy-mm-dd, each optionally followed by " hh:mm" or
   " hh:mm:ss"; integer/decimal text in [10000, 80000] is an Excel serial
   (1899-12-30 + floor(serial) days).  XLSX datetime -> its date; XLSX number
   -> Excel serial.  Must be a real calendar date.
F. Duplicates: key = (ref stripped or '' when there is no ref column, date or
   None, pence, supplier stripped/upper-cased/whitespace-collapsed).  A record
   that would be accepted is a duplicate if the count of that key in EARLIER
   files of the same anchor (a workbook's sheets are one file) (accepted + duplicate) exceeds the number
   already marked duplicate for that key in the current file/sheet.

Invariant asserted per output row:
    rows_read == accepted + duplicate + rejected + skipped.
"""

import csv
import datetime as dt
import io
import os
import re
import sys
from collections import Counter
from decimal import Decimal, ROUND_HALF_UP, InvalidOperation

import openpyxl

HEADERLESS = {
    # file name -> 0-based (ref, supplier, date, amount) column indices
    "March-25-CSV.csv": (9, 11, 14, 16),
    "April-25-CSV.csv": (9, 11, 14, 16),
    "Sept-25-CVS.csv": (9, 11, 14, 16),
}

FIRE = "lancashire_anchor_xlsx/lancashire_fire_fire-2024-25.xlsx"
PCC = "lancashire_anchor_xlsx/lancashire_pcc_pcc-2023-24.xlsx"

COLUMNS = [
    "file", "sheet", "rows_read", "rows_accepted", "rows_duplicate",
    "rows_rejected", "rows_skipped", "rows_undated", "rows_unnamed",
    "pence_accepted", "pence_duplicate",
]

TOTAL_WORDS = {
    "total", "totals", "grand total", "sub total", "sub-total", "subtotal",
    "total spend", "total amount",
}

CENT = Decimal("0.01")


# --------------------------------------------------------------------------
# Cells.  A "cell" is the raw value: str for CSV; str/int/float/datetime/None
# for XLSX.  text() gives the string used for emptiness/equality/keys.
# --------------------------------------------------------------------------

def text(v):
    if v is None:
        return ""
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    return str(v)


def cell(rec, idx):
    if idx is None or idx >= len(rec):
        return None
    return rec[idx]


def empty(v):
    return text(v).strip() == ""


def is_blank(rec):
    return all(empty(v) for v in rec)


# --------------------------------------------------------------------------
# Rule D: amounts
# --------------------------------------------------------------------------

AMOUNT_RE = re.compile(r"^(\d+(\.\d*)?|\.\d+)$", re.ASCII)


def to_pence(d):
    q = d.quantize(CENT, rounding=ROUND_HALF_UP)
    return int(q * 100)


GROUPED_RE = re.compile(r"^[^0-9]*\d{1,3}([, ]\d{3})*(\.\d*)?[^0-9]*$")


def parse_amount_text(s):
    s = s.strip()
    # Thousands separators must group three digits ("12,50" is a decimal comma and is
    # refused); a space groups only before a decimal point ("100 200" is two numbers).
    if ("," in s or " " in s.strip("£() -+")) and not GROUPED_RE.match(s):
        return None
    if re.search(r"\d \d{3}$", s.rstrip(")-")):
        return None
    s = s.replace(",", "").replace(" ", "")
    neg_markers = 0
    if len(s) >= 2 and s.startswith("(") and s.endswith(")"):
        neg_markers += 1
        s = s[1:-1]
    pound_seen = False
    if s.startswith("£"):
        s = s[1:]
        pound_seen = True
    if s[:1] in ("-", "+"):
        if s[0] == "-":
            neg_markers += 1
        s = s[1:]
        if not pound_seen and s.startswith("£"):
            s = s[1:]
    if s.endswith("-"):
        neg_markers += 1
        s = s[:-1]
    if neg_markers > 1 or not AMOUNT_RE.match(s):
        return None
    try:
        pence = to_pence(Decimal(s))
    except InvalidOperation:
        return None
    return -pence if neg_markers else pence


def parse_amount(v):
    if isinstance(v, bool) or isinstance(v, (dt.datetime, dt.date, dt.time)):
        return None
    if isinstance(v, (int, float)):
        return to_pence(Decimal(repr(v)))
    if isinstance(v, str):
        return parse_amount_text(v)
    return None


# --------------------------------------------------------------------------
# Rule E: dates
# --------------------------------------------------------------------------

MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun",
         "jul", "aug", "sep", "oct", "nov", "dec"])
}
FULL_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ["january", "february", "march", "april", "may", "june", "july",
         "august", "september", "october", "november", "december"])
}
TIME = r"(?: \d{1,2}:\d{2}(?::\d{2})?)?"
RE_SLASH = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})" + TIME + "$", re.ASCII)
RE_DASH = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})" + TIME + "$", re.ASCII)
RE_DOT = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})" + TIME + "$", re.ASCII)
RE_DMON = re.compile(r"^(\d{1,2})-([A-Za-z]{3})-(\d{4}|\d{2})" + TIME + "$", re.ASCII)
RE_DMONTH = re.compile(r"^(\d{1,2}) ([A-Za-z]+) (\d{4})" + TIME + "$", re.ASCII)
RE_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})" + TIME + "$", re.ASCII)
RE_SERIAL = re.compile(r"^\d+(\.\d+)?$", re.ASCII)
EXCEL_EPOCH = dt.date(1899, 12, 30)


def year2(y):
    if len(y) == 2:
        n = int(y)
        return 2000 + n if n <= 68 else 1900 + n
    return int(y)


def mkdate(y, m, d):
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def from_serial(x):
    # x: Decimal or float/int.  Plain numbers (text, or XLSX numbers that are not
    # date-formatted) count as dates only in 10000..80000 (1927-2119), so that
    # amounts such as 7.25 are never taken for dates.
    if x < 10000 or x > 80000:
        return None
    return EXCEL_EPOCH + dt.timedelta(days=int(x))  # int() floors (x >= 1)


def parse_date_text(s):
    s = s.strip()
    m = RE_SLASH.match(s)
    if m:
        return mkdate(year2(m.group(3)), int(m.group(2)), int(m.group(1)))
    for rx in (RE_DASH, RE_DOT):
        m = rx.match(s)
        if m:
            return mkdate(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    m = RE_DMON.match(s)
    if m:
        mon = MONTHS.get(m.group(2).lower())
        return mkdate(year2(m.group(3)), mon, int(m.group(1))) if mon else None
    m = RE_DMONTH.match(s)
    if m:
        name = m.group(2).lower()
        mon = MONTHS.get(name) if len(name) == 3 else FULL_MONTHS.get(name)
        return mkdate(int(m.group(3)), mon, int(m.group(1))) if mon else None
    m = RE_ISO.match(s)
    if m:
        return mkdate(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if RE_SERIAL.match(s):
        return from_serial(Decimal(s))
    return None


def parse_date(v):
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if isinstance(v, (int, float)):
        return from_serial(v)
    if isinstance(v, str):
        return parse_date_text(v)
    return None


# --------------------------------------------------------------------------
# Rule B: header
# --------------------------------------------------------------------------

def is_supplier_header(v):
    s = text(v).strip().lower()
    return s.startswith("name") or s in ("supplier name", "* supplier final")


def find_header(records):
    """Return (header_index, (ref, supplier, date, amount)) or None."""
    for i, rec in enumerate(records[:30]):
        sup = next((j for j, v in enumerate(rec) if is_supplier_header(v)), None)
        if sup is None:
            continue
        low = [text(v).lower() for v in rec]
        date = next((j for j, s in enumerate(low) if "date" in s), None)
        amount = next((j for j, s in enumerate(low)
                       if "amount" in s or s.strip() == "total"), None)
        ref = next((j for j, s in enumerate(low)
                    if s.strip() in ("hbc ref no", "hbc ref no.",
                                     "transaction number")), None)
        return i, (ref, sup, date, amount)
    return None


# --------------------------------------------------------------------------
# Rules C and F: one file / sheet
# --------------------------------------------------------------------------

def norm_supplier(v):
    return " ".join(text(v).strip().upper().split())


def is_total_label(v):
    s = text(v).strip().lower()
    if s.endswith(":"):
        s = s.rstrip(":")
    return s in TOTAL_WORDS or s.startswith("total for ")


class Problem(Exception):
    pass


def process(label, records, fixed_cols, prior, detail):
    """records: list of (row_number, [cells]) with trailing blanks removed.
    prior: Counter of keys in earlier FILES of the anchor (a workbook's sheets are one file) (not mutated
    here).  Returns (stats dict, Counter of keys accepted+duplicate here)."""
    if fixed_cols is not None:
        header = None
        cols = fixed_cols
        data = records
    else:
        found = find_header([r for _, r in records])
        if found is None:
            raise Problem(f"{label}: no header row in the first 30 records")
        hi, cols = found
        header = [text(v).strip() for v in records[hi][1]]
        data = records[hi + 1:]
    ref_i, sup_i, date_i, amt_i = cols
    if amt_i is None:
        raise Problem(f"{label}: header has no amount column: {header}")
    if date_i is None:
        print(f"note: {label}: header has no date column", file=sys.stderr)

    st = dict(rows_read=len(data), rows_accepted=0, rows_duplicate=0,
              rows_rejected=0, rows_skipped=0, rows_undated=0, rows_unnamed=0,
              pence_accepted=0, pence_duplicate=0)
    here = Counter()
    dup_marked = Counter()
    running = 0
    for rowno, rec in data:
        if is_blank(rec):
            st["rows_skipped"] += 1
            detail.append((label, rowno, "skipped:blank", rec))
            continue
        if header is not None and [text(v).strip() for v in rec] == header:
            st["rows_skipped"] += 1
            detail.append((label, rowno, "skipped:repeated-header", rec))
            continue
        if header is None and any(is_supplier_header(v) for v in rec):
            # A headerless file's header printed below the data (rule C.2b).
            st["rows_skipped"] += 1
            detail.append((label, rowno, "skipped:header-in-data", rec))
            continue
        amt_v = cell(rec, amt_i)
        sup_v = cell(rec, sup_i)
        date_v = cell(rec, date_i)
        if empty(amt_v):
            if empty(sup_v) and empty(date_v):
                st["rows_skipped"] += 1
                detail.append((label, rowno, "skipped:junk", rec))
            else:
                st["rows_rejected"] += 1
                detail.append((label, rowno, "rejected:empty-amount", rec))
            continue
        pence = parse_amount(amt_v)
        if pence is None:
            st["rows_rejected"] += 1
            detail.append((label, rowno, "rejected:bad-amount", rec))
            continue
        date = None if empty(date_v) else parse_date(date_v)
        if date is None and any(is_total_label(v) for v in rec):
            st["rows_skipped"] += 1
            running = 0
            detail.append((label, rowno, "skipped:total-footer", rec))
            continue
        if (empty(sup_v) and empty(date_v)
                and all(empty(v) for j, v in enumerate(rec) if j != amt_i)
                and pence == running):
            st["rows_skipped"] += 1
            running = 0
            detail.append((label, rowno, "skipped:unlabelled-total", rec))
            continue
        ref = text(cell(rec, ref_i)).strip() if ref_i is not None else ""
        key = (ref, date, pence, norm_supplier(sup_v))
        if prior[key] > dup_marked[key]:
            dup_marked[key] += 1
            st["rows_duplicate"] += 1
            st["pence_duplicate"] += pence
            detail.append((label, rowno, "duplicate", rec))
        else:
            st["rows_accepted"] += 1
            st["pence_accepted"] += pence
        here[key] += 1
        running += pence
        if date is None:
            st["rows_undated"] += 1
            detail.append((label, rowno, "undated", rec))
        if empty(sup_v):
            st["rows_unnamed"] += 1
            detail.append((label, rowno, "unnamed", rec))
    total = (st["rows_accepted"] + st["rows_duplicate"] + st["rows_rejected"]
             + st["rows_skipped"])
    assert st["rows_read"] == total, (label, st)
    return st, here


# --------------------------------------------------------------------------
# Readers
# --------------------------------------------------------------------------

def decode(raw):
    try:
        t = raw.decode("utf-8")
        return t[1:] if t.startswith("\ufeff") else t
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def drop_trailing_blank(records):
    while records and is_blank(records[-1][1]):
        records.pop()
    return records


def read_csv(path):
    with open(path, "rb") as fh:
        t = decode(fh.read())
    recs = [(i, r) for i, r in
            enumerate(csv.reader(io.StringIO(t, newline="")), start=1)]
    return drop_trailing_blank(recs)


def read_xlsx(path):
    wb = openpyxl.load_workbook(path, data_only=True)
    out = []
    for ws in wb.worksheets:
        recs = [(i, list(r)) for i, r in
                enumerate(ws.iter_rows(min_row=1, values_only=True), start=1)]
        out.append((ws.title, drop_trailing_blank(recs)))
    return out


def main(argv):
    if len(argv) > 1:
        root = argv[1]
    else:
        repo = os.path.dirname(os.path.dirname(os.path.dirname(
            os.path.abspath(__file__))))
        root = os.path.normpath(os.path.join(repo, "..", "shared", "data",
                                             "real", "ledgers"))
    detail_path = os.environ.get("DETAIL")  # optional per-row trace (TSV)
    detail = []
    rows = []
    problems = []

    # Anchor 1: Hyndburn CSVs.
    hdir = os.path.join(root, "hyndburn")
    names = sorted((n for n in os.listdir(hdir) if n.endswith(".csv")),
                   key=lambda n: n.encode("utf-8"))
    prior = Counter()
    for name in names:
        label = f"hyndburn/{name}"
        try:
            st, here = process(label, read_csv(os.path.join(hdir, name)),
                               HEADERLESS.get(name), prior, detail)
        except Problem as e:
            problems.append(str(e))
            continue
        prior.update(here)
        rows.append((label, "", st))

    # Anchors 2 and 3: one workbook each, sheets in workbook order.
    for rel in (FIRE, PCC):
        # Sheets of one workbook are one file: they never duplicate each other
        # (rule F), so keys from this workbook join `prior` only after it.
        prior = Counter()
        book_keys = Counter()
        for sheet, recs in read_xlsx(os.path.join(root, rel)):
            label = f"{rel}[{sheet}]"
            try:
                st, here = process(label, recs, None, prior, detail)
            except Problem as e:
                problems.append(str(e))
                continue
            book_keys.update(here)
            rows.append((rel, sheet, st))
        prior.update(book_keys)

    if problems:
        for p in problems:
            print("PROBLEM: " + p, file=sys.stderr)
        return 2

    rows.sort(key=lambda r: r[0].encode("utf-8"))  # stable: keeps sheet order
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(COLUMNS)
    for f, sheet, st in rows:
        w.writerow([f, sheet] + [st[c] for c in COLUMNS[2:]])

    if detail_path:
        with open(detail_path, "w", encoding="utf-8", newline="") as fh:
            dw = csv.writer(fh, delimiter="\t", lineterminator="\n")
            for label, rowno, kind, rec in detail:
                dw.writerow([label, rowno, kind] + [text(v) for v in rec])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
