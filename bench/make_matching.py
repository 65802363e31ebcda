#!/usr/bin/env python3
"""Writes a supplier-name matching benchmark: a Companies House register, a spend ledger
whose supplier names are perturbed register names (and names that must NOT match), the
truth for every ledger name, and a spendgap study file.

    python3 bench/make_matching.py OUTDIR --register 1000000 --queries 100000 [--seed 7]
    python3 bench/make_matching.py OUTDIR --mode accuracy            # N=200,000, Q=5,000

Writes into OUTDIR:
  register.csv  Companies House BasicCompanyData header (copied from make_reference.py),
                every field quoted like Companies House's file.
  ledger.csv    Supplier Name,Amount,Payment Date,Postcode -- one row per query, each
                supplier name distinct (also after case folding, punctuation and legal
                suffix are ignored, so no two queries can be grouped as one supplier).
  truth.csv     supplier_name,register_id,kind -- register_id is the CompanyNumber the
                query truly refers to, empty when its organisation is not in the register.
  study.toml    a spendgap study naming the two files.

Standard library only; random.Random(seed), so the same arguments give the same bytes.
--mode speed (default): ~2% of register names get a planted near-twin, ~3% a previous
name. --mode accuracy: ~10% near-twins and ~10% previous names, smaller register.
"""
import argparse
import bisect
import itertools
import os
import random
import string
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
# One copy of the official header and the postcode areas, shared with the cache benchmark.
from make_reference import AREAS, CH_HEADER  # noqa: E402
from make_reference import INWARD_LETTERS as INWARD  # noqa: E402

# ---------------------------------------------------------------- vocabulary
PLACES = """ABERDEEN ABINGDON ACCRINGTON ALDERSHOT ALNWICK ALTON ALSTON ALTRINCHAM AMERSHAM ANDOVER
ARUNDEL ASHBOURNE ASHBY ASHFIELD ASHFORD ASHTON ASTON AYLESBURY BANBURY BANGOR BARNES BARNET
BARNSLEY BARNSTAPLE BASILDON BASINGSTOKE BATH BEDFORD BELFAST BERKSHIRE BEVERLEY BEXLEY BICESTER
BIRKENHEAD BIRMINGHAM BLACKBURN BLACKPOOL BOLTON BOSTON BOURNEMOUTH BRACKNELL BRADFIELD BRADFORD
BRAINTREE BRENT BRENTFORD BRENTWOOD BRIDGEND BRIDGWATER BRIGHTON BRISTOL BRIXTON BROMLEY BUCKINGHAM
BURNLEY BURTON BURY CAMBRIDGE CAMDEN CANTERBURY CARDIFF CARLISLE CHATHAM CHELMSFORD CHELTENHAM
CHESHIRE CHESTER CHESTERFIELD CHICHESTER CHORLEY COLCHESTER CORNWALL COVENTRY CRAWLEY CREWE CROYDON
CUMBRIA DARLINGTON DARTFORD DERBY DERBYSHIRE DEVON DEVIZES DONCASTER DORCHESTER DORSET DOVER DUDLEY
DUNDEE DURHAM EALING EASTBOURNE EDINBURGH ENFIELD ESSEX EXETER FALKIRK FARNHAM FOLKESTONE GATESHEAD
GLASGOW GLOUCESTER GRANTHAM GRAVESEND GRIMSBY GUILDFORD HACKNEY HALIFAX HALTON HAMPSHIRE HAMPTON
HAMPSTEAD HARLOW HARROGATE HARROW HARTFORD HARTLEPOOL HASTINGS HAVERING HEREFORD HERTFORD
HERTFORDSHIRE HILLINGDON HORSHAM HOUNSLOW HUDDERSFIELD HULL IPSWICH ISLINGTON KENDAL KENT KETTERING
KINGSTON KINGSWOOD LAMBETH LANCASHIRE LANCASTER LEEDS LEICESTER LEICESTERSHIRE LEWISHAM LICHFIELD
LINCOLN LINCOLNSHIRE LIVERPOOL LONDON LOUGHBOROUGH LUTON MACCLESFIELD MAIDSTONE MANCHESTER MANSFIELD
MARLBOROUGH MARLOW MERTON MIDDLESBROUGH NEWARK NEWBURY NEWCASTLE NEWHAM NEWPORT NEWQUAY NORFOLK
NORTHAMPTON NORTHUMBERLAND NORWICH NOTTINGHAM NUNEATON OLDHAM OXFORD OXFORDSHIRE PAISLEY PENRITH
PERTH PETERBOROUGH PLYMOUTH POOLE PORTSMOUTH PRESTON READING REDBRIDGE REDDITCH REIGATE RICHMOND
ROCHDALE ROCHESTER ROTHERHAM RUGBY SALFORD SALISBURY SCARBOROUGH SHEFFIELD SHREWSBURY SLOUGH
SOLIHULL SOMERSET SOUTHAMPTON SOUTHEND SOUTHPORT SOUTHWARK STAFFORD STAFFORDSHIRE STAINES STAMFORD
STEVENAGE STIRLING STOCKPORT STOCKTON STOKE STRATFORD SUFFOLK SUNDERLAND SURREY SUSSEX SUTTON
SWANSEA SWINDON TAMWORTH TAUNTON TELFORD THANET TORBAY TOTTENHAM TRURO TUNBRIDGE WAKEFIELD WALSALL
WALTHAM WANDSWORTH WARRINGTON WARWICK WARWICKSHIRE WATFORD WELLINGBOROUGH WESTMINSTER WESTON
WEYMOUTH WIGAN WILTSHIRE WINCHESTER WINDSOR WOKING WOLVERHAMPTON WORCESTER WORTHING WREXHAM
YEOVIL YORK YORKSHIRE""".split() + [
    "MILTON KEYNES", "HIGH WYCOMBE", "STRATFORD-UPON-AVON", "STOKE-ON-TRENT", "NEWCASTLE-UNDER-LYME",
    "SOUTHEND-ON-SEA", "BARROW-IN-FURNESS", "HENLEY-ON-THAMES", "WESTON-SUPER-MARE", "ST. ALBANS",
    "ST. IVES", "ST. HELENS", "ST. AUSTELL", "ST. NEOTS", "KING'S LYNN", "BISHOP'S STORTFORD"]
REGIONS = ["NORTH", "SOUTH", "EAST", "WEST", "NORTH WEST", "NORTH EAST", "SOUTH WEST", "SOUTH EAST",
           "MIDLANDS", "WEST MIDLANDS", "EAST MIDLANDS", "EAST ANGLIA", "THAMES VALLEY", "PENNINE",
           "CHILTERN", "COTSWOLD", "WESSEX", "MERCIA", "ANGLIA", "CALEDONIAN", "CAMBRIAN", "CENTRAL"]
