#!/usr/bin/env python3
"""find_cases.py - an AID for hand-labelling influenceable spend (not the oracle).

It reads every real ledger under ../shared/data/real/ledgers/ (stdlib, openpyxl
and xlrd only), builds for each payment row the same `category` text that
labelled.csv uses (see README.md, "Category columns"), and lets a person look
at distinct (publisher, category, payee) cases:

  find_cases.py --categories PUB        distinct categories of one publisher, with row counts
  find_cases.py --grep REGEX [--pub P]  cases whose category, payee or description match REGEX
  find_cases.py --case PUB CAT PAYEE    every row of one case (file, amount, description)
  find_cases.py --check labelled.csv    check each labelled row exists in the ledgers

Every label in labelled.csv was decided by a person reading the rows; this
script decides nothing.
"""
import argparse, csv, io, os, re, sys, zipfile
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..', '..', '..', 'shared', 'data', 'real', 'ledgers'))
if not os.path.isdir(ROOT):
    ROOT = '/work/shared/data/real/ledgers'


def decode(b):
    if b.startswith(b'\xef\xbb\xbf'):
        b = b[3:]
    try:
        return b.decode('utf-8')
    except UnicodeDecodeError:
        return b.decode('cp1252', errors='replace')


def cell_text(v):
    if v is None:
        return ''
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def tables(path):
    """Yield (sheet, rows) for one file, deciding its kind by content."""
    b = open(path, 'rb').read()
    if b[:2] == b'PK':
        z = zipfile.ZipFile(path)
        names = z.namelist()
        if any(n.startswith('xl/') for n in names):
            import openpyxl
            wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
            for ws in wb.worksheets:
                yield ws.title, [[cell_text(c) for c in r] for r in ws.iter_rows(values_only=True)]
        else:
            for n in names:
                if n.lower().endswith('.csv'):
                    yield n, list(csv.reader(io.StringIO(decode(z.read(n)), newline='')))
    elif b[:4] == b'\xd0\xcf\x11\xe0':
        import xlrd
        wb = xlrd.open_workbook(path)
        for sh in wb.sheets():
            yield sh.name, [[cell_text(sh.cell_value(r, c)) for c in range(sh.ncols)] for r in range(sh.nrows)]
    else:
        yield '', list(csv.reader(io.StringIO(decode(b), newline='')))


def norm(h):
    return re.sub(r'[^a-z0-9]+', ' ', (h or '').lower()).strip()

# Per publisher: the header texts (normalised) of the category columns, in the
# order tried; the columns found are joined in FILE order with " | ".
# PAYEE and DESC likewise.  A file uses whichever of the listed headers it has.
CATEGORY = {
    'hyndburn': ['service cost centre', 'account detail', 'department area', 'service area'],
    'bis': ['expense type', 'expense area'],
    'fco': ['expense type', 'expense area', 'account description'],
    'gangmasters-la': ['expense type', 'expense area'],
    'hefce': ['expense type', 'expense area'],
    'isle-of-wight': ['service area', 'expenses type'],
    'lancashire-fire': ['expenditure category'],
    'lancashire_anchor_xlsx': ['expenditure category'],
    'lancashire-pcc': ['expenditure category'],
    'leeds-cc': ['service divison label', 'servicedivisionlabel', 'expenditure category',
                 'expenditurecategory', 'detailed expenditure type', 'detailedexpendituretype'],
    'manchester-cc': ['service area', 'expenses type'],
    'mmo': ['expense type', 'expense area', '4 expense type', '5 expense area'],
    'national-forest-co': ['expense type', 'expense area'],
    'nhsbsa': ['expense type', 'expense area'],
    'ofwat': ['expense type', 'expense area'],
    'stockport-mbc': ['service area categorisation', 'expenses type'],
    'trafford-mbc': ['expense area', 'expense type', 'organisationalunit', 'proclasslabel'],
    'vmd': ['expense type', 'expense area'],
    'wales-office': ['nac description', 'comments'],
}
PAYEE = ['name', 'supplier', 'supplier name', 'supplier final', 'suppliername',
         'beneficiaryname', 'merchant name', '6 supplier']
DESC = ['description', 'purpose', 'service supplied', 'service provided', 'supplier classification',
        'account description']
AMOUNT = ['net amount', 'amount paid', 'amount', 'total', 'total invoice amount', 'invoice amount',
          'amount in sterling', 'netamount', 'transaction amount', '8 amount']


