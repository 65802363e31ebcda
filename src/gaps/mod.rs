//! The gaps stage: for each market in each area, the anchors' demand, the spend leaving
//! the area, the local social economy able to supply it, a verdict and a transparent
//! score; the ranked opportunities; and the contracts that come up again in time.

mod calendar;
mod contracts;
mod demand;
pub mod gap_files;
mod pass;
pub mod rows;
mod stage;
mod suppliers;
mod supply;
mod verdict;

#[cfg(test)]
mod tests;

pub use stage::{Found, run, summary};

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use crate::classify::UNMAPPED;
use crate::reference::registers::org::OwnershipForm;
use contracts::Contract;
use demand::{Demand, MarketDemand, SupplierFacts, quantile, share_below};
use gap_files::GapFiles;
use rows::*;
use supply::LocalOrg;
use verdict::{Facts, Terms, Verdict, judge};

/// What the stage is given besides the tables' sums.
pub struct Setting<'a> {
    pub anchors: &'a [String],
    /// The market tables (to say when no SIC code maps to a market).
    pub markets: &'a crate::classify::market::Markets,
    /// (band index, band name) of each area.
    pub areas: &'a [(usize, String)],
    pub files: &'a GapFiles,
    pub as_of: NaiveDate,
    pub horizon_end: NaiveDate,
    /// Why local supply could not be looked for (no social-economy register, or none of
    /// its organisations placed); `None` when it was.
    pub supply_unknown: Option<String>,
}

/// Every table of the stage.
#[derive(Debug, Default)]
pub struct GapTables {
    pub gaps: Vec<GapRow>,
    pub opportunities: Vec<OpportunityRow>,
    pub calendar: Vec<CalendarRow>,
    pub contracts: Vec<ContractRow>,
    pub local: Vec<LocalOrgRow>,
    pub shared: Vec<SharedSupplierRow>,
}

fn share(a: i64, b: i64) -> f64 {
    if b > 0 { a as f64 / b as f64 } else { 0.0 }
}