SURNAMES = """SMITH JONES WILLIAMS TAYLOR BROWN DAVIES EVANS WILSON THOMAS JOHNSON ROBERTS ROBINSON
THOMPSON WRIGHT WALKER WHITE EDWARDS HUGHES GREEN HALL LEWIS HARRIS CLARKE PATEL JACKSON WOOD TURNER
MARTIN COOPER HILL WARD MORRIS MOORE CLARK LEE KING BAKER HARRISON MORGAN ALLEN JAMES SCOTT PHILLIPS
WATSON DAVIS PARKER PRICE BENNETT YOUNG GRIFFITHS MITCHELL KELLY COOK CARTER RICHARDSON BAILEY
COLLINS BELL SHAW MURPHY MILLER COX RICHARDS KHAN MARSHALL ANDERSON SIMPSON ELLIS ADAMS SINGH BEGUM
WILKINSON FOSTER CHAPMAN POWELL WEBB ROGERS GRAY MASON ALI HUNT HUSSAIN CAMPBELL MATTHEWS OWEN
PALMER HOLMES MILLS KNIGHT LLOYD BUTLER RUSSELL BARKER FISHER STEVENS STEPHENS JENKINS MURRAY DIXON
HARVEY GRAHAM PEARSON AHMED FLETCHER WALSH KAUR GIBSON HOWARD ANDREWS STEWART ELLIOTT REYNOLDS
SAUNDERS PAYNE FOX FORD PEARCE DAY BROOKS LAWRENCE COLE ATKINSON BRADLEY SPENCER GILL DAWSON BALL
WATTS ROSE BOOTH PERRY RYAN GRANT WELLS ARMSTRONG FRANCIS REES HAYES HART HUDSON NEWMAN BARRETT
WEBSTER HUNTER GREGORY CARR LOWE PAGE MARSH RILEY DUNN WOODS PARSONS BERRY STONE REID HOLLAND
HAWKINS HARDING PORTER ROBERTSON NEWTON LAMBERT HAYWARD SMYTH SMYTHE THOMSON JOHNSTON PHILIPS
MACDONALD MCDONALD MCKENZIE MACKENZIE KENNEDY SUTHERLAND FRASER CHOUDHURY CHOWDHURY RAHMAN MISTRY
SHAH OSEI OKAFOR NGUYEN WONG CHEN KOWALSKI NOWAK""".split() + ["O'BRIEN", "O'CONNOR", "O'NEILL"]
FIRSTNAMES = """JOHN DAVID PAUL MARK JAMES PETER MICHAEL ANDREW STEPHEN RICHARD ROBERT CHRIS SIMON IAN
GARY KEVIN STEVEN NEIL ALAN TONY SARAH EMMA CLAIRE HELEN KAREN JULIE LISA RACHEL LAURA AMANDA NICOLA
JANE SUSAN JOANNE MOHAMMED IMRAN RAJ SANJAY PRIYA AISHA""".split()
NOUNS = """ACORN PHOENIX SUMMIT CROWN MERIDIAN ORCHARD OAK WILLOW BEACON PINNACLE APEX VERTEX HORIZON
FALCON EAGLE LION SOVEREIGN REGENT IMPERIAL ELITE PREMIER STERLING ATLAS TITAN ORION NOVA STAR
RAINBOW SUNRISE SUNSHINE BLUEBELL IVY HOLLY MAPLE CEDAR ASPEN BIRCH ELM LEAF STREAM RIVER BROOK
MEADOW FIELD HARBOUR ANCHOR COMPASS KEYSTONE CORNERSTONE LANTERN ARROW SHIELD OASIS GATEWAY
BRIDGE CASTLE TOWER ABBEY MANOR GRANGE VALLEY HILLSIDE RIVERSIDE LAKESIDE PARKSIDE WOODLAND
HEATHER THISTLE CLOVER FERN MOSS STAG FOX HAWK ROBIN WREN KESTREL DOLPHIN PEARL AMBER JADE RUBY
SAPPHIRE EMERALD DIAMOND CRYSTAL MOSAIC PRISM QUANTUM VECTOR MATRIX PIXEL FUSION CATALYST""".split()
ADJS = """GREEN BLUE RED GOLDEN SILVER BRIGHT SMART FIRST BEST QUALITY PREMIER UNITED NATIONAL GLOBAL
MODERN CLASSIC NEW OLD BIG LITTLE TOTAL EXPRESS RAPID ACE CITY COUNTY COUNTRY COASTAL URBAN ROYAL
GRAND TRUE PURE CLEAR SIMPLY PRIME ALPHA OMEGA NORTHERN SOUTHERN EASTERN WESTERN""".split()
# Descriptor words and phrases, most frequent first (drawn Zipf-like).
GENERIC = ["SERVICES", "UK", "GROUP", "HOLDINGS", "PROPERTY", "CONSULTING", "SOLUTIONS", "MANAGEMENT",
           "TRADING", "INVESTMENTS", "PROPERTIES", "DEVELOPMENTS", "CONSTRUCTION", "ENTERPRISES",
           "INTERNATIONAL", "TECHNOLOGIES", "VENTURES", "CAPITAL", "ASSOCIATES", "PARTNERS", "HOMES",
           "ESTATES", "CARE", "LOGISTICS", "TRANSPORT", "MEDIA", "DESIGN", "ENGINEERING", "BUILDERS",
           "ELECTRICAL", "PLUMBING", "HEATING", "CLEANING", "SECURITY", "RECRUITMENT", "ACCOUNTANCY",
           "FINANCE", "SYSTEMS", "DIGITAL", "TECHNOLOGY", "RETAIL", "FOODS", "CATERING", "LEISURE",
           "HEALTHCARE", "ENERGY", "ENVIRONMENTAL", "LANDSCAPES", "MOTORS", "TRAVEL", "TRAINING",
           "EDUCATION", "CONTRACTORS", "SUPPLIES", "DISTRIBUTION", "IMPORTS", "BUILDING SERVICES",
           "FACILITIES MANAGEMENT", "PROPERTY MANAGEMENT", "PROPERTY SERVICES", "CARE SERVICES",
           "HOME CARE", "ROOFING", "SCAFFOLDING", "FLOORING", "KITCHENS", "WINDOWS", "JOINERY",
           "GLAZING", "DECORATING", "INTERIORS", "ARCHITECTS", "SURVEYORS", "DENTAL", "PHARMACY",
           "NURSERY", "ACADEMY", "STUDIOS", "PRODUCTIONS", "EVENTS", "MARKETING", "COMMUNICATIONS",
           "SOFTWARE", "NETWORKS", "DATA", "ANALYTICS", "LABS", "INNOVATIONS", "RESOURCES", "HIRE",
           "PLANT HIRE", "TAXIS", "COACHES", "COURIERS", "FREIGHT", "HAULAGE", "WASTE MANAGEMENT",
           "RECYCLING", "PEST CONTROL", "LOCKSMITHS", "GARAGE", "TYRES", "BAKERY", "BUTCHERS", "CAFE",
           "RESTAURANT", "HOTEL", "LETTINGS", "LAND", "FARMS", "AGRICULTURE", "EQUESTRIAN", "FITNESS",
           "SPORTS", "MUSIC", "ARTS", "PUBLISHING", "PRINTING", "SIGNS", "PACKAGING", "MANUFACTURING",
           "FABRICATIONS", "STEEL", "TIMBER", "AGGREGATES", "SURFACING", "GROUNDWORKS", "CIVILS",
           "DRAINAGE", "MECHANICAL", "FIRE PROTECTION", "ALARMS", "TELECOMS", "SOLAR", "RENEWABLES",
           "INSURANCE", "MORTGAGES", "WEALTH MANAGEMENT", "TAX", "PAYROLL SERVICES", "SOLICITORS",
           "CONSULTANTS", "ADVISORY", "TRADING COMPANY", "SUPPORT SERVICES", "CLEANING SERVICES",
           "SECURITY SERVICES", "TRAVEL SERVICES", "MEDICAL SERVICES", "FINANCIAL SERVICES"]
SPORTS = ["RUGBY FOOTBALL UNION", "FOOTBALL CLUB", "CRICKET CLUB", "RUGBY CLUB", "BOWLS CLUB",
          "TENNIS CLUB", "GOLF CLUB", "SWIMMING CLUB", "ATHLETIC CLUB", "HOCKEY CLUB", "ROWING CLUB",
          "SAILING CLUB", "BOXING CLUB"]
