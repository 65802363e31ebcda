//! `report.html`: the page rendered through the template in `templates/report.html`,
//! with every chart inlined as SVG so the file stands alone — no network, scripts or
//! fonts from elsewhere. The template engine escapes every text it is given.

use std::collections::BTreeMap;

use serde::Serialize;

use super::page::Page;

const TEMPLATE: &str = include_str!("../../templates/report.html");

/// A chart as the template places it.
#[derive(Serialize)]
struct Figure<'a> {
    title: &'a str,
    svg: String,
}

/// Renders the report; `charts` are (id, title, SVG document).
pub fn render(page: &Page, charts: &[(&str, &str, &str)]) -> anyhow::Result<String> {
    let mut env = minijinja::Environment::new();
    // Escaping follows the template's name: .html escapes every value not marked safe.
    env.add_template("report.html", TEMPLATE)?;
    let figures: BTreeMap<&str, Figure> = charts
        .iter()
        .map(|(id, title, svg)| {
            (
                *id,
                Figure {
                    title,
                    svg: inline(svg),
                },
            )
        })
        .collect();
    let html = env
        .get_template("report.html")?
        .render(minijinja::context! {
            page => page,
            charts => figures,
            version => env!("CARGO_PKG_VERSION"),
        })?;
    Ok(html)
}

/// An SVG document made fit to sit inside HTML: no XML prolog, and a viewBox so CSS can
/// scale it to the page.
fn inline(svg: &str) -> String {
    let body = match svg.find("<svg") {
        Some(at) => &svg[at..],
        None => svg,
    };
    if body.contains("viewBox") {
        return body.to_string();
    }
    let attr = |name: &str| {
        let key = format!("{name}=\"");
        let start = body.find(&key)? + key.len();
        let len = body[start..].find('"')?;
        Some(body[start..start + len].to_string())
    };
    match (attr("width"), attr("height")) {
        (Some(w), Some(h)) => body.replacen(
            "<svg",
            &format!("<svg viewBox=\"0 0 {w} {h}\" role=\"img\""),
            1,
        ),
        _ => body.to_string(),
    }
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
                "<svg width=\"10\" height=\"5\"><text>x</text></svg>",
            )],
        )
        .unwrap();
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;"),
            "{html}"
        );
        assert!(!html.contains("<script>"));
        assert!(html.contains("A &amp; B"));
        assert!(html.contains("<svg viewBox=\"0 0 10 5\" role=\"img\" width=\"10\""));
    }
}
