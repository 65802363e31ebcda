//! sample-data/README.md: what each file is, which messes it holds and where, and the
//! command that made it. Generated, so the row numbers it quotes are always right.

use crate::sample::{Notes, Written};
use std::fmt::Write as _;

const INTRO: &str = "\
# sample-data: a made-up Oxfordshire anchor partnership

Everything in this folder is invented. The anchors are named after real Oxfordshire
institutions, but every payment, amount, date and supplier is made up; supplier websites use
the reserved `.example` domain. `study.toml` ties the files together and is what
`spendgap run` uses when given no study.

The folder is written by the seeded generator in `tools/samplegen`; the same seed gives
byte-identical files (XLSX and ODS carry fixed creation dates and zip timestamps). From the
repository root:

    cargo run --release -p samplegen -- sample --out sample-data --seed {SEED}

## Files

| file | rows | notes |
|---|---:|---|
";

const FORMATS: &str = "
Rows are data rows below the header: preambles, titles, blank lines and footers are not
counted. The directory lists the co-operatives and social enterprises that anchors pay
(spelt as the directory spells them) and ten that receive no spend.

## Messes built into each format

- **oxford-city** (Oxford City Council, CSV): Windows-1252 encoded (`£` is byte 0xA3,
  `é` 0xE9); CRLF line endings; a three-line preamble (title padded with commas,
  `Spend over £500`, a blank line) above the header; a header with `£` in it
  (`Net Amount (£)`) and an unnamed empty spacer column between `Supplier Name` and
  `Payment Date`; amounts quoted with thousands separators (`\"17,532.00\"`) and credit notes
  in brackets (`\"(250.00)\"`); dates `dd/mm/yyyy`; supplier names cut at 32 characters by
  the ERP; a `Total` footer row whose amount equals the sum of the rows.
- **oxon-county** (Oxfordshire County Council, XLSX): one sheet per quarter (`Q1 Apr-Jun`
  …) plus a `Notes` sheet of plain text that is not a ledger (first sheet in 2023-24, last
  in 2024-25); Q1 and Q3 have the header on row 1, Q2 and Q4 under a two-row title (header
  on row 3); dates are Excel serials, formatted as dates except on Q3 where they are bare
  numbers; amounts are numbers, a few with float artefacts; supplier names in capitals;
  company numbers as text, a few stored as numbers that lost their leading zero.
- **ouh** (Oxford University Hospitals NHS FT, fictional data, ODS): one sheet, real date
  and float cells, a text cell where an amount should be, VAT registration numbers (with
  valid check digits).
- **oxford-uni** (University of Oxford, CSV): UTF-8 with a byte-order mark, LF line
  endings, `;` delimiter, dates like `11-Aug-23`, amounts like `£1,204.50` and `-£45.00`,
  no publication threshold (small amounts too), some postcodes without their space.
- **Across anchors**: the same supplier is spelt differently by each anchor and sometimes
  within one (`A G S Heating & Plumbing Ltd`, `AGS HEATING & PLUMBING LTD`,
  `A.G.S. Heating and Plumbing Limited`); every anchor pays HMRC and a pension scheme
  monthly; there are payments to other public bodies (Thames Valley Police, Cherwell
  District Council, Oxfordshire County Council), to named individuals (`Mr J Smith`) and
  to `Redacted personal data`. Postcodes are mostly in OX1–OX49, with Oxfordshire towns
  outside OX (Henley RG9, Faringdon SN7) and national firms in London, Manchester,
  Birmingham, Leeds and Bristol.
";

/// Renders the README from what was written and where the messes landed; `reference`
/// describes the reference files.
pub fn render(seed: u64, written: &[Written], notes: &Notes, reference: &str) -> String {
    let mut s = INTRO.replace("{SEED}", &seed.to_string());
    for w in written {
        let _ = writeln!(s, "| `{}` | {} | {} |", w.rel, w.rows, w.detail);
    }
    s.push_str(
        "| `study.toml` | | the study: four anchors, their ledger globs, the reference files and the local bands |\n",
    );
    s.push_str(FORMATS);
    s.push_str(reference);
    s.push_str("\n## Where the planted rows are\n");
    for w in written {
        let in_file: Vec<_> = notes.0.iter().filter(|(f, _, _)| *f == w.rel).collect();
        if in_file.is_empty() {
            continue;
        }
        let _ = writeln!(s, "\n`{}`:\n", w.rel);
        let mut kinds: Vec<&str> = Vec::new();
        for (_, _, what) in &in_file {
            if !kinds.contains(&what.as_str()) {
                kinds.push(what);
            }
        }
        for kind in kinds {
            let places: Vec<&str> = in_file
                .iter()
                .filter(|n| n.2 == kind)
                .map(|n| n.1.as_str())
                .collect();
            let shown = places
                .iter()
                .take(6)
                .copied()
                .collect::<Vec<_>>()
                .join(", ");
            let more = if places.len() > 6 {
                format!(" … ({} in all)", places.len())
            } else {
                String::new()
            };
            let _ = writeln!(s, "- {kind}: {shown}{more}");
        }
    }
    s
}
