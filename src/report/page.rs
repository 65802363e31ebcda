//! The report as a sequence of sections — words, charts and tables — and the figures and
//! names they are written with; the sections are built from the run's tables (report's
//! `build`) and rendered by the HTML template. Keeping the content here and the layout in
//! the template means the words can be tested without a browser.

use serde::Serialize;

use super::summary::{ALL, Figure, Headline};
use super::tables::RunTables;
use crate::format::pounds;
use crate::measure::figure::{self, Standing};

/// The whole report.
#[derive(Debug, Serialize)]
pub struct Page {
    pub title: String,
    pub subtitle: String,
    pub sections: Vec<Section>,
}

/// One section: a heading, paragraphs, charts (by id) and tables.
#[derive(Debug, Default, Serialize)]
pub struct Section {
    pub id: &'static str,
    pub title: String,
    pub paragraphs: Vec<String>,
    pub charts: Vec<&'static str>,
    pub tables: Vec<Table>,
    /// Advice: what a reader can do about what the section shows.
    pub actions: Vec<String>,
    /// Long enough to start a printed page of its own (short ones follow on).
    pub long: bool,
}

impl Section {
    /// About how many printed lines the section takes: paragraphs of a few lines, a
    /// chart of a dozen, a table of its rows (the first 25 of a longer one show).
    pub fn lines(&self) -> usize {
        let tables: usize = (self.tables.iter())
            .map(|t| 3 + t.rows.len().min(25) + usize::from(t.total.is_some()))
            .sum();
        3 * self.paragraphs.len() + 14 * self.charts.len() + tables + 2 * self.actions.len()
    }
}

/// Printed lines from which a section starts a page of its own.
pub const LONG_SECTION: usize = 30;

/// A table of display text; `numeric` columns are right-aligned.
#[derive(Debug, Default, Serialize)]
pub struct Table {
    pub caption: String,
    pub head: Vec<String>,
    pub numeric: Vec<bool>,
    pub rows: Vec<Vec<String>>,
    /// A bold last row (totals).
    pub total: Option<Vec<String>>,
    /// Said under the table, e.g. how many rows were left out.
    pub note: Option<String>,
}

impl Table {
    /// A table whose columns are given as (heading, numeric).
    pub fn new(caption: impl Into<String>, columns: &[(&str, bool)]) -> Self {
        Table {
            caption: caption.into(),
            head: columns.iter().map(|c| c.0.to_string()).collect(),
            numeric: columns.iter().map(|c| c.1).collect(),
            ..Table::default()
        }
    }

    /// Keeps the first `n` rows and says how many more the CSV holds.
    pub fn limit(mut self, n: usize, file: &str) -> Self {
        if self.rows.len() > n {
            self.note = Some(format!(
                "The first {n} of {} rows; {file} and baseline.xlsx hold them all.",
                self.rows.len()
            ));
            self.rows.truncate(n);
        }
        self
    }
}

/// `21.2%`.
pub fn pct(share: f64) -> String {
    figure::one_place_pct(share)
}

/// A headline figure's earlier value as shown: pounds, or a percentage.
pub fn shown(h: &Headline, value: f64) -> String {
    match h.unit.as_str() {
        "gbp" => pounds((value * 100.0).round() as i64),
        _ => pct(value),
    }
}

/// A headline figure as shown: pounds, or a share with its coverage when provisional,
/// or "not known".
pub fn shown_now(h: &Headline) -> String {
    match (h.unit.as_str(), h.value) {
        ("gbp", v) => pounds((v.unwrap_or(0.0) * 100.0).round() as i64),
        (_, v) => figure::shown(v.unwrap_or(0.0), h.coverage, h.standing, &h.metric),
    }
}

/// A share in a table cell: `12.3%`, `12.3% (provisional)` or `not known`; the
/// section says what each rests on.
pub fn share_cell(value: Option<f64>, standing: Standing) -> String {
    match (standing, value) {
        (Standing::NotKnown, _) | (_, None) => "not known".into(),
        (Standing::Provisional, Some(v)) => {
            format!("{} (provisional)", figure::provisional_pct(v))
        }
        (Standing::Known, Some(v)) => pct(v),
    }
}

/// A figure in a table cell (see [`share_cell`]).
pub fn figure_cell(f: Option<&Figure>) -> String {
    f.map(|f| share_cell(f.known(), f.standing))
        .unwrap_or_default()
}

/// A headline change as shown: pounds, or percentage points.
pub fn shown_change(h: &Headline, change: f64) -> String {
    match h.unit.as_str() {
        "gbp" => pounds((change * 100.0).round() as i64),
        _ => points(change),
    }
}

/// `+2.1 points`, `-0.4 points`.
pub fn points(change: f64) -> String {
    format!("{:+.1} points", change * 100.0)
}

/// Anchor id → name, with ALL as "All anchors".
pub fn anchor_name(t: &RunTables, id: &str) -> String {
    if id == ALL {
        return "All anchors".into();
    }
    t.reconciliation
        .anchors
        .iter()
        .find(|a| a.anchor_id == id)
        .map_or_else(|| id.to_string(), |a| a.name.clone())
}

/// Money for sentences: `£1.2 million`, `£25,300`.
pub fn money_words(pence: i64) -> String {
    let pounds_ = pence as f64 / 100.0;
    if pounds_.abs() >= 1e6 {
        format!("£{:.1} million", pounds_ / 1e6)
    } else {
        pounds((pence / 100) * 100)
            .trim_end_matches(".00")
            .to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_in_words() {
        assert_eq!(money_words(123_456_789), "£1.2 million");
        assert_eq!(money_words(2_530_099), "£25,300");
        assert_eq!(pct(0.2121), "21.2%");
        assert_eq!(points(-0.0222), "-2.2 points");
    }

    #[test]
    fn long_tables_say_where_the_rest_is() {
        let mut t = Table::new("x", &[("a", false)]);
        t.rows = vec![vec!["1".into()]; 5];
        let t = t.limit(3, "x.csv");
        assert_eq!(t.rows.len(), 3);
        assert!(t.note.unwrap().contains("first 3 of 5"));
    }
}
