//! Reading a record that is a field short, when exactly one reading makes sense of it:
//! two values fused into one cell (`14/09/2013512.40`, `ACME LTD 14/09/2013`), or an
//! amount one column left of its place because a field before it is missing. Any other
//! short record is rejected, never guessed at.

use super::header::Mapping;
use crate::config::field::Field;
use crate::read::cell::{Cell, OwnedCell, RowCells, own_row};
use crate::read::values::amount::parse_amount;
use crate::read::values::date::read_date;

/// The date part of a split: whether its year has four digits.
fn four_digit_year(text: &str) -> bool {
    text.trim()
        .rsplit(['/', '-', '.', ' '])
        .next()
        .is_some_and(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
}

/// A date a ledger could hold: 1950 to 2100, so that `14/09/1312.40` is not cut as the
/// year 1312 and 40 pence.
fn plausible_date(text: &str) -> bool {
    const FROM: i32 = -7305; // 1950-01-01, days since 1970
    const TO: i32 = 47_482; // 2100-01-01
    read_date(text)
        .resolve(crate::read::values::date::DateOrder::Dmy)
        .is_some_and(|d| (FROM..TO).contains(&d))
}

fn valid(field: Field, text: &str) -> bool {
    match field {
        Field::Date => plausible_date(text),
        Field::Amount => parse_amount(text).is_ok(),
        _ => !text.trim().is_empty(),
    }
}

/// The ways of cutting `s` in two for the fields (`first`, `second`): at a space or comma,
/// and for a date then an amount also straight after the date, with nothing between.
fn splits(s: &str, first: Field, second: Field) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for (i, c) in s.char_indices() {
        if (c == ' ' || c == ',') && i > 0 {
            out.push((s[..i].trim().to_string(), s[i + 1..].trim().to_string()));
        }
        // With nothing between them, the amount must show its pence (`2013512.40`), or any
        // date would cut into a shorter date and a number (`14/09/20` and `13`).
        if first == Field::Date && second == Field::Amount && i > 0 && s[i..].contains('.') {
            out.push((s[..i].trim().to_string(), s[i..].trim().to_string()));
        }
    }
    out.retain(|(x, y)| !x.is_empty() && !y.is_empty() && valid(first, x) && valid(second, y));
    if first == Field::Date && out.iter().any(|(x, _)| four_digit_year(x)) {
        out.retain(|(x, _)| four_digit_year(x));
    }
    out
}