fn date(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// The organisations of one area, by market.
fn local_by_market(local: &[LocalOrg], band: usize) -> BTreeMap<&str, Vec<&LocalOrg>> {
    let mut out: BTreeMap<&str, Vec<&LocalOrg>> = BTreeMap::new();
    for o in local.iter().filter(|o| o.mask & (1 << band) != 0) {
        if let Some(m) = &o.market {
            out.entry(m.as_str()).or_default().push(o);
        }
    }
    out
}

/// The suppliers (indices) an organisation is: those its register records were matched
/// to, or the ledger supplier it was made from.
fn paid_suppliers(o: &LocalOrg, by_link: &HashMap<&str, Vec<u32>>) -> Vec<u32> {
    let mut s: Vec<u32> = o
        .linked_ids
        .iter()
        .filter_map(|l| by_link.get(l.as_str()))
        .flatten()
        .copied()
        .chain(o.supplier)
        .collect();
    s.sort_unstable();
    s.dedup();
    s
}

/// Builds every table from the demand sums, the suppliers, the local organisations and
/// the contracts.
pub fn analyse(
    demand: &Demand,
    suppliers: &[SupplierFacts],
    local: &[LocalOrg],
    contracts: &[Contract],
    set: &Setting,
) -> GapTables {
    let mut by_link: HashMap<&str, Vec<u32>> = HashMap::new();
    for (i, s) in suppliers.iter().enumerate() {
        for l in &s.linked_ids {
            by_link.entry(l.as_str()).or_default().push(i as u32);
        }
    }
    let spend_by_supplier: Vec<i64> = demand.supplier_anchors.iter().map(|x| x.1).collect();
    let bought: std::collections::BTreeSet<&str> =
        demand.markets.iter().map(|m| m.market.as_str()).collect();
    let mut t = GapTables::default();
    for (k, (band, area)) in set.areas.iter().enumerate() {
        let locals = local_by_market(local, *band);
        let max_leakage = demand
            .markets
            .iter()
            .filter(|m| m.market != UNMAPPED)
            .map(|m| m.areas[k].leakage)
            .max()
            .unwrap_or(0);
        for (mi, md) in demand.markets.iter().enumerate() {
            let mut orgs = locals.get(md.market.as_str()).cloned().unwrap_or_default();
            // Local democratic suppliers the anchors pay in the market count as local
            // supply too, when no register or directory record of the area is them.
            let known: std::collections::BTreeSet<u32> = orgs
                .iter()
                .flat_map(|o| paid_suppliers(o, &by_link))
                .collect();
            let extra: Vec<LocalOrg> = md.areas[k]
                .local_democratic_suppliers
                .iter()
                .filter(|s| !known.contains(s))
                .map(|&s| ledger_org(&suppliers[s as usize], s, &md.market, *band))
                .collect();
            orgs.extend(extra.iter());
            let paid: Vec<(i64, i64)> = orgs
                .iter()
                .map(|o| {
                    let s = paid_suppliers(o, &by_link);
                    let in_market = s
                        .iter()
                        .filter_map(|s| demand.supplier_market.get(*s, mi as u32))
                        .sum();
                    let all = s.iter().map(|s| spend_by_supplier[*s as usize]).sum();
                    (in_market, all)
                })
                .collect();
            let row = gap_row(md, area, k, &orgs, &paid, max_leakage, demand, set);
            for (o, (in_market, all)) in orgs.iter().zip(&paid) {
                t.local
                    .push(local_row(o, area, Some(row.verdict), *in_market, *all));
            }
            t.gaps.push(row);
        }
        // Local organisations in markets the anchors do not buy.
        for (market, orgs) in &locals {
            if !bought.contains(market) {
                for o in orgs {
                    t.local.push(local_row(o, area, None, 0, 0));
                }
            }
        }
    }
    calendar_tables(&mut t, contracts, set);
    t.opportunities = opportunities(&t.gaps, set);
    t.shared = shared_suppliers(demand, suppliers, set.anchors);
    t
}

#[allow(clippy::too_many_arguments)]
fn gap_row(
    md: &MarketDemand,
    area: &str,
    k: usize,
    orgs: &[&LocalOrg],
    paid: &[(i64, i64)],
    max_leakage: i64,
    demand: &Demand,
    set: &Setting,
) -> GapRow {
    let rules = &set.files.rules;
    let a = &md.areas[k];
    let small = (rules.small_payment_pounds * 100.0).round() as i64;
    let period = demand.period_months.max(1);
    let scale = 12.0 / f64::from(period);
    let sized = |b: &str| orgs.iter().filter(|o| o.size_band == b).count();
    let turnover: i64 = orgs
        .iter()
        .filter_map(|o| o.turnover_pounds)
        .map(|p| p.max(0) * 100)
        .sum();
    let facts = Facts {
        unmapped: md.market == UNMAPPED,
        not_addressable: set.files.not_addressable.get(&md.market).cloned(),
        influenceable: md.influenceable,
        annual: md.influenceable as f64 * scale,
        leakage: a.leakage,
        annual_leakage: a.leakage as f64 * scale,
        max_leakage,
        large_nonlocal: a.large_nonlocal,
        local_democratic: a.local_democratic,
        unplaced: a.unplaced,
        supply_unknown: set.supply_unknown.clone(),
        anchors_leaking: a.anchors_leaking.len(),
        anchors: set.anchors.len(),
        regularity: md.months.len() as f64 / f64::from(period),
        divisible_share: share_below(&md.payments, small),
        local_orgs: orgs.len(),
        local_big: sized("medium") + sized("large"),
        local_turnover: turnover,
    };
    let (v, mut reason) = judge(&facts, rules);
    if orgs.is_empty() && !facts.unmapped && !set.markets.has_sic(&md.market) {
        reason.push_str(" (no SIC code maps to this market, so registers were searched by directory sector and name only: add its SIC codes to the SIC table)");
    }
    let terms = Terms::of(&facts).weighted(&rules.weights);
    let buying: Vec<&str> = md
        .by_anchor
        .iter()
        .enumerate()
        .filter(|(_, p)| **p != 0)
        .map(|(i, _)| set.anchors[i].as_str())
        .collect();
    GapRow {
        area: area.to_string(),
        market: md.market.clone(),
        verdict: v,
        score: terms.sum(),
        score_leakage: terms.leakage,
        score_anchors: terms.anchors,
        score_regularity: terms.regularity,
        score_divisibility: terms.divisibility,
        score_corporate: terms.corporate,
        reason,
        influenceable_pence: md.influenceable,
        annual_pence: facts.annual.round() as i64,
        anchors_buying: buying.len(),
        anchor_ids: buying.join(";"),
        suppliers: md.suppliers,
        months_with_spend: md.months.len(),
        period_months: demand.period_months,
        regularity: facts.regularity,
        years_present: md.years.iter().cloned().collect::<Vec<_>>().join(";"),
        undated_pence: md.undated,
        payments: md.payments.len(),
        median_payment_pence: quantile(&md.payments, 0.5).unwrap_or(0),
        p90_payment_pence: quantile(&md.payments, 0.9).unwrap_or(0),
        small_payment_share: facts.divisible_share,
        leakage_pence: a.leakage,
        leakage_share: share(a.leakage, md.influenceable),
        large_nonlocal_pence: a.large_nonlocal,
        anchors_leaking: a.anchors_leaking.len(),
        local_pence: a.local,
        local_democratic_pence: a.local_democratic,
        local_democratic_share: share(a.local_democratic, md.influenceable),
        unplaced_pence: a.unplaced,
        local_orgs: orgs.len(),
        local_cooperatives: orgs
            .iter()
            .filter(|o| o.ownership_form == OwnershipForm::Cooperative)
            .count(),
        local_micro: sized("micro"),
        local_small: sized("small"),
        local_medium: sized("medium"),
        local_large: sized("large"),
        local_size_unknown: sized("unknown"),
        local_turnover_pence: turnover,
        local_orgs_paid: paid.iter().filter(|p| p.0 != 0).count(),
        local_orgs_paid_pence: paid.iter().map(|p| p.0).sum(),
        ..Default::default()
    }
}

/// A paid supplier as a local organisation.
fn ledger_org(f: &SupplierFacts, index: u32, market: &str, band: usize) -> LocalOrg {
    LocalOrg {
        name: f.display_name.clone(),
        register: "ledger".into(),
        register_id: f.supplier_id.clone(),
        linked_ids: Vec::new(),
        postcode: f.postcode.clone(),
        lad_name: f.lad_name.clone(),
        mask: 1 << band,
        ownership_form: crate::rulefile::word(&f.ownership_form).unwrap_or_default(),
        size_band: crate::classify::size::band_name(&f.size_band),
        turnover_pounds: None,
        market: Some(market.to_string()),
        market_source: Some("ledger"),
        supplier: Some(index),
    }
}

fn local_row(
    o: &LocalOrg,
    area: &str,
    verdict: Option<Verdict>,
    in_market: i64,
    all: i64,
) -> LocalOrgRow {
    LocalOrgRow {
        area: area.to_string(),
        market: o.market.clone().unwrap_or_default(),
        verdict,
        name: o.name.clone(),
        register: o.register.clone(),
        register_id: o.register_id.clone(),
        ownership_form: o.ownership_form.as_str().to_string(),
        size_band: o.size_band.to_string(),
        turnover_pounds: o.turnover_pounds,
        postcode: o.postcode.clone(),
        district: o.lad_name.clone(),
        market_source: o.market_source.unwrap_or("").to_string(),
        anchor_spend_in_market_pence: in_market,
        anchor_spend_pence: all,
    }
}

/// contracts.csv for every contract; calendar.csv for those in actionable markets that
/// can be let again within the horizon; and each gap row's pipeline figures.
fn calendar_tables(t: &mut GapTables, contracts: &[Contract], set: &Setting) {
    let verdict: HashMap<(&str, &str), usize> = t
        .gaps
        .iter()
        .enumerate()
        .map(|(i, g)| ((g.area.as_str(), g.market.as_str()), i))
        .collect();
    let mut calendar = Vec::new();
    let mut pipeline: Vec<(usize, i64, NaiveDate)> = Vec::new();
    for c in contracts {
        let status = match (calendar::timing(c, set.as_of, set.horizon_end), &c.market) {
            (Err(why), _) => why,
            (Ok(_), None) => "no market: give it a category or CPV code the tables map".into(),
            (Ok(when), Some(market)) => {
                let mut areas = Vec::new();
                let mut why_not = Vec::new();
                for (_, area) in set.areas {
                    match verdict.get(&(area.as_str(), market.as_str())) {
                        Some(&g) if t.gaps[g].verdict.actionable() => {
                            areas.push(area.as_str());
                            pipeline.push((g, c.value_pence.unwrap_or(0), when));
                            calendar.push(calendar_row(c, area, t.gaps[g].verdict, when, set));
                        }
                        Some(&g) => why_not.push(format!("{area}: {}", t.gaps[g].verdict.as_str())),
                        None => why_not.push(format!("{area}: no anchor spend in the market")),
                    }
                }
                if areas.is_empty() {
                    format!("market not a gap ({})", why_not.join("; "))
                } else {
                    format!("in calendar ({})", areas.join("; "))
                }
            }
        };
        t.contracts.push(ContractRow {
            file: c.file.clone(),
            sheet: c.sheet.clone().unwrap_or_default(),
            row: c.row,
            anchor_id: c.anchor.clone(),
            reference: c.reference.clone(),
            title: c.title.clone(),
            category: c.category.clone(),
            cpv: c.cpv.clone(),
            supplier: c.supplier.clone(),
            value_pence: c.value_pence,
            start_date: date(c.start),
            end_date: date(c.end),
            extension_date: date(c.extension),
            market: c.market.clone().unwrap_or_default(),
            market_source: c.market_source.unwrap_or("").to_string(),
            relet_date: date(calendar::relet_date(c, set.as_of)),
            status,
            problems: c.problems.join("; "),
        });
    }
    // Soonest first, so a market's first contract gives its next re-let date.
    pipeline.sort_by_key(|p| p.2);
    for (g, value, when) in pipeline {
        let row = &mut t.gaps[g];
        if row.calendar_contracts == 0 {
            row.next_relet = when.to_string();
        }
        row.calendar_contracts += 1;
        row.calendar_value_pence += value;
    }
    calendar.sort_by(|a: &CalendarRow, b| {
        let pos = |r: &CalendarRow| set.areas.iter().position(|x| x.1 == r.area);
        (pos(a), &a.relet_date, &a.anchor_id, &a.file, a.row).cmp(&(
            pos(b),
            &b.relet_date,
            &b.anchor_id,
            &b.file,
            b.row,
        ))
    });
    t.calendar = calendar;
}

fn calendar_row(
    c: &Contract,
    area: &str,
    verdict: Verdict,
    when: NaiveDate,
    set: &Setting,
) -> CalendarRow {
    CalendarRow {
        area: area.to_string(),
        relet_date: when.to_string(),
        months_from_as_of: calendar::months_between(set.as_of, when),
        anchor_id: c.anchor.clone(),
        reference: c.reference.clone(),
        title: c.title.clone(),
        market: c.market.clone().unwrap_or_default(),
        verdict,
        supplier: c.supplier.clone(),
        value_pence: c.value_pence,
        start_date: date(c.start),
        end_date: date(c.end),
        extension_date: date(c.extension),
        file: c.file.clone(),
        row: c.row,
    }
}

/// Actionable markets, best score first within each area, each with a one-line reason.
fn opportunities(gaps: &[GapRow], set: &Setting) -> Vec<OpportunityRow> {
    let mut out = Vec::new();
    for (_, area) in set.areas {
        let mut rows: Vec<&GapRow> = gaps
            .iter()
            .filter(|g| &g.area == area && g.verdict.actionable())
            .collect();
        rows.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.market.cmp(&b.market)));
        for (i, g) in rows.into_iter().enumerate() {
            let pounds = crate::format::pounds;
            let mut reason = format!("{}: {}.", g.verdict.as_str(), g.reason);
            if g.anchors_leaking > 0 {
                reason.push_str(&format!(
                    " {} of {} anchors buy it from outside {area} ({} over the period).",
                    g.anchors_leaking,
                    set.anchors.len(),
                    pounds(g.leakage_pence)
                ));
            }
            if g.calendar_contracts > 0 {
                reason.push_str(&format!(
                    " {} contract(s) worth {} can be let again, the first on {}.",
                    g.calendar_contracts,
                    pounds(g.calendar_value_pence),
                    g.next_relet
                ));
            }
            out.push(OpportunityRow {
                rank: i + 1,
                area: area.clone(),
                market: g.market.clone(),
                verdict: g.verdict,
                score: g.score,
                annual_pence: g.annual_pence,
                leakage_pence: g.leakage_pence,
                anchors_leaking: g.anchors_leaking,
                local_orgs: g.local_orgs,
                calendar_contracts: g.calendar_contracts,
                next_relet: g.next_relet.clone(),
                reason,
            });
        }
    }
    out
}