ORG_TEMPLATES = [  # (format, suffix, category)  -- {p} place, {s} surname, {n} noun
    ("{p} HOUSING CO-OPERATIVE", "LIMITED", "RS"), ("{p} {sport}", "", "EXEMPT"),
    ("{p} COMMUNITY ASSOCIATION", "LIMITED", "GUAR"), ("{p} {sport}", "LIMITED", "GUAR"),
    ("{p} RESIDENTS ASSOCIATION", "LIMITED", "GUAR"), ("{p} CREDIT UNION", "LIMITED", "RS"),
    ("{p} COMMUNITY ENERGY SOCIETY", "LIMITED", "RS"), ("{p} {n} TRUST", "LIMITED", "GUAR"),
    ("{p} COMMUNITY TRANSPORT", "", "EXEMPT"), ("FRIENDS OF {p} {park}", "", "EXEMPT"),
    ("{p} WORKERS CO-OPERATIVE", "LIMITED", "RS"), ("{p} FOOD CO-OPERATIVE", "LIMITED", "RS"),
    ("{p} CHAMBER OF COMMERCE", "", "EXEMPT"), ("{p} CITIZENS ADVICE", "", "EXEMPT"),
    ("{p} YOUTH ASSOCIATION", "", "EXEMPT"), ("{p} ARTS ASSOCIATION", "LIMITED", "GUAR"),
    ("ST. {saint}'S {hall}", "", "EXEMPT"), ("{p} COMMUNITY {cic}", "CIC", "CIC"),
    ("{n} {cic}", "COMMUNITY INTEREST COMPANY", "CIC"), ("{p} {n} COMMUNITY SOCIETY", "LIMITED", "RS"),
    ("{p} TENANTS AND RESIDENTS ASSOCIATION", "", "EXEMPT"), ("{p} MUSIC SOCIETY", "", "EXEMPT"),
    ("{p} GROWERS CO-OPERATIVE", "LIMITED", "RS"), ("{p} CARE CO-OPERATIVE", "LIMITED", "RS"),
    ("{p} BUILDING PRESERVATION TRUST", "LIMITED", "GUAR"), ("{p} {n} HOUSING ASSOCIATION", "LIMITED", "RS"),
]
SAINTS = ["JOHN", "MARY", "PETER", "PAUL", "ANDREW", "GEORGE", "MICHAEL", "LUKE", "MARK", "JAMES",
          "DAVID", "PATRICK", "BRIDE", "ANNE", "MARGARET", "CATHERINE", "HELEN", "LAWRENCE", "BARNABAS"]
HALLS = ["CHURCH HALL TRUST", "HOSPICE", "COMMUNITY CENTRE", "SCHOOL TRUST", "PLAYGROUP",
         "ALMSHOUSES", "YOUTH CLUB", "SCOUT GROUP"]
PARKS = ["PARK", "WOODS", "COMMON", "GREEN", "LIBRARY", "MUSEUM", "CANAL", "CEMETERY"]
CIC_WORDS = ["GARDENS", "KITCHEN", "ENERGY", "TRANSPORT", "ARTS", "SPORTS", "CAFE", "FARM", "BIKES",
             "REPAIR CAFE", "FOOD BANK", "PANTRY", "HUB", "RADIO", "THEATRE", "MEDIA"]
NUMBERS = ["123", "247", "24/7", "360", "365", "1ST", "2ND", "101", "786", "999", "4U", "2020", "2019",
           "3D", "A1", "1", "2", "3", "4", "5", "7", "10", "21", "50", "99", "100", "777", "888"]
STREETS = ["HIGH STREET", "STATION ROAD", "CHURCH STREET", "LONDON ROAD", "VICTORIA ROAD", "GREEN LANE",
           "MANOR ROAD", "PARK ROAD", "QUEENS ROAD", "MILL LANE", "NEW ROAD", "KINGS ROAD", "THE GREEN",
           "BRIDGE STREET", "MARKET PLACE", "INDUSTRIAL ESTATE", "BUSINESS PARK", "CHAPEL STREET"]
SICS = ["43220 - Plumbing, heat and air-conditioning installation",
        "62020 - Information technology consultancy activities", "56290 - Other food services",
        "81210 - General cleaning of buildings", "49410 - Freight transport by road",
        "70229 - Management consultancy activities other than financial management",
        "96090 - Other service activities n.e.c.", "68209 - Other letting and operating of own or leased real estate",
        "68100 - Buying and selling of own real estate", "41100 - Development of building projects",
        "41202 - Construction of domestic buildings", "43390 - Other building completion and finishing",
        "64209 - Activities of other holding companies n.e.c.", "82990 - Other business support service activities n.e.c.",
        "47910 - Retail sale via mail order houses or via Internet", "86900 - Other human health activities",
        "88100 - Social work activities without accommodation for the elderly and disabled",
        "87300 - Residential care activities for the elderly and disabled", "85590 - Other education n.e.c.",
        "93120 - Activities of sport clubs", "94990 - Activities of other membership organisations n.e.c.",
        "74909 - Other professional, scientific and technical activities n.e.c.", "None Supplied",
        "99999 - Dormant Company", "62012 - Business and domestic software development",
        "73110 - Advertising agencies", "78109 - Other activities of employment placement agencies"]
ACCOUNTS = ["MICRO ENTITY", "TOTAL EXEMPTION FULL", "SMALL", "DORMANT", "FULL", "NO ACCOUNTS FILED",
            "UNAUDITED ABRIDGED", "TOTAL EXEMPTION SMALL"]
CATS = {
    "PRIVATE": "Private Limited Company", "PLC": "Public Limited Company",
    "LLP": "Limited Liability Partnership", "CIC": "Community Interest Company",
    "RS": "Registered Society", "IP": "Industrial and Provident Society",
    "GUAR": "PRI/LTD BY GUAR/NSC (Private, limited by guarantee, no share capital)",
    "EXEMPT": "PRI/LBG/NSC (Private, Limited by guarantee, no share capital, use of 'Limited' exemption)",
}
ABBREV = {"MANAGEMENT": ["MGT", "MGMT"], "SERVICES": ["SVCS", "SERVS", "SRVCS"],
          "CO-OPERATIVE": ["CO-OP", "COOP", "CO OP"], "ASSOCIATION": ["ASSOC", "ASSN", "ASSOC."],
          "INTERNATIONAL": ["INTL", "INT'L", "INTNL"], "COMPANY": ["CO", "CO."], "BROTHERS": ["BROS", "BROS."],
          "ENGINEERING": ["ENG", "ENGG"], "HOLDINGS": ["HLDGS", "HOLDGS"], "PROPERTIES": ["PROPS"],
          "TECHNOLOGY": ["TECH"], "TECHNOLOGIES": ["TECH", "TECHS"], "ASSOCIATES": ["ASSOCS", "ASSOC"],
          "DEVELOPMENTS": ["DEVS", "DEVT"], "CONSTRUCTION": ["CONSTR", "CONST"], "CENTRE": ["CTR"],
          "INVESTMENTS": ["INVS", "INVESTS"], "COMMUNITY": ["COMM", "CMTY"], "SOCIETY": ["SOC"],
          "CONSULTING": ["CONSULT"], "CONSULTANTS": ["CONSULT", "CONS"], "DISTRIBUTION": ["DIST", "DISTRIB"],
          "ENVIRONMENTAL": ["ENV", "ENVIRO"], "SOLUTIONS": ["SOLNS", "SOLS"], "TRANSPORT": ["TRANS", "TPT"]}
LEGAL_ENDINGS = [  # longest first; matched on the upper-cased name
    "COMMUNITY INTEREST COMPANY", "PUBLIC LIMITED COMPANY", "LIMITED LIABILITY PARTNERSHIP",
    "LIMITED", "C.I.C.", "P.L.C.", "L.L.P.", "LTD.", "LTD", "PLC", "LLP", "CIC"]

# ---------------------------------------------------------------- helpers
_PUNCT = str.maketrans({c: " " for c in ".,'’()-/\\\"!?:;*#@[]{}_"})
_SUFFIX_TOKENS = [("COMMUNITY", "INTEREST", "COMPANY"), ("PUBLIC", "LIMITED", "COMPANY"),
                  ("LIMITED", "LIABILITY", "PARTNERSHIP"), ("L", "L", "P"), ("P", "L", "C"), ("C", "I", "C"),
                  ("LIMITED",), ("LTD",), ("PLC",), ("LLP",), ("CIC",)]


def same_as_key(name):
    """Companies House 'same as' style key: case, punctuation, spacing, &/AND/+, a leading THE
    and one trailing legal suffix are ignored. Register names and ledger names are unique on it."""
    t = name.upper().replace("&", " AND ").replace("+", " AND ").translate(_PUNCT).split()
    if t and t[0] == "THE":
        t = t[1:]
    for suf in _SUFFIX_TOKENS:
        n = len(suf)
        if len(t) > n and tuple(t[-n:]) == suf:
            t = t[:-n]
            break
    return "".join(t)


def split_legal(name):
    """(body, ending) where ending is one of LEGAL_ENDINGS (or '')."""
    up = name.upper()
    for e in LEGAL_ENDINGS:
        if up.endswith(" " + e):
            return name[: len(name) - len(e) - 1], name[len(name) - len(e):]
    return name, ""


