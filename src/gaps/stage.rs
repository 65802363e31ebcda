//! The gaps stage's entry point: demand from the classified tables, local supply from
//! the registers, contracts from the anchors' registers, judged market by market.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::gap_files::GapFiles;
use super::{GapTables, Setting, analyse, calendar, contracts, demand, supply};
use crate::classify::Rules;
use crate::config::study::Study;
use crate::format::{pounds, thousands};
use crate::output::frame::write_rows_parquet;
use crate::output::{Staging, write_rows};
use crate::reference::places::Places;
use crate::reference::registers::Registers;
use crate::tables::{read_columns, read_table};

/// The gaps found, with what a summary of them names.
pub struct Found {
    pub tables: GapTables,
    /// The areas judged, by name, in the study's order.
    pub areas: Vec<String>,
    /// The incubation calendar's window.
    pub as_of: NaiveDate,
    pub horizon_end: NaiveDate,
}

/// Finds the gaps from the classified tables in `out` and writes gaps.csv and .parquet,
/// opportunities.csv, calendar.csv, contracts.csv, local_suppliers.csv and
/// shared_suppliers.csv. Returns what was found and the files written; `None` when the
/// study declares no band, so no area to find gaps in.
pub fn run(study: &Study, out: &Path) -> anyhow::Result<Option<(Found, Vec<PathBuf>)>> {
    let origin = study.path.display();
    if study.gaps.areas.is_empty() {
        return Ok(None);
    }
    let files = GapFiles::load(&study.gaps).map_err(|e| anyhow::anyhow!("{origin}: {e:#}"))?;
    let rules = Rules::load(&study.analysis).map_err(|e| anyhow::anyhow!("{origin}: {e:#}"))?;
    let declared: Vec<String> = rules.bands.iter().map(|b| b.name.clone()).collect();
    let suppliers_df = read_table(out, &crate::tables::declared::CLASSIFIED_SUPPLIERS)?;
    let suppliers = demand::read_suppliers(&suppliers_df, &declared)?;
    drop(suppliers_df);
    let df = read_columns(
        out,
        &crate::tables::declared::CLASSIFIED_TRANSACTIONS,
        Some(&[
            "anchor_id",
            "date",
            "amount_pence",
            "supplier_id",
            "influenceable",
            "market",
        ]),
    )?;
    let anchors: Vec<String> = study.anchors.iter().map(|a| a.id.clone()).collect();
    let areas: Vec<(usize, String)> = study
        .gaps
        .areas
        .iter()
        .map(|&b| (b, declared[b].clone()))
        .collect();
    let band_ids: Vec<usize> = areas.iter().map(|a| a.0).collect();
    let sums = demand::sum(
        &df,
        &suppliers,
        &anchors,
        &band_ids,
        study.analysis.year_start_month,
    )?;
    drop(df);
    let mut registers = Registers::load(&study.reference)?;
    // The study's social-economy directory, built into this run folder, is local supply
    // beside the registers, and speaks for an organisation found in both.
    let directory = out.join("directory.csv");
    if study.directory.is_some() && directory.is_file() {
        use crate::reference::RegisterKind;
        use crate::reference::registers::{RegisterFile, formats, forms::Forms};
        registers.files.push(RegisterFile {
            kind: RegisterKind::Directory,
            table: formats::read(RegisterKind::Directory, &directory, &Forms::builtin())?,
            path: directory,
            cache: crate::reference::cache::CacheStatus::Disabled,
        });
    }
    let places = Places::load(&study.reference)?;
    let area_mask = band_ids.iter().fold(0u64, |m, b| m | (1 << b));
    let name_rules =
        crate::resolve::name_rules::NameRules::load(study.resolve.name_rules.as_deref())?;
    let norm = crate::resolve::normalise::Normaliser::new(&name_rules);
    let (local, search) =
        supply::local_orgs(&registers, &places, &rules, area_mask, |n| norm.key(n).text);
    drop(registers);
    let named: Vec<(String, String)> = study
        .anchors
        .iter()
        .map(|a| (a.id.clone(), a.name.clone()))
        .collect();
    let contracts = contracts::read_all(&study.gaps.contracts, &files, &rules.markets, &named)?;
    let as_of = match (study.gaps.as_of, sums.last_date) {
        (Some(d), _) => d,
        (None, Some(last)) => calendar::default_as_of(last, study.analysis.year_start_month),
        (None, None) if contracts.is_empty() => NaiveDate::default(),
        (None, None) => anyhow::bail!(
            "{origin}: no payment is dated, so the calendar has no date to count from: give [gaps] as_of"
        ),
    };
    let set = Setting {
        anchors: &anchors,
        markets: &rules.markets,
        areas: &areas,
        files: &files,
        as_of,
        supply_unknown: search.unknown_because(),
        horizon_end: calendar::horizon_end(as_of, study.gaps.horizon_months),
    };
    let t = analyse(&sums, &suppliers, &local, &contracts, &set);
    let mut staging = Staging::new(out)?;
    staging.write("gaps.csv", |w| write_rows(w, &t.gaps))?;
    staging.write("gaps.parquet", |w| write_rows_parquet(w, &t.gaps))?;
    staging.write("opportunities.csv", |w| write_rows(w, &t.opportunities))?;
    staging.write("calendar.csv", |w| write_rows(w, &t.calendar))?;
    staging.write("contracts.csv", |w| write_rows(w, &t.contracts))?;
    staging.write("local_suppliers.csv", |w| write_rows(w, &t.local))?;
    staging.write("shared_suppliers.csv", |w| write_rows(w, &t.shared))?;
    let written = staging.commit()?;
    let found = Found {
        areas: areas.iter().map(|(_, name)| name.clone()).collect(),
        as_of: set.as_of,
        horizon_end: set.horizon_end,
        tables: t,
    };
    Ok(Some((found, written)))
}

/// What the gap stage says when done: each area's verdicts and first opportunities, and
/// the calendar's contracts.
pub fn summary(study: &Study, found: &Found) -> Vec<String> {
    let mut out = Vec::new();
    let t = &found.tables;
    push_line!(out, "{}", study.name);
    for area in &found.areas {
        let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
        for g in t.gaps.iter().filter(|g| &g.area == area) {
            *counts.entry(g.verdict.as_str()).or_default() += 1;
        }
        let c: Vec<String> = counts.iter().map(|(v, n)| format!("{v} {n}")).collect();
        push_line!(out, "  {area}: markets {}", c.join(", "));
        for o in t.opportunities.iter().filter(|o| &o.area == area).take(5) {
            push_line!(
                out,
                "    {:>2}. {:<40} {:<9} score {:.2}, {} a year",
                o.rank,
                o.market,
                o.verdict.as_str(),
                o.score,
                pounds(o.annual_pence)
            );
        }
    }
    if !t.contracts.is_empty() {
        let listed: Vec<&crate::gaps::rows::ContractRow> = t
            .contracts
            .iter()
            .filter(|c| c.status.starts_with("in calendar"))
            .collect();
        let value: i64 = listed.iter().filter_map(|c| c.value_pence).sum();
        push_line!(
            out,
            "  calendar from {} to {}: {} of {} contracts ({}) come up in gap markets",
            found.as_of,
            found.horizon_end,
            thousands(listed.len() as u64),
            thousands(t.contracts.len() as u64),
            pounds(value)
        );
    }
    out
}
