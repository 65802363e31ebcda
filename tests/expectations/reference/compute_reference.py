#!/usr/bin/env python3
"""Independent oracle for spendgap's reference data: IMD 2019, NSPL and Co-ops UK.

This script works out from scratch the figures that spendgap's Rust tests compare
against when spendgap loads the official reference files. It shares NO code with the
Rust crate. It uses only the Python 3 standard library (csv, gzip, json, re).

Usage (run from the repo root, /work/main):

    python3 tests/expectations/reference/compute_reference.py ../shared/data/real \
        --out tests/expectations/reference > tests/expectations/reference/report.txt

argv[1] is the "real data" directory. It must hold geo/ and coops/ (see PROVENANCE.md
in each). If you leave it out, it defaults to ../shared/data/real, taken relative to the
repo root (three levels above this file). With `--out DIR`, every fixture below is
written into DIR. Without it, nothing is written. In both cases a short plain-text
report (totals and surprises) goes to stdout.

Fixtures
--------
imd2019_file1_summary.json        File 1 totals, deciles, sample LSOAs, Oxfordshire LADs
nspl_summary.csv                  one row per NSPL area file plus a TOTAL row
nspl_imd_mismatches.csv           English NSPL rows whose imd != File 1 rank (header only if none)
coops2017_by_ownership.csv        value,count of `Ownership Classification`
coops2017_by_legal_form.csv       value,count of `Legal Form`
coops2017_by_registered_status.csv value,count of `Registered Status`
coops2017_postcodes.csv           one row per 2017 organisation (postcode class + NSPL join)
coops2017_summary.json            encoding, header, class counts, NSPL coverage
coops2023_standard_summary.json   2023 "standard" file: rows, header, value counts
coops2016_economy_summary.json    2016 economy table: 2017 organisations with staff/turnover

Rules
-----
R1  Decoding. Every CSV is decoded as strict UTF-8. A leading BOM (U+FEFF) is removed
    and recorded. Records come from csv.reader(..., newline=''), so quoted fields may
    hold embedded LF or CRLF. The script records whether each coops file is valid UTF-8,
    whether it has a BOM, its line endings, and every non-ASCII character in it. If a
    file were not valid UTF-8, it would be decoded as Windows-1252 and that would be
    reported. In fact both coops files are valid UTF-8. They hold a few U+FFFD
    REPLACEMENT CHARACTERs (bytes EF BF BD), left by an earlier lossy conversion:
    "Caf\\ufffd" for "Café", and "EH10\\ufffd7DX" where the character was probably a
    non-breaking space.

R2  IMD 2019 File 1. Rank = the rank cell with whitespace and ',' removed, as an int
    ("29,199" -> 29199). Decile = int. Columns are looked up by exact header name.
    Checks recorded: whether the ranks are exactly 1..N. They are NOT: File 1 has 26
    pairs of tied ranks (LSOAs with equal IMD scores share the lower rank, as in
    "competition" ranking), so 26 ranks are missing and there are 32,818 distinct ranks.
    These are listed in tied_ranks and ranks_missing. The script also checks that each
    decile follows the official rule: decile d holds ranks in ((d-1)*N/10, d*N/10],
    i.e. d = ceil(10*rank/N). rank_sum is the plain sum of all ranks (a checksum; with
    no ties it would be N(N+1)/2 = 539,380,590).
    Sample LSOAs are chosen by a fixed rule. For each odd decile (1,3,5,7,9), take the
    Oxford (LAD E07000178) LSOA with the smallest LSOA code in that decile. For each
    even decile (2,4,...,10), take the non-Oxford LSOA with the smallest code. If the
    wanted group is empty, take the smallest code in the decile. Then add the rank-1
    LSOA, the rank-N LSOA, E01000001, and both LSOAs of the lowest tied rank. The list
    is ordered by LSOA code. As a cross-check, geo/lewisham_lbl_imd_2019_lsoa11.csv
    (169 LSOAs, plain integer ranks) is compared with File 1 on rank and decile.
    Oxfordshire = LADs E07000177..E07000181 (Cherwell, Oxford, South Oxfordshire, Vale
    of White Horse, West Oxfordshire).

R3  NSPL. Files are geo/nspl_nov2021_partial/NSPL_NOV_2021_UK_<AREA>.csv.gz. Per file:
    rows = data records; live = doterm == "" (after strip); terminated = doterm != "".
    english_lsoa = lsoa11 starts with "E01". For English rows, imd (an int) is compared
    with File 1's rank for that lsoa11: english_imd_match, english_imd_mismatch (with
    up to 3 examples), english_lsoa_not_in_file1. "has imd" means imd is non-empty and
    not "0": NSPL uses 0 for rows with no LSOA and for the pseudo LSOAs L99999999
    (Channel Islands) and M99999999 (Isle of Man). imd_not_in_file1 = rows with an imd
    whose lsoa11 is not in File 1 (Scottish S01 and Welsh W01 ranks, each within their
    own country). imd_zero = rows with imd "0". Also: scottish_lsoa (S01), welsh_lsoa
    (W01), pseudo_or_empty_lsoa (anything else). A last row, area=TOTAL, sums every
    column. The pcds values are checked for uniqueness across all files.

R4  Co-ops 2017 value counts. The values are the cells of `Ownership Classification`,
    `Legal Form` and `Registered Status`, with surrounding whitespace removed (str.strip)
    and nothing else changed. An empty cell is shown as an empty value. Output rows are
    sorted by value in code-point order, which is the same as UTF-8 byte order.

R5  Postcode class (co-ops 2017, `Registered Postcode`). Let s = raw.strip().upper(),
    collapsed = the whitespace runs in s joined by one space (" ".join(s.split())), and
    compact = s with all whitespace removed. Python's str.split() treats U+00A0 as
    whitespace; it does not treat U+FFFD as whitespace. Let
        OUT = [A-Z]{1,2}[0-9][A-Z0-9]?   (A9 A99 AA9 AA99 A9A AA9A)
        IN  = [0-9][A-Z]{2}
    The first rule that matches wins:
      empty             s == ""
      valid             compact matches ^(OUT)(IN)$ . The canonical form is "OUT IN".
                        So a missing space is fine ("SE11HL" -> "SE1 1HL").
      partial           collapsed matches ^[A-Z]{1,2}$ (area), ^OUT$ (district) or
                        ^OUT [0-9]$ (sector). Examples: "BT34", "OX2 8".
      repairable_o_zero compact is not valid, but swapping some letter 'O' <-> digit '0'
                        makes it valid. Every subset of the O/0 positions is tried. The
                        variant(s) with the fewest swaps are kept. If more than one
                        remains, they are joined with "|" in `normalised` (this never
                        happens in the 2017 file). Example: "TA7 ONZ" -> "TA7 0NZ".
      malformed         anything else (e.g. "CF45 4Y", "WF4PA", "EH10\\ufffd7DX").
    `normalised` holds the canonical form for valid, the repaired form for
    repairable_o_zero, `collapsed` for partial, and "" otherwise.
    area = the leading letters of the canonical form (valid rows only).
    NSPL join (valid rows only): covered = area is one of the 20 NSPL areas. If covered,
    in_nspl = canonical form equals some NSPL `pcds`. Terminated postcodes count as
    present, and doterm is reported. laua, lsoa11, imd and doterm come from that NSPL
    row. For uncovered or non-valid rows these columns are empty. Repaired postcodes are
    NOT looked up. They are counted separately in the summary, under
    repairable_covered_found_after_repair.

R6  Co-ops 2023 "standard" file. Same decoding as R1. Value counts use the same rule as
    R4, on the columns `Ownership Classification` and `Legal Form`.

All CSV output is UTF-8 (no BOM), with LF line endings and minimal quoting. JSON is
UTF-8, indent=2, with non-ASCII kept as is and a trailing newline.
"""

