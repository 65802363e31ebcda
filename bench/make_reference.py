#!/usr/bin/env python3
"""Writes national-size reference files with the official headers, for the cache benchmark.

    python3 bench/make_reference.py bench-data/reference [--postcodes 2700000] [--companies 5500000]

Writes NSPL_BENCH_UK.csv (the NSPL Nov 2021 header, every field quoted like ONS's file),
BasicCompanyData_bench.csv (Companies House's header, leading spaces included) and
study.toml naming them. Seeded, so the files are the same on every run.
"""
import argparse
import os
import random

NSPL_HEADER = ("pcd,pcd2,pcds,dointr,doterm,usertype,oseast1m,osnrth1m,osgrdind,oa11,cty,ced,laua,ward,"
               "hlthau,nhser,ctry,rgn,pcon,eer,teclec,ttwa,pct,itl,park,lsoa11,msoa11,wz11,ccg,bua11,"
               "buasd11,ru11ind,oac11,lat,long,lep1,lep2,pfa,imd,calncv,stp")
CH_HEADER = ("CompanyName, CompanyNumber,RegAddress.CareOf,RegAddress.POBox,RegAddress.AddressLine1,"
             " RegAddress.AddressLine2,RegAddress.PostTown,RegAddress.County,RegAddress.Country,"
             "RegAddress.PostCode,CompanyCategory,CompanyStatus,CountryOfOrigin,DissolutionDate,"
             "IncorporationDate,Accounts.AccountRefDay,Accounts.AccountRefMonth,Accounts.NextDueDate,"
             "Accounts.LastMadeUpDate,Accounts.AccountCategory,Returns.NextDueDate,Returns.LastMadeUpDate,"
             "Mortgages.NumMortCharges,Mortgages.NumMortOutstanding,Mortgages.NumMortPartSatisfied,"
             "Mortgages.NumMortSatisfied,SICCode.SicText_1,SICCode.SicText_2,SICCode.SicText_3,"
             "SICCode.SicText_4,LimitedPartnerships.NumGenPartners,LimitedPartnerships.NumLimPartners,URI,"
             + ",".join(f"PreviousName_{n}.CONDATE, PreviousName_{n}.CompanyName" for n in range(1, 11))
             + ",ConfStmtNextDueDate,ConfStmtLastMadeUpDate")
AREAS = ["AB", "AL", "B", "BA", "BB", "BD", "BH", "BL", "BN", "BR", "BS", "CA", "CB", "CF", "CH", "CM",
         "CO", "CR", "CT", "CV", "CW", "DA", "DE", "DH", "DL", "DN", "DY", "E", "EC", "EN", "EX", "FY",
         "GL", "GU", "HA", "HD", "HP", "HU", "IG", "IP", "KT", "L", "LA", "LE", "LN", "LS", "LU", "M",
         "ME", "MK", "N", "NE", "NG", "NN", "NP", "NR", "NW", "OL", "OX", "PE", "PL", "PO", "PR", "RG",
         "RH", "RM", "S", "SE", "SG", "SK", "SL", "SN", "SO", "SP", "SR", "SS", "ST", "SW", "TN", "TQ",
         "TS", "TW", "UB", "W", "WA", "WD", "WF", "WR", "WS", "WV", "YO"]
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
CATEGORIES = ["Private Limited Company"] * 90 + ["Public Limited Company"] * 2 + [
    "Community Interest Company"] * 2 + ["Limited Liability Partnership"] * 3 + [
    "PRI/LTD BY GUAR/NSC (Private, limited by guarantee, no share capital)"] * 3
ACCOUNTS = ["MICRO ENTITY", "TOTAL EXEMPTION FULL", "SMALL", "DORMANT", "FULL", "NO ACCOUNTS FILED"]
WORDS = ["OXFORD", "THAMES", "GREEN", "CHERWELL", "ACORN", "HERITAGE", "NORTHERN", "VALLEY", "PRIME",
         "BRIDGE", "UNITED", "PHOENIX", "CASTLE", "RIVERSIDE", "SUMMIT", "CROWN", "MERIDIAN", "ORCHARD"]
TRADES = ["BUILDING SERVICES", "CONSULTING", "PLUMBING & HEATING", "CATERING", "CLEANING", "TRANSPORT",
          "PRINT", "IT SOLUTIONS", "LANDSCAPES", "SECURITY", "ENERGY", "CARE SERVICES"]
