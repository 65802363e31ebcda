//! Which row is the header and which column holds each field, decided from evidence: the
//! header text (exact synonyms, synonyms with typos, and the weight of its words) and the
//! contents of the rows below it. Every field takes the column that scores best for it,
//! and the choice, its score and the runner-up are kept so `inspect` can explain them.

pub(super) mod content;
mod word_scores;

use serde::Serialize;

use crate::config::field::Field;
use crate::config::synonyms::Synonyms;
use crate::read::cell::RowCells;
use content::{Profile, facts_of, profiles_with};

/// How a header cell was read as naming a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum How {
    /// Exactly one of the synonyms.
    Synonym,
    /// One of the synonyms, with a typo.
    Typo,
    /// Its words (`ledger-words.toml`).
    Words,
}

impl How {
    pub fn name(self) -> &'static str {
        match self {
            How::Synonym => "synonym",
            How::Typo => "typo",
            How::Words => "words",
        }
    }
}

/// One column scored for one field.
#[derive(Debug, Clone, Serialize)]
pub struct Scored {
    pub field: Field,
    /// 0-based column.
    #[serde(skip)]
    pub col: usize,
    /// The header's score times the contents' factor: 0 to 1.
    pub score: f64,
    #[serde(skip)]
    pub how: How,
    /// Why the header text scored as it did, and what the contents showed.
    pub why: String,
}

/// The lowest score that gives a field its column: a key field's header must say it
/// fairly clearly, and any other field's must match a synonym.
pub fn threshold(field: Field) -> f64 {
    match field {
        Field::Amount | Field::Date | Field::SupplierName => 0.4,
        _ => 0.5,
    }
}

/// Whether a cell holds one of Excel's error values (`#NAME?` is a header cell Excel read
/// as a formula), which names nothing.
pub fn is_excel_error(text: &str) -> bool {
    const ERRORS: [&str; 10] = [
        "#NAME?",
        "#N/A",
        "#REF!",
        "#VALUE!",
        "#DIV/0!",
        "#NUM!",
        "#NULL!",
        "#SPILL!",
        "#CALC!",
        "#GETTING_DATA",
    ];
    let t = text.trim();
    ERRORS.iter().any(|e| t.eq_ignore_ascii_case(e))
}

/// The header text's score for each field it names, best per field.
fn header_scores(text: &str, synonyms: &Synonyms) -> Vec<(Field, f64, How, String)> {
    let mut out: Vec<(Field, f64, How, String)> = Vec::new();
    let mut put = |field: Field, score: f64, how: How, why: String| match out
        .iter_mut()
        .find(|o| o.0 == field)
    {
        Some(o) if o.1 >= score => {}
        Some(o) => *o = (field, score, how, why),
        None => out.push((field, score, how, why)),
    };
    if text.trim().is_empty() || is_excel_error(text) {
        return Vec::new();
    }
    if let Some((field, rank)) = synonyms.lookup(text) {
        put(
            field,
            1.0 - 0.002 * rank as f64,
            How::Synonym,
            format!("{:?} is a synonym", text.trim()),
        );
    }
    for (field, rank, synonym) in synonyms.typo_matches(text) {
        put(
            field,
            0.9 - 0.002 * rank as f64,
            How::Typo,
            format!(
                "{:?} reads as the synonym {synonym:?} with a typo",
                text.trim()
            ),
        );
    }
    let words = crate::read::header_words::header_words(text);
    for (field, fw) in &synonyms.words.fields {
        let (score, why) = word_scores::words_score(&words, fw, &synonyms.words.cancel);
        if score > 0.0 {
            put(*field, score, How::Words, why);
        }
    }
    out
}

/// Each column's header-text scores (see [`header_scores`]).
type TextScores = Vec<Vec<(Field, f64, How, String)>>;

fn text_scores(header: &dyn RowCells, synonyms: &Synonyms) -> TextScores {
    (0..header.width())
        .map(|col| header_scores(&header.cell(col).display(), synonyms))
        .collect()
}

/// Every (field, column) of a header row with a score above nothing, weighed by what the
/// rows below hold (`profiles`; `sampled` rows were looked at; `usize::MAX` with no
/// profiles weighs the header text alone).
pub fn score_row(
    header: &dyn RowCells,
    profiles: &[Profile],
    sampled: usize,
    synonyms: &Synonyms,
) -> Vec<Scored> {
    weigh(&text_scores(header, synonyms), profiles, sampled, synonyms)
}

/// A header row's text scores weighed by the contents below it.
fn weigh(
    text: &TextScores,
    profiles: &[Profile],
    sampled: usize,
    synonyms: &Synonyms,
) -> Vec<Scored> {
    let mut out = Vec::new();
    for (col, scores) in text.iter().enumerate() {
        for (field, score, how, why) in scores {
            let (factor, seen) = match (synonyms.words.fields.get(field), profiles.get(col)) {
                (Some(fw), Some(p)) => p.factor(fw.content, sampled),
                (Some(fw), None) => Profile::default().factor(fw.content, sampled),
                (None, _) => (1.0, String::new()),
            };
            let why = if seen.is_empty() {
                why.clone()
            } else {
                format!("{why}; {seen}")
            };
            out.push(Scored {
                field: *field,
                col,
                score: score * factor,
                how: *how,
                why,
            });
        }
    }
    out
}

