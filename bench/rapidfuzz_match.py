#!/usr/bin/env python3
"""Baseline supplier matcher: the job done the way a competent Python data engineer would in an
afternoon with rapidfuzz, to compare spendgap's matcher with.

    bench/.venv/bin/python bench/rapidfuzz_match.py OUTDIR [--threads 2] [--match 0.90] [--review 0.80]

Reads OUTDIR/register.csv (Companies House BasicCompanyData) and OUTDIR/ledger.csv
(make_matching.py's), writes OUTDIR/rapidfuzz_matches.csv with spendgap's matches.csv columns:
supplier_name,supplier_id,decision,register,register_id,score,tier,reason.

How it matches:
  1. Set aside payees that are not organisations (Mr/Mrs/Ms/Dr..., REDACTED, Petty Cash,
     Payroll...) with a short regular expression.
  2. Normalise: upper case, & and + to AND, punctuation to spaces, a few common abbreviations
     expanded (LTD->LIMITED etc. are then dropped), a leading THE and trailing legal
     suffixes (LIMITED, LTD, PLC, LLP, CIC, COMMUNITY INTEREST COMPANY...) removed; anything
     after "T/A" / "TRADING AS" dropped.
  3. Exact dictionary lookup of the normalised key against current AND previous names
     (tier exact, score 1.000; two companies on one key -> review).
  4. Otherwise block on the two rarest known tokens of the query (inverted index; tokens
     on more than --max-posting companies are skipped unless nothing else is left) and run
     rapidfuzz.process.extractOne(..., scorer=fuzz.ratio) over those candidates' normalised
     names. matched if score >= --match, review if >= --review, else unmatched (tier fuzzy).
     Scorer and thresholds were tuned on the accuracy set for the best F1 (see --match):
     fuzz.ratio at 0.81 beat token_sort_ratio (0.86) and WRatio (0.91) there.
The queries are split over --threads worker processes (fork; rapidfuzz's extractOne holds
the GIL, so threads would not help). Prints wall time and peak RSS.
"""
import argparse
import csv
import multiprocessing as mp
import os
import re
import resource
import time
from array import array

from rapidfuzz import fuzz, process

SCORERS = {"token_sort_ratio": fuzz.token_sort_ratio, "WRatio": fuzz.WRatio, "ratio": fuzz.ratio,
           "token_set_ratio": fuzz.token_set_ratio}
ABBREV = {"MGT": "MANAGEMENT", "MGMT": "MANAGEMENT", "SVCS": "SERVICES", "SERVS": "SERVICES",
          "INTL": "INTERNATIONAL", "ASSOC": "ASSOCIATION", "ASSN": "ASSOCIATION", "COOP": "COOPERATIVE",
          "BROS": "BROTHERS", "CO": "COMPANY", "HLDGS": "HOLDINGS", "PROPS": "PROPERTIES",
          "TECH": "TECHNOLOGY", "SOC": "SOCIETY", "LTD": "LIMITED"}
SUFFIXES = [("COMMUNITY", "INTEREST", "COMPANY"), ("PUBLIC", "LIMITED", "COMPANY"),
            ("LIMITED", "LIABILITY", "PARTNERSHIP"), ("L", "L", "P"), ("P", "L", "C"), ("C", "I", "C"),
            ("LIMITED",), ("PLC",), ("LLP",), ("CIC",)]
_T = r"(?:MR|MRS|MS|MISS|DR|MX)"
SET_ASIDE = re.compile(
    rf"^{_T}\.?\s+[A-Z]{{1,3}}\.?\s+[A-Z][A-Z'-]+$"                          # MR J SMITH
    rf"|^(?!.*\b(?:LTD|LIMITED|PLC|LLP|CIC)\.?$){_T}\.?\s+[A-Z]+\s+[A-Z][A-Z'-]+$"  # MR JOHN SMITH
    rf"|^(?!.*\b(?:LTD|PLC|LLP|CIC)\.?$)[A-Z][A-Z'-]+,\s*(?:{_T}\.?\s+)?[A-Z]{{1,3}}\.?$"  # SMITH, MR J
    rf"|^[A-Z][A-Z'-]+\s+[A-Z]{{1,3}}\s+\(?{_T}\)?$"                         # SMITH J (MR)
    r"|REDACTED|WITHHELD|PERSONAL DATA|DATA PROTECTION|PETTY CASH|^PAYROLL|IMPREST|RECHARGE"
    r"|PRIVATE INDIVIDUAL|CONFIDENTIAL|FOSTER CARER|HMRC PAYE|SALARY SACRIFICE|STAFF EXPENSES|JOURNAL")
_NONALNUM = re.compile(r"[^A-Z0-9 ]+")
_TA = re.compile(r"\s(?:T/AS?|TA|TRADING AS)\s.*$")


def normalise(name):
    s = name.upper().replace("&AMP;", "&")
    s = _TA.sub("", s)
    s = s.replace("&", " AND ").replace("+", " AND ").replace("CO-OP", "COOP")
    s = _NONALNUM.sub(" ", s.replace("'", "").replace("’", ""))
    t = [ABBREV.get(w, w) for w in s.split()]
    if t and t[0] == "THE":
        t = t[1:]
    stripped = True
    while stripped:
        stripped = False
        for suf in SUFFIXES:
            n = len(suf)
            if len(t) > n and tuple(t[-n:]) == suf:
                t = t[:-n]
                stripped = True
                break
    return " ".join(t)


# --- shared with the forked workers
G = {}


