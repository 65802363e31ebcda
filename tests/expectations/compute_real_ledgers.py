#!/usr/bin/env python3
"""Independent oracle for spendgap's ingestion of the real ledgers.

This script computes, from scratch, the per-table ingestion figures that the
Rust tests compare against.  It deliberately shares NO code with the Rust
project: it uses only the Python standard library plus openpyxl (XLSX) and
xlrd (XLS).

Usage (paths relative to the repo root /work/main):

    python3 tests/expectations/compute_real_ledgers.py ../shared/data/real/ledgers \\
        > tests/expectations/real_ledgers.csv

argv[1] is the ledgers directory; if omitted it defaults to
../shared/data/real/ledgers resolved against the repo root (the directory two
levels above this file).  Outputs:

  * stdout: real_ledgers.csv, the columns

        file,sheet,rows_read,rows_accepted,rows_duplicate,rows_rejected,
        rows_skipped,rows_undated,rows_unnamed,rows_repaired,
        pence_accepted,pence_duplicate,date_order

    one row per (file, sheet) that holds a ledger, sorted by file path
    (byte-wise UTF-8, forward slashes, relative to the ledgers dir), then by
    sheet order in the workbook / member order in the archive.  `sheet` is
    empty for delimited-text files.
  * real_columns.csv (file,sheet,header_row,amount,date,supplier_name,
    transaction_ref): the column layout used for every ledger table (see
    "Layout" below), written beside this script unless `--columns PATH` is
    given.
  * real_not_ledgers.csv (file,sheet,why): the files / sheets that hold no
    ledger, written beside this script unless `--not-ledgers PATH` is given.
  * `--no-side-files` writes neither side file.  If the environment variable
    DETAIL=/some/path.tsv is set (or `--detail PATH` is given) a per-row
    trace is written: one TSV line per row that was not plainly accepted
    (skipped, rejected, repaired, duplicate, undated, unnamed, month-only,
    date read against the sheet's order) plus per-sheet notes (row number 0:
    date-order decision, CONFLICT, amount profile), each with the row number,
    a kind and the raw cells.  Diagnostics go to stderr.

Every file under the ledgers directory (except the top-level PROVENANCE.md)
must be covered: a file that is neither a Hyndburn CSV, nor a
lancashire_anchor_xlsx workbook, nor in LAYOUT, nor in NOT_LEDGERS makes the
script exit 2, as does a Hyndburn file without a header (other than the three
known headerless ones) or a LAYOUT that does not fit its table.

File kinds (decided by content, not by extension)
-------------------------------------------------
K1. Bytes starting PK\\x03\\x04: a zip.  If it has a member xl/workbook.xml it
    is an XLSX: openpyxl, data_only=True (cached formula values), every sheet
    in workbook order, every row from sheet row 1 (values: str/int/float/
    datetime/bool/None).  Otherwise it is an archive of text ledgers: every
    member whose name ends in .csv or .txt (case-insensitive) is a table, its
    `sheet` is the member name, members in byte-wise name order, each member
    decoded and split as rule A.
K2. Bytes starting D0 CF 11 E0: an XLS (xlrd), every sheet in workbook order,
    every row from row 1; cells: text -> str, number -> float, date ->
    datetime via xlrd.xldate_as_datetime(value, book.datemode), empty/blank
    -> None, boolean -> "TRUE"/"FALSE", error -> "#ERROR".
    (vmd/vmd-over-25k-1004.csv is such an XLS.)
K3. Anything else: delimited text, rule A.  (manchester-cc/*.xls are text.)

Anchors (scope of duplicate detection and of date-order borrowing)
-----------------------------------------------------------------
One anchor per top-level folder of the ledgers dir, except
lancashire_anchor_xlsx/, whose two workbooks are two separate anchors.
Within an anchor, files are processed in byte-wise order of their relative
path; a workbook's sheets (workbook order) and an archive's members (name
order) together form ONE "file" for rule F.  "The tables of an anchor" below
means every (file, sheet) of the anchor in that order.

Layout: header row and columns
------------------------------
* hyndburn/ and lancashire_anchor_xlsx/: rule B (automatic), plus the fixed
  HEADERLESS layout for three Hyndburn files.
* every other file: the hand-made LAYOUT table below.  Key "file" (applies
  to every sheet/member of the file) or "file[sheet]"; value (header record
  number (1-based, as rule A numbers records), supplier, date, amount,
  transaction_ref), the four columns 0-based, transaction_ref None when the
  table has no transaction-number column.  The person's choices: amount =
  the net payment amount (not a VAT amount, VAT registration number or
  budget); date = the payment date (not an "effective"/period date);
  supplier = the payee's name (not an id, type or classification);
  transaction_ref = the transaction/payment number column.
  rows_read = the records after the header record.

A. Decoding and records.  Text: UTF-8 if the bytes are valid UTF-8 (a
   leading BOM U+FEFF stripped), else Windows-1252 (errors='replace').
   Records come from csv.reader(io.StringIO(text, newline='')); a record's
   row number is its 1-based index in that enumeration (blank lines yield []
   and count).  XLSX/XLS: one record per sheet row, numbered from 1.  In
   every table, trailing records that are blank (no cells, or every cell
   empty after .strip()) are dropped and counted nowhere.
B. Header (Hyndburn and lancashire_anchor_xlsx only): the first record among
   the first 30 with a cell that (stripped, lower-cased) starts with "name"
   or equals "supplier name" or "* supplier final" (the HEADER TEST).
   supplier = that cell; date = first cell whose lower-case contains "date";
   amount = first cell whose lower-case contains "amount" or whose stripped
   lower-case equals "total"; transaction ref = first cell whose stripped
   lower-case is "hbc ref no", "hbc ref no." or "transaction number"
   (optional).  The Hyndburn files March-25-CSV.csv, April-25-CSV.csv and
   Sept-25-CVS.csv have no header row (their header text appears only as
   the LAST record); for them every record is data and the 0-based columns
   are fixed: ref=9, supplier=11, date=14, amount=16.  Any other such file
   without a header is a problem (exit 2).

Definitions.  empty(cell): its text after .strip() is ''.  (Text of a cell:
   str as is; None -> ''; bool -> TRUE/FALSE; int -> str; float -> integer
   digits when integral else repr; datetime -> str().)  A missing cell
   (record too short) is empty.  amount(cell) = rule D.  payee(row): the
   supplier cell is non-empty and is not a total label.  A TOTAL LABEL is a
   cell text which, lower-cased with every non-alphanumeric character
   (str.isalnum) replaced by a space, has a TOTAL WORD (total, totals,
   subtotal, subtotals, grandtotal, sum, balance) and either starts with a
   total word followed by "for" or "of" ("Total for April 2024"), or has no
   word other than total words, LABEL_FILLERS (grand, sub, page, report,
   overall, all, the, net, gross, amount(s), spend(ing), expenditure, value,
   payments, invoices, month(ly), year, period, carried, forward, brought,
   b, f, c, cf, bf), English month names and numbers ("Report Total",
   "TOTAL EXPENDITURE", "** TOTAL **", "Sum:", "Balance b/f").  "Total Care",
   "TOTAL MATHS" and "Total Gas & Power Ltd" are names, not labels.

D. Amounts.  Text: strip; ',' and ' ' must group three digits (a space only
   before a decimal point), then drop them; negative if wrapped in (...),
   leading '-' or trailing '-'; leading '+' allowed; a leading '£' may come
   before or after the sign / inside the parentheses.  The remainder must
   match ^\\d+(\\.\\d*)?$ or ^\\.\\d+$.  At most one negative marker.
   Pence by decimal.Decimal, ROUND_HALF_UP (= half away from zero) to 2 dp.
   XLSX/XLS int/float: Decimal(repr(v)) rounded the same way; datetime/bool
   -> not an amount; str cells -> the text rule.

E. Dates (each date cell is classified once, from its raw value).
   E1 forms (text is stripped first; TIME = optional " hh:mm" or
      " hh:mm:ss", allowed after every day-precision text form):
      * NUMERIC a/b/y: ^a S b S y TIME$ with S one of / - . (the same both
        times), a and b of 1-2 digits, y of 2 or 4 digits (2-digit: 00-68 ->
        20yy, 69-99 -> 19yy).  Reading (day=a, month=b) is "dmy", (month=a,
        day=b) is "mdy".  If both are real dates and differ -> AMBIGUOUS; if
        only dmy is real -> PROVES dmy; if only mdy is real -> PROVES mdy; if
        both are real and equal (a == b) -> that date, unambiguous, proves
        nothing; if neither is real -> not a date.
      * YEAR-FIRST: ^yyyy-m-d TIME$ or ^yyyy/m/d TIME$ (m, d of 1-2 digits).
      * MONTH NAME: ^d-Mon-y TIME$ (y of 2 or 4 digits, 2-digit as above),
        ^d Mon yyyy TIME$, d of 1-2 digits; Mon is an English month name,
        3-letter or full, any case, or "Sept".
      * SERIAL text: ^\\d+(\\.\\d+)?$ with value in [10000, 80000] ->
        1899-12-30 + floor(value) days.
      * XLSX/XLS datetime/date cell -> its date; XLSX/XLS int/float -> serial
        as above if in [10000, 80000].
      * MONTH-ONLY text: ^Mon yyyy$ (Mon as above) -> the 1st of that month;
        such rows are dated (counted as `month_only` in DETAIL).
      Every form must give a real calendar date.  A date cell that is empty,
      or consists only of '#' characters, or is any other text / value that
      is no date leaves the row UNDATED (DETAIL notes which).
   E2 Sheet order.  Over every record after the header, the date cell is
      classified; a numeric form counts as a dmy proof or an mdy proof as
      above.  order = the one with more proofs; a tie of two non-zero counts
      -> the one proven first in the sheet; if both counts are non-zero the
      sheet is in CONFLICT (noted).  If neither proves anything the sheet
      takes the decided order of the nearest table of the same anchor that
      has a proof: earlier tables first (nearest first), then later ones
      (nearest first); else dmy.
   E3 Reading.  Every non-ambiguous form reads as its only date (numeric
      proofs in the only order they are valid in, conflicting records
      included).  SPAN = [min, max] over the dates of every record after the
      header whose date cell is a proving numeric date, an a==b numeric
      date, year-first, month-name, serial text or a date/number cell (not
      month-only, not ambiguous).  AMBIGUOUS dates are read in the sheet's
      order, except when the sheet's dates show they were written the other
      way (an Excel round trip that left day-first text beside month-first
      dates): with tol = max(14, (SPAN length in days) / 4) and distance 0
      inside SPAN, let n_order / n_other = how many of the sheet's
      ambiguous date cells (every record after the header) fall within tol
      of SPAN when read in the sheet's order / the other order; when
      n_other - n_order >= 2 and n_other >= 2 * n_order, every ambiguous
      date of the sheet is read in the other order (DETAIL: `date read
      against the sheet's order`).
   E4 date_order (CSV column): the sheet's decided order (dmy / mdy) when
      some record after the header has a numeric a/b/y date cell that is a
      real date in at least one order; else `ymd` when some record has a
      year-first text date; else `none`.

C. Row classification, each record after the header, first match wins.
   S = sum of pence of the rows of this sheet accepted (or duplicate) since
   the sheet's start or the last total line (4a, 4b, 6), nS their count;
   T = the same since the sheet's start or the last grand total (4b).
   1  blank -> skipped.
   2  the stripped cells equal the header's stripped cells, trailing empty
      cells ignored on both sides -> skipped (repeated header).
   2b headerless Hyndburn files: a record passing the HEADER TEST of rule B
      -> skipped.
   3  the amount cell is empty or not an amount -> REPAIRS, in order; a
      repaired record is classified from step 4 on as if read that way and
      counts in rows_repaired if it ends accepted or duplicate (step 7):
      R1 fused fields: for each pair of adjacent mapped columns (p, p+1)
         whose fields are (supplier, date) or (date, amount), and whose cell
         at p is text: split the stripped cell s into X, Y at every single
         space or comma (X = s[:i], Y = s[i+1:]) and, for date+amount, also
         directly after the date with no separator (X = s[:i], Y = s[i:]);
         X, Y stripped; keep splits with X a valid value of field(p) and Y of
         field(p+1) (supplier: non-empty; date: any E1 form; amount: rule
         D); a date part must have a 4-digit year if any kept split of that
         cell has one.  Candidate = record[:p] + [X, Y] + record[p+1:]
         (later cells move one right) whose amount cell is an amount and
         whose date cell is a date.  Identical candidates count once.  The
         repair applies only when exactly one candidate exists over all
         pairs.
      R2 amount one column left: the amount cell is empty, the cell
         immediately left of the amount column is an amount, that column is
         none of the supplier, date or transaction_ref columns, and every
         cell right of it is empty -> the amount is read from it.
      No repair: a record passing rule 2 or the HEADER TEST of rule B ->
      skipped (header); amount empty and supplier and date both empty ->
      skipped (junk); otherwise rejected.
   4  TOTALS by sum (A = the row's pence, "dated" = the date is readable):
      4a not (payee and dated) and A != 0 and A == S and nS >= need (need =
         1 when the row has neither payee nor date, else 2) -> skipped as a
         total (S reset; T is not: a later grand total sums the
         sub-totals).
      4b else not (payee and dated) and A != 0 and T != S and A == T ->
         skipped as a grand total (S and T reset).
   5  REFERENCE NUMBER in the amount column: the amount cell is TEXT matching
      ^-?\\d{7,}$ after strip, and the sheet's amount PROFILE is
      "formatted": over every record after the header whose amount cell is
      text that reads as an amount with |value| >= 1000.00 and does not
      itself match ^-?\\d{7,}$, there are at least 5 such cells and at least
      95% of them contain ',' or '.'.  Then if the next non-blank record has
      an amount, no payee and no readable date, the two are ONE record split
      over two lines: this row is accepted (repaired) with the next row's
      amount and everything else from this row, and the next row is skipped.
      Otherwise this row is rejected.
   6  LABELLED TOTAL: no payee, no readable date, some cell is a total
      label, and every cell other than the label cells and the amount cell is
      empty -> skipped (DETAIL: footer A vs rows S; S reset).
   7  accepted (or duplicate, rule F).  rows_undated: date not readable;
      rows_unnamed: supplier cell empty (both over accepted + duplicate).

F. Duplicates: key = (ref cell text stripped, or '' when there is no ref
   column; the date as read in E3, or None; pence; supplier text stripped,
   upper-cased, whitespace-collapsed).  A record that would be accepted is a
   duplicate if the count of that key in EARLIER files of the same anchor
   (accepted + duplicate) exceeds the number already marked duplicate for
   that key in the current file (a workbook's sheets / an archive's members
   share one file's count).

Invariant asserted per output row:
    rows_read == accepted + duplicate + rejected + skipped.
"""

