#!/usr/bin/env python3
"""Build tests/expectations/coop_names/pairs.csv: a truth set of real
organisation names for measuring the name matcher against the Co-operatives UK
2023 register (coopsuk_standard_2023-03-02.csv).

Run from the repository root:

    python3 tests/expectations/coop_names/build.py

Python 3 standard library only.  The script reads the public Co-operatives UK
files in place (../shared/data/real/coops/ relative to the repository root, or
the directory named by $SPENDGAP_COOPS_DIR) and writes pairs.csv next to this
script.  It prints a summary of the counts that README.md quotes.  The output
depends only on the input bytes: there is no randomness, and every sample is
taken by SHA-256 rank.

Rules (README.md explains them in prose)
----------------------------------------
N1  norm(s): lower-case; delete every character whose Unicode category is
    punctuation (P*) or symbol (S*); collapse whitespace runs to one space;
    trim.  "Co-op" -> "coop", "Littleton & Badsey" -> "littleton badsey".
    `differs` is norm(name) != norm(2023 Name).
N2  strong(s): norm(s), then remove the phrases "community interest company",
    "co operative", "co op", then the words in LEGAL_WORDS.  (P5 alone uses
    the variant where punctuation becomes a space instead of being deleted,
    so that "Nurture-Psychology" has the word "psychology".)
N3  outward(pc): upper-case, trim; the part before the first space when
    there is one, otherwise everything but the last three characters when the
    string is 5-7 characters long, otherwise the whole string.

Positives (label match, expected_id = the 2023 Identifier)
P1  Candidate names of every organisation id present in the 2023 file:
      coops2017   registered-name    `Registered Name`, postcode `Registered Postcode`
      coops2017   trading-name       `Trading Name`,    postcode `Registered Postcode`
      economy2016 registered-name    `Registered Name` (one per distinct id+name), no postcode
      workers2023 organisation-name  `Organisation Name`, postcode `Postcode`
      workers2023 trading-name       `Name`,              postcode `Postcode`
      outlets2019 registered-name    `Registered Name`, postcode of the first outlet
      outlets2019 outlet-name        `Outlet Name`, postcode of the first outlet (file order)
      dotcoop2019 dotcoop-postcode-join  see P4
    Names are trimmed; empty names are skipped.
P2  One row per distinct (name, id), the exact trimmed string.  When several
    sources give the same (name, id), the row keeps the first in SOURCE_ORDER
    (and within a source the order above); the others are listed in notes as
    "also: ...".
P3  Ambiguity: the union of all names of all sources (2023 Name; 2017
    registered and trading names of every id, live or dead; 2016 economy
    names; 2019 outlet and registered names; worker-directory names) maps
    norm(name) -> set of ids.  A candidate whose norm(name) maps to more than
    one id is excluded (counted per source/how).  A candidate whose norm is
    empty is excluded too.
P4  dotcoop joins (the dotcoop file has no id): a dotcoop row joins a 2023
    record only when (a) the postcodes are identical after removing spaces
    and upper-casing, (b) strong(dotcoop Name) is non-empty and equals
    strong() of that record's 2023 Name or of one of that id's other names in
    the sources of P1, and (c) exactly one 2023 record at that postcode
    satisfies (b), and (d) strong(dotcoop Name) is not also strong() of a
    name of any other id, live or dead, in any source (the dotcoop row could
    then belong to an organisation that has left the register).  P3 applies
    to the dotcoop name as well.
P5  Identity rule: a differing candidate from coops2017 or economy2016
    (the older sources) that shares no word with the 2023 Name of its id nor with the
    id's worker-directory names (shares_word() on strong(., ' ') forms: a common
    word, a 4+ letter word that begins a word of the other, or containment
    once spaces are removed) AND whose outward code differs from the 2023
    record's (the 2017 postcode stands in for economy2016 names; an unknown
    code counts as different) is excluded: the id may have been re-used by a
    different group, and no rule can tell that from a true rename.  Worker-
    directory names are exempt (the directory is of the same year as the
    register), so are outlet names (a society's shops rarely share its name)
    and dotcoop joins (checked by P4).  Every kept differing positive is
    marked in notes "legal-form only" (strong() equal), "words differ"
    (shares_word() with the 2023 Name) or "no shared word" (not even that).
P6  Selection (so that the set is not swamped by the Co-operative Group's
    4,098 outlets and so that negatives can outnumber positives):
      - outlets2019 outlet-name: at most OUTLET_CAP_PER_ID names per id, the
        lowest SHA-256 ranks;
      - rows with differs=false: IDENTICAL_QUOTA rows over all sources, the
        lowest ranks;
      - coops2017 registered-name rows whose only difference from the 2023
        Name is legal-form words (strong() equal): the lowest ranks up to
        whatever makes the positives total POSITIVE_TARGET;
      - every other differs=true candidate is kept.
    rank(name, id) = sha256("spendgap-coop-names|" + id + "|" + name).

Negatives (label no-match, expected_id empty)
M1  Candidate names of organisations whose id is NOT in the 2023 file:
      coops2017   `Registered Name`, `Trading Name` (postcode `Registered Postcode`)
      economy2016 `Registered Name` (no postcode)
      workers2023 `Organisation Name`, `Name` (ids registered after the 2023 extract)
      outlets2019 `Outlet Name`, `Registered Name` (the one outlet whose id is not in 2023)
    how = negative-not-in-2023.  One row per distinct exact name (first in
    SOURCE_ORDER); the notes give the absent id(s) and the 2017 status.
M2  Exclusions, applied in this order and counted:
      (a) strong(name) is empty (the name is nothing but legal-form words);
      (b) strong(name) equals strong() of ANY 2023 Name;
      (c) strong(name) equals strong() of any other name (P1 sources) of an
          id that is in the 2023 file;
      (d) the negative's postcode (2017 registered postcode) equals, ignoring
          spaces and case, the postcode of a 2023 record whose strong() words
          overlap the negative's with Jaccard >= 0.5 (possibly the same
          organisation re-registered under a new id).  A word of one norm()
          name that is the initials of two or more adjacent words of the other
          counts as those words ("Heart of Hastings CLT" / "Heart of Hastings
          Community Land Trust", same postcode).
M3  Each negative's notes say how near it is to the 2023 register:
      "same district+sector" = some 2023 record has the same outward code AND
      the same sector (2017 `Sector - Simplified, High Level` vs 2023
      `Sector`); "same district"; "same sector"; "no overlap".  Postcode and
      sector of economy2016 names come from the 2017 record of the same id
      when there is one.  All eligible negatives are kept (the pool is the
      limit); the tiers are counted in the summary.

Output: columns case,source,how,name,postcode,expected_id,label,differs,notes;
negatives are numbered N00001.. and positives P00001.. after sorting each by
(source, how, name, expected_id); rows are written in case order; UTF-8, LF,
csv minimal quoting.
"""

