#!/usr/bin/env python3
"""Candidate finder for the hand-labelled matching set (real_labelled.csv).

This script is only an aid. It suggests pairs (ledger supplier name, Co-ops UK
organisation). Each label was then decided by hand, one name at a time, with
the ledger lines as evidence (see README.md). The labels in real_labelled.csv
are the oracle; this script is not. It uses only the Python
standard library and shares no code with the Rust crate.

Usage (from the repo root, /work/main):

    python3 tests/expectations/matching/find_candidates.py            # candidate pairs
    python3 tests/expectations/matching/find_candidates.py --names    # every distinct ledger name
    python3 tests/expectations/matching/find_candidates.py --decoys   # best look-alike per name
    python3 tests/expectations/matching/find_candidates.py --check real_labelled.csv

If the data is somewhere else, set SPENDGAP_REAL_DATA. It defaults to
../shared/data/real, resolved against the repo root.

Inputs (read in place, never copied):
  ledgers/hyndburn/*.csv   107 monthly CSVs. Each file is decoded as UTF-8 if
                           valid (a BOM is stripped), otherwise as cp1252.
                           csv.reader runs with newline='', so CR-only files
                           work. The header row is the first record among the
                           first 30 that has a cell equal to "Name" or "Name:"
                           (after stripping and case-folding). Three files
                           (March-25, April-25, Sept-25) have no header at the
                           top; their header record is the LAST record. For
                           those, the payee column is where that trailing
                           record has "Name:", which is 0-based index 11.
  ledgers/lancashire_anchor_xlsx/*.xlsx
                           Read with zipfile + xml.etree (no openpyxl). The
                           payee column is "Supplier Name" (Fire) or
                           "* SUPPLIER FINAL" (PCC, every sheet).
  coops/coopsuk_open_data_organisations_2017-06.csv
                           The register: Registered Name and Trading Name.

Output of the default mode is TSV, one candidate pair per line:
    tier  score  ratio  ledger_name  CUK_id  registered_name  trading_name  postcode  status
tier is one of:
    EXACT  the core keys are equal, for the registered or the trading name
    HIGH   IDF-weighted Jaccard >= 0.6, or difflib ratio >= 0.9
    MID    weighted Jaccard >= 0.4, or weighted containment >= 0.8 with at
           least 2 shared rare tokens, or difflib ratio >= 0.8
    CONTAINED  at least two thirds (and at least 2) of the register name's
           tokens appear in the ledger name
    ACRONYM  a ledger token of 3-5 letters that is not itself a word of any
           register name equals the initials of a 3-6 word register name
           ("RBL" -> "Royal British Legion")
At most 8 pairs per ledger name are printed, best weighted Jaccard first
(ACRONYM pairs have score 0 and come last).
Core key: case-fold; '&' -> 'and'; every co-op/cooperative spelling -> 'coop';
punctuation dropped; the tokens {the, limited, ltd, plc, llp, cic, cio, inc,
and, of, t/a} dropped.

"Rare" token: IDF >= 7.0 over register variants + ledger names together (the
token occurs in at most ~0.1% of those strings).

--decoys prints, for every ledger name, the best register entry (by weighted
Jaccard) that shares at least one rare token. It was the starting pool for the
`none` rows.
"""

import csv
import difflib
import glob
import io
import math
import os
import re
import sys
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
DATA = os.environ.get("SPENDGAP_REAL_DATA",
                      os.path.abspath(os.path.join(REPO, "..", "shared", "data", "real")))
HYN = os.path.join(DATA, "ledgers", "hyndburn")
XLSX = os.path.join(DATA, "ledgers", "lancashire_anchor_xlsx")
COOPS = os.path.join(DATA, "coops", "coopsuk_open_data_organisations_2017-06.csv")

# ---------------------------------------------------------------- ledgers


def decode(b):
    try:
        t = b.decode("utf-8")
        return t[1:] if t.startswith("\ufeff") else t
    except UnicodeDecodeError:
        return b.decode("cp1252", errors="replace")


def _is_name_cell(v):
    return isinstance(v, str) and v.strip().lower() in ("name", "name:")