import csv
import datetime as dt
import io
import os
import re
import sys
import zipfile
from collections import Counter
from decimal import Decimal, ROUND_HALF_UP, InvalidOperation

import openpyxl
import xlrd

HEADERLESS = {
    # file name -> 0-based (ref, supplier, date, amount) column indices
    "March-25-CSV.csv": (9, 11, 14, 16),
    "April-25-CSV.csv": (9, 11, 14, 16),
    "Sept-25-CVS.csv": (9, 11, 14, 16),
}

RULE_B_DIRS = ("hyndburn",)
RULE_B_ANCHOR_DIR = "lancashire_anchor_xlsx"  # every file is its own anchor

# Hand-made layouts (read off each file by eye; see README "Judgement calls").
# key -> (header record 1-based, supplier, date, amount, transaction_ref)
LAYOUT = {
    # header: Department,Entity,Date of Payment,Expense Type,Expense Area,
    #         Supplier,Transaction Number,"Amount "
    "bis/spending-data-dec-2010.csv": (1, 5, 2, 7, 6),
    # header: Department Family,Entity,Date,Expense Type,Expense Area,
    #         Supplier,Transaction Number,Amount In Sterling
    "bis/spending-data-may-2010.csv": (1, 5, 2, 7, 6),
    # header: Department,Entity,Payment date,Transaction Number,
    #         Invoice Amount,"Supplier ",Account Description
    "fco/Publishable_April_2014_Spend_over__25k.csv": (1, 5, 2, 4, 3),
    # header: 0,Entity,Payment Date,Expense Type,Expense Area,Supplier Name,
    #         Transactions Number," Amount (£ as 0x9C) ",VAT Registration Number
    "fco/spend-apr-12.csv": (1, 5, 2, 7, 6),
    # header: Department,Entity,Date,Expense Type,Expense Area,"Supplier ",
    #         Transaction Number," Amount ",...,Vat Registration Number,,
    "gangmasters-la/GLA-Over-25k-1205.csv": (1, 5, 2, 7, 6),
    # records 1-2: title + blank; header record 3
    "gangmasters-la/gla-over-25K-1109.csv": (3, 5, 2, 7, 6),
    "gangmasters-la/gla-over-25k-1010.csv": (3, 5, 2, 7, 6),
    # header: Department,Entity,Payment date,Expense Type,Expense Area,
    #         Supplier,TransactionNo,Amount
    "hefce/HEFCE_data_10_2013.csv": (1, 5, 2, 7, 6),
    "hefce/HEFCE_data_11_2014.csv": (1, 5, 2, 7, 6),
    # header: Capital or Revenue,Directorate,Transaction Number,Date,
    #         Service Area,Expenses Type,Amount,Supplier Name
    "isle-of-wight/PUBLISHED FORMAT - NOV 2013.csv": (1, 7, 3, 6, 2),
    # header: Transaction Number,Date,Expenditure Category,Supplier Name,
    #         Supplier Classification,Amount
    "lancashire-fire/fire-2022-23.xlsx": (1, 3, 1, 5, 0),
    "lancashire-fire/fire-2025-26-q2.xlsx": (1, 3, 1, 5, 0),
    # every sheet: Expenditure Category,Date,Total Invoice Amount,SUPPLIER
    #              (+ empty "Column1" on 11 of 12 sheets)
    "lancashire-pcc/pcc-2018-19.xlsx": (1, 3, 1, 2, None),
    # every sheet: * Expenditure Category,* Date,TOTAL,* SUPPLIER FINAL
    "lancashire-pcc/pcc-2024-25.xlsx": (1, 3, 1, 2, None),
    # header: Body,Body name,Service label,Service divison label,
    #   Expenditure category,Detailed expenditure type,Detailed expenditure
    #   code,Date paid,Transaction number,Net amount,Capital or revenue,
    #   Supplier name   (2013: the same in CamelCase)
    "leeds-cc/2011-05.csv": (1, 11, 7, 9, 8),
    "leeds-cc/2013-06.csv": (1, 11, 7, 9, 8),
    # header: Body Name,Service Area,Expenses Type,Invoice Payment Date,
    #         Transaction Number,Net Amount,Supplier Name
    "manchester-cc/July_14_over___500.csv-4.xls": (1, 6, 3, 5, 4),
    "manchester-cc/Manchester September 2014.xls": (1, 6, 3, 5, 4),
    # header: DEPARTMENT,ENTITY,ACCOUNTING_DATE,EXPENSE_TYPE,
    #   SUPPLIER_OBS_TYPE,EXPENSE_AREA,SUPPLIER,TRANSACTION_NUM," AMOUNT ",...
    "mmo/mmo-over-25-1201.csv": (1, 6, 2, 8, 7),
    # header: 1 Department Family,2 Entity,3 Date,4 Expense Type,
    #         5 Expense Area,6 Supplier,7 Transaction No,8 Amount
    "mmo/mmo-over-25k-1004.csv": (1, 5, 2, 7, 6),
    # records 1-3: name, template title, blank; header record 4
    "national-forest-co/nfc-over-25k-1005.csv": (4, 5, 2, 7, 6),
    # same preamble; header record 4; then a blank row and "NIL return"
    "national-forest-co/nfc-over-25k-1108.csv": (4, 5, 2, 7, 6),
    # header: Department family,Entity,Date,Expense type,Expense area,
    #         Supplier,Transaction number,Amount[,Description,Supplier Post Code]
    "nhsbsa/01_-_April(2011).csv": (1, 5, 2, 7, 6),
    "nhsbsa/01_April_(2015).csv": (1, 5, 2, 7, 6),
    "nhsbsa/12_March(2016).csv": (1, 5, 2, 7, 6),
    # header: Department family (201101: "#NAME?"),Entity,Date,Expense type,
    #         Expense area,Supplier,Transaction number,Amount,VAT reg number
    "ofwat/prs_dat_transactions201005.csv": (1, 5, 2, 7, 6),
    "ofwat/prs_dat_transactions201101.csv": (1, 5, 2, 7, 6),
    # header: Body Name,Service Area Categorisation,Expenses Type,
    #         Clearing Date,Transaction Number,Amount £,Supplier Name
    "stockport-mbc/July_2014_Spend-3.xls": (1, 6, 3, 5, 4),
    "stockport-mbc/Stockport September 2014.xls": (1, 6, 3, 5, 4),
    # header: Body,Body name,Date,Transaction number,Invoice Number,Amount,
    #         Supplier Name,Supplier ID,VAT Registration Number,...
    "trafford-mbc/Trafford September 2014.csv": (1, 6, 2, 5, 3),
    # member trafford-supplier-spend-2026-27.csv; header: OrganisationLabel,
    #   OrganisationURI,EffectiveDate,OrganisationalUnit,BeneficiaryName,
    #   BeneficiaryOtherID,PaymentDate,TransactionNumber,Amount,
    #   IrrecoverableVATAmount,...
    "trafford-mbc/trafford-supplier-spend-2026-27.zip": (1, 4, 6, 8, 7),
    # record 1 all-empty; header record 2
    "vmd/VMD-Over-25k-1209.csv": (2, 5, 2, 7, 6),
    # an XLS, sheet "APR 10"
    "vmd/vmd-over-25k-1004.csv": (1, 5, 2, 7, 6),
    "vmd/vmd-over-25k-1109.csv": (1, 5, 2, 7, 6),
    # header: Posting Date,Merchant Name,Transaction Amount,
    #         Transaction Reference Number,Operating Unit,Business Unit,Comments
    "wales-office/Quarter-2-Government-Procurement-Card-spend-over-£500-18-10-2011.csv":
        (1, 1, 0, 2, 3),
    # header: ENTITY,EXPENSE_AREA_1,PAYMENT DATE,PAYMENT NUMBER,SUPPLIER NAME,
    #         INVOICE AMOUNT,NAC DESCRIPTION,SERVICE SUPPLIED
    "wales-office/Spend-over-500-October-2011.csv": (1, 4, 2, 5, 3),
    # records 1-2: "Wales Office spend over £500,,Aug-10" + empty line
    "wales-office/Wales-Office-spend-over-500-August-2010.csv": (3, 4, 2, 5, 3),
}

