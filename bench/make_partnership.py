#!/usr/bin/env python3
"""Writes a whole-pipeline benchmark: a partnership of four anchors whose ledgers hold
10,000,000 payments to 200,000 distinct supplier names, against a generated Companies
House register, for timing `spendgap run` stage by stage (bench/README-matching.md).

    python3 bench/make_partnership.py OUTDIR [--rows 10000000] [--suppliers 200000]
                                              [--register 1000000] [--seed 11]

The supplier names, their postcodes and the register come from make_matching.py (its
perturbed register names and names that must not match); each name is paid at least
once and the rest of the rows follow a skewed (Pareto-like) draw, as real ledgers do.
Expense types mix ordinary spend with the kinds the influenceable rules exclude. Dates
cover two financial years; some rows are undated. Standard library only; seeded.
"""
import argparse
import os
import random
import subprocess
import sys
import time

EXPENSE = [
    "Building Repairs and Maintenance", "Agency Staff", "ICT Services", "Cleaning Services",
    "Waste Management", "Catering", "Consultancy", "Legal Fees", "Printing & Stationery",
    "Grounds Maintenance", "Security Services", "Electricity", "Passenger Transport",
    "Adult Social Care - Home Care", "Medical & Surgical Equipment", "Furniture",
    "Telephones", "Training & Conferences", "Hospitality", "Sundries",
    # Excluded by the default rules:
    "Pension Contributions", "PAYE & NI", "Refunds", "Grants to Individuals", "Loan Interest",
]
ANCHORS = ["county", "city", "hospital", "university"]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--suppliers", type=int, default=200_000)
    ap.add_argument("--register", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=11)
    a = ap.parse_args()
    base = os.path.join(a.out, "names")
    t0 = time.time()
    here = os.path.dirname(os.path.abspath(__file__))
    subprocess.run([sys.executable, os.path.join(here, "make_matching.py"), base, "--register",
                    str(a.register), "--queries", str(a.suppliers), "--seed", str(a.seed)], check=True)
    names = []
    with open(os.path.join(base, "ledger.csv"), encoding="utf-8") as f:
        next(f)
        import csv
        for row in csv.reader(f):
            names.append((row[0], row[3]))
    rng = random.Random(a.seed)
    os.makedirs(os.path.join(a.out, "ledgers"), exist_ok=True)
    files = [open(os.path.join(a.out, "ledgers", f"{x}.csv"), "w", encoding="utf-8", newline="\n")
             for x in ANCHORS]
    for f in files:
        f.write("Supplier Name,Expense Type,Amount,Payment Date,Postcode\n")

    def cell(s):
        return f'"{s}"' if ("," in s or '"' in s) else s

    quoted = [(cell(n), pc) for n, pc in names]
    n = len(quoted)
    batch = 100_000
    done = 0
    while done < a.rows:
        k = min(batch, a.rows - done)
        if done < n:
            picks = list(range(done, min(done + k, n)))
            picks += [int(n * rng.paretovariate(1.2)) % n for _ in range(k - len(picks))]
        else:
            picks = [int(n * (rng.paretovariate(1.2) - 1)) % n for _ in range(k)]
        exp = rng.choices(EXPENSE, k=k)
        anchors = rng.choices(range(len(ANCHORS)), k=k)
        out = [[] for _ in ANCHORS]
        for s, e, an in zip(picks, exp, anchors):
            name, pc = quoted[s]
            amount = round(10 ** rng.uniform(1.5, 5), 2)
            if rng.random() < 0.0005:
                date = ""
            else:
                date = f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.choice((2023, 2024, 2025))}"
            out[an].append(f"{name},{e},{amount:.2f},{date},{pc}\n")
        for f, lines in zip(files, out):
            f.writelines(lines)
        done += k
    for f in files:
        f.close()
    with open(os.path.join(a.out, "study.toml"), "w") as f:
        f.write('name = "Pipeline benchmark partnership"\n')
        for x in ANCHORS:
            f.write(f'[[anchor]]\nid = "{x}"\nname = "Benchmark {x}"\n[[anchor.ledger]]\npath = "ledgers/{x}.csv"\n')
        f.write('[reference]\nregisters = [ { kind = "companies_house", path = "names/register.csv" } ]\n'
                'cache_dir = ".spendgap-cache"\n')
    print(f"{a.rows:,} rows over {n:,} supplier names in {time.time() - t0:.0f}s", file=sys.stderr)


if __name__ == "__main__":
    main()
