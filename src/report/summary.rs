//! The headline figures: `summary.json` for other tools and the numbers the report's
//! plain-English summary is written from, worked out once from the run's tables.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use super::tables::RunTables;
use crate::measure::figure::Standing;

/// The partnership's rows in metrics.csv and trend.csv.
pub const ALL: &str = "ALL";

/// `summary.json`: the run's headline figures. Money is in integer pence, shares are
/// fractions of influenceable spend (0.25 = 25%).
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Summary {
    /// The study's name.
    pub study: String,
    /// The financial year the headline figures describe: the latest complete one (spend
    /// in every month), else the latest partial one, which is never compared.
    pub year: Option<String>,
    /// `complete` or `partial`.
    pub year_status: Option<String>,
    /// Why the year has that status (`spend in 7 of 12 months`).
    pub year_note: Option<String>,
    /// Years reported but never compared: partial years and strays (a few payments
    /// dated outside the ledgers' span).
    pub other_years: Vec<OtherYear>,
    /// The year the changes are measured from.
    pub compared_year: Option<String>,
    /// Where that year's figures came from: `this run`, or the folder of a compared run.
    pub compared_source: Option<String>,
    /// Every row read, and where it ended.
    pub reconciliation: Totals,
    /// The partnership's headline figures for `year`, with the change since `compared_year`.
    pub headline: Vec<Headline>,
    /// What the headline shares rest on: the influenceable spend whose place, size,
    /// ownership and deprivation are known.
    pub coverage: Vec<Coverage>,
    /// The headline figures that are not known (they rest on no spend at all).
    pub not_known: Vec<String>,
    /// The same figures per anchor, for `year`.
    pub anchors: Vec<AnchorFigures>,
    /// The five best-ranked opportunities of the gap analysis.
    pub opportunities: Vec<TopOpportunity>,
    /// Payees counted in every total but never named: individuals and redacted entries.
    pub unnamed_payees: Unnamed,
    /// What a person could improve in the inputs.
    pub data_quality: Quality,
    /// Reference data the study did not give: what each leaves unknown, where to get it.
    pub missing_reference: Vec<super::missing::MissingReference>,
}

/// Rows read and where they ended (from reconciliation.json).
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Totals {
    pub rows_read: u64,
    pub rows_accepted: u64,
    pub rows_duplicate: u64,
    pub rows_rejected: u64,
    pub rows_skipped: u64,
    pub pence_accepted: i64,
    pub pence_duplicate: i64,
}

/// A year reported apart from the headline's.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct OtherYear {
    pub year: String,
    /// `partial` or `stray`.
    pub status: String,
    pub months: String,
    pub payments: u64,
    pub total_pence: i64,
    pub note: String,
}

/// The influenceable spend one kind of figure rests on.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Coverage {
    /// `placed`, `sized`, `with known ownership` or `placed in a ranked neighbourhood`.
    pub basis: String,
    /// The headline figures that rest on it.
    pub figures: Vec<String>,
    /// A fraction of influenceable spend.
    pub share: f64,
    pub pence: i64,
    /// `known`, `provisional` or `not_known`, by the study's `coverage_threshold`.
    pub standing: Standing,
}

/// One headline figure.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Headline {
    /// The metric's name in metrics.csv (`within:` figures add up the bands inside one).
    pub metric: String,
    /// The figure in words.
    pub label: String,
    /// `gbp` (value in pounds) or `share` (a fraction of influenceable spend).
    pub unit: String,
    /// Empty when the figure is not known: an unknown share is never 0.
    pub value: Option<f64>,
    /// The share of influenceable spend a share rests on (placed, sized, …); empty
    /// for money.
    pub coverage: Option<f64>,
    /// `known`, `provisional` (coverage under the study's threshold) or `not_known`.
    pub standing: Standing,
    /// The money behind the value, in pence.
    pub pence: Option<i64>,
    pub previous_value: Option<f64>,
    /// `value - previous_value`: pounds, or a difference of fractions (0.01 = one point).
    pub change: Option<f64>,
}