NOT_LEDGERS = {
    # key ("file" or "file[sheet]") -> why
    "national-forest-co/nfc-over-25k-1006.csv":
        "data.gov.uk 'UK Public Data Project - meta-data pro-forma' exported "
        "as CSV: dataset metadata (package name, title, release dates, "
        "coverage, URLs), no payments, no supplier/amount columns",
}

COLUMNS = [
    "file", "sheet", "rows_read", "rows_accepted", "rows_duplicate",
    "rows_rejected", "rows_skipped", "rows_undated", "rows_unnamed",
    "rows_repaired", "pence_accepted", "pence_duplicate", "date_order",
]

TOTAL_WORDS = {"total", "totals", "subtotal", "subtotals", "grandtotal",
               "sum", "balance"}
# Words a total line's label may carry besides its total word ("Report Total",
# "TOTAL EXPENDITURE", "Page total", "Balance b/f"); any other word ("Total
# Care", "TOTAL MATHS", "Total Gas & Power Ltd") makes the cell a name.
LABEL_FILLERS = {"grand", "sub", "page", "report", "overall", "all", "the",
                 "net", "gross", "amount", "amounts", "spend", "spending",
                 "expenditure", "value", "payments", "invoices", "month",
                 "monthly", "year", "period", "carried", "forward", "brought",
                 "b", "f", "c", "cf", "bf"}