/// Each field its best column and each column at most one field, best scores first (ties:
/// the field listed first in [`Field`], then the leftmost column). `fixed` are columns the
/// study named, already taken.
pub fn assign(scored: &[Scored], fixed: &[(Field, usize)]) -> Vec<Scored> {
    let mut order: Vec<&Scored> = scored
        .iter()
        .filter(|s| s.score >= threshold(s.field))
        .collect();
    order.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(a.field.cmp(&b.field))
            .then(a.col.cmp(&b.col))
    });
    let mut fields: Vec<Field> = fixed.iter().map(|f| f.0).collect();
    let mut cols: Vec<usize> = fixed.iter().map(|f| f.1).collect();
    let mut out = Vec::new();
    for s in order {
        if fields.contains(&s.field) || cols.contains(&s.col) {
            continue;
        }
        fields.push(s.field);
        cols.push(s.col);
        out.push(s.clone());
    }
    out
}

/// Whether an assignment makes a header: it finds the amount, and the payee or the date.
pub fn is_header(assigned: &[Scored]) -> bool {
    let has = |f: Field| assigned.iter().any(|s| s.field == f);
    has(Field::Amount) && (has(Field::SupplierName) || has(Field::Date))
}

/// How much a row reads as the header: its key fields' scores, and a little for each
/// other field it names.
fn row_score(assigned: &[Scored]) -> f64 {
    assigned
        .iter()
        .map(|s| match s.field {
            Field::Amount | Field::Date | Field::SupplierName => s.score,
            _ => 0.1,
        })
        .sum()
}

/// Whether a row holds data rather than names a table's columns: its amount cell is an
/// amount, or a fifth of its cells (at least two) are dates or numbers, which headers
/// never are.
fn holds_values(row: &dyn RowCells, assigned: &[Scored]) -> bool {
    use crate::read::values::amount::parse_amount;
    let amount_is_amount = assigned
        .iter()
        .any(|s| s.field == Field::Amount && parse_amount(&row.cell(s.col).display()).is_ok());
    let (mut filled, mut values) = (0, 0);
    for c in 0..row.width() {
        let cell = row.cell(c);
        if cell.is_empty() {
            continue;
        }
        filled += 1;
        let text = cell.display();
        if cell.date_read().readable() || parse_amount(&text).is_ok() {
            values += 1;
        }
    }
    amount_is_amount || (values >= 2 && values * 5 >= filled)
}

/// Whether a row reads as a header by its text alone (a header repeated, or printed
/// below the data of a file read without one).
pub fn reads_as_header(row: &dyn RowCells, synonyms: &Synonyms) -> bool {
    is_header(&assign(&score_row(row, &[], usize::MAX, synonyms), &[]))
}

/// The best header among `rows` (row number, row): the first `search` rows are
/// candidates, each weighed with up to `sample` rows below it. Returns the index into
/// `rows`, or, when none reads as a header, the row that came closest with what it named.
pub fn best_header(
    rows: &[(u32, &dyn RowCells)],
    search: usize,
    sample: usize,
    synonyms: &Synonyms,
) -> Result<usize, Option<(u32, Vec<Scored>)>> {
    let width = rows.iter().map(|(_, r)| r.width()).max().unwrap_or(0);
    let mut headers: Vec<(f64, usize)> = Vec::new();
    let mut closest: Option<(f64, u32, Vec<Scored>)> = None;
    // Each cell is read once, however many candidates' samples hold it.
    let facts = facts_of(rows.iter().take(search + sample).map(|(_, r)| *r), width);
    for (i, (row_no, row)) in rows.iter().enumerate().take(search) {
        let text = text_scores(*row, synonyms);
        let by_text = assign(&weigh(&text, &[], usize::MAX, synonyms), &[]);
        if by_text.is_empty() {
            continue;
        }
        let below: Vec<&dyn RowCells> =
            rows[i + 1..].iter().take(sample).map(|(_, r)| *r).collect();
        let seen = profiles_with(&below, &facts[i + 1..], width);
        let scored = weigh(&text, &seen, below.len(), synonyms);
        let assigned = assign(&scored, &[]);
        let score = row_score(&assigned);
        let data_like = holds_values(*row, &assigned);
        if is_header(&assigned) && !data_like {
            headers.push((score, i));
        } else if closest.as_ref().is_none_or(|(c, _, _)| score > *c) {
            closest = Some((score, *row_no, assigned));
        }
    }
    // The first row that reads nearly as well as the best: a header repeated further
    // down (exports joined together) reads as well as the first.
    let top = headers.iter().map(|h| h.0).fold(0.0, f64::max);
    match headers.iter().find(|h| h.0 >= 0.85 * top) {
        Some((_, i)) => Ok(*i),
        None => Err(closest.map(|(_, r, a)| (r, a))),
    }
}

#[cfg(test)]
mod tests;
