//! Which financial years are whole. A baseline compares complete years only: a year with
//! spend in a few months is partial, and a handful of payments dated outside the ledgers'
//! span (card payments from the month before the first file) is a stray, never "the year
//! before" that every headline is measured against.

use serde::Serialize;

use super::aggregate::{Sums, UNDATED};

/// What a financial year of one scope is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Completeness {
    /// Spend in every month of the year.
    Complete,
    /// Spend in some months only.
    Partial,
    /// A few payments beside much larger years: dated outside the ledgers' span.
    Stray,
    /// Money with no readable date.
    #[default]
    Undated,
}

impl Completeness {
    pub fn as_str(self) -> &'static str {
        match self {
            Completeness::Complete => "complete",
            Completeness::Partial => "partial",
            Completeness::Stray => "stray",
            Completeness::Undated => "undated",
        }
    }
}

/// A year with fewer payments than this share of its scope's busiest year is a stray
/// unless it has spend in every month.
const STRAY_SHARE: f64 = 0.05;

/// A row of years.csv: one financial year of one anchor (or `ALL`).
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct YearRow {
    pub anchor_id: String,
    pub year: String,
    /// `complete`, `partial`, `stray` or `undated`.
    pub status: Completeness,
    /// Months of the year with any payment.
    pub months_with_spend: u32,
    /// Those months by name, in the year's order (`Apr, May, Jun`; every month: `all`).
    pub months: String,
    pub payments: u64,
    pub total_pence: i64,
    /// Why, in words.
    pub note: String,
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// The months set in `mask` (bit 0 = January), in the order of a year starting in
/// `start_month`.
fn month_names(mask: u16, start_month: u32) -> String {
    if mask == 0xFFF {
        return "all".into();
    }
    (0..12)
        .map(|i| (start_month as usize - 1 + i) % 12)
        .filter(|m| mask & (1 << m) != 0)
        .map(|m| MONTHS[m])
        .collect::<Vec<_>>()
        .join(", ")
}

/// Each scope's years, judged on their own; then the partnership's (`ALL`): a year is
/// complete for the partnership only when it is complete for every anchor that spent
/// in it (beyond a stray), so a partnership figure never mixes a whole year of one
/// anchor with part of another's.
pub fn years(sums: &Sums, start_month: u32) -> Vec<YearRow> {
    let mut out = Vec::new();
    let mut scopes: Vec<&str> = sums.keys().map(|k| k.0.as_str()).collect();
    scopes.dedup();
    for scope in scopes.iter().filter(|s| **s != "ALL") {
        out.extend(scope_years(sums, scope, start_month));
    }
    let anchors = out.clone();
    for row in scope_years(sums, "ALL", start_month) {
        out.push(partnership(row, &anchors));
    }
    out
}

fn scope_years(sums: &Sums, scope: &str, start_month: u32) -> Vec<YearRow> {
    let mine: Vec<_> = sums.iter().filter(|(k, _)| k.0 == scope).collect();
    let busiest = (mine.iter())
        .filter(|(k, _)| k.1 != UNDATED)
        .map(|(_, a)| a.payments)
        .max()
        .unwrap_or(0);
    mine.into_iter()
        .map(|((anchor, year), a)| {
            let months_with_spend = a.months.count_ones();
            let (status, note) = if year == UNDATED {
                (Completeness::Undated, "no readable date".to_string())
            } else if months_with_spend == 12 {
                (Completeness::Complete, "spend in every month".to_string())
            } else if (a.payments as f64) < STRAY_SHARE * busiest as f64 {
                (
                    Completeness::Stray,
                    format!(
                        "{} payment(s) beside {busiest} in the busiest year: dated outside the \
                         ledgers' span",
                        a.payments
                    ),
                )
            } else {
                (
                    Completeness::Partial,
                    format!("spend in {months_with_spend} of 12 months"),
                )
            };
            YearRow {
                anchor_id: anchor.clone(),
                year: year.clone(),
                status,
                months_with_spend,
                months: month_names(a.months, start_month),
                payments: a.payments,
                total_pence: a.total,
                note,
            }
        })
        .collect()
}

/// The partnership's year, held to its anchors' years.
fn partnership(mut row: YearRow, anchors: &[YearRow]) -> YearRow {
    if row.status == Completeness::Undated {
        return row;
    }
    let same: Vec<&YearRow> = anchors.iter().filter(|a| a.year == row.year).collect();
    let counted: Vec<&&YearRow> = same
        .iter()
        .filter(|a| a.status != Completeness::Stray)
        .collect();
    if counted.is_empty() {
        row.status = Completeness::Stray;
        row.note = "every anchor's payments in this year are strays".into();
    } else if let Some(p) = counted.iter().find(|a| a.status != Completeness::Complete) {
        row.status = Completeness::Partial;
        row.note = format!(
            "{}'s spend covers {} of 12 months",
            p.anchor_id, p.months_with_spend
        );
    } else {
        row.status = Completeness::Complete;
        row.note = "complete for every anchor that spent in it".into();
    }
    row
}

/// The status of one scope's year, as `years` found it.
pub fn status_of(rows: &[YearRow], anchor: &str, year: &str) -> Option<Completeness> {
    rows.iter()
        .find(|r| r.anchor_id == anchor && r.year == year)
        .map(|r| r.status)
}

#[cfg(test)]
mod tests {
    use super::super::aggregate::Acc;
    use super::*;

    fn acc(months: &[u32], payments: u64) -> Acc {
        Acc {
            months: months.iter().fold(0, |m, x| m | (1 << (x - 1))),
            payments,
            total: payments as i64 * 100,
            ..Acc::default()
        }
    }

    fn status(rows: &[YearRow], a: &str, y: &str) -> &'static str {
        status_of(rows, a, y).unwrap().as_str()
    }

    #[test]
    fn four_card_payments_before_the_first_file_are_a_stray() {
        // Twelve monthly files for 2023/24; four payments dated March 2023 (2022/23).
        let mut sums = Sums::new();
        let whole: Vec<u32> = (1..=12).collect();
        for scope in ["hyndburn", "ALL"] {
            sums.insert((scope.into(), "2022/23".into()), acc(&[3], 4));
            sums.insert((scope.into(), "2023/24".into()), acc(&whole, 6_390));
        }
        let rows = years(&sums, 4);
        assert_eq!(status(&rows, "hyndburn", "2022/23"), "stray");
        assert_eq!(status(&rows, "hyndburn", "2023/24"), "complete");
        assert_eq!(status(&rows, "ALL", "2022/23"), "stray");
        assert_eq!(status(&rows, "ALL", "2023/24"), "complete");
        let stray = rows.iter().find(|r| r.year == "2022/23").unwrap();
        assert_eq!(stray.months, "Mar");
    }

    #[test]
    fn a_partial_year_names_its_months_and_holds_the_partnership_back() {
        let mut sums = Sums::new();
        let whole: Vec<u32> = (1..=12).collect();
        // Anchor b began publishing in October: half a year, not a stray.
        sums.insert(("a".into(), "2024/25".into()), acc(&whole, 1_000));
        sums.insert(
            ("b".into(), "2024/25".into()),
            acc(&[10, 11, 12, 1, 2, 3], 500),
        );
        sums.insert(("ALL".into(), "2024/25".into()), acc(&whole, 1_500));
        let rows = years(&sums, 4);
        assert_eq!(status(&rows, "a", "2024/25"), "complete");
        assert_eq!(status(&rows, "b", "2024/25"), "partial");
        let b = rows.iter().find(|r| r.anchor_id == "b").unwrap();
        assert_eq!(b.months, "Oct, Nov, Dec, Jan, Feb, Mar");
        // Every month has spend for the partnership, but not from every anchor.
        assert_eq!(status(&rows, "ALL", "2024/25"), "partial");
    }
}