CENT = Decimal("0.01")


# --------------------------------------------------------------------------
# Cells.  A "cell" is the raw value: str for text; str/int/float/datetime/
# bool/None for XLSX/XLS.  text() gives the string used for emptiness,
# equality and keys.
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


def is_total_label(v):
    s = "".join(ch if ch.isalnum() else " " for ch in text(v).lower())
    words = s.split()
    if not any(w in TOTAL_WORDS for w in words):
        return False
    if (len(words) >= 2 and words[0] in TOTAL_WORDS
            and words[1] in ("for", "of")):
        return True
    return all(w in TOTAL_WORDS or w in LABEL_FILLERS or w in MONTH_NAMES
               or w.isdigit() for w in words)


def stripped_trimmed(rec):
    out = [text(v).strip() for v in rec]
    while out and out[-1] == "":
        out.pop()
    return out


# --------------------------------------------------------------------------
# Rule D: amounts
# --------------------------------------------------------------------------

AMOUNT_RE = re.compile(r"^(\d+(\.\d*)?|\.\d+)$", re.ASCII)
GROUPED_RE = re.compile(r"^[^0-9]*\d{1,3}([, ]\d{3})*(\.\d*)?[^0-9]*$")


def to_pence(d):
    q = d.quantize(CENT, rounding=ROUND_HALF_UP)
    return int(q * 100)


def parse_amount_text(s):
    s = s.strip()
    # Thousands separators must group three digits ("12,50" is a decimal comma
    # and is refused); a space groups only before a decimal point.
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

MONTH_NAMES = {}
for _i, _m in enumerate(["january", "february", "march", "april", "may",
                         "june", "july", "august", "september", "october",
                         "november", "december"], start=1):
    MONTH_NAMES[_m] = _i
    MONTH_NAMES[_m[:3]] = _i
MONTH_NAMES["sept"] = 9

TIME = r"(?: \d{1,2}:\d{2}(?::\d{2})?)?"
RE_NUM = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})" + TIME + "$",
                    re.ASCII)
RE_YFIRST = re.compile(r"^(\d{4})([/-])(\d{1,2})\2(\d{1,2})" + TIME + "$",
                       re.ASCII)
RE_DMON = re.compile(r"^(\d{1,2})-([A-Za-z]+)-(\d{4}|\d{2})" + TIME + "$",
                     re.ASCII)
RE_DMONTH = re.compile(r"^(\d{1,2}) ([A-Za-z]+) (\d{4})" + TIME + "$",
                       re.ASCII)
RE_MONTH_ONLY = re.compile(r"^([A-Za-z]+) (\d{4})$", re.ASCII)
RE_SERIAL = re.compile(r"^\d+(\.\d+)?$", re.ASCII)
RE_HASHES = re.compile(r"^#+$")
EXCEL_EPOCH = dt.date(1899, 12, 30)