def find_header(rows, pub):
    want = set(CATEGORY[pub]) | set(PAYEE)
    best = None
    for i, r in enumerate(rows):
        ns = [norm(c) for c in r]
        hits = sum(1 for n in ns if n in want)
        if any(n in PAYEE for n in ns) and hits >= 2:
            if pub != 'hyndburn' or i < 40:
                return i
            best = i if best is None else best
    # Hyndburn headerless files print the header as the last record
    for i in range(len(rows) - 1, -1, -1):
        ns = [norm(rows[i][j]) for j in range(len(rows[i]))]
        if any(n in PAYEE for n in ns):
            return i
    return best


def records():
    """Yield dicts: publisher, file, sheet, category, payee, amount, desc."""
    for pub in sorted(os.listdir(ROOT)):
        d = os.path.join(ROOT, pub)
        if not os.path.isdir(d) or pub not in CATEGORY:
            continue
        for f in sorted(os.listdir(d)):
            try:
                tabs = list(tables(os.path.join(d, f)))
            except Exception as e:  # pragma: no cover
                print(f'# cannot read {pub}/{f}: {e}', file=sys.stderr)
                continue
            for sheet, rows in tabs:
                h = find_header(rows, pub)
                if h is None:
                    continue
                hdr = [norm(c) for c in rows[h]]
                cat_cols = [j for j, n in enumerate(hdr) if n in CATEGORY[pub]]
                # one Hyndburn file (October-2021) heads its cost-centre column "+"
                if pub == 'hyndburn' and 'account detail' in hdr:
                    k = hdr.index('account detail')
                    if k > 0 and (k - 1) not in cat_cols:
                        cat_cols = sorted(cat_cols + [k - 1])
                pay_cols = [j for j, n in enumerate(hdr) if n in PAYEE]
                if pub == 'wales-office':
                    pay_cols = [j for j, n in enumerate(hdr) if n in ('supplier name', 'merchant name')]
                desc_cols = [j for j, n in enumerate(hdr) if n in DESC and j not in cat_cols]
                amt_cols = [j for j, n in enumerate(hdr) if n in AMOUNT or n.startswith('net amount') or n.startswith('amount')]
                if not pay_cols:
                    continue
                pj = pay_cols[0]
                for i, r in enumerate(rows):
                    if i == h:
                        continue
                    r = list(r) + [''] * (len(hdr) - len(r))
                    payee = r[pj].strip()
                    if not payee or norm(payee) in PAYEE:
                        continue
                    # blank category cells are left out of the join
                    cat = ' | '.join(r[j].strip() for j in cat_cols if r[j].strip())
                    yield dict(publisher=pub, file=f, sheet=sheet, category=cat, payee=payee,
                               amount=(r[amt_cols[0]].strip() if amt_cols else ''),
                               desc=' / '.join(r[j].strip() for j in desc_cols if r[j].strip()))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--categories')
    ap.add_argument('--grep')
    ap.add_argument('--pub')
    ap.add_argument('--case', nargs=3)
    ap.add_argument('--check')
    a = ap.parse_args()
    recs = list(records())
    if a.categories:
        c = Counter(r['category'] for r in recs if r['publisher'] == a.categories)
        for k, n in sorted(c.items(), key=lambda x: (-x[1], x[0])):
            print(f'{n:6d}  {k}')
    elif a.grep:
        rx = re.compile(a.grep, re.I)
        seen = defaultdict(list)
        for r in recs:
            if a.pub and r['publisher'] != a.pub:
                continue
            if rx.search(r['category']) or rx.search(r['payee']) or rx.search(r['desc']):
                seen[(r['publisher'], r['category'], r['payee'])].append(r)
        for (p, c, y), rs in sorted(seen.items()):
            print(f'{p}\t{c}\t{y}\t{len(rs)} rows\t{rs[0]["file"]}\t{rs[0]["amount"]}\t{rs[0]["desc"][:120]}')
    elif a.case:
        p, c, y = a.case
        for r in recs:
            if (r['publisher'], r['category'], r['payee']) == (p, c, y):
                print(f'{r["file"]}\t{r["sheet"]}\t{r["amount"]}\t{r["desc"]}')
    elif a.check:
        keys = defaultdict(set)
        for r in recs:
            keys[(r['publisher'], r['category'])].add(r['payee'])
            keys[(r['publisher'], r['category'], r['file'])].add(r['payee'])
        bad = 0
        with open(a.check, newline='', encoding='utf-8') as fh:
            for row in csv.DictReader(fh):
                pool = keys.get((row['publisher'], row['category'], row['file']), set())
                if row['payee'] == '(individual)':
                    ok = bool(pool)
                else:
                    ok = row['payee'] in pool
                if not ok:
                    bad += 1
                    print('NOT FOUND:', row['publisher'], row['file'], row['category'], row['payee'])
        print(f'{bad} rows not found')
    else:
        c = Counter(r['publisher'] for r in recs)
        for k, n in sorted(c.items()):
            print(f'{n:7d}  {k}')


if __name__ == '__main__':
    main()