/// Suppliers paid by more than one anchor, largest first; individuals never listed.
fn shared_suppliers(
    demand: &Demand,
    suppliers: &[SupplierFacts],
    anchors: &[String],
) -> Vec<SharedSupplierRow> {
    let mut out: Vec<SharedSupplierRow> = demand
        .supplier_anchors
        .iter()
        .enumerate()
        .filter(|(s, (a, _))| a.len() > 1 && !suppliers[*s].person)
        .map(|(s, (a, pence))| {
            let f = &suppliers[s];
            let mut m: Vec<(i64, &str)> = (demand.supplier_market.of(s as u32).iter())
                .map(|(m, p)| (*p, demand.markets[*m as usize].market.as_str()))
                .collect();
            m.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(y.1)));
            SharedSupplierRow {
                supplier_id: f.supplier_id.clone(),
                display_name: f.display_name.clone(),
                anchors: a.len(),
                anchor_ids: a
                    .iter()
                    .map(|i| anchors[*i].as_str())
                    .collect::<Vec<_>>()
                    .join(";"),
                influenceable_pence: *pence,
                band: f.band.clone(),
                size_band: f.size_band.clone(),
                ownership_form: f.ownership_form.clone(),
                markets: m.iter().map(|x| x.1).collect::<Vec<_>>().join(";"),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.influenceable_pence
            .cmp(&a.influenceable_pence)
            .then(a.supplier_id.cmp(&b.supplier_id))
    });
    out
}