def year2(y):
    if len(y) == 2:
        n = int(y)
        return 2000 + n if n <= 68 else 1900 + n
    return int(y)


def mkdate(y, m, d):
    try:
        return dt.date(y, m, d)
    except (ValueError, TypeError):
        return None


def from_serial(x):
    # Plain numbers count as dates only in 10000..80000 (1927-2119), so that
    # amounts such as 7.25 are never taken for dates.
    if x < 10000 or x > 80000:
        return None
    return EXCEL_EPOCH + dt.timedelta(days=int(x))  # int() floors (x >= 1)


class DateInfo:
    """Classification of one raw date cell (rule E1).

    kind: 'empty' | 'hashes' | 'nodate'            -> undated
          'ambig'  (dmy, mdy readings differ, both real)
          'dmy' | 'mdy'  (numeric, proves that order)
          'same'   (numeric, a == b)
          'ymd' | 'name' | 'serial' | 'cell'      (unambiguous)
          'month'  (month-only text -> 1st of month)
    """
    __slots__ = ("kind", "date", "alt", "four")

    def __init__(self, kind, date=None, alt=None, four=False):
        self.kind = kind
        self.date = date      # dmy reading for 'ambig'
        self.alt = alt        # mdy reading for 'ambig'
        self.four = four      # the text form had a 4-digit year

    @property
    def numeric(self):
        return self.kind in ("ambig", "dmy", "mdy", "same")

    @property
    def readable(self):
        return self.kind not in ("empty", "hashes", "nodate")

    @property
    def in_span(self):
        return self.kind in ("dmy", "mdy", "same", "ymd", "name", "serial",
                             "cell")


def classify_date_text(s):
    s = s.strip()
    if s == "":
        return DateInfo("empty")
    if RE_HASHES.match(s):
        return DateInfo("hashes")
    m = RE_NUM.match(s)
    if m:
        a, b, y = int(m.group(1)), int(m.group(3)), year2(m.group(4))
        four = len(m.group(4)) == 4
        d1 = mkdate(y, b, a)  # day=a, month=b
        d2 = mkdate(y, a, b)  # month=a, day=b
        if d1 and d2:
            if d1 == d2:
                return DateInfo("same", d1, four=four)
            return DateInfo("ambig", d1, d2, four=four)
        if d1:
            return DateInfo("dmy", d1, four=four)
        if d2:
            return DateInfo("mdy", d2, four=four)
        return DateInfo("nodate")
    m = RE_YFIRST.match(s)
    if m:
        d = mkdate(int(m.group(1)), int(m.group(3)), int(m.group(4)))
        return DateInfo("ymd", d, four=True) if d else DateInfo("nodate")
    for rx in (RE_DMON, RE_DMONTH):
        m = rx.match(s)
        if m:
            mon = MONTH_NAMES.get(m.group(2).lower())
            d = mkdate(year2(m.group(3)), mon, int(m.group(1))) if mon else None
            if d:
                return DateInfo("name", d, four=len(m.group(3)) == 4)
            return DateInfo("nodate")
    m = RE_MONTH_ONLY.match(s)
    if m:
        mon = MONTH_NAMES.get(m.group(1).lower())
        if mon:
            return DateInfo("month", dt.date(int(m.group(2)), mon, 1),
                            four=True)
        return DateInfo("nodate")
    if RE_SERIAL.match(s):
        d = from_serial(Decimal(s))
        return DateInfo("serial", d) if d else DateInfo("nodate")
    return DateInfo("nodate")


def classify_date(v):
    if v is None:
        return DateInfo("empty")
    if isinstance(v, bool):
        return DateInfo("nodate")
    if isinstance(v, dt.datetime):
        return DateInfo("cell", v.date())
    if isinstance(v, dt.date):
        return DateInfo("cell", v)
    if isinstance(v, (int, float)):
        d = from_serial(v)
        return DateInfo("cell", d) if d else DateInfo("nodate")
    if isinstance(v, str):
        return classify_date_text(v)
    return DateInfo("nodate")


def distance(d, span):
    lo, hi = span
    if d < lo:
        return (lo - d).days
    if d > hi:
        return (d - hi).days
    return 0


def reading(info, order):
    """An ambiguous date read in `order`."""
    return info.date if order == "dmy" else info.alt


def ambiguous_order(infos, order, span):
    """Rule E3: the order the sheet's AMBIGUOUS dates are read in."""
    if span is None:
        return order
    other = "mdy" if order == "dmy" else "dmy"
    lo, hi = span
    tol = max(14, (hi - lo).days / 4)
    amb = [x for x in infos if x.kind == "ambig"]
    n_order = sum(1 for x in amb if distance(reading(x, order), span) <= tol)
    n_other = sum(1 for x in amb if distance(reading(x, other), span) <= tol)
    if n_other - n_order >= 2 and n_other >= 2 * n_order:
        return other
    return order


def read_date(info, order, amb_order):
    """Rule E3.  Returns (date or None, flipped: bool)."""
    if not info.readable:
        return None, False
    if info.kind != "ambig":
        return info.date, False
    return reading(info, amb_order), amb_order != order


# --------------------------------------------------------------------------
# Rule B: header (Hyndburn / lancashire_anchor_xlsx)
# --------------------------------------------------------------------------

def is_supplier_header(v):
    s = text(v).strip().lower()
    return s.startswith("name") or s in ("supplier name", "* supplier final")


def header_test(rec):
    return any(is_supplier_header(v) for v in rec)


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
# Tables
# --------------------------------------------------------------------------

class Problem(Exception):
    pass


class Table:
    """One (file, sheet) ledger table with its layout and date analysis."""

    def __init__(self, rel, sheet, records, header_idx, cols, headerless):
        self.rel = rel
        self.sheet = sheet
        self.label = f"{rel}[{sheet}]" if sheet else rel
        self.records = records              # list of (rowno, cells)
        self.header_idx = header_idx        # index into records, or None
        self.cols = cols                    # (ref, sup, date, amt)
        self.headerless = headerless
        if header_idx is None:
            self.header = None
            self.data = records
        else:
            self.header = stripped_trimmed(records[header_idx][1])
            self.data = records[header_idx + 1:]
        ref_i, sup_i, date_i, amt_i = cols
        self.infos = [classify_date(cell(r, date_i)) for _, r in self.data]
        self.n_dmy = sum(1 for x in self.infos if x.kind == "dmy")
        self.n_mdy = sum(1 for x in self.infos if x.kind == "mdy")
        self.first = {}
        for k, x in enumerate(self.infos):
            if x.kind in ("dmy", "mdy") and x.kind not in self.first:
                self.first[x.kind] = k
        span_dates = [x.date for x in self.infos if x.in_span]
        self.span = (min(span_dates), max(span_dates)) if span_dates else None
        self.order = None
        self.order_note = ""
        if any(x.numeric for x in self.infos):
            self.kind_of_order = "numeric"
        elif any(x.kind == "ymd" for x in self.infos):
            self.kind_of_order = "ymd"
        else:
            self.kind_of_order = "none"

    @property
    def has_proof(self):
        return self.n_dmy + self.n_mdy > 0

    def own_order(self):
        if self.n_dmy > self.n_mdy:
            return "dmy"
        if self.n_mdy > self.n_dmy:
            return "mdy"
        return "dmy" if self.first["dmy"] < self.first["mdy"] else "mdy"

    @property
    def date_order(self):
        if self.kind_of_order == "numeric":
            return self.order
        return self.kind_of_order