class Zipf:
    """A list drawn from with P(rank k) ~ 1/k**s."""
    __slots__ = ("seq", "cum", "tot")

    def __init__(self, seq, s):
        self.seq = list(seq)
        self.cum = list(itertools.accumulate(1.0 / (k ** s) for k in range(1, len(self.seq) + 1)))
        self.tot = self.cum[-1]


VG = Zipf(GENERIC, 0.9)   # descriptor words, most frequent first


def zipf(rng, z):
    return z.seq[bisect.bisect(z.cum, rng.random() * z.tot)]


def loguni(rng, seq):
    """Draw from seq with a steep rank distribution (log-uniform rank)."""
    return seq[int(len(seq) ** rng.random()) - 1]


def brand_words(rng, n):
    pre = ["AB", "AC", "AD", "AL", "AM", "AN", "AR", "AS", "AV", "AX", "BEL", "BRI", "CAL", "CAM", "CEN",
           "COR", "CRE", "DEL", "DYN", "ECO", "ELE", "EN", "EV", "FLEX", "FOR", "GEN", "GLO", "HEX", "HYD",
           "IN", "IV", "JAN", "KAL", "KEN", "LUM", "MAR", "MAX", "MED", "MER", "NEX", "NOV", "NU", "OM",
           "OP", "PAN", "PRO", "QUA", "RAD", "REX", "SAL", "SOL", "SYN", "TEC", "TER", "TRI", "UL", "UNI",
           "VAL", "VEN", "VER", "VIS", "VOL", "XEN", "ZEN", "ZY", "KOR", "LIN", "FIN", "BRO", "DRA"]
    mid = ["", "", "A", "I", "O", "E", "ER", "AR", "IN", "ON", "OL", "AL", "EL", "US", "AN"]
    end = ["TEX", "TRIX", "TECH", "LINE", "WAY", "WORKS", "CO", "LEX", "RON", "VIA", "IUM", "ARA",
           "ORA", "ENT", "ANT", "IQ", "ITY", "ICA", "ON", "US", "IS", "A", "O", "EX", "ORE", "IVE",
           "ENSE", "ERA", "ISE", "OS", "ANO", "ELLA", "IX", "ERO"]
    words = sorted({p + m + e for p in pre for m in mid for e in end if 4 <= len(p + m + e) <= 11})
    rng.shuffle(words)
    return words[:n]


def deletion_neighbours(words):
    """word -> list of other words within one substitution / insertion / deletion."""
    buckets = {}
    for w in words:
        for k in {w} | {w[:i] + w[i + 1:] for i in range(len(w))}:
            buckets.setdefault(k, set()).add(w)
    out = {}
    for w in words:
        s = set()
        for k in {w} | {w[:i] + w[i + 1:] for i in range(len(w))}:
            s |= buckets.get(k, set())
        s.discard(w)
        if s:
            out[w] = sorted(s)
    return out


def place_neighbours(places):
    """Places that share a 4-letter start (ASHFIELD/ASHFORD) or a county ending with the same
    first letter (LANCASHIRE/LEICESTERSHIRE), plus one-edit neighbours."""
    single = [p for p in places if " " not in p and "-" not in p and "'" not in p and "." not in p]
    out = {w: set(v) for w, v in deletion_neighbours(single).items()}
    for a in single:
        for b in single:
            if a == b:
                continue
            if (len(a) >= 5 and len(b) >= 5 and a[:4] == b[:4] and abs(len(a) - len(b)) <= 3) or \
               (a[0] == b[0] and a.endswith("SHIRE") and b.endswith("SHIRE")) or \
               (a[-4:] == b[-4:] and a[:2] == b[:2] and len(a) >= 6 and len(b) >= 6):
                out.setdefault(a, set()).add(b)
    return {w: sorted(v) for w, v in out.items()}


class Vocab:
    def __init__(self, rng):
        known = COMMON_WORDS | set(" ".join(PLACES + SURNAMES + NOUNS + FIRSTNAMES).split())
        brands = [w for w in brand_words(rng, 31000) if w not in known][:30000]
        self.brands = Zipf(brands, 0.5)
        self.brand_set = set(brands)   # invented words: one letter off is another brand, not a typo
        places = PLACES[:]
        rng.shuffle(places)                # Zipf rank order differs from alphabetical
        self.places = Zipf(places, 0.75)
        self.surnames = Zipf(SURNAMES, 0.9)  # already roughly by frequency
        nouns = NOUNS[:]
        rng.shuffle(nouns)
        self.nouns = Zipf(nouns, 0.6)
        self.neigh = {}
        self.neigh.update(deletion_neighbours(brands))
        self.neigh.update(deletion_neighbours([s for s in SURNAMES if "'" not in s]))
        for w, v in place_neighbours(PLACES).items():
            self.neigh[w] = v
        for w, v in deletion_neighbours(NOUNS + ADJS).items():
            self.neigh.setdefault(w, v)


def initials(rng):
    a = rng.choice("ABCDEGHJKLMNPRST")
    b = rng.choice("ABCDEGHJKLMNPRSTW")
    r = rng.random()
    if r < 0.35:
        return f"{a} & {b}"
    if r < 0.55:
        return f"{a} {b}"
    if r < 0.7:
        return f"{a}{b}"
    c = rng.choice("ABCDEGHJKLMNPRSTW")
    if r < 0.8:
        return f"{a}.{b}.{c}."
    if r < 0.9:
        return f"{a} {b} {c}"
    return f"{a}{b}{c}"


SECOND = ["UK", "GROUP", "HOLDINGS", "SERVICES", "SOLUTIONS", "INTERNATIONAL", "MANAGEMENT", "SUPPLIES",
          "CONSULTANTS", "SPECIALISTS", "CONTRACTORS", "SYSTEMS", "PARTNERS", "LONDON", "SOUTH", "NORTH"]


def second(rng, g):
    """A closing word for a two-descriptor name, never repeating the first."""
    for _ in range(4):
        w = loguni(rng, SECOND)
        if w not in g.split():
            return w
    return "UK" if "UK" not in g else "GROUP"


def gen_body(rng, v):
    """(body, forced_suffix_or_None, category_or_None) for one company name."""
    r = rng.random()
    g = zipf(rng, VG)
    if r < 0.20:
        b = zipf(rng, v.brands)
        body = f"{b} {g}" if rng.random() < 0.75 else f"{b} {g} {second(rng, g)}"
    elif r < 0.32:
        body = f"{zipf(rng, v.places)} {g}"
        if rng.random() < 0.25:
            body += " " + second(rng, g)
    elif r < 0.43:
        s = zipf(rng, v.surnames)
        q = rng.random()
        if q < 0.45:
            body = f"{s} {g}"
        elif q < 0.6:
            body = f"{s} & SONS" + (f" {g}" if rng.random() < 0.4 else "")
        elif q < 0.7:
            body = f"{s} & CO"
        elif q < 0.8:
            body = f"{s} BROTHERS" + (f" {g}" if rng.random() < 0.5 else "")
        else:
            body = f"{s} & {zipf(rng, v.surnames)}" + (f" {g}" if rng.random() < 0.5 else "")
    elif r < 0.51:
        body = f"{initials(rng)} {g}"
    elif r < 0.61:
        a = rng.choice(ADJS) if rng.random() < 0.5 else zipf(rng, v.nouns)
        body = f"{a} {zipf(rng, v.nouns)} {g}"
    elif r < 0.66:
        body = zipf(rng, v.brands)
        if rng.random() < 0.3:
            body += " UK"
    elif r < 0.71:
        n = rng.choice(NUMBERS)
        q = rng.random()
        if q < 0.5:
            body = f"{n} {g}"
        elif q < 0.8:
            body = f"{zipf(rng, v.brands)} {g} {n}"
        else:
            body = f"{zipf(rng, v.nouns)} {n}"
    elif r < 0.78:
        q = rng.random()
        s = zipf(rng, v.surnames)
        if q < 0.5:
            body = f"{rng.choice(FIRSTNAMES)} {s} {g}"
        elif q < 0.8:
            body = f"{rng.choice(FIRSTNAMES)} {s}"
        else:
            body = f"{rng.choice(FIRSTNAMES)[0]} {s} {g}"
    elif r < 0.84:
        fmt, suf, cat = loguni(rng, ORG_TEMPLATES)
        body = fmt.format(p=zipf(rng, v.places), sport=rng.choice(SPORTS), n=zipf(rng, v.nouns),
                          park=rng.choice(PARKS), saint=rng.choice(SAINTS), hall=rng.choice(HALLS),
                          cic=rng.choice(CIC_WORDS))
        return body, suf, cat
    elif r < 0.87:
        body = f"THE {zipf(rng, v.places) if rng.random() < 0.5 else zipf(rng, v.nouns)} " \
               f"{rng.choice(['BAKING', 'BREWING', 'PRINT', 'CLEANING', 'GARDEN', 'FLOORING', 'TRAINING', 'CARE', 'COFFEE', 'FURNITURE', 'PLAY', 'TILE'])} COMPANY"
    elif r < 0.93:
        body = f"{zipf(rng, v.brands)} {zipf(rng, v.places)} {g}"
    elif r < 0.97:
        body = f"{zipf(rng, v.places)} {rng.choice(REGIONS)} {g}"
    else:
        body = f"{rng.choice(REGIONS)} {zipf(rng, v.nouns)} {g}"
    q = rng.random()
    if q < 0.02:
        body += rng.choice([" (UK)", " (SOUTH)", " (NORTH)", " (HOLDINGS)", " (2019)", " (GB)", " (EUROPE)"])
    return body, None, None


