//! What spendgap sees in one ledger file before anything runs — kind, encoding, header,
//! each field's column with its score, the date order, counts, sample rows, problems —
//! for `spendgap inspect` and for `spendgap init`, which writes it into a study.

use std::path::Path;

use serde::Serialize;

use crate::config::field::Field;
use crate::config::study::{Ledger, ReadOptions};
use crate::config::synonyms::Synonyms;
use crate::format::pounds;
use crate::ingest::finished::{DateDecision, FooterNote};
use crate::ingest::header::{Choice, ColumnInfo};
use crate::ingest::reconcile::Counts;
use crate::ingest::record::{Problem, SheetOutcome};
use crate::ingest::{Format, read_ledger};

/// What `inspect` reports about one file.
#[derive(Debug, Serialize)]
pub struct FileInspection {
    pub file: String,
    pub format: Option<Format>,
    pub encoding: Option<String>,
    pub bom: Option<bool>,
    pub line_endings: Option<String>,
    pub delimiter: Option<String>,
    pub error: Option<String>,
    pub sheets: Vec<SheetInspection>,
}

/// What `inspect` reports about one sheet (or a text file's single table).
#[derive(Debug, Serialize)]
pub struct SheetInspection {
    pub sheet: Option<String>,
    /// Why no ledger was read from this sheet, if none was.
    pub not_a_ledger: Option<String>,
    pub header_row: Option<u32>,
    pub rows_preamble: u64,
    pub columns: Vec<ColumnInfo>,
    /// Each field's column, its score, why, and the runner-up.
    pub choices: Vec<Choice>,
    /// How the dates are read, and the evidence.
    pub dates: Option<DateDecision>,
    /// Undated rows by reason.
    pub undated: Vec<(String, u64)>,
    /// Rows dated by a month alone (read as the 1st).
    pub month_only: u64,
    /// Total lines that disagree with the rows above them.
    pub footers_disagreeing: Vec<FooterNote>,
    pub counts: Option<Counts>,
    pub skipped: Vec<(String, u64)>,
    pub samples: Vec<Sample>,
    pub problems: Vec<Problem>,
    pub problems_total: u64,
}

/// A parsed row as it will appear in `transactions.parquet`.
#[derive(Debug, Serialize)]
pub struct Sample {
    pub row: u32,
    pub date: Option<String>,
    pub amount_pence: i64,
    pub fields: Vec<(Field, String)>,
}

fn samples(o: &SheetOutcome, n: usize) -> Vec<Sample> {
    let b = &o.batch;
    (0..b.len().min(n))
        .map(|i| Sample {
            row: b.rows[i],
            date: b
                .date(i)
                .map(|d| crate::read::values::date::epoch_date(d).to_string()),
            amount_pence: b.amounts[i],
            fields: Field::TEXT
                .iter()
                .filter_map(|f| Some((*f, b.text(*f)?.get(i)?.to_string())))
                .collect(),
        })
        .collect()
}

pub fn inspect_file(path: &Path, n_samples: usize, synonyms: &Synonyms) -> FileInspection {
    let ledger = Ledger {
        display: path.display().to_string(),
        path: path.to_path_buf(),
        options: ReadOptions::default(),
    };
    let mut read = read_ledger("", &ledger, synonyms);
    crate::ingest::finish_sheets(&mut [&mut read], synonyms);
    let sheets = read
        .sheets
        .iter()
        .map(|s| match &s.outcome {
            Ok(o) => SheetInspection {
                sheet: s.sheet.clone(),
                not_a_ledger: None,
                header_row: o.mapping.header_row,
                rows_preamble: o.rows_preamble,
                columns: o.mapping.columns.clone(),
                choices: o.mapping.choices.clone(),
                dates: o.finished.as_ref().map(|f| f.dates.clone()),
                undated: o
                    .undated
                    .iter()
                    .map(|(k, v)| (k.describe().to_string(), *v))
                    .collect(),
                month_only: o.month_only,
                footers_disagreeing: o
                    .finished
                    .as_ref()
                    .map(|f| f.footers_disagreeing.clone())
                    .unwrap_or_default(),
                counts: Some(o.counts.clone()),
                skipped: o.skipped.iter().map(|(k, v)| (k.clone(), *v)).collect(),
                samples: samples(o, n_samples),
                problems: o.problems.clone(),
                problems_total: o.problems_total,
            },
            Err(e) => SheetInspection {
                sheet: s.sheet.clone(),
                not_a_ledger: Some(e.to_string()),
                header_row: None,
                rows_preamble: 0,
                columns: Vec::new(),
                choices: Vec::new(),
                dates: None,
                undated: Vec::new(),
                month_only: 0,
                footers_disagreeing: Vec::new(),
                counts: None,
                skipped: Vec::new(),
                samples: Vec::new(),
                problems: Vec::new(),
                problems_total: 0,
            },
        })
        .collect();
    let text = read.sheets.first().and_then(|s| s.text.as_ref());
    FileInspection {
        file: read.file.clone(),
        format: read.error.is_none().then_some(read.format),
        encoding: text.map(|(i, _)| i.encoding.to_string()),
        bom: text.map(|(i, _)| i.bom),
        line_endings: text.map(|(i, _)| {
            let [lf, crlf, cr] = i.line_breaks;
            let kinds: Vec<String> = [(lf, "LF"), (crlf, "CRLF"), (cr, "CR")]
                .iter()
                .filter(|(n, _)| *n > 0)
                .map(|(n, k)| format!("{n} {k}"))
                .collect();
            if kinds.is_empty() {
                "no line breaks".to_string()
            } else {
                format!("{:?} ({})", i.line_ending(), kinds.join(", ")).to_uppercase()
            }
        }),
        delimiter: text.map(|(_, d)| match d {
            b'\t' => "tab".to_string(),
            d => char::from(*d).to_string(),
        }),
        error: read.error.clone(),
        sheets,
    }
}