/// Reads a record whose amount cannot be read as one of its fields fused with its
/// neighbour: for each pair of neighbouring columns holding (payee, date) or (date,
/// amount), the first's cell is cut in two and the cells after it move one column right.
/// Applied only when exactly one cut of one cell gives a record whose amount and date read.
pub fn fused(row: &dyn RowCells, m: &Mapping) -> Option<(Vec<OwnedCell>, &'static str)> {
    let amount_col = m.col(Field::Amount)?;
    let date_col = m.col(Field::Date)?;
    // Only a record exactly one field short of its header has two fields in one cell.
    let header = m.header_cells.iter().rposition(|h| !h.is_empty())? + 1;
    let filled = (0..row.width())
        .rposition(|c| !row.cell(c).is_empty())
        .map_or(0, |c| c + 1);
    if filled + 1 != header {
        return None;
    }
    let pairs = [
        (Field::SupplierName, Field::Date),
        (Field::Date, Field::Amount),
    ];
    let mut found: Vec<(Vec<OwnedCell>, &'static str)> = Vec::new();
    for (first, second) in pairs {
        let (Some(p), Some(q)) = (m.col(first), m.col(second)) else {
            continue;
        };
        if q != p + 1 {
            continue;
        }
        let Cell::Text(s) = row.cell(p) else {
            continue;
        };
        for (x, y) in splits(s.trim(), first, second) {
            let mut cells = own_row(row);
            if cells.len() <= p {
                continue;
            }
            cells[p] = OwnedCell::Text(x);
            cells.insert(p + 1, OwnedCell::Text(y));
            let reads = valid(Field::Amount, &cells.cell(amount_col).display())
                && cells.cell(date_col).date_read().readable();
            let kind = if first == Field::Date {
                super::batch::flag::REPAIRS[0]
            } else {
                super::batch::flag::REPAIRS[1]
            };
            if reads && !found.iter().any(|(c, _)| *c == cells) {
                found.push((cells, kind));
            }
        }
    }
    (found.len() == 1).then(|| found.pop().expect("one reading"))
}

/// Reads a record whose amount cell is empty while the cell just left of it holds an
/// amount, in a column that is not the payee, date or reference, with nothing to its right:
/// a field before the amount is missing and the amount moved one column left.
pub fn amount_one_left(row: &dyn RowCells, m: &Mapping) -> Option<(Vec<OwnedCell>, &'static str)> {
    let amount_col = m.col(Field::Amount)?;
    let left = amount_col.checked_sub(1)?;
    if [Field::SupplierName, Field::Date, Field::TransactionRef]
        .iter()
        .any(|f| m.col(*f) == Some(left))
    {
        return None;
    }
    if !row.cell(amount_col).is_empty() || (left + 1..row.width()).any(|c| !row.cell(c).is_empty())
    {
        return None;
    }
    let value = row.cell(left);
    let reads = match value {
        Cell::Number(x) => x.is_finite(),
        Cell::Text(s) => parse_amount(s).is_ok(),
        _ => false,
    };
    if !reads {
        return None;
    }
    let mut cells = own_row(row);
    cells.resize(cells.len().max(amount_col + 1), OwnedCell::Empty);
    cells[amount_col] = OwnedCell::from_cell(value);
    cells[left] = OwnedCell::Empty;
    Some((cells, super::batch::flag::REPAIRS[2]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::study::ReadOptions;
    use crate::config::synonyms::Synonyms;
    use crate::ingest::header::map_columns;

    fn row(cells: &[&str]) -> Vec<OwnedCell> {
        crate::read::cell::text_row(cells)
    }

    fn mapping(header: &[&str]) -> Mapping {
        let h = row(header);
        map_columns(
            Some((1, &h)),
            &[],
            header.len(),
            &Synonyms::builtin(),
            &ReadOptions::default(),
        )
        .unwrap()
    }

    fn texts(cells: &[OwnedCell]) -> Vec<String> {
        cells
            .iter()
            .map(|c| (&vec![c.clone()] as &dyn RowCells).cell(0).display())
            .collect()
    }

    #[test]
    fn date_and_amount_fused_without_a_separator() {
        // A report export one field short: the date and amount in one cell, the reference
        // moved into the amount's place.
        let m = mapping(&["Supplier", "Payment Date", "Amount", "Reference"]);
        let r = row(&[
            "NORTHTOWN HOSPITALS NHS TRUST",
            "14/09/2013512.40",
            "INV-2231",
        ]);
        let (fixed, kind) = fused(&r, &m).expect("one reading");
        assert_eq!(
            texts(&fixed),
            [
                "NORTHTOWN HOSPITALS NHS TRUST",
                "14/09/2013",
                "512.40",
                "INV-2231"
            ]
        );
        assert_eq!(kind, "date and amount fused in one cell");
    }

    #[test]
    fn fused_wherever_the_field_sits() {
        let m = mapping(&["Payment Date", "Net Amount", "Supplier Name", "Description"]);
        let r = row(&["01/04/2024 1,204.50", "Acme Ltd", "Stationery"]);
        let (fixed, _) = fused(&r, &m).expect("one reading");
        assert_eq!(
            texts(&fixed),
            ["01/04/2024", "1,204.50", "Acme Ltd", "Stationery"]
        );
        let m = mapping(&["Ref", "Supplier Name", "Payment Date", "Net Amount"]);
        let r = row(&["7781", "ACME LTD 02/01/2024", "7.25"]);
        let (fixed, kind) = fused(&r, &m).expect("one reading");
        assert_eq!(texts(&fixed), ["7781", "ACME LTD", "02/01/2024", "7.25"]);
        assert_eq!(kind, "payee and date fused in one cell");
    }

    #[test]
    fn a_cut_needs_one_plausible_reading() {
        let m = mapping(&["Supplier", "Payment Date", "Amount"]);
        // `14/09/13` and 12.40, not the year 1312 and 40 pence.
        let (fixed, _) = fused(&row(&["Acme", "14/09/1312.40"]), &m).expect("one reading");
        assert_eq!(texts(&fixed)[1..], ["14/09/13", "12.40"]);
        assert!(
            fused(&row(&["Acme", "tbc 12.40"]), &m).is_none(),
            "no date in the cell"
        );
        assert!(
            fused(&row(&["Acme", "14/09/2013"]), &m).is_none(),
            "nothing fused"
        );
    }

    #[test]
    fn the_amount_one_column_left() {
        // Lancashire Fire 2022-23: `Supplier Classification` missing, the amount under it.
        let m = mapping(&[
            "Transaction Number",
            "Date",
            "Expenditure Category",
            "Supplier Name",
            "Supplier Classification",
            "Amount",
        ]);
        let r = row(&[
            "6000736",
            "08/03/2023",
            "Vehicle & Plant R&M (External)",
            "Thomas Hardie Commercials Ltd",
            "1652.68",
            "",
        ]);
        let (fixed, _) = amount_one_left(&r, &m).expect("one reading");
        assert_eq!(texts(&fixed)[5], "1652.68");
        assert_eq!(texts(&fixed)[4], "");
        // The payee's own column is never read as the amount.
        let m = mapping(&["Date", "Supplier Name", "Amount"]);
        assert!(amount_one_left(&row(&["08/03/2023", "1652.68", ""]), &m).is_none());
    }
}