def decide_orders(tables, detail):
    """Rule E2 over the tables of one anchor (in anchor order)."""
    for i, t in enumerate(tables):
        if t.has_proof:
            t.order = t.own_order()
            t.order_note = f"own proofs dmy={t.n_dmy} mdy={t.n_mdy}"
            if t.n_dmy and t.n_mdy:
                t.order_note += " CONFLICT"
            continue
        src = None
        for j in list(range(i - 1, -1, -1)) + list(range(i + 1, len(tables))):
            if tables[j].has_proof:
                src = tables[j]
                break
        if src is not None:
            t.order = src.own_order()
            t.order_note = f"no proof; borrowed from {src.label}"
        else:
            t.order = "dmy"
            t.order_note = "no proof in anchor; default dmy"
    for t in tables:
        t.amb_order = ambiguous_order(t.infos, t.order, t.span)
        if t.amb_order != t.order:
            t.order_note += (f"; ambiguous dates read {t.amb_order}: only "
                             "that reading falls among the sheet's other dates")
        detail.append((t.label, 0, f"sheet:date-order={t.order} "
                       f"({t.order_note}); date_order={t.date_order}; "
                       f"span={t.span}", []))


def norm_supplier(v):
    return " ".join(text(v).strip().upper().split())


def valid_field(field, s):
    if field == "supplier":
        return s.strip() != ""
    if field == "amount":
        return parse_amount_text(s) is not None
    info = classify_date_text(s)
    return info.readable


def repair_r1(rec, cols):
    """Rule R1.  Returns the repaired record or None."""
    ref_i, sup_i, date_i, amt_i = cols
    fields = {sup_i: "supplier", date_i: "date", amt_i: "amount"}
    pairs = []
    if sup_i is not None and date_i is not None and date_i == sup_i + 1:
        pairs.append(sup_i)
    if date_i is not None and amt_i is not None and amt_i == date_i + 1:
        pairs.append(date_i)
    candidates = []
    for p in pairs:
        v = cell(rec, p)
        if not isinstance(v, str):
            continue
        s = v.strip()
        f1, f2 = fields[p], fields[p + 1]
        splits = set()
        for i, ch in enumerate(s):
            if ch in " ,":
                splits.add((s[:i].strip(), s[i + 1:].strip()))
        if (f1, f2) == ("date", "amount"):
            for i in range(1, len(s)):
                splits.add((s[:i].strip(), s[i:].strip()))
        kept = [(x, y) for x, y in sorted(splits)
                if x and y and valid_field(f1, x) and valid_field(f2, y)]
        datepart = (lambda xy: xy[0]) if f1 == "date" else (lambda xy: xy[1])
        if any(classify_date_text(datepart(xy)).four for xy in kept):
            kept = [xy for xy in kept if classify_date_text(datepart(xy)).four]
        for x, y in kept:
            rec2 = list(rec[:p]) + [x, y] + list(rec[p + 1:])
            if (parse_amount(cell(rec2, amt_i)) is not None
                    and classify_date(cell(rec2, date_i)).readable):
                candidates.append((p, x, y, tuple(text(c) for c in rec2), rec2))
    uniq = {c[3]: c for c in candidates}
    if len(uniq) == 1:
        p, x, y, _, rec2 = next(iter(uniq.values()))
        return rec2, f"R1 split col {p} into {x!r} + {y!r}"
    return None


def repair_r2(rec, cols):
    ref_i, sup_i, date_i, amt_i = cols
    left = amt_i - 1
    if left < 0 or left in (sup_i, date_i, ref_i):
        return None
    if not empty(cell(rec, amt_i)):
        return None
    pence = parse_amount(cell(rec, left))
    if pence is None:
        return None
    if not all(empty(v) for v in rec[left + 1:]):
        return None
    return pence


REF_RE = re.compile(r"^-?\d{7,}$", re.ASCII)


def amount_profile(t):
    amt_i = t.cols[3]
    n = fmt = 0
    for _, rec in t.data:
        v = cell(rec, amt_i)
        if not isinstance(v, str):
            continue
        s = v.strip()
        if REF_RE.match(s):
            continue
        p = parse_amount_text(s)
        if p is None or abs(p) < 100000:
            continue
        n += 1
        if "," in s or "." in s:
            fmt += 1
    return n, fmt, (n >= 5 and fmt >= 0.95 * n)


