#!/usr/bin/env python3
"""Scores a matches file against make_matching.py's truth.

    python3 bench/score_matches.py OUTDIR MATCHES_CSV [--json out.json]

MATCHES_CSV has spendgap's matches.csv columns (supplier_name,supplier_id,decision,register,
register_id,score,tier,reason; decision is matched|review|unmatched|set_aside). It is joined
with OUTDIR/truth.csv (supplier_name,register_id,kind) on supplier_name, stripped; a name that
does not join exactly is tried once more with runs of whitespace collapsed (reported). If a
supplier has several rows, the strongest decision wins (matched > review > set_aside >
unmatched); duplicates are reported.

Figures (automatic matches are rows with decision=matched):
  precision  matched with the true register_id / all matched (overall, per tier, per kind)
  recall     matched with the true register_id / matchable (truth register_id non-empty)
  F1         of those two
  review share  review rows / all queries
  false-match rate on the not-matchable queries: matched / not matchable
  missing    truth rows with no row in MATCHES_CSV (should be 0; listed)
--sweep re-decides by score threshold, to tune a matcher's thresholds (run it with its
thresholds at 0 so that every candidate is kept).
Standard library only.
"""
import argparse
import csv
import json
import re
import sys

RANK = {"matched": 3, "review": 2, "set_aside": 1, "unmatched": 0}


def collapse(s):
    return re.sub(r"\s+", " ", s.strip())


def ratio(a, b):
    return a / b if b else 0.0


