//! `report.html`: the page rendered through the template in `templates/report.html`,
//! with every chart inlined as SVG so the file stands alone — no network, scripts or
//! fonts from elsewhere. The template engine escapes every text it is given.

use std::collections::BTreeMap;

use serde::Serialize;

use super::page::Page;

const TEMPLATE: &str = include_str!("../../templates/report.html");

/// A chart as the template places it: plotters' SVG has no XML prolog and carries its
/// own viewBox, so it goes in as drawn and CSS scales it.
#[derive(Serialize)]
struct Figure<'a> {
    title: &'a str,
    svg: &'a str,
}

/// Renders the report; `charts` are (id, title, SVG document).
pub fn render(page: &Page, charts: &[(&str, &str, &str)]) -> anyhow::Result<String> {
    let mut env = minijinja::Environment::new();
    // Escaping follows the template's name: .html escapes every value not marked safe.
    env.add_template("report.html", TEMPLATE)?;
    let figures: BTreeMap<&str, Figure> = charts
        .iter()
        .map(|(id, title, svg)| (*id, Figure { title, svg }))
        .collect();
    let html = env
        .get_template("report.html")?
        .render(minijinja::context! {
            page => page,
            charts => figures,
            version => env!("CARGO_PKG_VERSION"),
        })?;
    Ok(crate::text::printable_document(html))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::page::{Section, Table};

    #[test]
    fn ledger_text_is_escaped_and_charts_are_not() {
        let mut table = Table::new("t", &[("Supplier", false)]);
        table.rows.push(vec!["<script>alert(1)</script>".into()]);
        let page = Page {
            title: "A & B".into(),
            subtitle: String::new(),
            sections: vec![Section {
                id: "s",
                title: "S".into(),
                charts: vec!["c"],
                tables: vec![table],
                ..Section::default()
            }],
        };
        let html = render(
            &page,
            &[(
                "c",
                "C",
                "<svg viewBox=\"0 0 10 5\"><text>x &amp; y</text></svg>",
            )],
        )
        .unwrap();
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;"),
            "{html}"
        );
        assert!(!html.contains("<script>"));
        assert!(html.contains("A &amp; B"));
        // The chart goes in as drawn, not escaped a second time.
        assert!(html.contains("<svg viewBox=\"0 0 10 5\"><text>x &amp; y</text></svg>"));
    }
}