/// One anchor's figures for the headline year.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct AnchorFigures {
    pub anchor_id: String,
    pub name: String,
    pub total_pence: i64,
    pub influenceable_pence: i64,
    /// Shares of influenceable spend by metric (`within:Oxford`, `sme`, …), as in
    /// `headline`, each with its coverage.
    pub shares: BTreeMap<String, Share>,
}

/// A share with what it rests on.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Share {
    /// Empty when not known.
    pub value: Option<f64>,
    pub coverage: Option<f64>,
    pub standing: Standing,
}

/// One ranked opportunity.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct TopOpportunity {
    pub rank: u32,
    pub area: String,
    pub market: String,
    pub verdict: String,
    pub score: f64,
    pub annual_pence: i64,
    pub next_relet: Option<String>,
    pub reason: String,
}

/// Payees counted but not named.
#[derive(Debug, Clone, Default, Serialize, JsonSchema)]
pub struct Unnamed {
    /// Private individuals (their names are withheld in every output).
    pub individuals: u64,
    /// Entries the ledgers themselves redacted.
    pub redacted: u64,
    pub pence: i64,
    /// Other payees whose names are withheld because nothing shows they are
    /// organisations' (no legal form or organisation word, no register match, no
    /// person's decision): listed by supplier id in to_check.xlsx.
    pub withheld: u64,
    pub withheld_pence: i64,
}

/// Gaps in the inputs, each of which a user can act on.
#[derive(Debug, Clone, Default, Serialize, JsonSchema)]
pub struct Quality {
    /// Suppliers matched to no register (their place, size and form rest on the ledger).
    pub unmatched_suppliers: u64,
    pub unmatched_pence: i64,
    /// Ledger categories no market table maps.
    pub unmapped_categories: u64,
    pub unmapped_pence: i64,
    /// Money with no readable payment date (counted in no financial year's figures).
    pub undated_pence: i64,
    /// Rows whose amount could not be read (see rejects.csv).
    pub rejected_rows: u64,
}

/// The figures the headline shows, in order: (metric, label). `within:` sums the bands
/// from the innermost out to the one named.
fn headline_metrics(bands: &[String]) -> Vec<(String, String)> {
    let mut out = vec![
        ("total_spend".to_string(), "Total spend".to_string()),
        ("influenceable_spend".into(), "Influenceable spend".into()),
    ];
    for (i, b) in bands
        .iter()
        .filter(|b| !OUTER_BANDS.contains(&b.as_str()))
        .enumerate()
    {
        let words = if i == 0 { "in" } else { "within" };
        out.push((
            format!("within:{b}"),
            format!("Spent with suppliers {words} {b}"),
        ));
    }
    out.extend([
        ("deprived".into(), "Spent in the most deprived areas".into()),
        ("sme".into(), "Spent with small and medium firms".into()),
        (
            "social_economy".into(),
            "Spent with the social economy".into(),
        ),
        (
            "ownership:cooperative".into(),
            "Spent with co-operatives".into(),
        ),
    ]);
    out
}

/// The bands every study ends with: not "local" at any scale.
pub const OUTER_BANDS: [&str; 3] = ["Rest of UK", "Outside UK", "Unknown"];

/// The year the headline describes: the partnership's latest complete year, else its
/// latest partial one (never a stray).
pub fn latest_year(t: &RunTables) -> Option<String> {
    let latest = |status: &str| {
        (t.years.iter())
            .filter(|y| y.anchor_id == ALL && y.status == status)
            .map(|y| y.year.clone())
            .max()
    };
    latest("complete").or_else(|| latest("partial"))
}

/// The metrics.csv rows a headline metric adds up: `within:B` is every band from the
/// innermost out to B; any other metric is itself.
fn parts(t: &RunTables, metric: &str) -> Vec<String> {
    match metric.strip_prefix("within:") {
        Some(band) => match t.bands.iter().position(|b| b == band) {
            Some(upto) => t.bands[..=upto]
                .iter()
                .map(|b| format!("band:{b}"))
                .collect(),
            None => Vec::new(),
        },
        None => vec![metric.to_string()],
    }
}

/// A metric of one anchor and year (`within:` adds up bands, which rest on the same
/// coverage).
pub struct Figure {
    pub value: f64,
    pub pence: Option<i64>,
    pub coverage: Option<f64>,
    pub standing: Standing,
}

