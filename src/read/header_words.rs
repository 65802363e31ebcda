//! Header cells as words, and when two words are the same word: shared by column
//! recognition (ingest) and the synonyms file (config), so it sits below both.

/// A header cell cut into lower-case words: camel case and underscores split, currency
/// signs read as the word `gbp` (`œ` is a £ decoded as Windows-1252 from an old DOS code
/// page), numbers dropped (`8 Amount`, `Column1`).
pub fn header_words(text: &str) -> Vec<String> {
    let mut spaced = String::with_capacity(text.len() + 8);
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if matches!(c, '£' | 'œ' | '€' | '$') {
            spaced.push_str(" gbp ");
            continue;
        }
        if c.is_uppercase() && i > 0 {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            // `NetAmount` → Net Amount; `VATAmount` → VAT Amount.
            if prev.is_lowercase() || prev.is_ascii_digit() || (prev.is_uppercase() && next_lower) {
                spaced.push(' ');
            }
        } else if c.is_ascii_digit() && i > 0 && chars[i - 1].is_alphabetic() {
            spaced.push(' ');
        }
        spaced.push(c);
    }
    spaced
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !w.chars().all(|c| c.is_ascii_digit()))
        .map(str::to_string)
        .collect()
}

/// A word without its plural ending: `amounts` → `amount`, `categories` → `category`.
fn stem(w: &str) -> std::borrow::Cow<'_, str> {
    if w.len() > 4 && w.ends_with("ies") {
        return format!("{}y", &w[..w.len() - 3]).into();
    }
    if w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") {
        return w[..w.len() - 1].into();
    }
    w.into()
}

/// Whether two words are at most one edit apart (insert, delete, substitute, or swap two
/// neighbours). Header scoring asks this tens of thousands of times a file, so ASCII words
/// (nearly all) are compared as bytes, without collecting their characters.
fn one_edit_apart(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return one_edit_apart_in(a.as_bytes(), b.as_bytes());
    }
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    one_edit_apart_in(&a, &b)
}

fn one_edit_apart_in<T: PartialEq>(a: &[T], b: &[T]) -> bool {
    if a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (ra, rb) = (&a[prefix..], &b[prefix..]);
    match (ra.len(), rb.len()) {
        (0, 0) => true,
        (x, y) if x == y => {
            ra[1..] == rb[1..] || (x >= 2 && ra[0] == rb[1] && ra[1] == rb[0] && ra[2..] == rb[2..])
        }
        (x, y) if x > y => ra[1..] == *rb,
        _ => *ra == rb[1..],
    }
}

/// How well a header word matches a vocabulary word: 1 for the word or its plural, 0.85
/// for one typo in a word of five letters or more, or for the first letters of a word
/// missing at most its last (`dat` for `date`); `None` otherwise. Short words must match
/// exactly: `data` is not `date`, and `no` is not `not`.
pub fn word_match(token: &str, vocab: &str) -> Option<f64> {
    if token == vocab || stem(token) == stem(vocab) {
        return Some(1.0);
    }
    let (t, v) = (token.chars().count(), vocab.chars().count());
    if v >= 5 && t >= 4 && t.abs_diff(v) <= 1 && one_edit_apart(token, vocab) {
        return Some(0.85);
    }
    if t >= 3 && v == t + 1 && vocab.starts_with(token) {
        return Some(0.85);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_become_words() {
        assert_eq!(header_words("NetAmount"), ["net", "amount"]);
        assert_eq!(
            header_words("IrrecoverableVATAmount"),
            ["irrecoverable", "vat", "amount"]
        );
        assert_eq!(header_words("AP_INVOICE_AMT"), ["ap", "invoice", "amt"]);
        assert_eq!(header_words("8 Amount"), ["amount"]);
        assert_eq!(header_words(" Amount (œ) "), ["amount", "gbp"]);
        assert_eq!(header_words("Value £"), ["value", "gbp"]);
        assert_eq!(header_words("Column1"), ["column"]);
        assert_eq!(header_words("* SUPPLIER FINAL"), ["supplier", "final"]);
        assert_eq!(header_words("DatePaid"), ["date", "paid"]);
    }

    #[test]
    fn typos_plurals_and_truncations() {
        assert_eq!(word_match("suplier", "supplier"), Some(0.85));
        assert_eq!(word_match("expence", "expense"), Some(0.85));
        assert_eq!(word_match("dat", "date"), Some(0.85));
        assert_eq!(word_match("amounts", "amount"), Some(1.0));
        assert_eq!(
            word_match("amuont", "amount"),
            Some(0.85),
            "swapped letters"
        );
        assert_eq!(
            word_match("data", "date"),
            None,
            "short words match exactly"
        );
        assert_eq!(word_match("no", "not"), None);
        // Letters beyond ASCII count as one letter each.
        assert_eq!(word_match("fournisseür", "fournisseur"), Some(0.85));
        assert_eq!(word_match("fournisseüür", "fournisseur"), None);
        assert_eq!(word_match("value", "values"), Some(1.0));
    }
}