def f1(p, r):
    return 2 * p * r / (p + r) if p + r else 0.0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("outdir")
    ap.add_argument("matches")
    ap.add_argument("--json", help="also write the figures to this JSON file")
    ap.add_argument("--show-wrong", type=int, default=0, help="print up to N wrong automatic matches")
    ap.add_argument("--sweep", action="store_true",
                    help="also re-decide matched/review rows by their score alone (matched if score >= t) "
                         "for t = 0.50..1.00 and print precision/recall/F1 per t and the best t")
    a = ap.parse_args()

    with open(f"{a.outdir}/truth.csv", encoding="utf-8", newline="") as f:
        truth = [(r["supplier_name"].strip(), r["register_id"].strip(), r["kind"]) for r in csv.DictReader(f)]
    by_name, by_collapsed, dups, total_rows = {}, {}, 0, 0
    with open(a.matches, encoding="utf-8-sig", newline="") as f:
        for r in csv.DictReader(f):
            total_rows += 1
            n = (r.get("supplier_name") or "").strip()
            dec = (r.get("decision") or "").strip().lower()
            row = {"decision": dec, "register_id": (r.get("register_id") or "").strip(),
                   "tier": (r.get("tier") or "").strip() or "(none)", "score": r.get("score", ""),
                   "reason": r.get("reason", "")}
            old = by_name.get(n)
            if old is not None:
                dups += 1
                if RANK.get(dec, -1) <= RANK.get(old["decision"], -1):
                    continue
            by_name[n] = row
            by_collapsed[collapse(n)] = row

    n_all = len(truth)
    matchable = sum(1 for _, rid, _ in truth if rid)
    missing, collapsed_joins = [], 0
    kinds = {}
    tiers = {}
    tot = {"matched": 0, "matched_correct": 0, "matched_wrong": 0, "review": 0, "review_correct": 0,
           "unmatched": 0, "set_aside": 0, "other": 0}
    wrong_examples = []
    joined = set()
    for name, rid, kind in truth:
        m = by_name.get(name)
        if m is not None:
            joined.add(name)
        else:
            m = by_collapsed.get(collapse(name))
            if m is not None:
                collapsed_joins += 1
                joined.add(name)
        k = kinds.setdefault(kind, {"n": 0, "matchable": bool(rid), "matched_correct": 0, "matched_wrong": 0,
                                    "review": 0, "review_correct": 0, "unmatched": 0, "set_aside": 0,
                                    "missing": 0})
        k["n"] += 1
        if m is None:
            missing.append(name)
            k["missing"] += 1
            continue
        d = m["decision"]
        if d == "matched":
            ok = bool(rid) and m["register_id"] == rid
            tot["matched"] += 1
            t = tiers.setdefault(m["tier"], {"matched": 0, "correct": 0})
            t["matched"] += 1
            if ok:
                tot["matched_correct"] += 1
                k["matched_correct"] += 1
                t["correct"] += 1
            else:
                tot["matched_wrong"] += 1
                k["matched_wrong"] += 1
                if len(wrong_examples) < a.show_wrong:
                    wrong_examples.append((kind, name, rid, m["register_id"], m["score"], m["reason"]))
        elif d == "review":
            tot["review"] += 1
            k["review"] += 1
            if rid and m["register_id"] == rid:
                tot["review_correct"] += 1
                k["review_correct"] += 1
        elif d == "set_aside":
            tot["set_aside"] += 1
            k["set_aside"] += 1
        else:
            tot["unmatched"] += 1
            k["unmatched"] += 1
            if d != "unmatched":
                tot["other"] += 1

    precision = ratio(tot["matched_correct"], tot["matched"])
    recall = ratio(tot["matched_correct"], matchable)
    not_matchable = n_all - matchable
    false_on_absent = sum(k["matched_wrong"] for k in kinds.values() if not k["matchable"])
    extra = total_rows - dups - len(joined)
    res = {
        "queries": n_all, "matchable": matchable, "not_matchable": not_matchable,
        "matches_rows": total_rows, "duplicate_rows": dups, "rows_not_in_truth": max(0, extra),
        "missing": len(missing), "missing_names": missing[:50], "joined_after_whitespace_collapse": collapsed_joins,
        "matched": tot["matched"], "matched_correct": tot["matched_correct"], "matched_wrong": tot["matched_wrong"],
        "review": tot["review"], "review_with_true_candidate": tot["review_correct"], "unmatched": tot["unmatched"],
        "set_aside": tot["set_aside"], "unknown_decision": tot["other"],
        "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1(precision, recall), 4),
        "review_share": round(ratio(tot["review"], n_all), 4),
        "false_match_rate_not_matchable": round(ratio(false_on_absent, not_matchable), 4),
        "per_tier": {t: {"matched": v["matched"], "correct": v["correct"],
                         "precision": round(ratio(v["correct"], v["matched"]), 4)} for t, v in sorted(tiers.items())},
        "per_kind": {kn: dict(v, precision=round(ratio(v["matched_correct"], v["matched_correct"] + v["matched_wrong"]), 4),
                              recall=round(ratio(v["matched_correct"], v["n"]), 4) if v["matchable"] else None)
                     for kn, v in sorted(kinds.items())},
    }

    print(f"queries {n_all:,} (matchable {matchable:,}, not matchable {not_matchable:,}); "
          f"matches file rows {total_rows:,}, duplicates {dups}, not in truth {max(0, extra)}")
    if missing:
        print(f"MISSING: {len(missing)} truth rows have no row in {a.matches}, e.g. {missing[:5]!r}")
    else:
        print("missing: 0")
    if collapsed_joins:
        print(f"note: {collapsed_joins} names joined only after collapsing whitespace")
    print(f"automatic matches {tot['matched']:,}: correct {tot['matched_correct']:,}, wrong {tot['matched_wrong']:,}")
    print(f"precision {precision:.4f}  recall {recall:.4f}  F1 {res['f1']:.4f}  "
          f"review share {res['review_share']:.4f} ({tot['review']:,}; {tot['review_correct']:,} with the true candidate)  "
          f"false-match rate on not-matchable {res['false_match_rate_not_matchable']:.4f}")
    print("per tier: " + "; ".join(f"{t} {v['correct']:,}/{v['matched']:,} = {ratio(v['correct'], v['matched']):.4f}"
                                   for t, v in sorted(tiers.items())))
    hdr = f"{'kind':<26}{'n':>7}{'ok':>7}{'wrong':>7}{'review':>7}{'rev-ok':>7}{'unmat':>7}{'aside':>7}{'prec':>8}{'recall':>8}"
    print(hdr)
    print("-" * len(hdr))
    for kn, v in sorted(kinds.items(), key=lambda kv: (not kv[1]["matchable"], kv[0])):
        p = ratio(v["matched_correct"], v["matched_correct"] + v["matched_wrong"])
        rc = f"{ratio(v['matched_correct'], v['n']):8.3f}" if v["matchable"] else f"{'-':>8}"
        print(f"{kn:<26}{v['n']:>7}{v['matched_correct']:>7}{v['matched_wrong']:>7}{v['review']:>7}"
              f"{v['review_correct']:>7}{v['unmatched'] + v['missing']:>7}{v['set_aside']:>7}{p:8.3f}{rc}")
    for ex in wrong_examples:
        print("  wrong: %s %r truth=%s got=%s score=%s %s" % ex)
    if a.sweep:
        cand = []   # (score, correct) of every matched/review row with a candidate
        for name, rid, kind in truth:
            m = by_name.get(name) or by_collapsed.get(collapse(name))
            if m and m["decision"] in ("matched", "review") and m["register_id"]:
                try:
                    sc = float(m["score"])
                except ValueError:
                    continue
                cand.append((sc, bool(rid) and m["register_id"] == rid))
        best = None
        rows = []
        for step in range(50, 101):
            t = step / 100 - 1e-9
            got = [c for sc, c in cand if sc >= t]
            p = ratio(sum(got), len(got))
            r = ratio(sum(got), matchable)
            rows.append({"threshold": round(step / 100, 2), "matched": len(got), "precision": round(p, 4),
                         "recall": round(r, 4), "f1": round(f1(p, r), 4)})
            if best is None or f1(p, r) > best["f1"]:
                best = rows[-1]
        print("sweep (matched if score >= t):")
        for r_ in rows:
            if r_["threshold"] * 100 % 5 == 0 or r_ is best:
                print(f"  t={r_['threshold']:.2f} matched {r_['matched']:>6}  precision {r_['precision']:.4f}  "
                      f"recall {r_['recall']:.4f}  F1 {r_['f1']:.4f}")
        print(f"  best F1 {best['f1']:.4f} at t={best['threshold']:.2f} "
              f"(precision {best['precision']:.4f}, recall {best['recall']:.4f})")
        res["sweep"] = rows
        res["sweep_best"] = best
    if a.json:
        with open(a.json, "w") as f:
            json.dump(res, f, indent=2)
        print(f"wrote {a.json}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