import csv
import collections
import glob
import gzip
import io
import json
import math
import os
import re
import sys

NSPL_AREAS_EXPECTED = "DG DT FK GY HG HR HS HX IM JE KW LD PH SM SR TD TF WC WN ZE".split()
OXON = ["E07000177", "E07000178", "E07000179", "E07000180", "E07000181"]
OXFORD = "E07000178"

OUT_RE = r"[A-Z]{1,2}[0-9][A-Z0-9]?"
IN_RE = r"[0-9][A-Z]{2}"
VALID_RE = re.compile(r"^(%s)(%s)$" % (OUT_RE, IN_RE))
AREA_RE = re.compile(r"^[A-Z]{1,2}$")
DISTRICT_RE = re.compile(r"^%s$" % OUT_RE)
SECTOR_RE = re.compile(r"^%s [0-9]$" % OUT_RE)


# ---------------------------------------------------------------- decoding (R1)

def read_bytes(path):
    if path.endswith(".gz"):
        with gzip.open(path, "rb") as fh:
            return fh.read()
    with open(path, "rb") as fh:
        return fh.read()


def decode(raw):
    """Return (text, info) following rule R1."""
    info = {}
    bom = raw.startswith(b"\xef\xbb\xbf")
    info["bom"] = bom
    try:
        text = raw.decode("utf-8")
        info["encoding"] = "utf-8"
    except UnicodeDecodeError as exc:
        text = raw.decode("cp1252", errors="replace")
        info["encoding"] = "windows-1252 (not valid utf-8: %s)" % exc
    if text.startswith("\ufeff"):
        text = text[1:]
    crlf = raw.count(b"\r\n")
    lf_only = raw.count(b"\n") - crlf
    cr_only = len(re.findall(rb"\r(?!\n)", raw))
    info["line_endings"] = {"crlf": crlf, "lf_only": lf_only, "cr_only": cr_only}
    nonascii = collections.Counter(ch for ch in text if ord(ch) > 127)
    info["non_ascii_chars"] = {"U+%04X" % ord(ch): n for ch, n in sorted(nonascii.items())}
    info["replacement_chars_U+FFFD"] = nonascii.get("\ufffd", 0)
    return text, info