def hyndburn_names():
    """name -> Counter(file -> rows)"""
    out = defaultdict(Counter)
    for p in sorted(glob.glob(os.path.join(HYN, "*.csv"))):
        fn = os.path.basename(p)
        rs = list(csv.reader(io.StringIO(decode(open(p, "rb").read()), newline="")))
        hi = next((i for i, r in enumerate(rs[:30]) if any(_is_name_cell(c) for c in r)), None)
        if hi is None:
            hdr = next(r for r in reversed(rs) if any(_is_name_cell(c) for c in r))
            data = rs
        else:
            hdr = rs[hi]
            data = rs[hi + 1:]
        col = next(j for j, c in enumerate(hdr) if _is_name_cell(c))
        for r in data:
            if any(_is_name_cell(c) for c in r):
                continue  # header repeated (or printed last)
            if col < len(r) and r[col].strip():
                out[r[col].strip()]["hyndburn/" + fn] += 1
    return out


_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RNS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def _col(ref):
    s = 0
    for ch in re.match(r"[A-Z]+", ref).group(0):
        s = s * 26 + ord(ch) - 64
    return s - 1


def read_xlsx(path):
    z = zipfile.ZipFile(path)
    ss = []
    if "xl/sharedStrings.xml" in z.namelist():
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall(_NS + "si"):
            ss.append("".join(t.text or "" for t in si.iter(_NS + "t")))
    rels = {r.get("Id"): r.get("Target")
            for r in ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))}
    for s in ET.fromstring(z.read("xl/workbook.xml")).find(_NS + "sheets"):
        t = rels[s.get(_RNS + "id")].lstrip("/")
        if not t.startswith("xl/"):
            t = "xl/" + t
        rows = []
        for row in ET.fromstring(z.read(t)).iter(_NS + "row"):
            cells = {}
            for c in row.findall(_NS + "c"):
                typ, v = c.get("t"), c.find(_NS + "v")
                if typ == "s" and v is not None:
                    val = ss[int(v.text)]
                elif typ == "inlineStr":
                    val = "".join(x.text or "" for x in c.iter(_NS + "t"))
                elif typ == "str" and v is not None:
                    val = v.text or ""
                else:
                    val = None  # numbers / empty: not a payee name
                cells[_col(c.get("r"))] = val
            rows.append([cells.get(i) for i in range(max(cells) + 1)] if cells else [])
        yield s.get("name"), rows


def xlsx_names():
    out = defaultdict(Counter)
    for fn, head in (("lancashire_fire_fire-2024-25.xlsx", "supplier name"),
                     ("lancashire_pcc_pcc-2023-24.xlsx", "* supplier final")):
        path = os.path.join(XLSX, fn)
        if not os.path.exists(path):
            continue
        for sheet, rows in read_xlsx(path):
            pos = next(((i, j) for i, r in enumerate(rows[:30]) for j, v in enumerate(r)
                        if isinstance(v, str) and v.strip().lower() == head), None)
            if pos is None:
                continue
            for r in rows[pos[0] + 1:]:
                v = r[pos[1]] if pos[1] < len(r) else None
                if isinstance(v, str) and v.strip():
                    out[v.strip()]["lancashire_anchor_xlsx/" + fn] += 1
    return out


def ledger_names():
    out = hyndburn_names()
    for k, v in xlsx_names().items():
        out[k].update(v)
    return out

# ---------------------------------------------------------------- register


def coops():
    with open(COOPS, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))

# ---------------------------------------------------------------- normalising


RARE_IDF = 7.0

DROP = {"the", "limited", "ltd", "plc", "llp", "cic", "cio", "inc", "and", "of", "t", "a"}
COOP_RE = re.compile(r"\bco[\s\-]?op(erative)?s?\b|\bcooperatives?\b", re.I)


def tokens(s):
    s = s.casefold().replace("&", " and ")
    s = COOP_RE.sub(" coop ", s)
    s = s.replace("'", "").replace("\u2019", "")
    s = re.sub(r"[^0-9a-z]+", " ", s)
    return [t for t in s.split() if t not in DROP]


def core(s):
    return " ".join(tokens(s))