import collections
import csv
import hashlib
import os
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, '..', '..', '..'))
DATA = os.environ.get('SPENDGAP_COOPS_DIR') or os.path.normpath(
    os.path.join(REPO, '..', 'shared', 'data', 'real', 'coops'))
OUT = os.path.join(HERE, 'pairs.csv')

FILES = {
    'standard2023': 'coopsuk_standard_2023-03-02.csv',
    'coops2017': 'coopsuk_open_data_organisations_2017-06.csv',
    'outlets2019': 'coopsuk_open_data_outlets_2019_q1.csv',
    'economy2016': 'coopsuk_2016open_data_economy_final.csv',
    'workers2023': 'workers_coop_2023-06-23_wc_converted.csv',
    'dotcoop2019': 'dotcoop_Clean-UK_2019-10-03.csv',
}
SOURCE_ORDER = ['coops2017', 'economy2016', 'workers2023', 'outlets2019', 'dotcoop2019']

LEGAL_WORDS = {'limited', 'ltd', 'cyf', 'cyfyngedig', 'cooperative', 'coop',
               'society', 'cic', 'llp', 'plc', 'the'}
LEGAL_PHRASES = ['community interest company', 'co operative', 'co op']

OUTLET_CAP_PER_ID = 25
IDENTICAL_QUOTA = 500
POSITIVE_TARGET = 3300
JACCARD_SAME_POSTCODE = 0.5

HEADER = ['case', 'source', 'how', 'name', 'postcode', 'expected_id', 'label', 'differs', 'notes']


# ---------------------------------------------------------------- helpers