def pick_suffix(rng):
    """(suffix, category) for a company whose template does not force one. LIMITED ~85% overall."""
    r = rng.random()
    if r < 0.875:
        return "LIMITED", ("GUAR" if rng.random() < 0.04 else "PRIVATE")
    if r < 0.915:
        return "LTD", "PRIVATE"
    if r < 0.945:
        return "LLP", "LLP"
    if r < 0.952:
        return "PLC", "PLC"
    if r < 0.962:
        return "CIC", "CIC"
    if r < 0.966:
        return "C.I.C.", "CIC"
    if r < 0.975:
        return "COMMUNITY INTEREST COMPANY", "CIC"
    if r < 0.985:
        return "", "EXEMPT"
    if r < 0.993:
        return "CO-OPERATIVE LIMITED", "RS"
    return "SOCIETY LIMITED", "RS"


def full(body, suf):
    return f"{body} {suf}" if suf else body


def random_postcode(rng):
    area = loguni(rng, AREAS) if rng.random() < 0.5 else rng.choice(AREAS)
    return f"{area}{rng.randint(1, 29)} {rng.randint(0, 9)}{rng.choice(INWARD)}{rng.choice(INWARD)}"


# ---------------------------------------------------------------- twins
# Descriptor and legal words: a twin never differs from its sibling by a letter in one of these
# (SERYICES is a typo, not another organisation).
COMMON_WORDS = set(" ".join(GENERIC + SECOND + SPORTS + REGIONS + HALLS + PARKS + CIC_WORDS + ADJS + list(ABBREV)
                            + [t[0] for t in ORG_TEMPLATES] + LEGAL_ENDINGS +
                            ["SONS", "BROTHERS", "COMPANY", "CO-OPERATIVE", "SOCIETY", "BAKING", "BREWING",
                             "PRINT", "GARDEN", "COFFEE", "FURNITURE", "PLAY", "TILE", "THE", "AND"]).split())
VOWELS = "AEIOU"
CONSONANTS = "BCDFGHKLMNPRSTVWY"


def one_letter(rng, word):
    i = rng.randrange(1, len(word)) if len(word) > 1 else 0
    c = word[i]
    if not c.isalpha():
        return None
    pool = VOWELS if c in VOWELS else CONSONANTS
    n = rng.choice(pool.replace(c, ""))
    return word[:i] + n + word[i + 1:]


def pick_weighted(rng, weights):
    r = rng.random() * sum(weights.values())
    for k, w in weights.items():
        r -= w
        if r < 0:
            return k
    return k


def make_twin(rng, v, body, how):
    """A near-twin of body made the way `how` says, or None when that way does not apply:
    swap = a vocabulary word replaced by a close vocabulary word (ASHFIELD -> ASHFORD),
    number = a number changed or appended, initials = one initial changed, letter = one letter
    of an invented brand word substituted (ZENTRIX -> ZANTRIX; a real word one letter off reads
    as a typo, so those are never twinned that way)."""
    toks = body.split(" ")
    for how in (how,):
        if how == "swap":
            idx = [i for i, t in enumerate(toks) if t in v.neigh]
            if idx:
                i = rng.choice(idx)
                t2 = toks[:]
                t2[i] = rng.choice(v.neigh[toks[i]])
                return " ".join(t2)
        elif how == "number":
            idx = [i for i, t in enumerate(toks) if t.isdigit()]
            t2 = toks[:]
            if idx:
                i = idx[-1]
                n = int(toks[i])
                t2[i] = str(max(0, n + rng.choice([-2, -1, 1, 1, 2, 3, 10]))) if n > 2 else str(n + rng.randint(1, 5))
                if t2[i] == toks[i]:
                    return None
            else:
                if toks and toks[-1].startswith("("):
                    return None
                t2.append(str(rng.choice([2, 2, 2, 3, 4, 1, 5, 10, 2020, 2024])))
            return " ".join(t2)
        elif how == "initials":
            idx = [i for i, t in enumerate(toks) if len(t) == 1 and t.isalpha() or
                   (len(t) in (2, 3) and t.isalpha() and i == 0 and t not in COMMON_WORDS and t not in v.neigh)]
            if idx:
                i = rng.choice(idx)
                t = toks[i]
                j = rng.randrange(len(t))
                t2 = toks[:]
                t2[i] = t[:j] + rng.choice([c for c in "ABCDEGHJKLMNPRSTW" if c != t[j]]) + t[j + 1:]
                return " ".join(t2)
        elif how == "letter":
            idx = [i for i, t in enumerate(toks) if len(t) >= 5 and t in v.brand_set]
            if idx:
                i = rng.choice(idx)
                w = one_letter(rng, toks[i])
                if w:
                    t2 = toks[:]
                    t2[i] = w
                    return " ".join(t2)
    return None


REGISTER_TWINS = {"swap": 40, "letter": 30, "number": 18, "initials": 12}
ABSENT_TWINS = {"swap": 45, "number": 20, "initials": 15, "letter": 20}


# ---------------------------------------------------------------- perturbations
def case_variant(rng, s, p_upper=0.6, p_title=0.28):
    r = rng.random()
    if r < p_upper:
        return s
    if r < p_upper + p_title:
        return string.capwords(s.lower())
    return s.lower()


def suffix_variant(rng, name):
    body, e = split_legal(name)
    E = e.upper()
    if E == "LIMITED":
        if body.upper().endswith(" CO-OPERATIVE") and rng.random() < 0.3:
            return body[: -len(" CO-OPERATIVE")] + rng.choice([" CO-OP LTD", " COOPERATIVE LTD", " CO-OPERATIVE"])
        alt = rng.choice(["LTD", "LTD", "LTD", "", "", "LTD.", "LIMIT", "LIMI", "(LTD)", "LTD", "LIMTED"])
    elif E in ("LTD", "LTD."):
        alt = rng.choice(["LIMITED", "", "LTD.", "Limited"])
    elif E in ("PLC", "P.L.C."):
        alt = rng.choice(["", "P.L.C.", "LIMITED", "PUBLIC LIMITED COMPANY", "LTD"])
    elif E in ("LLP", "L.L.P."):
        alt = rng.choice(["", "L.L.P.", "LIMITED LIABILITY PARTNERSHIP"])
    elif E in ("CIC", "C.I.C."):
        alt = rng.choice(["", "COMMUNITY INTEREST COMPANY", "C.I.C." if E == "CIC" else "CIC", "LTD"])
    elif E == "COMMUNITY INTEREST COMPANY":
        alt = rng.choice(["", "CIC", "C.I.C."])
    else:  # no legal ending in the register: the ledger adds one
        alt = rng.choice(["LTD", "LIMITED"])
    out = full(body, alt)
    return out if out != name else None