def load_register(path):
    names, ids, keys = [], [], []
    exact = {}
    index = {}
    with open(path, encoding="utf-8", newline="") as f:
        r = csv.reader(f)
        head = [h.strip() for h in next(r)]
        c_name, c_num = head.index("CompanyName"), head.index("CompanyNumber")
        c_prev = head.index("PreviousName_1.CompanyName")
        for row in r:
            num = row[c_num].strip()
            for nm in (row[c_name], row[c_prev]):
                if not nm:
                    continue
                k = normalise(nm)
                if not k:
                    continue
                i = len(keys)
                keys.append(k)
                ids.append(num)
                names.append(nm)
                e = exact.get(k)
                if e is None:
                    exact[k] = num
                elif e != num:
                    exact[k] = ""   # more than one company on this key
                for tok in set(k.split()):
                    p = index.get(tok)
                    if p is None:
                        index[tok] = p = array("i")
                    p.append(i)
    return names, ids, keys, exact, index


def match_one(name):
    names, ids, keys, exact, index = G["reg"]
    a = G["args"]
    scorer = SCORERS[a.scorer]
    if SET_ASIDE.search(name.upper()):
        return [name, "", "set_aside", "", "", "", "", "not an organisation (rule)"]
    q = normalise(name)
    if not q:
        return [name, "", "unmatched", "companies_house", "", "0.000", "fuzzy", "empty after normalising"]
    hit = exact.get(q)
    if hit:
        return [name, "", "matched", "companies_house", hit, "1.000", "exact", "normalised name equal"]
    if hit == "":
        return [name, "", "review", "companies_house", "", "1.000", "exact", "normalised name shared by several companies"]
    toks = sorted({t for t in q.split() if t in index}, key=lambda t: len(index[t]))
    rare = [t for t in toks if len(index[t]) <= a.max_posting][:2] or toks[:1]
    cands = set()
    for t in rare:
        cands.update(index[t])
    if not cands:
        return [name, "", "unmatched", "companies_house", "", "0.000", "fuzzy", "no candidate shares a word"]
    cands = list(cands)
    best = process.extractOne(q, [keys[i] for i in cands], scorer=scorer, processor=None)
    _, score, pos = best
    i = cands[pos]
    s = score / 100.0
    reason = f"{a.scorer} {score:.1f} vs {names[i]!r} ({len(cands)} candidates)"
    if s >= a.match:
        return [name, "", "matched", "companies_house", ids[i], f"{s:.3f}", "fuzzy", reason]
    if s >= a.review:
        return [name, "", "review", "companies_house", ids[i], f"{s:.3f}", "fuzzy", reason]
    return [name, "", "unmatched", "companies_house", "", f"{s:.3f}", "fuzzy", reason]


def match_chunk(chunk):
    return [match_one(n) for n in chunk]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("outdir")
    ap.add_argument("--threads", type=int, default=2, help="worker processes (default 2)")
    # Defaults tuned on bench-data/matching/accuracy for the best F1 of automatic matches
    # (score_matches.py --sweep over runs with --match 0 --review 0): ratio 0.81 F1 0.864,
    # WRatio 0.91 F1 0.859, token_sort_ratio 0.86 F1 0.849. Review band: 0.10 below --match.
    ap.add_argument("--match", type=float, default=0.81, help="auto-match threshold, 0..1 (default 0.81)")
    ap.add_argument("--review", type=float, default=0.71, help="review threshold, 0..1 (default 0.71)")
    ap.add_argument("--scorer", choices=sorted(SCORERS), default="ratio")
    ap.add_argument("--max-posting", type=int, default=20000,
                    help="block only on words found in at most this many register names")
    ap.add_argument("--out", help="output file (default OUTDIR/rapidfuzz_matches.csv)")
    a = ap.parse_args()
    t0 = time.perf_counter()
    G["reg"] = load_register(os.path.join(a.outdir, "register.csv"))
    G["args"] = a
    t1 = time.perf_counter()
    with open(os.path.join(a.outdir, "ledger.csv"), encoding="utf-8", newline="") as f:
        r = csv.DictReader(f)
        seen, queries = set(), []
        for row in r:
            n = (row.get("Supplier Name") or "").strip()
            if n and n not in seen:
                seen.add(n)
                queries.append(n)
    if a.threads > 1:
        size = max(1, len(queries) // (a.threads * 8))
        chunks = [queries[i:i + size] for i in range(0, len(queries), size)]
        with mp.get_context("fork").Pool(a.threads) as pool:
            out = [row for part in pool.map(match_chunk, chunks) for row in part]
    else:
        out = match_chunk(queries)
    t2 = time.perf_counter()
    path = a.out or os.path.join(a.outdir, "rapidfuzz_matches.csv")
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["supplier_name", "supplier_id", "decision", "register", "register_id", "score", "tier", "reason"])
        w.writerows(out)
    t3 = time.perf_counter()
    counts = {}
    for row in out:
        counts[row[2]] = counts.get(row[2], 0) + 1
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"register: {len(G['reg'][0]):,} names (current + previous) indexed in {t1 - t0:.1f}s; "
          f"{len(queries):,} suppliers matched in {t2 - t1:.1f}s with {a.threads} worker(s); "
          f"total wall {t3 - t0:.1f}s")
    print("decisions: " + ", ".join(f"{k} {v:,}" for k, v in sorted(counts.items())))
    print(f"peak RSS: main process {me / 1024:.0f} MiB, largest worker {kids / 1024:.0f} MiB")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