impl Figure {
    /// The value, unless the figure is not known.
    pub fn known(&self) -> Option<f64> {
        (self.standing != Standing::NotKnown).then_some(self.value)
    }
}

/// A metric's value, money and coverage for one anchor and year.
pub fn figure(t: &RunTables, anchor: &str, year: &str, metric: &str) -> Option<Figure> {
    let found: Vec<_> = parts(t, metric)
        .iter()
        .filter_map(|name| {
            t.metrics
                .iter()
                .find(|m| m.anchor_id == anchor && m.year == year && &m.metric == name)
        })
        .collect();
    let first = found.first()?;
    Some(Figure {
        value: found.iter().map(|m| m.value).sum(),
        pence: match found.as_slice() {
            [one] => one.numerator_pence,
            many => Some(many.iter().map(|m| m.numerator_pence.unwrap_or(0)).sum()),
        },
        coverage: first.coverage,
        standing: first.standing,
    })
}

/// The partnership's previous value of a metric, its year and source, from trend.csv
/// (`within:` adds up bands, and needs every one of them).
fn previous(t: &RunTables, year: &str, metric: &str) -> Option<(f64, String, String)> {
    let found: Vec<_> = parts(t, metric)
        .iter()
        .map(|name| {
            t.trend
                .iter()
                .find(|r| r.anchor_id == ALL && r.year == year && &r.metric == name)
        })
        .collect::<Option<_>>()?;
    let first = found.first()?;
    Some((
        found.iter().map(|r| r.previous_value).sum(),
        first.previous_year.clone(),
        first.previous_source.clone(),
    ))
}

impl Summary {
    pub fn of(t: &RunTables, sources: &[crate::config::sources::Source]) -> Self {
        let bands = &t.bands;
        let year = latest_year(t);
        let metrics = headline_metrics(bands);
        let mut headline = Vec::new();
        let (mut compared_year, mut compared_source) = (None, None);
        if let Some(y) = &year {
            for (metric, label) in &metrics {
                let Some(f) = figure(t, ALL, y, metric) else {
                    continue;
                };
                let value = f.known();
                let prev = previous(t, y, metric).filter(|_| value.is_some());
                if let Some((_, py, src)) = &prev {
                    compared_year.get_or_insert_with(|| py.clone());
                    compared_source.get_or_insert_with(|| src.clone());
                }
                headline.push(Headline {
                    metric: metric.clone(),
                    label: label.clone(),
                    unit: if metric.ends_with("_spend") {
                        "gbp"
                    } else {
                        "share"
                    }
                    .into(),
                    value,
                    coverage: f.coverage,
                    standing: f.standing,
                    pence: value.and(f.pence),
                    previous_value: prev.as_ref().map(|p| p.0),
                    change: prev.as_ref().zip(value).map(|(p, v)| v - p.0),
                });
            }
        }
        let anchors = t
            .reconciliation
            .anchors
            .iter()
            .map(|a| {
                let get = |m: &str| year.as_deref().and_then(|y| figure(t, &a.anchor_id, y, m));
                let pence = |m: &str| get(m).and_then(|f| f.pence).unwrap_or(0);
                AnchorFigures {
                    anchor_id: a.anchor_id.clone(),
                    name: a.name.clone(),
                    total_pence: pence("total_spend"),
                    influenceable_pence: pence("influenceable_spend"),
                    shares: metrics
                        .iter()
                        .filter(|(m, _)| !m.ends_with("_spend"))
                        .filter_map(|(m, _)| {
                            let f = get(m)?;
                            let share = Share {
                                value: f.known(),
                                coverage: f.coverage,
                                standing: f.standing,
                            };
                            Some((m.clone(), share))
                        })
                        .collect(),
                }
            })
            .collect();
        let c = &t.reconciliation.totals;
        let this_year =
            (t.years.iter()).find(|y| y.anchor_id == ALL && Some(&y.year) == year.as_ref());
        let not_known = (headline.iter())
            .filter(|h| h.standing == Standing::NotKnown)
            .map(|h| h.label.clone())
            .collect();
        Summary {
            study: t.reconciliation.study.clone(),
            year_status: this_year.map(|y| y.status.clone()),
            year_note: this_year.map(|y| y.note.clone()),
            other_years: (t.years.iter())
                .filter(|y| y.anchor_id == ALL && ["partial", "stray"].contains(&y.status.as_str()))
                .filter(|y| Some(&y.year) != year.as_ref())
                .map(|y| OtherYear {
                    year: y.year.clone(),
                    status: y.status.clone(),
                    months: y.months.clone(),
                    payments: y.payments,
                    total_pence: y.total_pence,
                    note: y.note.clone(),
                })
                .collect(),
            coverage: coverage(&headline),
            not_known,
            year,
            compared_year,
            compared_source,
            reconciliation: Totals {
                rows_read: c.rows_read,
                rows_accepted: c.rows_accepted,
                rows_duplicate: c.rows_duplicate,
                rows_rejected: c.rows_rejected,
                rows_skipped: c.rows_skipped,
                pence_accepted: c.pence_accepted,
                pence_duplicate: c.pence_duplicate,
            },
            headline,
            anchors,
            opportunities: t
                .opportunities
                .iter()
                .take(5)
                .map(|o| TopOpportunity {
                    rank: o.rank,
                    area: o.area.clone(),
                    market: o.market.clone(),
                    verdict: o.verdict.clone(),
                    score: o.score,
                    annual_pence: o.annual_pence,
                    next_relet: o.next_relet.clone(),
                    reason: o.reason.clone(),
                })
                .collect(),
            unnamed_payees: unnamed(t),
            data_quality: quality(t),
            missing_reference: super::missing::missing(sources),
        }
    }
}