def ampersand_variant(rng, name):
    toks = name.split(" ")
    if "&" in toks:
        rep = rng.choice(["AND", "AND", "AND", "+", "+", "&AMP;"])
        i = toks.index("&")
        if rep == "&AMP;":
            rep = "&amp;"
        toks[i] = rep
        return " ".join(toks)
    if "AND" in toks:
        toks[toks.index("AND")] = rng.choice(["&", "&", "+"])
        return " ".join(toks)
    if "+" in toks:
        toks[toks.index("+")] = "&"
        return " ".join(toks)
    return None


def punctuation_variant(rng, name):
    body, e = split_legal(name)
    toks = body.split(" ")
    r = rng.random()
    if "." in body and r < 0.8:   # A.G.S. -> A G S / AGS ; ST. ALBANS -> ST ALBANS
        return full(body.replace(".", rng.choice(["", " "])).replace("  ", " ").strip(), e)
    if "-" in body and r < 0.8:
        return full(body.replace("-", rng.choice(["", " "])), e)
    if "'" in body and r < 0.8:
        return full(body.replace("'", rng.choice(["", "’", "`"])), e)
    singles = [i for i, t in enumerate(toks) if len(t) == 1 and t.isalpha()]
    if len(singles) >= 2 and r < 0.8:
        i, j = singles[0], singles[1]
        if j == i + 1:
            form = rng.choice(["{a}.{b}.", "{a}{b}"])
            toks[i:j + 1] = [form.format(a=toks[i], b=toks[j])]
            return full(" ".join(toks), e)
    q = rng.random()
    if q < 0.3 and e:
        return f"{body}, {e}"
    if q < 0.5 and e:
        return f"{body} {e}."
    if q < 0.7 and len(toks) >= 2:
        i = rng.randrange(len(toks) - 1)
        if toks[i].isalpha() and toks[i + 1].isalpha():
            toks[i:i + 2] = [toks[i] + toks[i + 1]]
            return full(" ".join(toks), e)
    if q < 0.85 and len(toks) >= 2:
        i = rng.randrange(1, len(toks))
        toks[i] = " " + toks[i]   # double space
        return full(" ".join(toks), e)
    alpha = [i for i in range(len(toks) - 1) if toks[i].isalpha() and toks[i + 1] != "&"]
    if alpha:
        i = rng.choice(alpha)
        return full(" ".join(toks[: i + 1]) + ", " + " ".join(toks[i + 1:]), e)
    return None


def the_variant(rng, name):
    if name.upper().startswith("THE "):
        return name[4:]
    return "THE " + name


def abbreviation_variant(rng, name):
    toks = name.split(" ")
    idx = [i for i, t in enumerate(toks) if t in ABBREV]
    # "COMPANY" inside COMMUNITY INTEREST COMPANY is a legal ending, not a word to abbreviate.
    if toks[-3:] == ["COMMUNITY", "INTEREST", "COMPANY"]:
        idx = [i for i in idx if i < len(toks) - 3]
    if not idx:
        return None
    rng.shuffle(idx)
    for i in idx[: 1 + (rng.random() < 0.3)]:
        toks[i] = rng.choice(ABBREV[toks[i]])
    out = " ".join(toks)
    if rng.random() < 0.5:
        out = suffix_variant(rng, out) or out
    return out


def typo_variant(rng, name, edits):
    body, e = split_legal(name)
    if len(body) < 12:
        return None
    s = list(body)
    done = 0
    tries = 0
    while done < edits and tries < 20:
        tries += 1
        i = rng.randrange(1, len(s) - 1)
        if not s[i].isalpha():
            continue
        op = rng.random()
        if op < 0.45:
            c = rng.choice(string.ascii_uppercase.replace(s[i], ""))
            s[i] = c
        elif op < 0.75:
            if not s[i + 1].isalpha() or s[i + 1] == s[i]:
                continue
            s[i], s[i + 1] = s[i + 1], s[i]
        else:
            del s[i]
        done += 1
    if done < edits:
        return None
    return full("".join(s), e)


def acronym(body):
    words = [w for w in body.replace("-", " ").split() if w not in ("&", "AND", "OF", "THE") and w[0].isalpha()]
    if len(words) < 2:
        return None
    return "".join(w[0] for w in words)


def light(rng, name):
    """The light touch every query gets: case, sometimes the legal ending changed."""
    if rng.random() < 0.35:
        name = suffix_variant(rng, name) or name
    return case_variant(rng, name)


# ---------------------------------------------------------------- generator
class Register:
    def __init__(self, rng, v, used):
        self.rng, self.v, self.used = rng, v, used
        self.names, self.numbers, self.postcodes = [], [], []
        self.prev = {}        # row -> previous name
        self.twins = []       # (row, row) both in the register
        self.counters = {}

    def number(self, prefix):
        c = self.counters.get(prefix, 0)
        self.counters[prefix] = c + 1
        if prefix == "":
            return f"{(c * 7919 + 104729) % 16_000_000:08d}"
        return f"{prefix}{(c * 7919 + 1237) % 1_000_000:06d}"

    def new_name(self):
        rng = self.rng
        for attempt in range(12):
            body, suf, cat = gen_body(rng, self.v)
            if suf is None:
                suf, cat = pick_suffix(rng)
            if attempt >= 6:   # crowded: add a distinguishing word
                body = f"{body} {rng.choice([zipf(rng, self.v.brands), rng.choice(REGIONS), zipf(rng, self.v.places)])}"
            name = full(body, suf)
            k = same_as_key(name)
            if k not in self.used:
                self.used.add(k)
                return body, suf, cat, name
        raise RuntimeError("could not make a unique name")


def company_fields(rng, cat, suf):
    if cat == "PRIVATE" or cat == "GUAR":
        r = rng.random()
        prefix = "" if r < 0.88 else ("SC" if r < 0.96 else "NI")
    elif cat == "LLP":
        prefix = "OC" if rng.random() < 0.93 else "SO"
    elif cat == "RS":
        prefix = "RS" if rng.random() < 0.85 else "IP"
        if prefix == "IP":
            cat = "IP"
    elif cat == "PLC" or cat == "CIC" or cat == "EXEMPT":
        prefix = "" if rng.random() < 0.95 else "SC"
    else:
        prefix = ""
    return prefix, cat


def write_register(path, rng, v, n, twin_p, prev_p, used, log):
    reg = Register(rng, v, used)
    empty_prev = "," * 19
    t0 = time.time()
    with open(path, "w", encoding="utf-8", newline="\n", buffering=1 << 20) as f:
        f.write(CH_HEADER + "\n")
        pending = []  # twins to write as later rows
        want_twin = None  # a kind of twin still to plant (on the next name it applies to)
        i = 0
        while i < n:
            if pending and rng.random() < 0.5:
                body, suf, cat, name, twin_of = pending.pop(0)
            else:
                body, suf, cat, name = reg.new_name()
                twin_of = None
                if want_twin is None and rng.random() < twin_p:
                    want_twin = pick_weighted(rng, REGISTER_TWINS)
                if want_twin is not None:
                    t = make_twin(rng, v, body, want_twin)
                    if t:
                        want_twin = None
                        tname = full(t, suf)
                        k = same_as_key(tname)
                        if k not in used and k:
                            used.add(k)
                            pending.append((t, suf, cat, tname, i))
            prefix, cat2 = company_fields(rng, cat, suf)
            num = reg.number(prefix)
            pc = random_postcode(rng)
            reg.names.append(name)
            reg.numbers.append(num)
            reg.postcodes.append(pc)
            if twin_of is not None:
                reg.twins.append((twin_of, i))
            year = 2024 - int(70 * rng.random() ** 2.2)
            inc = f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{year}"
            status, dis = "Active", ""
            r = rng.random()
            if r < 0.07 and year < 2024:
                status = "Dissolved"
                dis = f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{min(2024, year + 1 + int(15 * rng.random()))}"
            elif r < 0.09:
                status = "Active - Proposal to Strike off"
            elif r < 0.095:
                status = "Liquidation"
            prev = empty_prev
            if rng.random() < prev_p:
                pn = previous_name(rng, v, body, suf, used)
                if pn:
                    reg.prev[i] = pn
                    py = min(2024, year + 1 + int(10 * rng.random()))
                    prev = f'"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{py}","{pn}"' + "," * 18
            sic = loguni(rng, SICS) if cat2 not in ("RS", "IP") else "None Supplied"
            acc = loguni(rng, ACCOUNTS) if cat2 not in ("RS", "IP") else "NO ACCOUNTS FILED"
            town = zipf(rng, v.places)
            f.write(f'"{name}","{num}","","","{rng.randint(1, 250)} {rng.choice(STREETS)}","","{town}","",'
                    f'"UNITED KINGDOM","{pc}","{CATS[cat2]}","{status}","United Kingdom","{dis}","{inc}",'
                    f'"31","3","31/12/2025","31/03/2024","{acc}","","","0","0","0","0","{sic}","","","","0","0",'
                    f'"http://business.data.gov.uk/id/company/{num}",{prev},"01/01/2026","01/01/2025"\n')
            i += 1
            if log and i % 500_000 == 0:
                print(f"  register: {i:,} rows, {time.time() - t0:.0f}s", file=sys.stderr)
    return reg