SICS = ["43220 - Plumbing, heat and air-conditioning installation", "62020 - Information technology consultancy activities",
        "56290 - Other food services", "81210 - General cleaning of buildings", "49410 - Freight transport by road",
        "70229 - Management consultancy activities other than financial management", "96090 - Other service activities n.e.c."]


def postcodes(n, rng):
    """n distinct postcodes, sorted, as (pcds, pcd7)."""
    out = []
    per_area = n // len(AREAS) + 1
    for area in AREAS:
        for i in range(per_area):
            district = 1 + (i // 4000) % 99
            sector = (i // 400) % 10
            inward = INWARD_LETTERS[(i // 20) % 20] + INWARD_LETTERS[i % 20]
            outward = f"{area}{district}"
            out.append((f"{outward} {sector}{inward}", f"{outward:<4}{sector}{inward}"))
            if len(out) == n:
                return out
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--postcodes", type=int, default=2_700_000)
    ap.add_argument("--companies", type=int, default=5_500_000)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    rng = random.Random(2026)
    pcs = postcodes(a.postcodes, rng)
    with open(os.path.join(a.out, "NSPL_BENCH_UK.csv"), "w", encoding="utf-8", newline="\n") as f:
        f.write(NSPL_HEADER + "\n")
        for i, (pcds, pcd7) in enumerate(pcs):
            lad = f"E0{6 + i % 3}{i % 300:06d}"
            lsoa = f"E01{(i // 80) % 33000:06d}"
            doterm = "202001" if i % 19 == 0 else ""
            pcd2 = pcd7[:4] + " " + pcd7[4:]
            f.write(f'"{pcd7}","{pcd2}","{pcds}","199001","{doterm}","0","450000","0200000","1",'
                    f'"E00{i % 180000:06d}","E10000025","E58000001","{lad}","E05000001","E18000008",'
                    f'"E40000005","E92000001","E12000008","E14000001","E15000008","E24000001","E30000001",'
                    f'"E16000001","{lad}","E99999999","{lsoa}","E02{(i // 400) % 7000:06d}","E33000001",'
                    f'"E38000001","E34000001","E35000001","C1","1A1",{51 + (i % 1000) / 1000:.6f},'
                    f'{-1.2 - (i % 700) / 1000:.6f},"E37000001","","E23000001",{1 + (i // 80) % 32844},'
                    f'"E56000001","E54000001"\n')
    with open(os.path.join(a.out, "BasicCompanyData_bench.csv"), "w", encoding="utf-8", newline="\n") as f:
        f.write(CH_HEADER + "\n")
        empty_prev = "," * 19
        for i in range(a.companies):
            name = f"{WORDS[i % 18]} {WORDS[(i // 18) % 18]} {TRADES[(i // 324) % 12]} {i} LIMITED"
            pc = pcs[(i * 7) % len(pcs)][0]
            cat = CATEGORIES[i % 100]
            status = "Active" if i % 11 else "Active - Proposal to Strike off"
            prev = f'"01/01/2015","{WORDS[i % 18]} OLD {i} LTD"' + "," * 18 if i % 50 == 0 else empty_prev
            f.write(f'"{name}","{i:08d}","","","{i % 200} HIGH STREET","","OXFORD","","UNITED KINGDOM",'
                    f'"{pc}","{cat}","{status}","United Kingdom","","{1 + i % 28:02d}/{1 + i % 12:02d}/{1990 + i % 34}",'
                    f'"31","3","31/12/2025","31/03/2024","{ACCOUNTS[i % 6]}","","","0","0","0","0",'
                    f'"{SICS[i % 7]}","{SICS[(i + 3) % 7] if i % 4 == 0 else ""}","","","0","0",'
                    f'"http://business.data.gov.uk/id/company/{i:08d}",{prev},"01/01/2026","01/01/2025"\n')
    with open(os.path.join(a.out, "study.toml"), "w") as f:
        f.write('name = "Reference cache benchmark"\n[[anchor]]\nid = "bench"\nname = "Bench"\n'
                '[[anchor.ledger]]\npath = "ledger.csv"\n[reference]\npostcodes = ["NSPL_BENCH_UK.csv"]\n'
                'registers = [{ kind = "companies_house", path = "BasicCompanyData_bench.csv" }]\n')
    with open(os.path.join(a.out, "ledger.csv"), "w") as f:
        f.write("Supplier Name,Payment Date,Amount\nACME LTD,01/04/2024,100.00\n")


if __name__ == "__main__":
    main()
