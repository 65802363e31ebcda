//! The gap stage's output rows, one struct per table; field order is column order.

use serde::Serialize;

use super::verdict::Verdict;

/// `gaps.csv` / `gaps.parquet`: one row per area and market with every figure behind its
/// verdict and score. Money is in pence; shares run from 0 to 1.
#[derive(Debug, Clone, Default, Serialize)]
pub struct GapRow {
    /// The band treated as "the area".
    pub area: String,
    pub market: String,
    pub verdict: Verdict,
    /// The sum of the five weighted terms that follow.
    pub score: f64,
    pub score_leakage: f64,
    pub score_anchors: f64,
    pub score_regularity: f64,
    pub score_divisibility: f64,
    pub score_corporate: f64,
    /// Why the verdict, in plain English.
    pub reason: String,
    // Demand.
    pub influenceable_pence: i64,
    /// The period's spend scaled to twelve months.
    pub annual_pence: i64,
    pub anchors_buying: usize,
    /// `;`-separated anchor ids.
    pub anchor_ids: String,
    pub suppliers: usize,
    pub months_with_spend: usize,
    pub period_months: u32,
    pub regularity: f64,
    /// `;`-separated financial years (and `undated`).
    pub years_present: String,
    pub undated_pence: i64,
    pub payments: usize,
    pub median_payment_pence: i64,
    pub p90_payment_pence: i64,
    /// Share of the spend in payments under the small-payment threshold.
    pub small_payment_share: f64,
    // Leakage.
    pub leakage_pence: i64,
    pub leakage_share: f64,
    pub large_nonlocal_pence: i64,
    /// Anchors buying the market from suppliers outside the area.
    pub anchors_leaking: usize,
    pub local_pence: i64,
    pub local_democratic_pence: i64,
    pub local_democratic_share: f64,
    /// With suppliers that could not be placed (neither local nor leakage).
    pub unplaced_pence: i64,
    // Local supply.
    pub local_orgs: usize,
    pub local_cooperatives: usize,
    pub local_micro: usize,
    pub local_small: usize,
    pub local_medium: usize,
    pub local_large: usize,
    pub local_size_unknown: usize,
    pub local_turnover_pence: i64,
    /// Local organisations already paid by an anchor in this market, and how much.
    pub local_orgs_paid: usize,
    pub local_orgs_paid_pence: i64,
    // Pipeline.
    pub calendar_contracts: usize,
    pub calendar_value_pence: i64,
    pub next_relet: String,
}

/// `opportunities.csv`: the ranked list a person acts on.
#[derive(Debug, Clone, Default, Serialize)]
pub struct OpportunityRow {
    pub rank: usize,
    pub area: String,
    pub market: String,
    pub verdict: Verdict,
    pub score: f64,
    pub annual_pence: i64,
    pub leakage_pence: i64,
    pub anchors_leaking: usize,
    pub local_orgs: usize,
    pub calendar_contracts: usize,
    pub next_relet: String,
    /// One line: what to do and why.
    pub reason: String,
}

/// `calendar.csv`: contracts in markets worth acting on that can be let again within the
/// horizon, soonest first.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CalendarRow {
    pub area: String,
    pub relet_date: String,
    pub months_from_as_of: u32,
    pub anchor_id: String,
    pub reference: String,
    pub title: String,
    pub market: String,
    pub verdict: Verdict,
    pub supplier: String,
    pub value_pence: Option<i64>,
    pub start_date: String,
    pub end_date: String,
    pub extension_date: String,
    pub file: String,
    pub row: u32,
}

/// `contracts.csv`: every contract read, its market and whether it made the calendar.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ContractRow {
    pub file: String,
    pub sheet: String,
    pub row: u32,
    pub anchor_id: String,
    pub reference: String,
    pub title: String,
    pub category: String,
    pub cpv: String,
    pub supplier: String,
    pub value_pence: Option<i64>,
    pub start_date: String,
    pub end_date: String,
    pub extension_date: String,
    pub market: String,
    /// category, cpv or title.
    pub market_source: String,
    pub relet_date: String,
    /// `in calendar (areas)`, or why not.
    pub status: String,
    /// Cells that could not be read.
    pub problems: String,
}

/// `local_suppliers.csv`: the local democratic organisations of each area and market,
/// behind the engage and grow verdicts.
#[derive(Debug, Clone, Default, Serialize)]
pub struct LocalOrgRow {
    pub area: String,
    pub market: String,
    /// The market's verdict in the area; empty when the anchors do not buy the market.
    pub verdict: Option<Verdict>,
    pub name: String,
    pub register: String,
    pub register_id: String,
    pub ownership_form: String,
    pub size_band: String,
    pub turnover_pounds: Option<i64>,
    pub postcode: String,
    pub district: String,
    /// How the market was found: register (SIC), directory (sector) or name.
    pub market_source: String,
    /// Influenceable anchor spend with the organisation in this market, and in all.
    pub anchor_spend_in_market_pence: i64,
    pub anchor_spend_pence: i64,
}

/// `shared_suppliers.csv`: suppliers paid by more than one anchor.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SharedSupplierRow {
    pub supplier_id: String,
    pub display_name: String,
    pub anchors: usize,
    pub anchor_ids: String,
    pub influenceable_pence: i64,
    pub band: String,
    pub size_band: String,
    pub ownership_form: String,
    /// Its markets, largest first, `;`-separated.
    pub markets: String,
}