def read_csv(path):
    text, info = decode(read_bytes(path))
    records = list(csv.reader(io.StringIO(text, newline="")))
    return records[0], records[1:], info


def dict_rows(header, records):
    out = []
    for rec in records:
        if not rec or all(c.strip() == "" for c in rec):
            continue
        out.append({h: (rec[i] if i < len(rec) else "") for i, h in enumerate(header)})
    return out


def value_counts(rows, col):
    c = collections.Counter(r[col].strip() for r in rows)
    return sorted(c.items(), key=lambda kv: kv[0])


# ---------------------------------------------------------------- IMD (R2)

def load_imd(geo):
    path = os.path.join(geo, "File_1_-_IMD2019_Index_of_Multiple_Deprivation.csv.gz")
    header, records, info = read_csv(path)
    rows = dict_rows(header, records)
    C_CODE, C_NAME = "LSOA code (2011)", "LSOA name (2011)"
    C_LAD, C_LADN = "Local Authority District code (2019)", "Local Authority District name (2019)"
    C_RANK, C_DEC = "Index of Multiple Deprivation (IMD) Rank", "Index of Multiple Deprivation (IMD) Decile"
    lsoas = {}
    for r in rows:
        rank = int(re.sub(r"[\s,]", "", r[C_RANK]))
        dec = int(r[C_DEC].strip())
        code = r[C_CODE].strip()
        assert code not in lsoas, code
        lsoas[code] = {"name": r[C_NAME].strip(), "lad": r[C_LAD].strip(),
                       "lad_name": r[C_LADN].strip(), "rank": rank, "decile": dec}
    n = len(lsoas)
    ranks = [v["rank"] for v in lsoas.values()]
    dec_counts = collections.Counter(v["decile"] for v in lsoas.values())
    dec_rule_bad = [k for k, v in lsoas.items() if v["decile"] != math.ceil(10 * v["rank"] / n)]

    # sample LSOAs
    by_code = sorted(lsoas)
    picks = set()
    for d in range(1, 11):
        in_d = [c for c in by_code if lsoas[c]["decile"] == d]
        want = [c for c in in_d if (lsoas[c]["lad"] == OXFORD) == (d % 2 == 1)]
        picks.add((want or in_d)[0])
    picks.add(min(lsoas, key=lambda c: lsoas[c]["rank"]))
    picks.add(max(lsoas, key=lambda c: lsoas[c]["rank"]))
    if "E01000001" in lsoas:
        picks.add("E01000001")
    rank_groups = collections.defaultdict(list)
    for c in by_code:
        rank_groups[lsoas[c]["rank"]].append(c)
    tied = [{"rank": rk, "lsoas": cs} for rk, cs in sorted(rank_groups.items()) if len(cs) > 1]
    if tied:
        picks.update(tied[0]["lsoas"])
    samples = [{"lsoa11": c, "name": lsoas[c]["name"], "lad": lsoas[c]["lad"],
                "rank": lsoas[c]["rank"], "decile": lsoas[c]["decile"]} for c in sorted(picks)]

    lewisham = None
    lpath = os.path.join(geo, "lewisham_lbl_imd_2019_lsoa11.csv")
    if os.path.exists(lpath):
        lh, lrec, _ = read_csv(lpath)
        lrows = dict_rows(lh, lrec)
        same = sum(1 for r in lrows if r["LSOA11CD"].strip() in lsoas
                   and int(r["IMD_rank"]) == lsoas[r["LSOA11CD"].strip()]["rank"]
                   and int(r["IMD_decile"]) == lsoas[r["LSOA11CD"].strip()]["decile"])
        lewisham = {"file": os.path.basename(lpath), "lsoas": len(lrows), "rank_and_decile_equal": same}

    lad_counts = collections.Counter(v["lad"] for v in lsoas.values())
    lad_names = {v["lad"]: v["lad_name"] for v in lsoas.values()}
    oxon = []
    for lad in OXON:
        ds = collections.Counter(v["decile"] for v in lsoas.values() if v["lad"] == lad)
        oxon.append({"lad": lad, "name": lad_names.get(lad, ""), "lsoas": lad_counts.get(lad, 0),
                     "by_decile": {str(d): ds.get(d, 0) for d in range(1, 11)}})
    summary = {
        "file": os.path.basename(path),
        "encoding": info["encoding"], "bom": info["bom"], "line_endings": info["line_endings"],
        "header": header,
        "lsoas": n,
        "rank_min": min(ranks), "rank_max": max(ranks),
        "rank_sum": sum(ranks),
        "ranks_are_1_to_n": sorted(ranks) == list(range(1, n + 1)),
        "distinct_ranks": len(set(ranks)),
        "tied_ranks": tied,
        "ranks_missing": sorted(set(range(1, n + 1)) - set(ranks)),
        "lewisham_crosscheck": lewisham,
        "ranks_with_thousands_separator": sum(1 for r in rows if "," in r[C_RANK]),
        "decile_counts": {str(d): dec_counts.get(d, 0) for d in range(1, 11)},
        "decile_rule_ceil_10_rank_over_n_mismatches": len(dec_rule_bad),
        "lads": len(lad_counts),
        "oxford_lsoas": lad_counts.get(OXFORD, 0),
        "samples": samples,
        "oxfordshire_lads": oxon,
        "oxfordshire_lsoas_total": sum(lad_counts.get(l, 0) for l in OXON),
    }
    return lsoas, summary


