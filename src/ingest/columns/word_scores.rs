//! How strongly a header's words speak for a field: the part of column recognition that
//! reads what the publisher called a column, whatever ERP named it and however it was
//! typed ("NetAmount", "AP_INVOICE_AMT", "Suplier", "Dat", "8 Amount").

use crate::config::ledger_words::FieldWords;
use crate::read::header_words::word_match;

/// The best weight a word earns from a list, with the list word it matched.
fn best<'a>(
    token: &str,
    list: impl Iterator<Item = (&'a String, &'a f64)>,
) -> Option<(f64, &'a str)> {
    list.filter_map(|(word, weight)| word_match(token, word).map(|q| (q * weight, word.as_str())))
        .max_by(|a, b| a.0.total_cmp(&b.0))
}

/// A header's score for one field from its words, 0 to 1, and the words that decided it:
/// the strongest word for the field, plus up to 0.15 for further words, minus the
/// strongest word against it (cancelled right after `excl`, `ex` and the like, or "net of").
pub fn words_score(words: &[String], fw: &FieldWords, cancel: &[String]) -> (f64, String) {
    let mut pos: Vec<(f64, &str, &str)> = Vec::new();
    let mut neg: Option<(f64, &str, &str)> = None;
    for (i, token) in words.iter().enumerate() {
        if let Some((w, v)) = best(token, fw.words.iter()) {
            pos.push((w, token, v));
        }
        let cancelled = (i >= 1 && cancel.iter().any(|c| *c == words[i - 1]))
            || (i >= 2 && words[i - 1] == "of" && words[i - 2] == "net");
        if !cancelled
            && let Some((w, v)) = best(token, fw.against.iter())
            && neg.is_none_or(|n| w > n.0)
        {
            neg = Some((w, token, v));
        }
    }
    pos.sort_by(|a, b| b.0.total_cmp(&a.0));
    let Some(&(top, top_word, _)) = pos.first() else {
        return (0.0, String::new());
    };
    let more: f64 = pos[1..].iter().map(|p| p.0).sum::<f64>() * 0.1;
    let against = neg.map_or(0.0, |n| n.0);
    // A header names its column in a few words; a longer cell is a sentence (a title, a
    // note, a value), and its words count for less.
    let length = if words.len() > 4 {
        4.0 / words.len() as f64
    } else {
        1.0
    };
    // Words are evidence, never quite as sure as a synonym a person wrote down.
    let score = ((top + more.min(0.15) - against) * length).clamp(0.0, 0.95);
    let mut why = format!("the word {top_word:?}");
    for (_, word, _) in &pos[1..] {
        why += &format!(", {word:?}");
    }
    if let Some((w, word, _)) = neg {
        why += &format!("; {word:?} weighs against (-{w:.2})");
    }
    (score, why)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::field::Field;
    use crate::config::ledger_words::LedgerWords;
    use crate::read::header_words::header_words;

    fn score(field: Field, header: &str) -> f64 {
        let w = LedgerWords::builtin();
        words_score(&header_words(header), &w.fields[&field], &w.cancel).0
    }

    #[test]
    fn words_weigh_for_and_against() {
        // Amounts named in words no synonym lists.
        for h in [
            "Nett Value",
            "Amount in Sterling",
            "AP_INVOICE_AMT",
            "Invoice Nett Amount",
            "Line Amount",
            "Amount excl VAT",
            "Amount net of VAT",
        ] {
            assert!(
                score(Field::Amount, h) >= 0.7,
                "{h}: {}",
                score(Field::Amount, h)
            );
        }
        assert!(score(Field::Amount, "Total £") >= 0.6);
        // Not amounts, though they hold numbers or the word.
        for h in [
            "VAT Registration Number",
            "Transaction Number",
            "Budget",
            "Expenditure Category",
            "VAT",
            "Supplier ID",
        ] {
            assert!(
                score(Field::Amount, h) < 0.3,
                "{h}: {}",
                score(Field::Amount, h)
            );
        }
        assert!(score(Field::Amount, "Net Amount") > score(Field::Amount, "Gross Amount"));
        assert!(score(Field::Amount, "Gross Amount") > score(Field::Amount, "VAT Amount"));
        assert!(score(Field::Date, "PaymentDate") > score(Field::Date, "EffectiveDate"));
        assert!(score(Field::Date, "Dat") >= 0.8);
        assert!(score(Field::SupplierName, "Suplier") >= 0.8);
        assert!(score(Field::SupplierName, "SUPPLIER_OBS_TYPE") < 0.3);
        assert!(score(Field::SupplierName, "Supplier Classification") < 0.3);
        assert!(score(Field::SupplierName, "Body name") < 0.3);
        // Sentences are not headers.
        assert!(
            score(
                Field::SupplierName,
                "financial-transactions-data-national forest company"
            ) < 0.4
        );
    }
}
