//! The run folder as the report reads it: the tables the earlier stages wrote, read back
//! by name into typed rows. The report depends on these files only, so `spendgap report`
//! can be rerun on any finished run folder.

use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::ingest::reconcile::{Reconciliation, Reject};
use crate::measure::MetricRow;
use crate::measure::compare::TrendRow;

/// Every table a run folder holds, with what it is for: the workbook's README sheet and
/// the report's list of files are made from this list, in this order.
pub const RUN_TABLES: &[(&str, &str)] = &[
    (
        "metrics.csv",
        "Every headline figure per anchor and financial year, long format: ALL is the partnership",
    ),
    (
        "trend.csv",
        "Each figure of a complete year beside the complete year before's, or the compared baseline's, with the change",
    ),
    (
        "years.csv",
        "Each financial year per anchor: complete, partial (with the months that have spend) or a stray",
    ),
    (
        "by_market.csv",
        "Influenceable spend per market, with the local, SME, social-economy and co-operative parts",
    ),
    (
        "top_suppliers.csv",
        "The largest suppliers of influenceable spend per anchor and year",
    ),
    (
        "shared_suppliers.csv",
        "Suppliers that more than one anchor pays",
    ),
    (
        "exclusions.csv",
        "Spend left out of the influenceable total, by the rule that excluded it",
    ),
    (
        "gaps.csv",
        "Per area and market: demand, leakage, local democratic supply, the verdict and its score",
    ),
    (
        "opportunities.csv",
        "The markets worth acting on, ranked, with a one-line reason each",
    ),
    (
        "calendar.csv",
        "Contracts in those markets that come up again within the horizon",
    ),
    (
        "contracts.csv",
        "Every contract read from the contract registers, with its market and re-let date",
    ),
    (
        "local_suppliers.csv",
        "Local co-operatives and social enterprises found in the registers, per market",
    ),
    (
        "suppliers.csv",
        "Every supplier with its place, size, ownership form and market, and where each came from",
    ),
    (
        "matches.csv",
        "Every supplier name as written in the ledgers, and the register record it was matched to",
    ),
    (
        "review.csv",
        "Names a person should check, with their candidate matches",
    ),
    (
        "unmapped_categories.csv",
        "Ledger categories no market table maps, with their spend",
    ),
    (
        "payments.csv",
        "Every classified payment, to pivot: payees withheld where nothing shows they are organisations",
    ),
    (
        "rejects.csv",
        "Ledger rows that could not be read, naming file, sheet, row and value",
    ),
    (
        "data_quality.csv",
        "Payments far above their anchor's usual range, total lines that disagree with their rows, and date columns written both ways: to check before publishing",
    ),
];

/// One row of years.csv: whether a financial year is complete, partial or a stray.
#[derive(Debug, Clone, Deserialize)]
pub struct Year {
    pub anchor_id: String,
    pub year: String,
    pub status: String,
    pub months: String,
    pub payments: u64,
    pub total_pence: i64,
    pub note: String,
}

/// One row of by_market.csv.
#[derive(Debug, Clone, Deserialize)]
pub struct MarketSpend {
    pub anchor_id: String,
    pub year: String,
    pub market: String,
    pub influenceable_pence: i64,
    pub local_pence: i64,
    pub sme_pence: i64,
    pub social_economy_pence: i64,
    pub cooperative_pence: i64,
    pub suppliers: u64,
}

/// One row of top_suppliers.csv.
#[derive(Debug, Clone, Deserialize)]
pub struct TopSupplier {
    pub anchor_id: String,
    pub year: String,
    pub rank: u32,
    pub display_name: String,
    pub influenceable_pence: i64,
    pub share: f64,
    pub band: String,
    pub size_band: String,
    pub ownership_form: String,
    pub market: String,
}

/// One row of exclusions.csv.
#[derive(Debug, Clone, Deserialize)]
pub struct Exclusion {
    pub rule: String,
    pub description: String,
    pub transactions: u64,
    pub pence: i64,
}

/// One row of unmapped_categories.csv.
#[derive(Debug, Clone, Deserialize)]
pub struct Unmapped {
    pub category: String,
    pub transactions: u64,
    pub pence: i64,
}

/// One row of suppliers.csv (the columns the report uses).
#[derive(Debug, Clone, Deserialize)]
pub struct Supplier {
    pub status: String,
    pub spend_pence: i64,
    pub ownership_form: String,
    /// The name, or "payee withheld (S…)" where nothing shows it is an organisation's.
    pub shown_name: String,
}

/// One row of gaps.csv (the columns the report uses).
#[derive(Debug, Clone, Deserialize)]
pub struct Gap {
    pub area: String,
    pub market: String,
    pub verdict: String,
    pub score: f64,
    pub influenceable_pence: i64,
    pub leakage_pence: i64,
    pub local_democratic_pence: i64,
    pub local_orgs: u64,
}

/// One row of opportunities.csv.
#[derive(Debug, Clone, Deserialize)]
pub struct Opportunity {
    pub rank: u32,
    pub area: String,
    pub market: String,
    pub verdict: String,
    pub score: f64,
    pub annual_pence: i64,
    pub leakage_pence: i64,
    pub local_orgs: u64,
    pub next_relet: Option<String>,
    pub reason: String,
}

/// One row of calendar.csv.
#[derive(Debug, Clone, Deserialize)]
pub struct CalendarEntry {
    pub area: String,
    pub relet_date: String,
    pub anchor_id: String,
    pub reference: String,
    pub title: String,
    pub market: String,
    pub verdict: String,
    pub value_pence: Option<i64>,
}