impl Summary {
    /// What the shares rest on, a phrase per basis: `0% placed`, `60% with known ownership`.
    pub fn coverage_parts(&self) -> Vec<String> {
        (self.coverage.iter())
            .map(|c| format!("{} {}", crate::measure::figure::whole_pct(c.share), c.basis))
            .collect()
    }
}

/// What the headline's shares rest on, one entry per basis, in headline order.
fn coverage(headline: &[Headline]) -> Vec<Coverage> {
    let mut out: Vec<Coverage> = Vec::new();
    for h in headline {
        let Some(share) = h.coverage else { continue };
        let basis = crate::measure::figure::basis(&h.metric);
        match out.iter_mut().find(|c| c.basis == basis) {
            Some(c) => c.figures.push(h.label.clone()),
            None => out.push(Coverage {
                basis: basis.into(),
                figures: vec![h.label.clone()],
                share,
                pence: 0,
                standing: h.standing,
            }),
        }
    }
    let influenceable = (headline.iter())
        .find(|h| h.metric == "influenceable_spend")
        .and_then(|h| h.pence)
        .unwrap_or(0);
    for c in &mut out {
        c.pence = (c.share * influenceable as f64).round() as i64;
    }
    out
}

fn unnamed(t: &RunTables) -> Unnamed {
    let mut u = Unnamed::default();
    for s in &t.suppliers {
        if s.ownership_form == "individual" {
            if s.shown_name == "(redacted)" {
                u.redacted += 1;
            } else {
                u.individuals += 1;
            }
            u.pence += s.spend_pence;
        } else if s.shown_name.starts_with(crate::resolve::master::WITHHELD) {
            u.withheld += 1;
            u.withheld_pence += s.spend_pence;
        }
    }
    u
}

fn quality(t: &RunTables) -> Quality {
    let unmatched: Vec<_> = t
        .suppliers
        .iter()
        .filter(|s| s.status == "unmatched")
        .collect();
    Quality {
        unmatched_suppliers: unmatched.len() as u64,
        unmatched_pence: unmatched.iter().map(|s| s.spend_pence).sum(),
        unmapped_categories: t.unmapped.len() as u64,
        unmapped_pence: t.unmapped.iter().map(|u| u.pence).sum(),
        undated_pence: t
            .metrics
            .iter()
            .find(|m| m.anchor_id == ALL && m.year == "undated" && m.metric == "total_spend")
            .and_then(|m| m.numerator_pence)
            .unwrap_or(0),
        rejected_rows: t.reconciliation.totals.rows_rejected,
    }
}

/// The JSON Schema of summary.json.
pub fn json_schema() -> String {
    crate::rulefile::schema_text(schemars::schema_for!(Summary))
}