# ---------------------------------------------------------------- NSPL (R3)

NSPL_COLS = ["area", "rows", "live", "terminated", "english_lsoa", "english_imd_match",
             "english_imd_mismatch", "english_lsoa_not_in_file1", "imd_not_in_file1",
             "scottish_lsoa", "welsh_lsoa", "pseudo_or_empty_lsoa", "imd_zero",
             "mismatch_examples"]


def load_nspl(geo, lsoas):
    files = sorted(glob.glob(os.path.join(geo, "nspl_nov2021_partial", "NSPL_NOV_2021_UK_*.csv.gz")))
    index = {}
    dup_pcds = []
    table = []
    mismatches = []
    header0 = None
    for path in files:
        area = re.match(r"NSPL_NOV_2021_UK_([A-Z]+)\.csv\.gz$", os.path.basename(path)).group(1)
        header, records, info = read_csv(path)
        if header0 is None:
            header0 = header
        assert header == header0, path
        rows = dict_rows(header, records)
        c = collections.Counter()
        examples = []
        for r in rows:
            c["rows"] += 1
            doterm = r["doterm"].strip()
            c["live" if doterm == "" else "terminated"] += 1
            lsoa = r["lsoa11"].strip()
            imd = r["imd"].strip()
            has_imd = imd not in ("", "0")
            if imd == "0":
                c["imd_zero"] += 1
            if lsoa.startswith("E01"):
                c["english_lsoa"] += 1
                if lsoa not in lsoas:
                    c["english_lsoa_not_in_file1"] += 1
                elif has_imd and int(imd) == lsoas[lsoa]["rank"]:
                    c["english_imd_match"] += 1
                else:
                    c["english_imd_mismatch"] += 1
                    mismatches.append((area, r["pcds"], lsoa, imd, lsoas[lsoa]["rank"]))
                    if len(examples) < 3:
                        examples.append("%s:%s nspl=%s file1=%d" % (r["pcds"], lsoa, imd, lsoas[lsoa]["rank"]))
            elif lsoa.startswith("S01"):
                c["scottish_lsoa"] += 1
            elif lsoa.startswith("W01"):
                c["welsh_lsoa"] += 1
            else:
                c["pseudo_or_empty_lsoa"] += 1
            if has_imd and lsoa not in lsoas:
                c["imd_not_in_file1"] += 1
            pcds = r["pcds"].strip()
            if pcds in index:
                dup_pcds.append(pcds)
            index[pcds] = {"laua": r["laua"].strip(), "lsoa11": lsoa, "imd": imd, "doterm": doterm}
        row = {"area": area}
        for k in NSPL_COLS[1:-1]:
            row[k] = c.get(k, 0)
        row["mismatch_examples"] = "; ".join(examples)
        table.append(row)
    total = {"area": "TOTAL", "mismatch_examples": ""}
    for k in NSPL_COLS[1:-1]:
        total[k] = sum(r[k] for r in table)
    table.append(total)
    areas = [r["area"] for r in table[:-1]]
    meta = {"header": header0, "areas": areas, "duplicate_pcds": dup_pcds,
            "distinct_pcds": len(index)}
    return index, table, mismatches, meta