/// The tables of one finished run.
pub struct RunTables {
    pub dir: PathBuf,
    pub reconciliation: Reconciliation,
    /// The study's bands, innermost first, as metrics.csv lists them.
    pub bands: Vec<String>,
    pub metrics: Vec<MetricRow>,
    /// Which years are complete, partial or strays (years.csv).
    pub years: Vec<Year>,
    /// What the figures were measured with (measure.json).
    pub settings: crate::measure::Settings,
    pub trend: Vec<TrendRow>,
    pub by_market: Vec<MarketSpend>,
    pub top_suppliers: Vec<TopSupplier>,
    pub exclusions: Vec<Exclusion>,
    pub unmapped: Vec<Unmapped>,
    pub suppliers: Vec<Supplier>,
    pub gaps: Vec<Gap>,
    pub opportunities: Vec<Opportunity>,
    pub calendar: Vec<CalendarEntry>,
    pub rejects: Vec<Reject>,
    /// What a person should check before publishing (data_quality.csv).
    pub quality: Vec<crate::ingest::quality::QualityNote>,
}

impl RunTables {
    /// Reads a run folder; an error names the file that is missing or unreadable and
    /// the stage that writes it.
    pub fn read(dir: &Path) -> anyhow::Result<Self> {
        let json = dir.join("reconciliation.json");
        let text = std::fs::read_to_string(&json).with_context(|| {
            format!(
                "cannot read {}: is {} a finished run folder? (`spendgap run` writes one)",
                json.display(),
                dir.display()
            )
        })?;
        let reconciliation = serde_json::from_str(&text).with_context(|| {
            format!("{} is not a reconciliation spendgap wrote", json.display())
        })?;
        let metrics: Vec<MetricRow> = read_csv(dir, "metrics.csv", "measure")?;
        Ok(RunTables {
            dir: dir.to_path_buf(),
            reconciliation,
            bands: bands(&metrics),
            metrics,
            years: read_csv(dir, "years.csv", "measure")?,
            settings: read_json(dir, "measure.json", "measure")?,
            trend: read_csv(dir, "trend.csv", "measure")?,
            by_market: read_csv(dir, "by_market.csv", "measure")?,
            top_suppliers: read_csv(dir, "top_suppliers.csv", "measure")?,
            exclusions: read_csv(dir, "exclusions.csv", "measure")?,
            unmapped: read_csv(dir, "unmapped_categories.csv", "measure")?,
            suppliers: read_csv(dir, "suppliers.csv", "classify")?,
            // The gap stage is skipped for a study with no bands: no gap tables.
            gaps: read_optional(dir, "gaps.csv")?,
            opportunities: read_optional(dir, "opportunities.csv")?,
            calendar: read_optional(dir, "calendar.csv")?,
            rejects: read_csv(dir, "rejects.csv", "ingest")?,
            quality: read_csv(dir, "data_quality.csv", "ingest")?,
        })
    }
}

/// The bands in the order metrics.csv first names them (`band:Oxford`, …): innermost first.
fn bands(metrics: &[MetricRow]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for m in metrics {
        if let Some(b) = m.metric.strip_prefix("band:")
            && !out.iter().any(|o| o == b)
        {
            out.push(b.to_string());
        }
    }
    out
}

/// Reads one CSV table of the run into rows; an error names the file and line.
pub fn read_csv<T: DeserializeOwned>(
    dir: &Path,
    name: &str,
    stage: &str,
) -> anyhow::Result<Vec<T>> {
    let path = dir.join(name);
    let mut reader = csv::Reader::from_path(&path).with_context(|| {
        format!(
            "cannot read {}: run `spendgap {stage}` (or `spendgap run`) first",
            path.display()
        )
    })?;
    let mut rows = Vec::new();
    for (i, row) in reader.deserialize().enumerate() {
        rows.push(row.with_context(|| format!("{} line {}", path.display(), i + 2))?);
    }
    Ok(rows)
}

/// A JSON file of the run.
fn read_json<T: DeserializeOwned>(dir: &Path, name: &str, stage: &str) -> anyhow::Result<T> {
    let path = dir.join(name);
    let text = std::fs::read_to_string(&path).with_context(|| {
        format!(
            "cannot read {}: run `spendgap {stage}` (or `spendgap run`) first",
            path.display()
        )
    })?;
    serde_json::from_str(&text).with_context(|| format!("{} is not valid", path.display()))
}

/// A table a stage may have skipped: no rows when the file is absent.
fn read_optional<T: DeserializeOwned>(dir: &Path, name: &str) -> anyhow::Result<Vec<T>> {
    if dir.join(name).exists() {
        read_csv(dir, name, "gaps")
    } else {
        Ok(Vec::new())
    }
}

/// Any CSV table as text: its header and rows (the workbook writes every table this way).
pub fn read_text_table(path: &Path) -> anyhow::Result<(Vec<String>, Vec<Vec<String>>)> {
    let mut reader =
        csv::Reader::from_path(path).with_context(|| format!("cannot read {}", path.display()))?;
    let header = reader
        .headers()
        .with_context(|| format!("{} has no header", path.display()))?
        .iter()
        .map(str::to_string)
        .collect();
    let mut rows = Vec::new();
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.with_context(|| format!("{} line {}", path.display(), i + 2))?;
        rows.push(rec.iter().map(str::to_string).collect());
    }
    Ok((header, rows))
}