def previous_name(rng, v, body, suf, used):
    """A former name: half the time a relative of the current one (same lead word, other
    descriptor), half the time unrelated. Unique on the same-as key across everything."""
    for _ in range(6):
        if rng.random() < 0.5:
            lead = body.split(" ")[0]
            pb = f"{lead} {zipf(rng, VG)}" if lead not in ("THE", "&") else gen_body(rng, v)[0]
        else:
            pb = gen_body(rng, v)[0]
        ps = rng.choice(["LIMITED", "LIMITED", "LIMITED", "LTD"]) if suf not in ("LLP", "CIC") else suf
        pn = full(pb, ps)
        k = same_as_key(pn)
        if k not in used:
            used.add(k)
            return pn
    return None


# ---------------------------------------------------------------- queries
MATCH_MIX = [("exact_case", 10), ("suffix_variant", 12), ("ampersand", 5), ("punctuation", 6),
             ("the_prefix", 4), ("trading_as", 6), ("bracket_alias", 4), ("typo", 12), ("truncate22", 4),
             ("truncate30", 5), ("truncate40", 4), ("abbreviation", 8), ("previous_name", 6),
             ("twin_present", 6), ("combined", 8)]
NONMATCH_MIX = [("absent", 10), ("twin_absent", 10), ("set_aside_individual", 3.5),
                ("set_aside_redacted", 0.5), ("set_aside_internal", 1.0)]
TITLES = ["Mr", "Mrs", "Ms", "Miss", "Dr", "MR", "MRS", "MS", "MISS"]
REDACTED = ["REDACTED PERSONAL DATA", "REDACTED", "PERSONAL DATA REDACTED", "Personal Information Redacted",
            "REDACTED - PERSONAL DATA", "Name Withheld", "PRIVATE INDIVIDUAL", "Data Protection Act",
            "WITHHELD - DATA PROTECTION", "Redacted (Sensitive)", "Foster Carer - Redacted",
            "Personal Data Withheld", "CONFIDENTIAL PAYEE", "Redacted - Individual", "Payee Redacted",
            "SENSITIVE - REDACTED", "Redacted Vendor", "Withheld (GDPR)"]
REDACTED_NUM = ["REDACTED PERSONAL DATA {n}", "Redacted Payee {n}", "Personal Data - Ref {n}",
                "FOSTER CARER {n}", "Vendor {n} (Redacted)", "Individual {n}", "REDACTED {n}"]
INTERNAL = ["Petty Cash", "PETTY CASH", "Payroll", "PAYROLL DEDUCTIONS", "Internal Recharge",
            "Imprest Account", "HMRC PAYE", "Salary Sacrifice", "Staff Expenses", "Journal Transfer"]
INTERNAL_FMT = ["Petty Cash - {p} Library", "PETTY CASH {P} OFFICE", "Payroll - {p} Depot",
                "Petty Cash Reimbursement - {p}", "Imprest - {p} Children's Centre", "Recharge - {p} Schools",
                "Petty Cash {p} Museum", "PAYROLL ADJUSTMENT {P}"]
TRADE_SEPS = [" T/A ", " T/A ", " t/a ", " T/AS ", " TRADING AS ", " - T/A ", " TA "]


def plan(q, mix):
    tot = sum(w for _, w in mix)
    counts = {k: int(q * w / tot) for k, w in mix}
    short = q - sum(counts.values())
    for k, _ in sorted(mix, key=lambda kw: -kw[1])[:short]:
        counts[k] += 1
    return counts