impl FileInspection {
    /// The inspection as `spendgap inspect` prints it, one line per fact.
    pub fn text(&self) -> String {
        let r = self;
        let mut out = Vec::new();
        push_line!(out, "== {}", r.file);
        if let Some(e) = &r.error {
            push_line!(out, "   cannot read: {e}\n");
            return lines_text(out);
        }
        if let Some(format) = r.format {
            let what = match format {
                Format::Text => "delimited text".to_string(),
                Format::Workbook => "spreadsheet workbook".to_string(),
                Format::Archive => format!(
                    "archive (a ZIP of {} text file(s), each read as a table)",
                    r.sheets.len()
                ),
            };
            push_line!(out, "   format: {what}, told from the file's bytes");
        }
        if let (Some(enc), Some(le), Some(d)) = (&r.encoding, &r.line_endings, &r.delimiter) {
            let bom = if r.bom == Some(true) { " with BOM" } else { "" };
            let le = if le == "no line breaks" {
                le.clone()
            } else {
                format!("{le} line endings")
            };
            push_line!(out, "   text: {enc}{bom}, {le}, delimiter {d:?}");
        }
        for s in &r.sheets {
            if let Some(name) = &s.sheet {
                push_line!(out, "-- sheet {name:?}");
            }
            if let Some(why) = &s.not_a_ledger {
                push_line!(out, "   not read as a ledger: {why}\n");
                continue;
            }
            match s.header_row {
                Some(h) => push_line!(
                    out,
                    "   header: row {h} ({} row(s) above it)",
                    s.rows_preamble
                ),
                None => push_line!(out, "   header: none (columns by position from the study)"),
            }
            push_line!(out, "   columns:");
            for c in &s.columns {
                let target = match c.field {
                    Some(f) => format!("→ {f} ({})", c.how),
                    None => format!("   {}", c.how),
                };
                push_line!(
                    out,
                    "     {:>3}  {:<32} {target}",
                    c.column,
                    format!("{:?}", c.header)
                );
            }
            for c in &s.choices {
                push_line!(
                    out,
                    "   {} → column {} {:?}: score {:.2} ({}{})",
                    c.field,
                    c.column,
                    c.header,
                    c.score,
                    c.how,
                    if c.why.is_empty() {
                        String::new()
                    } else {
                        format!(": {}", c.why)
                    }
                );
                if let Some(r) = &c.runner_up {
                    push_line!(
                        out,
                        "       runner-up column {} {:?}: {:.2} ({})",
                        r.column,
                        r.header,
                        r.score,
                        r.why
                    );
                }
            }
            if let Some(d) = &s.dates {
                push_line!(out, "   dates: {}: {}", d.date_order, d.evidence);
            }
            for (why, n) in &s.undated {
                push_line!(out, "   undated {n}: {why}");
            }
            if s.month_only > 0 {
                push_line!(
                    out,
                    "   {} row(s) dated by a month alone, read as its 1st day",
                    s.month_only
                );
            }
            for f in &s.footers_disagreeing {
                push_line!(
                    out,
                    "   row {}: a total line of {} where the rows above it sum to {}: not counted; check the file",
                    f.row,
                    pounds(f.footer_pence),
                    pounds(f.rows_pence)
                );
            }
            if let Some(c) = &s.counts {
                push_line!(
                    out,
                    "   rows below the header: {} read = {} accepted + {} rejected + {} skipped",
                    c.rows_read,
                    c.rows_accepted,
                    c.rows_rejected,
                    c.rows_skipped
                );
                push_line!(
                    out,
                    "   accepted total {}; {} undated, {} with no payee, {} repaired, {} rounded",
                    pounds(c.pence_accepted),
                    c.rows_undated,
                    c.rows_unnamed,
                    c.rows_repaired,
                    c.rows_rounded
                );
            }
            for (why, n) in &s.skipped {
                push_line!(out, "   skipped {n}: {why}");
            }
            if !s.samples.is_empty() {
                push_line!(out, "   sample rows:");
            }
            for x in &s.samples {
                let fields: Vec<String> =
                    x.fields.iter().map(|(f, v)| format!("{f}={v:?}")).collect();
                push_line!(
                    out,
                    "     row {:>5}: {} {} {}",
                    x.row,
                    x.date.as_deref().unwrap_or("(no date)"),
                    pounds(x.amount_pence),
                    fields.join(" ")
                );
            }
            if s.problems_total > 0 {
                push_line!(out, "   problems ({}):", s.problems_total);
                for p in &s.problems {
                    push_line!(
                        out,
                        "     row {:>5} {:?} {:?}: {}",
                        p.row,
                        p.column,
                        p.raw_value,
                        p.message
                    );
                }
                if s.problems_total > s.problems.len() as u64 {
                    push_line!(
                        out,
                        "     … and {} more",
                        s.problems_total - s.problems.len() as u64
                    );
                }
            }
            push_line!(out);
        }
        lines_text(out)
    }
}

/// Lines as printed, each ending in a line break.
fn lines_text(lines: Vec<String>) -> String {
    lines.into_iter().map(|l| l + "\n").collect()
}