def process(t, prior, detail):
    """Rules C and F for one table.  prior: Counter of keys in earlier FILES
    of the anchor (not mutated).  Returns (stats, Counter of keys here)."""
    ref_i, sup_i, date_i, amt_i = t.cols
    label = t.label
    st = dict(rows_read=len(t.data), rows_accepted=0, rows_duplicate=0,
              rows_rejected=0, rows_skipped=0, rows_undated=0, rows_unnamed=0,
              rows_repaired=0, pence_accepted=0, pence_duplicate=0)
    here = Counter()
    dup_marked = Counter()
    S = nS = T = 0
    pn, pf, formatted = amount_profile(t)
    detail.append((label, 0, f"sheet:amount-profile n={pn} formatted={pf} "
                   f"-> {'formatted' if formatted else 'not formatted'}", []))
    if t.n_dmy and t.n_mdy:
        detail.append((label, 0, "sheet:CONFLICT dmy and mdy both proven", []))
    consumed = set()
    month_only = 0

    def note(rowno, kind, rec):
        detail.append((label, rowno, kind, rec))

    for k, (rowno, rec) in enumerate(t.data):
        if k in consumed:
            st["rows_skipped"] += 1
            note(rowno, "skipped:continuation (amount joined to previous row)",
                 rec)
            continue
        # 1 blank
        if is_blank(rec):
            st["rows_skipped"] += 1
            note(rowno, "skipped:blank", rec)
            continue
        # 2 repeated header
        if t.header is not None and stripped_trimmed(rec) == t.header:
            st["rows_skipped"] += 1
            note(rowno, "skipped:repeated-header", rec)
            continue
        # 2b header printed inside a headerless file
        if t.headerless and header_test(rec):
            st["rows_skipped"] += 1
            note(rowno, "skipped:header-in-data", rec)
            continue
        info = t.infos[k]
        work = rec
        amt_v = cell(rec, amt_i)
        pence = None if empty(amt_v) else parse_amount(amt_v)
        repaired = None
        amt_col = amt_i  # the column the amount is read from (R2: one left)
        # 3 repairs
        if pence is None:
            r1 = repair_r1(rec, t.cols)
            if r1 is not None:
                work, why = r1
                pence = parse_amount(cell(work, amt_i))
                info = classify_date(cell(work, date_i))
                repaired = why
            else:
                r2 = repair_r2(rec, t.cols)
                if r2 is not None:
                    pence = r2
                    amt_col = amt_i - 1
                    repaired = (f"R2 amount read from column {amt_i - 1} "
                                f"({text(cell(rec, amt_i - 1)).strip()})")
            if repaired is None:
                if ((t.header is not None and stripped_trimmed(rec) == t.header)
                        or header_test(rec)):
                    st["rows_skipped"] += 1
                    note(rowno, "skipped:header-like (amount unreadable, "
                         "passes the header test)", rec)
                elif (empty(amt_v) and empty(cell(rec, sup_i))
                      and empty(cell(rec, date_i))):
                    st["rows_skipped"] += 1
                    note(rowno, "skipped:junk (no amount, supplier, date)", rec)
                else:
                    st["rows_rejected"] += 1
                    note(rowno, "rejected:empty-amount" if empty(amt_v)
                         else "rejected:bad-amount", rec)
                continue
        sup_v = cell(work, sup_i)
        date, flipped = read_date(info, t.order, t.amb_order)
        dated = date is not None
        payee = not empty(sup_v) and not is_total_label(sup_v)
        # 4 totals by sum
        if not (payee and dated) and pence != 0:
            need = 1 if (not payee and not dated) else 2
            if pence == S and nS >= need:
                st["rows_skipped"] += 1
                note(rowno, f"skipped:total (A={pence} == S={S}, nS={nS})", rec)
                S = nS = 0
                continue
            if T != S and pence == T:
                st["rows_skipped"] += 1
                note(rowno, f"skipped:grand-total (A={pence} == T={T}, "
                     f"S={S})", rec)
                S = nS = T = 0
                continue
        # 5 reference number in the amount column
        cur_amt = cell(work, amt_col)
        joined = False
        if (isinstance(cur_amt, str)
                and REF_RE.match(cur_amt.strip()) and formatted):
            nxt = k + 1
            while nxt < len(t.data) and is_blank(t.data[nxt][1]):
                nxt += 1
            if nxt < len(t.data):
                nrec = t.data[nxt][1]
                npence = parse_amount(cell(nrec, amt_i))
                nsup = cell(nrec, sup_i)
                npayee = not empty(nsup) and not is_total_label(nsup)
                ndate, _ = read_date(t.infos[nxt], t.order, t.amb_order)
                if npence is not None and not npayee and ndate is None:
                    consumed.add(nxt)
                    pence = npence
                    repaired = (f"joined with row {t.data[nxt][0]}: amount "
                                f"{text(cell(nrec, amt_i)).strip()}")
                    joined = True
            if not joined:
                st["rows_rejected"] += 1
                note(rowno, "rejected:reference-number (looks like a "
                     "reference number, not an amount)", rec)
                continue
        # 6 labelled total that disagrees
        if (not joined and not payee and not dated
                and any(is_total_label(v) for v in work)
                and all(empty(v) for j, v in enumerate(work)
                        if j != amt_col and not is_total_label(v))):
            st["rows_skipped"] += 1
            note(rowno, f"skipped:labelled-total (footer A={pence} vs rows "
                 f"S={S})", rec)
            S = nS = 0
            continue
        # 7 accepted / duplicate
        ref = text(cell(work, ref_i)).strip() if ref_i is not None else ""
        key = (ref, date, pence, norm_supplier(sup_v))
        if prior[key] > dup_marked[key]:
            dup_marked[key] += 1
            st["rows_duplicate"] += 1
            st["pence_duplicate"] += pence
            note(rowno, "duplicate", rec)
        else:
            st["rows_accepted"] += 1
            st["pence_accepted"] += pence
        here[key] += 1
        S += pence
        nS += 1
        T += pence
        if repaired is not None:
            st["rows_repaired"] += 1
            note(rowno, f"repaired:{repaired}", rec)
        if info.kind == "month":
            month_only += 1
            note(rowno, f"month_only -> {date}", rec)
        if flipped:
            note(rowno, f"date read against the sheet's order "
                 f"({text(cell(work, date_i)).strip()} -> {date}, "
                 f"order {t.order})", rec)
        if not dated:
            st["rows_undated"] += 1
            reason = {"empty": "empty date cell",
                      "hashes": "date cell is only '#'",
                      "nodate": "date cell is not a date"}[info.kind]
            note(rowno, f"undated ({reason})", rec)
        if empty(sup_v):
            st["rows_unnamed"] += 1
            note(rowno, "unnamed", rec)
    if month_only:
        detail.append((label, 0, f"sheet:month_only rows={month_only}", []))
    total = (st["rows_accepted"] + st["rows_duplicate"] + st["rows_rejected"]
             + st["rows_skipped"])
    assert st["rows_read"] == total, (label, st)
    st["date_order"] = t.date_order
    return st, here


# --------------------------------------------------------------------------
# Readers (rule A, K1-K3)
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


def text_records(raw):
    recs = [(i, r) for i, r in
            enumerate(csv.reader(io.StringIO(decode(raw), newline="")),
                      start=1)]
    return drop_trailing_blank(recs)


def xls_value(c, book):
    if c.ctype == xlrd.XL_CELL_TEXT:
        return c.value
    if c.ctype == xlrd.XL_CELL_NUMBER:
        return float(c.value)
    if c.ctype == xlrd.XL_CELL_DATE:
        return xlrd.xldate_as_datetime(c.value, book.datemode)
    if c.ctype == xlrd.XL_CELL_BOOLEAN:
        return "TRUE" if c.value else "FALSE"
    if c.ctype == xlrd.XL_CELL_ERROR:
        return "#ERROR"
    return None  # XL_CELL_EMPTY, XL_CELL_BLANK