class QueryMaker:
    def __init__(self, rng, v, reg, used):
        self.rng, self.v, self.reg, self.used = rng, v, reg, used
        self.taken = set()       # register rows used as a target
        self.qkeys = set()       # same-as keys of queries
        self.absent_keys = set()  # same-as keys of the absent organisations' own names
        self.rows = []           # (supplier, register_id, kind, postcode)
        self.n = len(reg.names)
        self.with_prev = sorted(reg.prev)
        rng.shuffle(self.with_prev)
        self.twin_rows = [r for pair in reg.twins for r in pair]
        rng.shuffle(self.twin_rows)

    def target(self, cond=None, tries=400):
        for _ in range(tries):
            i = self.rng.randrange(self.n)
            if i in self.taken:
                continue
            if cond is None or cond(self.reg.names[i]):
                return i
        return None

    def add(self, s, rid, kind, postcode, key_must_be_new=True, target=""):
        s = s.strip()
        if not s or '"' in s:
            return False
        k = same_as_key(s)
        if not k or k in self.qkeys:
            return False
        if key_must_be_new and k in self.used:
            return False
        self.qkeys.add(k)
        self.rows.append([s, rid, kind, postcode, target])
        return True

    def matchable(self, kind, i, s):
        """Record a query for register row i, unless it collides with another company."""
        if s is None:
            return False
        k = same_as_key(s)
        own = same_as_key(self.reg.names[i])
        # A perturbation that lands exactly on some other name (current or former) is not this one.
        if k != own and k in self.used and not (kind == "previous_name" and k == same_as_key(self.reg.prev.get(i, ""))):
            return False
        pc = self.reg.postcodes[i] if self.rng.random() < 0.3 else ""
        if self.add(s, self.reg.numbers[i], kind, pc, key_must_be_new=False, target=self.reg.names[i]):
            self.taken.add(i)
            return True
        return False

    def absent(self, kind, base):
        """Record a query for an organisation that is not in the register: its own name (before
        the ledger's light touch) must not be any register name, current or former."""
        k = same_as_key(base)
        if not k or k in self.used or k in self.absent_keys:
            return False
        pc = random_postcode(self.rng) if self.rng.random() < 0.3 else ""
        if self.add(light(self.rng, base), "", kind, pc):
            self.absent_keys.add(k)
            return True
        return False

    def one(self, kind):
        rng, names = self.rng, self.reg.names
        if kind == "exact_case":
            i = self.target()
            return self.matchable(kind, i, case_variant(rng, names[i], 0.4, 0.4))
        if kind == "suffix_variant":
            i = self.target()
            return self.matchable(kind, i, case_variant(rng, suffix_variant(rng, names[i]) or names[i] + " LTD"))
        if kind == "ampersand":
            i = self.target(lambda s: " & " in s or " AND " in s)
            return i is not None and self.matchable(kind, i, case_variant(rng, ampersand_variant(rng, names[i]) or ""))
        if kind == "punctuation":
            i = self.target()
            p = punctuation_variant(rng, names[i])
            return p is not None and self.matchable(kind, i, case_variant(rng, p))
        if kind == "the_prefix":
            i = self.target()
            return self.matchable(kind, i, light(rng, the_variant(rng, names[i])))
        if kind == "trading_as":
            i = self.target()
            legal = names[i] if rng.random() < 0.6 else (suffix_variant(rng, names[i]) or names[i])
            lead = names[i].split(" ")[0]
            if lead in SURNAMES and rng.random() < 0.7:
                trade = f"{lead}S {zipf(rng, VG)}"
            else:
                trade = f"{rng.choice([zipf(rng, self.v.nouns), zipf(rng, self.v.places), zipf(rng, self.v.brands)])} {zipf(rng, VG)}"
            return self.matchable(kind, i, case_variant(rng, legal + rng.choice(TRADE_SEPS) + trade))
        if kind == "bracket_alias":
            i = self.target(lambda s: len(split_legal(s)[0].split()) >= 2)
            if i is None:
                return False
            body, e = split_legal(names[i])
            acr = acronym(body)
            if acr is None or rng.random() < 0.3:
                alias = f"{zipf(rng, self.v.nouns)} {zipf(rng, VG)}"
            else:
                alias = acr
            r = rng.random()
            s = f"{body} ({alias})" if r < 0.4 else (f"{names[i]} ({alias})" if r < 0.75 else full(f"{body} ({alias})", e))
            return self.matchable(kind, i, case_variant(rng, s))
        if kind == "typo":
            i = self.target(lambda s: len(split_legal(s)[0]) >= 12)
            if i is None:
                return False
            t = typo_variant(rng, names[i], 1 if rng.random() < 0.7 else 2)
            return t is not None and self.matchable(kind, i, light(rng, t))
        if kind.startswith("truncate"):
            L = int(kind[8:])
            i = self.target(lambda s: len(s) > L)
            if i is None:
                return False
            return self.matchable(kind, i, case_variant(rng, names[i][:L].rstrip(), 0.7, 0.2))
        if kind == "abbreviation":
            i = self.target(lambda s: any(w in ABBREV for w in s.split(" ")[:-1]))
            if i is None:
                return False
            a = abbreviation_variant(rng, names[i])
            return a is not None and self.matchable(kind, i, case_variant(rng, a))
        if kind == "previous_name":
            while self.with_prev:
                i = self.with_prev.pop()
                if i not in self.taken:
                    return self.matchable(kind, i, light(rng, self.reg.prev[i]))
            return False
        if kind == "twin_present":
            while self.twin_rows:
                i = self.twin_rows.pop()
                if i not in self.taken:
                    return self.matchable(kind, i, light(rng, names[i]))
            return False
        if kind == "combined":
            i = self.target()
            s = names[i]
            ops = rng.sample(["suffix", "amp", "punct", "the", "abbr", "typo"], 2)
            for op in ops:
                t = {"suffix": lambda x: suffix_variant(rng, x), "amp": lambda x: ampersand_variant(rng, x),
                     "punct": lambda x: punctuation_variant(rng, x), "the": lambda x: the_variant(rng, x),
                     "abbr": lambda x: abbreviation_variant(rng, x),
                     "typo": lambda x: typo_variant(rng, x, 1)}[op](s)
                s = t or s
            if s == names[i]:
                s = suffix_variant(rng, s) or s
            return self.matchable(kind, i, case_variant(rng, s))
        if kind == "absent":
            body, suf, cat = gen_body(rng, self.v)
            if suf is None:
                suf, _ = pick_suffix(rng)
            return self.absent(kind, full(body, suf))
        if kind == "twin_absent":
            how = pick_weighted(rng, ABSENT_TWINS)
            for _ in range(200):
                i = rng.randrange(self.n)
                body, e = split_legal(names[i])
                t = make_twin(rng, self.v, body, how)
                if t:
                    break
            else:
                return False
            return self.absent(kind, full(t, e))
        if kind == "set_aside_individual":
            sn = zipf(rng, self.v.surnames)
            sn = sn if rng.random() < 0.4 else sn.capitalize()
            ini = rng.choice("ABCDEFGHIJKLMNPRSTW") + (rng.choice("ABCDEFGHJKLMNPRSTW") if rng.random() < 0.3 else "")
            r = rng.random()
            if r < 0.6:
                s = f"{rng.choice(TITLES)} {ini} {sn}"
            elif r < 0.75:
                s = f"{sn}, {rng.choice(TITLES)} {ini}"
            elif r < 0.9:
                s = f"{sn} {ini} ({rng.choice(TITLES)})"
            else:
                s = f"{rng.choice(TITLES)} {rng.choice(FIRSTNAMES).capitalize()} {sn}"
            return self.add(s, "", kind, "")
        if kind == "set_aside_redacted":
            if rng.random() < 0.3:
                s = rng.choice(REDACTED)
                s = case_variant(rng, s, 0.5, 0.3)
            else:
                s = rng.choice(REDACTED_NUM).format(n=rng.randint(100, 999999))
            return self.add(s, "", kind, "")
        if kind == "set_aside_internal":
            if rng.random() < 0.2:
                s = rng.choice(INTERNAL)
            else:
                p = zipf(rng, self.v.places)
                s = rng.choice(INTERNAL_FMT).format(p=string.capwords(p.lower()), P=p)
            return self.add(s, "", kind, "")
        raise ValueError(kind)

    def make(self, counts):
        for kind, c in counts.items():
            got, fails = 0, 0
            while got < c and fails < 50 * c + 1000:
                if self.one(kind):
                    got += 1
                else:
                    fails += 1
            if got < c:
                print(f"  warning: {kind}: made {got} of {c}", file=sys.stderr)

    def mark_ambiguous_truncations(self):
        """A truncation that is also the start of another register name cannot be resolved from
        the name alone: its kind gets an _ambiguous tail (the truth is still the true company)."""
        want = {}
        for row in self.rows:
            if row[2].startswith("truncate") and same_as_key(row[0]) != same_as_key(row[4]):
                want.setdefault(row[0].upper(), []).append(row)
        if not want:
            return
        lens = sorted({len(k) for k in want})
        for name, num in zip(self.reg.names, self.reg.numbers):
            for L in lens:
                rows = want.get(name[:L])
                if rows:
                    for r in rows:
                        if r[1] != num and not r[2].endswith("_ambiguous"):
                            r[2] += "_ambiguous"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--register", type=int, default=None, help="register rows (speed 1,000,000; accuracy 200,000)")
    ap.add_argument("--queries", type=int, default=None, help="ledger rows (speed 100,000; accuracy 5,000)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--mode", choices=["speed", "accuracy"], default="speed")
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args()
    n = a.register or (200_000 if a.mode == "accuracy" else 1_000_000)
    q = a.queries or (5_000 if a.mode == "accuracy" else 100_000)
    twin_p, prev_p = (0.02, 0.03) if a.mode == "speed" else (0.13, 0.10)
    if q > n // 2:
        sys.exit("--queries must be at most half of --register")
    os.makedirs(a.out, exist_ok=True)
    t0 = time.time()
    rng = random.Random(a.seed)
    v = Vocab(rng)
    used = set()
    reg = write_register(os.path.join(a.out, "register.csv"), rng, v, n, twin_p, prev_p, used, not a.quiet)
    t1 = time.time()
    qm = QueryMaker(rng, v, reg, used)
    qm.make(plan(round(q * 0.75), MATCH_MIX))
    qm.make(plan(q - round(q * 0.75), NONMATCH_MIX))
    qm.mark_ambiguous_truncations()
    rows = qm.rows
    rng.shuffle(rows)

    def cell(s):
        return f'"{s}"' if ("," in s or '"' in s) else s

    with open(os.path.join(a.out, "ledger.csv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("Supplier Name,Amount,Payment Date,Postcode\n")
        for s, _, _, pc, _ in rows:
            amount = round(10 ** rng.uniform(1, 5.5), 2)
            f.write(f"{cell(s)},{amount:.2f},{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/2024,{pc}\n")
    with open(os.path.join(a.out, "truth.csv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("supplier_name,register_id,kind\n")
        for s, rid, kind, _, _ in rows:
            f.write(f"{cell(s)},{rid},{kind}\n")
    with open(os.path.join(a.out, "study.toml"), "w") as f:
        f.write('name = "Matching benchmark"\n[[anchor]]\nid = "bench"\nname = "Benchmark anchor"\n'
                '[[anchor.ledger]]\npath = "ledger.csv"\n[reference]\n'
                'registers = [ { kind = "companies_house", path = "register.csv" } ]\n'
                'cache_dir = ".spendgap-cache"\n')
    if not a.quiet:
        kinds = {}
        for r in rows:
            kinds[r[2]] = kinds.get(r[2], 0) + 1
        print(f"register: {n:,} rows ({len(reg.twins):,} twin pairs, {len(reg.prev):,} previous names) "
              f"in {t1 - t0:.0f}s; ledger: {len(rows):,} rows in {time.time() - t1:.0f}s", file=sys.stderr)
        print("  " + ", ".join(f"{k} {c}" for k, c in sorted(kinds.items())), file=sys.stderr)


if __name__ == "__main__":
    main()
