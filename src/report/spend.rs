//! The baseline's sections: where influenceable spend went by place, deprivation, size,
//! ownership form and market, the largest suppliers, and the anchors side by side.

use super::charts::label;
use super::page::{Section, Table, anchor_name, figure_cell, pct, share_cell};
use super::summary::{ALL, OUTER_BANDS, Summary, figure};
use super::tables::RunTables;
use crate::format::pounds;

pub fn sections(t: &RunTables, s: &Summary, has: &dyn Fn(&str) -> bool) -> Vec<Section> {
    let Some(year) = s.year.as_deref() else {
        return Vec::new();
    };
    let mut out = vec![
        by_band(t, s, year, has),
        deprived(t, s, year),
        by_prefix(
            t,
            s,
            year,
            "sme",
            "Small and medium firms",
            "size:",
            "size",
            has,
        ),
        by_prefix(
            t,
            s,
            year,
            "ownership",
            "Ownership forms and co-operatives",
            "ownership:",
            "ownership",
            has,
        ),
        markets(t, year),
        top_suppliers(t, year, has),
    ];
    // With one anchor, its figures are the headline's: no side-by-side table.
    if s.anchors.len() > 1 {
        out.push(anchors(s, year));
    }
    out
}

/// Rows of anchors then the partnership (which, with one anchor, would repeat it).
fn anchor_ids(s: &Summary) -> Vec<String> {
    let all = (s.anchors.len() > 1).then(|| ALL.to_string());
    s.anchors
        .iter()
        .map(|a| a.anchor_id.clone())
        .chain(all)
        .collect()
}

fn by_band(t: &RunTables, s: &Summary, year: &str, has: &dyn Fn(&str) -> bool) -> Section {
    let bands = &t.bands;
    let mut head: Vec<(&str, bool)> = vec![("Anchor", false)];
    head.extend(bands.iter().map(|b| (b.as_str(), true)));
    let mut table = Table::new(
        format!("Share of influenceable spend by band, {year}"),
        &head,
    );
    let mut money_table = Table::new(format!("Influenceable spend by band, {year}"), &head);
    for id in anchor_ids(s) {
        let figs: Vec<_> = bands
            .iter()
            .map(|b| figure(t, &id, year, &format!("band:{b}")))
            .collect();
        let mut row = vec![anchor_name(t, &id)];
        row.extend(figs.iter().map(|f| figure_cell(f.as_ref())));
        let mut mrow = vec![anchor_name(t, &id)];
        mrow.extend(figs.iter().map(|f| {
            f.as_ref()
                .and_then(|f| f.pence)
                .map(pounds)
                .unwrap_or_default()
        }));
        if id == ALL {
            table.total = Some(row);
            money_table.total = Some(mrow);
        } else {
            table.rows.push(row);
            money_table.rows.push(mrow);
        }
    }
    let inner: Vec<&String> = bands
        .iter()
        .filter(|b| !OUTER_BANDS.contains(&b.as_str()))
        .collect();
    Section {
        id: "bands",
        title: "Where the money went".into(),
        paragraphs: vec![
            format!(
                "Each supplier is placed by its postcode — from the ledger, its register record or the directory — and falls \
                 in the innermost band that holds it: {}. A supplier that cannot be placed counts as Unknown.",
                inner
                    .iter()
                    .map(|b| b.as_str())
                    .collect::<Vec<_>>()
                    .join(", then ")
            ),
            exclusive(&inner),
        ],
        charts: if has("spend-by-band") {
            vec!["spend-by-band"]
        } else {
            vec![]
        },
        tables: vec![table, money_table],
        ..Section::default()
    }
}

/// How the bands add up, in the study's own names.
fn exclusive(inner: &[&String]) -> String {
    match inner {
        [first, second, ..] => format!(
            "Bands are exclusive: a supplier in {first} is not counted again in {second}. Add the bands together \
             for \"within {second}\"."
        ),
        _ => "Bands are exclusive: each supplier counts in one band only.".into(),
    }
}