def read(key):
    with open(os.path.join(DATA, FILES[key]), newline='', encoding='utf-8') as fh:
        return list(csv.DictReader(fh))


def norm(s, sep=''):
    s = ''.join(sep if unicodedata.category(c)[0] in 'PS' else c for c in s.lower())
    return ' '.join(s.split())


def strong(s, sep=''):
    n = ' ' + norm(s, sep) + ' '
    for p in LEGAL_PHRASES:
        n = n.replace(' ' + p + ' ', ' ')
    return ' '.join(t for t in n.split() if t not in LEGAL_WORDS)


def pc_key(pc):
    return ''.join(pc.split()).upper()


def outward(pc):
    p = pc.strip().upper()
    if not p:
        return ''
    if ' ' in p:
        return p.split()[0]
    if 5 <= len(p) <= 7:
        return p[:-3]
    return p


def rank(name, ident):
    return hashlib.sha256(('spendgap-coop-names|%s|%s' % (ident, name)).encode('utf-8')).hexdigest()


def shares_word(a, b):
    """P5 word test on two strong() forms: a common word, or a word of 4+
    letters that begins a word of the other, or one form with its spaces
    removed contained in the other with its spaces removed ("LED Fantastic" /
    "LEDfantastic")."""
    wa, wb = set(a.split()), set(b.split())
    if not wa or not wb:
        return False
    if wa & wb:
        return True
    for x in wa:
        for y in wb:
            if (len(x) >= 4 and y.startswith(x)) or (len(y) >= 4 and x.startswith(y)):
                return True
    ca, cb = a.replace(' ', ''), b.replace(' ', '')
    return ca in cb or cb in ca


def expand_initials(a, b):
    """norm() name `a` with each word of 2-5 letters that spells the initials
    of a run of adjacent words of norm() name `b` replaced by that run."""
    wa, wb = a.split(), b.split()
    out = []
    for w in wa:
        run = None
        if 2 <= len(w) <= 5 and w.isalpha():
            for i in range(len(wb) - len(w) + 1):
                if ''.join(x[0] for x in wb[i:i + len(w)]) == w:
                    run = wb[i:i + len(w)]
                    break
        out.extend(run or [w])
    return ' '.join(out)


def similar_name(n, m):
    """M2(d): Jaccard of the strong() words, initials read as their words."""
    a, b = norm(n), norm(m)
    return max(jaccard(strong(n), strong(m)),
               jaccard(strong(expand_initials(a, b)), strong(b)),
               jaccard(strong(a), strong(expand_initials(b, a))))


def jaccard(a, b):
    a, b = set(a.split()), set(b.split())
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


# ---------------------------------------------------------------- build