# ---------------------------------------------------------------- postcodes (R5)

def classify_postcode(raw):
    s = raw.strip().upper()
    if s == "":
        return "empty", ""
    collapsed = " ".join(s.split())
    compact = "".join(s.split())
    m = VALID_RE.match(compact)
    if m:
        return "valid", m.group(1) + " " + m.group(2)
    if AREA_RE.match(collapsed) or DISTRICT_RE.match(collapsed) or SECTOR_RE.match(collapsed):
        return "partial", collapsed
    pos = [i for i, ch in enumerate(compact) if ch in "O0"]
    if pos and len(pos) <= 12:
        best = None
        found = []
        for mask in range(1, 1 << len(pos)):
            chars = list(compact)
            for j, i in enumerate(pos):
                if mask >> j & 1:
                    chars[i] = "0" if chars[i] == "O" else "O"
            m = VALID_RE.match("".join(chars))
            if m:
                swaps = bin(mask).count("1")
                canon = m.group(1) + " " + m.group(2)
                if best is None or swaps < best:
                    best, found = swaps, [canon]
                elif swaps == best:
                    found.append(canon)
        if found:
            return "repairable_o_zero", "|".join(sorted(set(found)))
    return "malformed", ""


def postcode_area(canon):
    return re.match(r"^[A-Z]+", canon).group(0)


def coops2017(coops, nspl_index, nspl_areas):
    path = os.path.join(coops, "coopsuk_open_data_organisations_2017-06.csv")
    header, records, info = read_csv(path)
    rows = dict_rows(header, records)
    out = []
    cls_counts = collections.Counter()
    cov = collections.Counter()
    examples = collections.defaultdict(list)
    not_found = []
    for r in rows:
        raw = r["Registered Postcode"]
        cls, norm = classify_postcode(raw)
        cls_counts[cls] += 1
        if cls != "valid" and len(examples[cls]) < 100:
            examples[cls].append({"id": r["CUK Organisation ID"], "raw": raw, "normalised": norm})
        rec = {"cuk_id": r["CUK Organisation ID"], "raw_postcode": raw, "class": cls,
               "normalised": norm, "area": "", "covered": "", "in_nspl": "",
               "laua": "", "lsoa11": "", "imd": "", "doterm": ""}
        if cls == "valid":
            area = postcode_area(norm)
            rec["area"] = area
            covered = area in nspl_areas
            rec["covered"] = "true" if covered else "false"
            if covered:
                hit = nspl_index.get(norm)
                cov["covered"] += 1
                cov["covered_live_org" if r["Registered Status"].strip() == "Live" else "covered_dead_org"] += 1
                if hit:
                    cov["covered_found"] += 1
                    if hit["doterm"]:
                        cov["covered_found_terminated_postcode"] += 1
                    rec.update(in_nspl="true", laua=hit["laua"], lsoa11=hit["lsoa11"],
                               imd=hit["imd"], doterm=hit["doterm"])
                else:
                    cov["covered_not_found"] += 1
                    rec["in_nspl"] = "false"
                    not_found.append({"id": r["CUK Organisation ID"], "postcode": norm,
                                      "status": r["Registered Status"].strip()})
        elif cls == "repairable_o_zero":
            for cand in norm.split("|"):
                if postcode_area(cand) in nspl_areas:
                    cov["repairable_covered"] += 1
                    if cand in nspl_index:
                        cov["repairable_covered_found_after_repair"] += 1
        out.append(rec)
    summary = {
        "file": os.path.basename(path),
        "decoding": info,
        "header": header,
        "rows": len(rows),
        "distinct_ids": len({r["CUK Organisation ID"] for r in rows}),
        "postcode_class_counts": {k: cls_counts.get(k, 0) for k in
                                  ["valid", "partial", "repairable_o_zero", "empty", "malformed"]},
        "postcode_non_valid": {k: examples[k] for k in sorted(examples)},
        "nspl_areas": sorted(nspl_areas),
        "nspl_coverage": {k: cov.get(k, 0) for k in
                          ["covered", "covered_found", "covered_not_found",
                           "covered_found_terminated_postcode", "covered_live_org",
                           "covered_dead_org", "repairable_covered",
                           "repairable_covered_found_after_repair"]},
        "nspl_not_found": not_found,
        "registrar_counts": dict(value_counts(rows, "Registrar")),
        "uk_nation_counts": dict(value_counts(rows, "UK Nation")),
        "rows_with_U+FFFD": sorted({r["CUK Organisation ID"] for r in rows
                                    if any("\ufffd" in v for v in r.values())}),
    }
    return rows, out, summary