fn deprived(t: &RunTables, s: &Summary, year: &str) -> Section {
    let mut table = Table::new(
        format!("Spend with suppliers in the most deprived neighbourhoods, {year}"),
        &[
            ("Anchor", false),
            ("Share of influenceable", true),
            ("Money", true),
        ],
    );
    for id in anchor_ids(s) {
        let f = figure(t, &id, year, "deprived");
        let row = vec![
            anchor_name(t, &id),
            figure_cell(f.as_ref()),
            f.as_ref()
                .and_then(|f| f.pence)
                .map(pounds)
                .unwrap_or_default(),
        ];
        if id == ALL {
            table.total = Some(row)
        } else {
            table.rows.push(row)
        }
    }
    Section {
        id: "deprived",
        title: "Deprived neighbourhoods".into(),
        paragraphs: vec![
            "A supplier counts as in a deprived neighbourhood when its postcode lies in a small area (LSOA) among the 20% \
             most deprived in England by the Index of Multiple Deprivation (deciles 1 and 2; a study can change the cut)."
                .into(),
        ],
        tables: vec![table],
        ..Section::default()
    }
}

/// A section of shares under one metric prefix (`size:`, `ownership:`) per anchor.
#[allow(clippy::too_many_arguments)]
fn by_prefix(
    t: &RunTables,
    s: &Summary,
    year: &str,
    id: &'static str,
    title: &str,
    prefix: &str,
    chart: &'static str,
    has: &dyn Fn(&str) -> bool,
) -> Section {
    let mut kinds: Vec<String> = Vec::new();
    for m in t
        .metrics
        .iter()
        .filter(|m| m.anchor_id == ALL && m.year == year)
    {
        if let Some(k) = m.metric.strip_prefix(prefix)
            && m.value > 0.0
            && !kinds.iter().any(|x| x == k)
        {
            kinds.push(k.to_string());
        }
    }
    let names: Vec<String> = kinds.iter().map(|k| label(k)).collect();
    let mut head: Vec<(&str, bool)> = vec![("Anchor", false)];
    head.extend(names.iter().map(|n| (n.as_str(), true)));
    let mut table = Table::new(
        format!("{title}: share of influenceable spend, {year}"),
        &head,
    );
    for a in anchor_ids(s) {
        let mut row = vec![anchor_name(t, &a)];
        row.extend(
            kinds
                .iter()
                .map(|k| figure_cell(figure(t, &a, year, &format!("{prefix}{k}")).as_ref())),
        );
        if a == ALL {
            table.total = Some(row)
        } else {
            table.rows.push(row)
        }
    }
    let paragraphs = if id == "sme" {
        vec![
            "Size comes from register evidence (accounts category, turnover, employees) under the Procurement Act 2023 \
             test of a small or medium-sized enterprise unless the study chooses another. Suppliers with no evidence are \
             \"unknown\", not assumed large: see the data-quality notes."
                .into(),
        ]
    } else {
        vec![
            "Ownership form comes from the registers a supplier was matched to (Co-operatives UK, the FCA mutuals register, \
             the Charity Commission, Companies House) and its legal form; public bodies are also recognised by name. The \
             social economy is co-operatives, community benefit societies, community interest companies, charities, \
             employee-owned firms and other social enterprises."
                .into(),
        ]
    };
    Section {
        id,
        title: title.into(),
        paragraphs,
        charts: if has(chart) { vec![chart] } else { vec![] },
        tables: vec![table],
        ..Section::default()
    }
}

