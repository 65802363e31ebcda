//! Total lines' labels (`Grand total`, `TOTAL EXPENDITURE`, `Sum:`, `Report Total`) told
//! from payees whose names merely start with the word (`Total Care`, `TOTAL MATHS`). A
//! label is only evidence: the accounting rules still ask whether the row's amount is the
//! sum of the rows above it.

use crate::config::ledger_words::TotalWords;
use crate::read::values::MONTHS;

/// Whether some word of `text` starts like a total word (`Total`, `SUB-TOTAL`), found in one
/// pass and without allocating: nearly every cell of a ledger is no label, and this is
/// asked of the payee cell of every row.
fn holds_a_total_word(text: &str, words: &TotalWords) -> bool {
    let bytes = text.as_bytes();
    let mut at_start = true;
    for (i, &b) in bytes.iter().enumerate() {
        let alnum = b.is_ascii_alphanumeric() || b >= 0x80;
        if alnum && at_start {
            let rest = &bytes[i..];
            if words.words.iter().any(|w| {
                rest.len() >= w.len() && rest[..w.len()].eq_ignore_ascii_case(w.as_bytes())
            }) {
                return true;
            }
        }
        at_start = !alnum;
    }
    false
}

fn is_month(word: &str) -> bool {
    MONTHS
        .iter()
        .any(|m| *m == word || (word.len() == 3 && m.starts_with(word)) || (word == "sept"))
}

/// Whether a cell's text is a total's label: it has a total word and either starts with
/// it followed by a joining word (`Total for …`), or holds nothing but total words,
/// filler words, month names and numbers.
pub fn is_total_label(text: &str, words: &TotalWords) -> bool {
    if !holds_a_total_word(text, words) {
        return false;
    }
    let lower = text.to_lowercase();
    let tokens: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let total = |w: &str| words.words.iter().any(|t| t == w);
    if !tokens.iter().any(|w| total(w)) {
        return false;
    }
    if tokens.len() >= 2 && total(tokens[0]) && words.joins.iter().any(|j| j == tokens[1]) {
        return true;
    }
    tokens.iter().all(|w| {
        total(w)
            || words.fillers.iter().any(|f| f == w)
            || is_month(w)
            || w.chars().all(|c| c.is_ascii_digit())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ledger_words::LedgerWords;

    #[test]
    fn labels_and_names() {
        let w = LedgerWords::builtin().totals;
        for label in [
            "Total",
            "TOTAL:",
            "Grand total",
            "Sub-total",
            "** TOTAL **",
            "Sum:",
            "Report Total",
            "Page total",
            "TOTAL EXPENDITURE",
            "Balance",
            "Balance b/f",
            "Total for April 2024",
            "Total of payments",
            "TOTAL SPEND",
            "Totals",
        ] {
            assert!(is_total_label(label, &w), "{label:?} is a label");
        }
        for name in [
            "Total Care",
            "TOTAL MATHS",
            "Total Gas & Power Ltd",
            "Various - Total Expenses",
            "Total Parking",
            "TOTALENERGIES",
            "Acme Ltd",
            "",
            "Summit Holdings",
        ] {
            assert!(!is_total_label(name, &w), "{name:?} is a name");
        }
    }
}