def coops2023(coops):
    path = os.path.join(coops, "coopsuk_standard_2023-03-02.csv")
    header, records, info = read_csv(path)
    rows = dict_rows(header, records)
    return {
        "file": os.path.basename(path),
        "decoding": info,
        "rows": len(rows),
        "header": header,
        "distinct_identifiers": len({r["Identifier"] for r in rows}),
        "ownership_classification_counts": [[k, v] for k, v in value_counts(rows, "Ownership Classification")],
        "legal_form_counts": [[k, v] for k, v in value_counts(rows, "Legal Form")],
        "rows_with_U+FFFD": sorted({r["Identifier"] for r in rows
                                    if any("\ufffd" in v for v in r.values())}),
    }


def number(raw, drop):
    """A figure as the economy table writes it ("1,204", "12.0", "£9,301,000"), or None."""
    cleaned = raw.strip()
    for ch in drop:
        cleaned = cleaned.replace(ch, "")
    try:
        x = float(cleaned)
    except ValueError:
        return None
    return x if math.isfinite(x) else None


def coops2016_economy(coops, rows17):
    """Size evidence per 2017 organisation from the 2016 economy table: among rows with
    `Is Most Recent?` = 1, the one with the latest `Economic Year` (a later row wins a
    tie); how many 2017 organisations then have an employee count and a turnover."""
    path = os.path.join(coops, "coopsuk_2016open_data_economy_final.csv")
    header, records, info = read_csv(path)
    best = {}
    for r in dict_rows(header, records):
        if r["Is Most Recent?"].strip() != "1":
            continue
        try:
            year = int(r["Economic Year"].strip())
        except ValueError:
            year = 0
        emp = number(r["Employees"], ",")
        turn = number(r["Turnover"], ",\u00a3")
        key = r["CUK Organisation ID"].strip()
        if key not in best or year >= best[key][0]:
            best[key] = (year, None if emp is None else round(emp), None if turn is None else round(turn))
    ids = [r["CUK Organisation ID"].strip() for r in rows17]
    found = [best[i] for i in ids if i in best]
    r1 = best.get("R000001", (0, None, None))
    return {
        "file": os.path.basename(path),
        "decoding": info,
        "organisations_2017": len(ids),
        "with_employees": sum(1 for f in found if f[1] is not None),
        "with_turnover": sum(1 for f in found if f[2] is not None),
        "R000001": {"employees": r1[1], "turnover_pounds": r1[2]},
    }


# ---------------------------------------------------------------- output