class Index:
    def __init__(self, regs, names):
        self.regs = regs
        self.variants = []  # (reg_index, kind, tokens, core)
        for i, r in enumerate(regs):
            seen = set()
            for kind in ("Registered Name", "Trading Name"):
                c = core(r[kind])
                if c and c not in seen:
                    seen.add(c)
                    self.variants.append((i, kind, set(c.split()), c))
        df = Counter()
        for _, _, ts, _ in self.variants:
            df.update(ts)
        for n in names:
            df.update(set(tokens(n)))
        total = len(self.variants) + len(names)
        self.idf = {t: math.log(total / d) for t, d in df.items()}
        # "rare" token: idf >= RARE_IDF, i.e. it occurs in at most ~0.1% of all
        # the strings (register variants + ledger names), about 17 of ~19,000
        self.post = defaultdict(list)
        for k, (_, _, ts, _) in enumerate(self.variants):
            for t in ts:
                self.post[t].append(k)
        self.by_core = defaultdict(set)
        for i, _, _, c in self.variants:
            self.by_core[c].add(i)
        # initials of multi-word register names ("royal british legion" -> "rbl"),
        # so that an abbreviation in a ledger name can find its register entry
        self.by_initials = defaultdict(set)
        self.reg_vocab = set()
        for _, _, ts, _ in self.variants:
            self.reg_vocab.update(ts)
        for i, _, _, c in self.variants:
            words = [w for w in c.split() if not w.isdigit()]
            if 3 <= len(words) <= 6:
                self.by_initials["".join(w[0] for w in words)].add(i)

    def w(self, ts):
        return sum(self.idf.get(t, 10.0) for t in ts)

    def scored(self, name):
        ts = set(tokens(name))
        c = " ".join(tokens(name))
        cands = set()
        for t in ts:
            if self.idf.get(t, 10.0) > 2.0:  # skip very common tokens for blocking
                cands.update(self.post.get(t, ()))
        best = {}
        for k in cands:
            i, kind, vts, vc = self.variants[k]
            inter = ts & vts
            if not inter:
                continue
            wj = self.w(inter) / self.w(ts | vts)
            cont = self.w(inter) / min(self.w(ts) or 1, self.w(vts) or 1)
            ratio = difflib.SequenceMatcher(None, c, vc).ratio()
            informative = sum(1 for t in inter if self.idf.get(t, 10.0) >= RARE_IDF)
            rec = (wj, cont, ratio, informative, kind, inter, len(vts))
            if i not in best or rec[:3] > best[i][:3]:
                best[i] = rec
        return c, best


def tier_of(name_core, ix, i, rec):
    wj, cont, ratio, informative, kind, inter, vlen = rec
    if name_core and i in ix.by_core.get(name_core, ()):
        return "EXACT"
    if wj >= 0.6 or ratio >= 0.9:
        return "HIGH"
    if wj >= 0.4 or (cont >= 0.8 and informative >= 2) or ratio >= 0.8:
        return "MID"
    # register name (>= 2 tokens) mostly contained in the ledger name,
    # e.g. "royal british legion" inside "the royal british legion poppy appeal"
    if vlen >= 2 and len(inter) >= 2 and len(inter) * 3 >= vlen * 2:
        return "CONTAINED"
    return None


def main(argv):
    names = ledger_names()
    if "--names" in argv:
        w = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
        for n in sorted(names):
            w.writerow([n, sum(names[n].values()), ";".join(sorted(names[n]))])
        return 0
    regs = coops()
    ix = Index(regs, list(names))
    w = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
    if "--check" in argv:
        path = argv[argv.index("--check") + 1]
        ids = {r["CUK Organisation ID"] for r in regs}
        bad = 0
        with open(path, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                if row["supplier_name"] not in names:
                    print("not a ledger name:", row["supplier_name"]); bad += 1
                for rid in filter(None, row["register_id"].split("|")):
                    if rid not in ids:
                        print("unknown id:", rid); bad += 1
        print("problems:", bad)
        return 1 if bad else 0
    decoys = "--decoys" in argv
    w.writerow(["tier", "score", "ratio", "ledger_name", "cuk_id", "registered_name",
                "trading_name", "postcode", "status"])
    for n in sorted(names):
        c, best = ix.scored(n)
        rows = []
        for i, rec in best.items():
            if decoys:
                if rec[3] >= 1:
                    rows.append(("DECOY", i, rec))
            else:
                t = tier_of(c, ix, i, rec)
                if t:
                    rows.append((t, i, rec))
        if not decoys:
            got = {i for _, i, _ in rows}
            for t in set(tokens(n)):
                # only short tokens that are not themselves register words,
                # otherwise "care", "gas", "mrs" ... would fire everywhere
                if 3 <= len(t) <= 5 and t.isalpha() and t not in ix.reg_vocab:
                    for i in ix.by_initials.get(t, ()):
                        if i not in got:
                            rows.append(("ACRONYM", i, (0.0, 0.0, 0.0, 0, "", {t}, 0)))
                            got.add(i)
        rows.sort(key=lambda x: (-x[2][0], -x[2][2]))
        if decoys:
            rows = rows[:1]
        for t, i, rec in rows[:8]:
            r = regs[i]
            w.writerow([t, "%.3f" % rec[0], "%.3f" % rec[2], n, r["CUK Organisation ID"],
                        r["Registered Name"], r["Trading Name"], r["Registered Postcode"],
                        r["Registered Status"]])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