fn markets(t: &RunTables, year: &str) -> Section {
    let mut rows: Vec<_> = t
        .by_market
        .iter()
        .filter(|m| m.anchor_id == ALL && m.year == year)
        .collect();
    rows.sort_by(|a, b| {
        b.influenceable_pence
            .cmp(&a.influenceable_pence)
            .then_with(|| a.market.cmp(&b.market))
    });
    let mut table = Table::new(
        format!("Influenceable spend by market, all anchors, {year}"),
        &[
            ("Market", false),
            ("Influenceable", true),
            ("Local", true),
            ("SME", true),
            ("Social economy", true),
            ("Co-operative", true),
            ("Suppliers", true),
        ],
    );
    let share = |p: i64, of: i64| {
        if of > 0 {
            pct(p as f64 / of as f64)
        } else {
            String::new()
        }
    };
    table.rows = rows
        .iter()
        .map(|m| {
            vec![
                m.market.clone(),
                pounds(m.influenceable_pence),
                share(m.local_pence, m.influenceable_pence),
                share(m.sme_pence, m.influenceable_pence),
                share(m.social_economy_pence, m.influenceable_pence),
                share(m.cooperative_pence, m.influenceable_pence),
                m.suppliers.to_string(),
            ]
        })
        .collect();
    Section {
        id: "markets",
        title: "Markets".into(),
        paragraphs: vec![
            "Each payment's market comes from its ledger category or expense type, else from the supplier's SIC codes, else \
             from keywords in its name; the tables that map them are editable CSV files. \"Local\" here is the innermost \
             band of each anchor."
                .into(),
        ],
        tables: vec![table],
        ..Section::default()
    }
}

fn top_suppliers(t: &RunTables, year: &str, has: &dyn Fn(&str) -> bool) -> Section {
    let mut table = Table::new(
        format!("The largest suppliers of influenceable spend, all anchors, {year}"),
        &[
            ("Rank", true),
            ("Supplier", false),
            ("Money", true),
            ("Share", true),
            ("Band", false),
            ("Size", false),
            ("Ownership", false),
            ("Market", false),
        ],
    );
    table.rows = t
        .top_suppliers
        .iter()
        .filter(|s| s.anchor_id == ALL && s.year == year)
        .map(|s| {
            vec![
                s.rank.to_string(),
                s.display_name.clone(),
                pounds(s.influenceable_pence),
                pct(s.share),
                s.band.clone(),
                s.size_band.clone(),
                label(&s.ownership_form),
                s.market.clone(),
            ]
        })
        .collect();
    Section {
        id: "suppliers",
        title: "Top suppliers".into(),
        paragraphs: vec![
            "Suppliers are counted once across all anchors and ledgers, however their names were typed. Private \
             individuals are never named."
                .into(),
        ],
        charts: if has("top-suppliers") { vec!["top-suppliers"] } else { vec![] },
        tables: vec![table.limit(20, "top_suppliers.csv")],
        ..Section::default()
    }
}

fn anchors(s: &Summary, year: &str) -> Section {
    let mut head: Vec<String> = vec!["Figure".into()];
    head.extend(s.anchors.iter().map(|a| a.name.clone()));
    let cols: Vec<(&str, bool)> = head
        .iter()
        .enumerate()
        .map(|(i, h)| (h.as_str(), i > 0))
        .collect();
    let mut table = Table::new(format!("The anchors side by side, {year}"), &cols);
    table.rows.push(
        ["Influenceable spend".to_string()]
            .into_iter()
            .chain(s.anchors.iter().map(|a| pounds(a.influenceable_pence)))
            .collect(),
    );
    for h in s.headline.iter().filter(|h| h.unit == "share") {
        table.rows.push(
            [h.label.clone()]
                .into_iter()
                .chain(s.anchors.iter().map(|a| {
                    (a.shares.get(&h.metric))
                        .map(|v| share_cell(v.value, v.standing))
                        .unwrap_or_default()
                }))
                .collect(),
        );
    }
    Section {
        id: "anchors",
        title: "Anchors side by side".into(),
        paragraphs: vec![
            "The same figures for each anchor, as shares of its own influenceable spend. \"Spent with suppliers in\" adds \
             up the bands from the innermost out."
                .into(),
        ],
        tables: vec![table],
        ..Section::default()
    }
}