def write_csv(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow([r[h] for h in header] if isinstance(r, dict) else r)


def write_json(path, obj):
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(json.dumps(obj, indent=2, ensure_ascii=False) + "\n")


def main(argv):
    args = argv[1:]
    out_dir = None
    if "--out" in args:
        i = args.index("--out")
        out_dir = args[i + 1]
        del args[i:i + 2]
    here = os.path.dirname(os.path.abspath(__file__))
    base = args[0] if args else os.path.join(here, "..", "..", "..", "..", "shared", "data", "real")
    geo, coops = os.path.join(base, "geo"), os.path.join(base, "coops")

    lsoas, imd_summary = load_imd(geo)
    nspl_index, nspl_table, mismatches, nspl_meta = load_nspl(geo, lsoas)
    nspl_areas = set(nspl_meta["areas"])
    rows17, pc_rows, sum17 = coops2017(coops, nspl_index, nspl_areas)
    sum23 = coops2023(coops)
    econ = coops2016_economy(coops, rows17)

    if out_dir:
        os.makedirs(out_dir, exist_ok=True)
        P = lambda name: os.path.join(out_dir, name)
        write_json(P("imd2019_file1_summary.json"), imd_summary)
        write_csv(P("nspl_summary.csv"), NSPL_COLS, nspl_table)
        write_csv(P("nspl_imd_mismatches.csv"), ["area", "pcds", "lsoa11", "nspl_imd", "file1_rank"], mismatches)
        for name, col in [("coops2017_by_ownership.csv", "Ownership Classification"),
                          ("coops2017_by_legal_form.csv", "Legal Form"),
                          ("coops2017_by_registered_status.csv", "Registered Status")]:
            write_csv(P(name), ["value", "count"], value_counts(rows17, col))
        write_csv(P("coops2017_postcodes.csv"),
                  ["cuk_id", "raw_postcode", "class", "normalised", "area", "covered", "in_nspl",
                   "laua", "lsoa11", "imd", "doterm"], pc_rows)
        write_json(P("coops2017_summary.json"), sum17)
        write_json(P("coops2023_standard_summary.json"), sum23)
        write_json(P("coops2016_economy_summary.json"), econ)

    # ---- report to stdout
    p = print
    tot = nspl_table[-1]
    p("IMD2019 File 1: %d LSOAs, rank %d..%d, sum %d, 1..N permutation %s, decile rule mismatches %d"
      % (imd_summary["lsoas"], imd_summary["rank_min"], imd_summary["rank_max"], imd_summary["rank_sum"],
         imd_summary["ranks_are_1_to_n"], imd_summary["decile_rule_ceil_10_rank_over_n_mismatches"]))
    p("  deciles %s" % imd_summary["decile_counts"])
    p("  Oxfordshire %s" % {o["lad"]: o["lsoas"] for o in imd_summary["oxfordshire_lads"]})
    p("NSPL: %d files, %d rows (%d distinct pcds, %d duplicates), live %d, terminated %d"
      % (len(nspl_areas), tot["rows"], nspl_meta["distinct_pcds"], len(nspl_meta["duplicate_pcds"]),
         tot["live"], tot["terminated"]))
    p("  English %d: imd match %d, mismatch %d, lsoa not in File 1 %d; imd but not in File 1 %d; imd=0 %d"
      % (tot["english_lsoa"], tot["english_imd_match"], tot["english_imd_mismatch"],
         tot["english_lsoa_not_in_file1"], tot["imd_not_in_file1"], tot["imd_zero"]))
    p("Co-ops 2017: %d rows, encoding %s, BOM %s, EOL %s, U+FFFD %d in %s"
      % (sum17["rows"], sum17["decoding"]["encoding"], sum17["decoding"]["bom"],
         sum17["decoding"]["line_endings"], sum17["decoding"]["replacement_chars_U+FFFD"],
         sum17["rows_with_U+FFFD"]))
    p("  postcode classes %s" % sum17["postcode_class_counts"])
    for cls, ex in sorted(sum17["postcode_non_valid"].items()):
        p("  %s: %s" % (cls, ", ".join("%s=%r%s" % (e["id"], e["raw"], (" -> " + e["normalised"]) if e["normalised"] else "")
                                      for e in ex)))
    p("  NSPL coverage %s" % sum17["nspl_coverage"])
    p("  not found: %s" % ", ".join("%s %s (%s)" % (e["id"], e["postcode"], e["status"]) for e in sum17["nspl_not_found"]))
    p("Co-ops 2023 standard: %d rows, encoding %s, EOL %s, U+FFFD %d in %d rows"
      % (sum23["rows"], sum23["decoding"]["encoding"], sum23["decoding"]["line_endings"],
         sum23["decoding"]["replacement_chars_U+FFFD"], len(sum23["rows_with_U+FFFD"])))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