def read_tables(path):
    """Return (kind, [(sheet, records)]) for one file (K1-K3)."""
    with open(path, "rb") as fh:
        raw = fh.read()
    if raw[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            names = z.namelist()
            if "xl/workbook.xml" in names:
                wb = openpyxl.load_workbook(io.BytesIO(raw), data_only=True)
                out = []
                for ws in wb.worksheets:
                    recs = [(i, list(r)) for i, r in enumerate(
                        ws.iter_rows(min_row=1, values_only=True), start=1)]
                    out.append((ws.title, drop_trailing_blank(recs)))
                return "xlsx", out
            members = sorted((n for n in names
                              if n.lower().endswith((".csv", ".txt"))),
                             key=lambda n: n.encode("utf-8"))
            return "zip", [(n, text_records(z.read(n))) for n in members]
    if raw[:4] == b"\xd0\xcf\x11\xe0":
        book = xlrd.open_workbook(file_contents=raw)
        out = []
        for sh in book.sheets():
            recs = [(i + 1, [xls_value(sh.cell(i, j), book)
                             for j in range(sh.ncols)])
                    for i in range(sh.nrows)]
            out.append((sh.name, drop_trailing_blank(recs)))
        return "xls", out
    return "text", [("", text_records(raw))]


# --------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------

def layout_for(rel, sheet):
    if f"{rel}[{sheet}]" in LAYOUT:
        return LAYOUT[f"{rel}[{sheet}]"]
    return LAYOUT.get(rel)


def not_ledger(rel, sheet):
    return NOT_LEDGERS.get(f"{rel}[{sheet}]") or NOT_LEDGERS.get(rel)


def build_tables(root, rel, problems, not_ledgers, column_rows):
    """Read one file and return its ledger Tables (sheet order)."""
    top = rel.split("/", 1)[0]
    kind, sheets = read_tables(os.path.join(root, rel))
    out = []
    for sheet, recs in sheets:
        label = f"{rel}[{sheet}]" if sheet else rel
        why = not_ledger(rel, sheet)
        if why:
            not_ledgers.append((rel, sheet, why))
            continue
        if top in RULE_B_DIRS or top == RULE_B_ANCHOR_DIR:
            name = rel.rsplit("/", 1)[-1]
            if top == "hyndburn" and name in HEADERLESS:
                cols = HEADERLESS[name]
                t = Table(rel, sheet, recs, None, cols, headerless=True)
                # The header text is printed as the last record; report its
                # texts in real_columns.csv with header_row 0.
                htexts = next((r for _, r in reversed(recs) if header_test(r)),
                              [])
            else:
                found = find_header([r for _, r in recs])
                if found is None:
                    problems.append(f"{label}: no header row in the first 30 "
                                    "records")
                    continue
                hi, cols = found
                if cols[3] is None:
                    problems.append(f"{label}: header has no amount column")
                    continue
                t = Table(rel, sheet, recs, hi, cols, headerless=False)
                htexts = recs[hi][1]
        else:
            lay = layout_for(rel, sheet)
            if lay is None:
                problems.append(f"{label}: not in LAYOUT / NOT_LEDGERS")
                continue
            hrow, sup, date, amt, ref = lay
            hi = next((i for i, (n, _) in enumerate(recs) if n == hrow), None)
            if hi is None:
                problems.append(f"{label}: header record {hrow} not found")
                continue
            htexts = recs[hi][1]
            for c in (sup, date, amt, ref):
                if c is not None and empty(cell(htexts, c)):
                    problems.append(f"{label}: LAYOUT column {c} has an empty "
                                    f"header cell")
            t = Table(rel, sheet, recs, hi, (ref, sup, date, amt),
                      headerless=False)
        ref, sup, date, amt = t.cols
        hrow_out = 0 if t.header_idx is None else recs[t.header_idx][0]
        column_rows.append([rel, sheet, hrow_out] + [
            text(cell(htexts, c)).strip() if c is not None else ""
            for c in (amt, date, sup, ref)])
        out.append(t)
    return out


def anchors_of(root, problems):
    """Return [(anchor name, [relative file paths in byte order])]."""
    files = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for f in filenames:
            rel = os.path.relpath(os.path.join(dirpath, f), root)
            rel = rel.replace(os.sep, "/")
            if "/" not in rel:
                if rel != "PROVENANCE.md":
                    problems.append(f"{rel}: unexpected top-level file")
                continue
            files.append(rel)
    files.sort(key=lambda r: r.encode("utf-8"))
    anchors = {}
    for rel in files:
        top = rel.split("/", 1)[0]
        name = rel if top == RULE_B_ANCHOR_DIR else top
        anchors.setdefault(name, []).append(rel)
    return sorted(anchors.items(), key=lambda kv: kv[0].encode("utf-8"))


def write_csv(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def main(argv):
    args = list(argv[1:])
    opts = {"--columns": None, "--not-ledgers": None, "--detail": None}
    side = True
    pos = []
    while args:
        a = args.pop(0)
        if a in opts:
            opts[a] = args.pop(0)
        elif a == "--no-side-files":
            side = False
        else:
            pos.append(a)
    here_dir = os.path.dirname(os.path.abspath(__file__))
    if pos:
        root = pos[0]
    else:
        repo = os.path.dirname(os.path.dirname(here_dir))
        root = os.path.normpath(os.path.join(repo, "..", "shared", "data",
                                             "real", "ledgers"))
    detail_path = opts["--detail"] or os.environ.get("DETAIL")
    detail = []
    rows = []
    problems = []
    not_ledgers = []
    column_rows = []

    for anchor, rels in anchors_of(root, problems):
        per_file = []
        for rel in rels:
            try:
                per_file.append(build_tables(root, rel, problems, not_ledgers,
                                             column_rows))
            except Problem as e:
                problems.append(str(e))
        tables = [t for ts in per_file for t in ts]
        decide_orders(tables, detail)
        prior = Counter()
        for ts in per_file:
            # A workbook's sheets / an archive's members are one file: their
            # keys join `prior` only after the whole file (rule F).
            file_keys = Counter()
            for t in ts:
                st, keys = process(t, prior, detail)
                file_keys.update(keys)
                rows.append((t.rel, t.sheet, st))
            prior.update(file_keys)

    if problems:
        for p in problems:
            print("PROBLEM: " + p, file=sys.stderr)
        return 2

    rows.sort(key=lambda r: r[0].encode("utf-8"))  # stable: keeps sheet order
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(COLUMNS)
    for f, sheet, st in rows:
        w.writerow([f, sheet] + [st[c] for c in COLUMNS[2:]])

    if side:
        column_rows.sort(key=lambda r: r[0].encode("utf-8"))
        not_ledgers.sort(key=lambda r: r[0].encode("utf-8"))
        write_csv(opts["--columns"] or os.path.join(here_dir,
                                                    "real_columns.csv"),
                  ["file", "sheet", "header_row", "amount", "date",
                   "supplier_name", "transaction_ref"], column_rows)
        write_csv(opts["--not-ledgers"] or os.path.join(here_dir,
                                                        "real_not_ledgers.csv"),
                  ["file", "sheet", "why"], not_ledgers)

    if detail_path:
        with open(detail_path, "w", encoding="utf-8", newline="") as fh:
            dw = csv.writer(fh, delimiter="\t", lineterminator="\n")
            for label, rowno, kind, rec in detail:
                dw.writerow([label, rowno, kind] + [text(v) for v in rec])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
