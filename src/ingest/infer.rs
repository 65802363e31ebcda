//! Suggesting a column layout for a ledger with no header row, from what its cells hold:
//! a person still checks it, but starts from the likely amount, date, payee and
//! reference columns instead of counting commas.

use std::collections::{BTreeMap, HashSet};

use crate::config::field::Field;
use crate::read::cell::{Cell, RowCells};
use crate::read::values::amount::parse_amount;
use crate::read::values::date::{DateOrder, parse_date};

/// What one column's cells look like.
#[derive(Debug, Default, Clone)]
struct Profile {
    filled: usize,
    money: usize,
    dates: usize,
    codes: usize,
    words: usize,
    distinct: HashSet<String>,
}

/// Money as ledgers print it: a number with pence or thousands separators.
fn looks_like_money(s: &str) -> bool {
    (s.contains('.') || s.contains(',')) && parse_amount(s).is_ok()
}

/// A reference such as `CRINV0008145` or `B000018580/57559`: letters or digits, with digits,
/// no spaces.
fn looks_like_code(s: &str) -> bool {
    !s.contains(' ')
        && s.len() >= 4
        && s.bytes().any(|b| b.is_ascii_digit())
        && s.bytes().any(|b| b.is_ascii_alphabetic())
}

/// Suggests 0-based columns for the amount, date, payee and reference from `rows`.
/// `None` when no column looks like money.
pub fn infer_columns(rows: &[&dyn RowCells], order: DateOrder) -> Option<BTreeMap<Field, usize>> {
    let width = rows.iter().map(|r| r.width()).max()?;
    let mut cols = vec![Profile::default(); width];
    for row in rows {
        for (c, p) in cols.iter_mut().enumerate() {
            let cell = row.cell(c);
            let text = cell.display();
            if text.is_empty() {
                continue;
            }
            p.filled += 1;
            p.money += usize::from(
                looks_like_money(&text) || matches!(cell, Cell::Number(x) if x.fract() != 0.0),
            );
            p.dates += usize::from(
                matches!(cell, Cell::DateTime(_))
                    || (parse_date(&text, order).is_some()
                        && !text.bytes().all(|b| b.is_ascii_digit() || b == b'.')),
            );
            p.codes += usize::from(looks_like_code(&text));
            p.words += usize::from(
                text.chars().filter(|c| c.is_alphabetic()).count() >= 3 && text.contains(' ')
                    || text.chars().all(|c| c.is_alphabetic()),
            );
            p.distinct.insert(text);
        }
    }
    let share = |n: usize, p: &Profile| {
        if p.filled == 0 {
            0.0
        } else {
            n as f64 / p.filled as f64
        }
    };
    let mostly = |n: usize, p: &Profile| p.filled * 2 >= rows.len() && share(n, p) >= 0.8;
    let mut out = BTreeMap::new();
    // The rightmost money column: totals and net amounts come last in most exports.
    let amount = (0..width)
        .rev()
        .find(|c| mostly(cols[*c].money, &cols[*c]))?;
    out.insert(Field::Amount, amount);
    if let Some(date) = (0..width).find(|c| *c != amount && mostly(cols[*c].dates, &cols[*c])) {
        out.insert(Field::Date, date);
    }
    let taken: Vec<usize> = out.values().copied().collect();
    let code = (0..width).find(|c| {
        let p = &cols[*c];
        !taken.contains(c) && mostly(p.codes, p) && p.distinct.len() * 2 >= p.filled
    });
    if let Some(c) = code {
        out.insert(Field::TransactionRef, c);
    }
    // The payee: the nearest wordy column before the date (or the amount), as exports
    // put the payee beside the payment's date and value.
    let before = out.get(&Field::Date).copied().unwrap_or(amount);
    let payee = (0..before)
        .rev()
        .find(|c| Some(*c) != code && mostly(cols[*c].words, &cols[*c]));
    if let Some(c) = payee {
        out.insert(Field::SupplierName, c);
    }
    Some(out)
}

/// `amount = 17, date = 15, supplier_name = 12` (1-based, as the study writes them).
pub fn describe(cols: &BTreeMap<Field, usize>) -> String {
    cols.iter()
        .map(|(f, c)| format!("{f} = {}", c + 1))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::cell::OwnedCell;

    #[test]
    fn infers_the_hyndburn_headerless_layout() {
        let rows: Vec<Vec<OwnedCell>> = [
            [
                "REGN - Regeneration & Housing",
                "",
                "FAF - Strategic Housing",
                "",
                "Affordable Warmth Grant",
                "",
                "",
                "1",
                "",
                "CRINV0008145",
                "",
                "Rhea Projects",
                "",
                "",
                "04/03/2025",
                "",
                "2,730.00",
            ],
            [
                "ENVH - Environmental Health",
                "",
                "BAA - Housing Standards",
                "",
                "Agency Costs w/c 27/01/25",
                "",
                "",
                "1",
                "",
                "CRINV0008147",
                "",
                "Oyster Partnership",
                "",
                "",
                "04/03/2025",
                "",
                "1,294.80",
            ],
            [
                "RESO - Resources",
                "",
                "AAD - ICT",
                "",
                "Licences",
                "",
                "",
                "2",
                "",
                "CRINV0008150",
                "",
                "Softcat Plc",
                "",
                "",
                "05/03/2025",
                "",
                "300.00",
            ],
        ]
        .iter()
        .map(|r| crate::read::cell::text_row(r))
        .collect();
        let refs: Vec<&dyn RowCells> = rows.iter().map(|r| r as &dyn RowCells).collect();
        let cols = infer_columns(&refs, DateOrder::Dmy).unwrap();
        assert_eq!(
            describe(&cols),
            "amount = 17, date = 15, supplier_name = 12, transaction_ref = 10"
        );
    }
}