def build():
    std = read('standard2023')
    o17 = read('coops2017')
    out19 = read('outlets2019')
    eco16 = read('economy2016')
    wc23 = read('workers2023')
    dot19 = read('dotcoop2019')

    rec23 = {r['Identifier']: r for r in std}
    by17 = {r['CUK Organisation ID']: r for r in o17}
    stats = collections.OrderedDict()

    # -- all (source, how, name, id, postcode) name mentions with an id
    mentions = []   # for every id, in SOURCE_ORDER / how order
    for r in o17:
        i = r['CUK Organisation ID']
        mentions.append(('coops2017', 'registered-name', r['Registered Name'].strip(), i, r['Registered Postcode'].strip()))
        mentions.append(('coops2017', 'trading-name', r['Trading Name'].strip(), i, r['Registered Postcode'].strip()))
    seen = set()
    for r in eco16:
        i, n = r['CUK Organisation ID'], r['Registered Name'].strip()
        if (i, n) not in seen:
            seen.add((i, n))
            mentions.append(('economy2016', 'registered-name', n, i, ''))
    for r in wc23:
        i = r['Identifier']
        mentions.append(('workers2023', 'organisation-name', r['Organisation Name'].strip(), i, r['Postcode'].strip()))
        mentions.append(('workers2023', 'trading-name', r['Name'].strip(), i, r['Postcode'].strip()))
    for r in out19:
        i = r['CUK Organisation ID']
        mentions.append(('outlets2019', 'registered-name', r['Registered Name'].strip(), i, r['Postcode'].strip()))
        mentions.append(('outlets2019', 'outlet-name', r['Outlet Name'].strip(), i, r['Postcode'].strip()))
    mentions = [m for m in mentions if m[2]]

    # -- P3 union: norm(name) -> ids (2023 names included)
    union = collections.defaultdict(set)
    for r in std:
        if norm(r['Name']):
            union[norm(r['Name'])].add(r['Identifier'])
    for m in mentions:
        if norm(m[2]):
            union[norm(m[2])].add(m[3])

    # names known per id (for P4, P5, M2c)
    names_of = collections.defaultdict(set)
    for m in mentions:
        names_of[m[3]].add(m[2])
    for r in std:
        names_of[r['Identifier']].add(r['Name'].strip())

    # -- P4 dotcoop joins
    std_by_pc = collections.defaultdict(list)
    for r in std:
        if pc_key(r['Postcode']):
            std_by_pc[pc_key(r['Postcode'])].append(r)
    strong_ids = collections.defaultdict(set)
    for i, ns in names_of.items():
        for k in ns:
            strong_ids[strong(k)].add(i)
    dot_joins = []
    dot_rejected = []
    for r in dot19:
        n, pc = r['Name'].strip(), r['Postcode'].strip()
        sn = strong(n)
        if not n or not sn or not pc_key(pc):
            continue
        hits = [x['Identifier'] for x in std_by_pc.get(pc_key(pc), [])
                if sn in {strong(k) for k in names_of[x['Identifier']]}]
        if len(hits) == 1 and strong_ids[sn] - {hits[0]}:
            dot_rejected.append((r['Domain'].strip(), n, pc, hits[0], sorted(strong_ids[sn] - {hits[0]})))
        elif len(hits) == 1:
            dot_joins.append((r['Domain'].strip(), n, pc, hits[0]))
    for dom, n, pc, i in dot_joins:
        mentions.append(('dotcoop2019', 'dotcoop-postcode-join', n, i, pc))
        if norm(n):
            union[norm(n)].add(i)
    stats['dotcoop joins (rows)'] = len(dot_joins)
    stats['dotcoop joins refused by P4(d)'] = ['%s | %s | %s -> %s, also %s' % (a, b, c, d, ' '.join(e))
                                              for a, b, c, d, e in dot_rejected]

    # -- positives
    src_rank = {s: k for k, s in enumerate(SOURCE_ORDER)}
    pos = collections.OrderedDict()     # (name, id) -> row dict
    for src, how, n, i, pc in mentions:
        if i not in rec23:
            continue
        key = (n, i)
        if key in pos:
            also = pos[key]['also']
            if src != pos[key]['source'] and src not in also:
                also.append(src)
            continue
        pos[key] = {'source': src, 'how': how, 'name': n, 'postcode': pc, 'id': i, 'also': []}
    stats['positive candidates (distinct name,id)'] = len(pos)

    excluded_ambig = collections.Counter()
    excluded_ambig_keys = collections.Counter()
    excluded_ambig_list = []
    excluded_reuse = []
    kept = []
    words23 = {}
    # P5 reference words: the 2023 Name plus the worker-directory names of the id
    wc_names = collections.defaultdict(set)
    for r in wc23:
        wc_names[r['Identifier']].update([r['Name'].strip(), r['Organisation Name'].strip()])
    for i in rec23:
        words23[i] = [strong(rec23[i]['Name'], ' ')] + sorted(strong(n, ' ') for n in wc_names.get(i, ()))
    for key, p in pos.items():
        n, i = key
        nk = norm(n)
        if not nk or len(union[nk]) > 1:
            excluded_ambig[(p['source'], p['how'])] += 1
            excluded_ambig_keys[nk] += 1
            excluded_ambig_list.append((p['source'], p['how'], n, i, sorted(union[nk])))
            continue
        r23 = rec23[i]
        p['differs'] = nk != norm(r23['Name'])
        p['shared'] = shares_word(strong(n, ' '), strong(r23['Name'], ' '))
        if (p['differs'] and p['source'] in ('coops2017', 'economy2016')
                and not any(shares_word(strong(n, ' '), x) for x in words23[i])):
            o_src = outward(p['postcode'] or by17.get(i, {}).get('Registered Postcode', ''))
            o_23 = outward(r23['Postcode'])
            if not o_src or not o_23 or o_src != o_23:
                p['name23'], p['postcode23'] = r23['Name'], r23['Postcode']
                excluded_reuse.append(p)
                continue
        p['legal_only'] = p['differs'] and strong(n) == strong(r23['Name'])
        kept.append(p)
    stats['positives excluded: name of >1 id (P3)'] = sum(excluded_ambig.values())
    stats['positives excluded: no shared word and other district (P5)'] = len(excluded_reuse)

    # -- P6 selection
    for p in kept:
        p['rank'] = rank(p['name'], p['id'])
    outlet = [p for p in kept if p['how'] == 'outlet-name' and p['differs']]
    by_id = collections.defaultdict(list)
    for p in outlet:
        by_id[p['id']].append(p)
    outlet_keep = set()
    outlet_dropped = 0
    for i, ps in by_id.items():
        ps.sort(key=lambda p: p['rank'])
        outlet_keep.update(id(p) for p in ps[:OUTLET_CAP_PER_ID])
        outlet_dropped += max(0, len(ps) - OUTLET_CAP_PER_ID)
    same = sorted([p for p in kept if not p['differs']], key=lambda p: p['rank'])
    legal = sorted([p for p in kept if p['differs'] and p['source'] == 'coops2017'
                    and p['how'] == 'registered-name' and p['legal_only']], key=lambda p: p['rank'])
    legal_ids = {id(p) for p in legal}
    rest = [p for p in kept if p['differs'] and id(p) not in legal_ids
            and (p['how'] != 'outlet-name' or id(p) in outlet_keep)]
    chosen = rest + same[:IDENTICAL_QUOTA]
    room = max(0, POSITIVE_TARGET - len(chosen))
    chosen += legal[:room]
    stats['positives not selected: outlet cap'] = outlet_dropped
    stats['positives not selected: identical beyond quota'] = max(0, len(same) - IDENTICAL_QUOTA)
    stats['positives not selected: legal-form-only registered names beyond target'] = max(0, len(legal) - room)

    # -- negatives
    neg = collections.OrderedDict()   # name -> row
    for src, how, n, i, pc in mentions:
        if i in rec23 or src == 'dotcoop2019':
            continue
        if n in neg:
            if i not in neg[n]['ids']:
                neg[n]['ids'].append(i)
            continue
        neg[n] = {'source': src, 'how': 'negative-not-in-2023', 'name': n, 'postcode': pc, 'ids': [i], 'kind': how}
    stats['negative candidates (distinct names)'] = len(neg)

    strong23 = {strong(r['Name']) for r in std}
    strong_known = set()
    for i in rec23:
        for n in names_of[i]:
            strong_known.add(strong(n))
    sector23 = {r['Sector'].strip() for r in std if r['Sector'].strip()}
    dist23 = {outward(r['Postcode']) for r in std if outward(r['Postcode'])}
    dist_sector23 = {(outward(r['Postcode']), r['Sector'].strip()) for r in std}
    ex = collections.Counter()
    negs = []
    for n, q in neg.items():
        sn = strong(n)
        if not sn:
            ex['(a) only legal-form words'] += 1
            continue
        if sn in strong23:
            ex['(b) equals a 2023 Name after legal-form removal'] += 1
            continue
        if sn in strong_known:
            ex['(c) equals another name of a 2023 id after legal-form removal'] += 1
            continue
        pc = q['postcode'] or by17.get(q['ids'][0], {}).get('Registered Postcode', '').strip()
        near = [r for r in std_by_pc.get(pc_key(pc), []) if similar_name(n, r['Name']) >= JACCARD_SAME_POSTCODE] if pc_key(pc) else []
        if near:
            ex['(d) same postcode as a 2023 record with a similar name'] += 1
            continue
        r17 = by17.get(q['ids'][0])
        sector = (r17 or {}).get('Sector - Simplified, High Level', '').strip()
        dist = outward(pc)
        if dist and sector and (dist, sector) in dist_sector23:
            tier = 'same district+sector (%s/%s)' % (dist, sector)
        elif dist and dist in dist23:
            tier = 'same district (%s)' % dist
        elif sector and sector in sector23:
            tier = 'same sector (%s)' % sector
        else:
            tier = 'no overlap'
        q['tier'] = tier.split(' (')[0]
        status = (r17 or {}).get('Registered Status', '').strip() or 'not in 2017'
        kind = {'registered-name': 'registered', 'trading-name': 'trading',
                'organisation-name': 'registered', 'outlet-name': 'outlet'}[q['kind']]
        q['notes'] = '%s %s (%s name); %s' % ('+'.join(q['ids']), status, kind, tier)
        negs.append(q)
    stats['negatives excluded'] = dict(ex)

    # -- rows
    rows = []
    for k, q in enumerate(sorted(negs, key=lambda q: (q['source'], q['how'], q['name'])), 1):
        rows.append(['N%05d' % k, q['source'], q['how'], q['name'], q['postcode'], '', 'no-match', 'false', q['notes']])
    for k, p in enumerate(sorted(chosen, key=lambda p: (p['source'], p['how'], p['name'], p['id'])), 1):
        notes = []
        if p['differs']:
            notes.append('legal-form only' if p['legal_only'] else ('words differ' if p['shared'] else 'no shared word'))
        if p['also']:
            notes.append('also: ' + ','.join(p['also']))
        rows.append(['P%05d' % k, p['source'], p['how'], p['name'], p['postcode'], p['id'], 'match',
                     'true' if p['differs'] else 'false', '; '.join(notes)])
    rows.sort(key=lambda r: r[0])

    with open(OUT, 'w', newline='', encoding='utf-8') as fh:
        w = csv.writer(fh, lineterminator='\n', quoting=csv.QUOTE_MINIMAL)
        w.writerow(HEADER)
        w.writerows(rows)

    # -- summary
    npos, nneg = len(chosen), len(negs)
    stats['positives'] = npos
    stats['positives differs=true'] = sum(p['differs'] for p in chosen)
    stats['negatives'] = nneg
    stats['positives by source/how/differs'] = dict(sorted(collections.Counter(
        (p['source'], p['how'], p['differs']) for p in chosen).items()))
    stats['positives by difference kind'] = dict(collections.Counter(r[8].split(';')[0] if r[7] == 'true' else 'identical' for r in rows if r[6] == 'match'))
    stats['negatives by source'] = dict(sorted(collections.Counter(q['source'] for q in negs).items()))
    stats['negatives by name kind'] = dict(sorted(collections.Counter((q['source'], q['kind']) for q in negs).items()))
    stats['negatives by tier'] = dict(sorted(collections.Counter(q['tier'] for q in negs).items()))
    stats['positive exclusions (P3) by source/how'] = dict(sorted(excluded_ambig.items()))
    stats['P3 most common ambiguous names'] = excluded_ambig_keys.most_common(12)
    stats['distinct organisations among positives'] = len({p['id'] for p in chosen})
    assert npos >= 2000, npos
    assert nneg >= npos, (nneg, npos)
    assert len({(p['name'], p['id']) for p in chosen}) == npos
    stats['positive exclusions (P3): distinct normalised names'] = len(excluded_ambig_keys)
    stats['outlet rows (2019 file) whose name is excluded by P3'] = sum(
        1 for r in out19 if len(union[norm(r['Outlet Name'].strip())]) > 1)
    stats['outlet rows (2019 file) in total'] = len(out19)
    return stats, dot_joins, excluded_reuse, excluded_ambig_list


def main():
    stats, joins, reuse, ambig = build()
    for k, v in stats.items():
        print('%s: %s' % (k, v))
    print('dotcoop joins (domain | name | postcode -> id):')
    for j in joins:
        print('  %s | %s | %s -> %s' % j)
    print('P3 exclusions (source/how | name | id | ids sharing the normalised name):')
    for a in ambig:
        print('  %s/%s | %s | %s | %s' % (a[0], a[1], a[2], a[3], ' '.join(a[4])))
    print('P5 exclusions (source/how | name | postcode | id | 2023 Name | 2023 postcode):')
    for p in reuse:
        print('  %s/%s | %s | %s | %s | %s | %s' % (p['source'], p['how'], p['name'], p['postcode'],
                                                   p['id'], p['name23'], p['postcode23']))
    print('wrote', os.path.relpath(OUT, REPO))


if __name__ == '__main__':
    sys.exit(main())
