//! The report's closing sections: the supply-chain gaps and opportunities, the
//! incubation calendar, what a user can improve in the data, and how it was all done.

use super::page::{Section, Table, anchor_name, money_words};
use super::summary::Summary;
use super::tables::{RUN_TABLES, RunTables};
use crate::config::sources::Source;
use crate::format::pounds;
use crate::format::thousands;

pub fn sections(
    t: &RunTables,
    s: &Summary,
    has: &dyn Fn(&str) -> bool,
    sources: &[Source],
) -> Vec<Section> {
    vec![
        gaps(t, has),
        calendar(t, has),
        quality(t, s),
        method(t, sources),
    ]
}

fn gaps(t: &RunTables, has: &dyn Fn(&str) -> bool) -> Section {
    let mut opp = Table::new(
        "Opportunities, ranked",
        &[
            ("Rank", true),
            ("Area", false),
            ("Market", false),
            ("Verdict", false),
            ("A year", true),
            ("Leaving the area", true),
            ("Local suppliers", true),
            ("Next re-let", false),
            ("Why", false),
        ],
    );
    opp.rows = t
        .opportunities
        .iter()
        .map(|o| {
            vec![
                o.rank.to_string(),
                o.area.clone(),
                o.market.clone(),
                o.verdict.clone(),
                pounds(o.annual_pence),
                pounds(o.leakage_pence),
                o.local_orgs.to_string(),
                o.next_relet.clone().unwrap_or_default(),
                o.reason.clone(),
            ]
        })
        .collect();
    let mut all = Table::new(
        "Every market and area, with its verdict",
        &[
            ("Area", false),
            ("Market", false),
            ("Verdict", false),
            ("Score", true),
            ("Influenceable", true),
            ("Leaving the area", true),
            ("Local democratic", true),
            ("Local suppliers", true),
        ],
    );
    let mut gaps: Vec<_> = t.gaps.iter().collect();
    gaps.sort_by(|a, b| {
        a.area
            .cmp(&b.area)
            .then(b.score.total_cmp(&a.score))
            .then_with(|| a.market.cmp(&b.market))
    });
    all.rows = gaps
        .iter()
        .map(|g| {
            vec![
                g.area.clone(),
                g.market.clone(),
                g.verdict.clone(),
                format!("{:.3}", g.score),
                pounds(g.influenceable_pence),
                pounds(g.leakage_pence),
                pounds(g.local_democratic_pence),
                g.local_orgs.to_string(),
            ]
        })
        .collect();
    if t.gaps.is_empty() {
        return Section {
            id: "gaps",
            title: "Supply-chain gaps and opportunities".into(),
            paragraphs: vec!["There is no gap analysis in this run: the study declares no [[band]], so there is no area \
                              whose spend could leak out of it."
                .into()],
            actions: vec!["Add [[band]] entries (and [gaps] areas) to the study file and run again.".into()],
            ..Section::default()
        };
    }
    Section {
        id: "gaps",
        title: "Supply-chain gaps and opportunities".into(),
        paragraphs: vec![
            "For each market the anchors buy, and each area the study names, the gap analysis sets what they spend with \
             suppliers outside the area (the leakage) against the local co-operatives and social enterprises the registers \
             and the directory hold. Each market gets a verdict:"
                .into(),
            "incubate — no local democratic supplier, and spend regular and divisible enough for a new one to win; \
             engage — local democratic suppliers exist but win little of the spend; grow — they exist but are too small \
             for how the spend is let; served — they already win most of it; watch — nobody local, but the spend is too \
             small, irregular or lumpy to build on; not addressable — markets no local enterprise could serve."
                .into(),
            "The score adds up weighted terms for leakage, how many anchors buy the market from outside, regularity, \
             divisibility and the share with large firms; gaps.csv shows every term. Weights and thresholds are in \
             schemas/defaults/gap-rules.toml."
                .into(),
        ],
        charts: if has("gaps") { vec!["gaps"] } else { vec![] },
        tables: vec![opp, all.limit(40, "gaps.csv")],
        ..Section::default()
    }
}

fn calendar(t: &RunTables, has: &dyn Fn(&str) -> bool) -> Section {
    let mut table = Table::new(
        "Contracts that come up again",
        &[
            ("Area", false),
            ("Re-let", false),
            ("Anchor", false),
            ("Reference", false),
            ("Title", false),
            ("Market", false),
            ("Verdict", false),
            ("Value", true),
        ],
    );
    table.rows = t
        .calendar
        .iter()
        .map(|c| {
            vec![
                c.area.clone(),
                c.relet_date.clone(),
                anchor_name(t, &c.anchor_id),
                c.reference.clone(),
                c.title.clone(),
                c.market.clone(),
                c.verdict.clone(),
                c.value_pence.map(pounds).unwrap_or_default(),
            ]
        })
        .collect();
    let paragraphs = if t.calendar.is_empty() {
        vec!["No contract in an engage, grow or incubate market comes up again within the horizon, or the study names no contract registers.".into()]
    } else {
        vec![
            "The incubation calendar: contracts in markets to incubate, engage or grow whose end date (or extension date, \
             once the end has passed) falls within the horizon. They are when a new or growing local enterprise could bid."
                .into(),
        ]
    };
    Section {
        id: "calendar",
        title: "Incubation calendar".into(),
        paragraphs,
        charts: if has("calendar") {
            vec!["calendar"]
        } else {
            vec![]
        },
        tables: vec![table],
        ..Section::default()
    }
}

fn quality(t: &RunTables, s: &Summary) -> Section {
    let q = &s.data_quality;
    let mut paragraphs = Vec::new();
    let mut actions = Vec::new();
    // Coverage first: what the shares rest on, and the reference data that would raise it.
    if !s.coverage.is_empty() {
        paragraphs.push(format!(
            "Of the influenceable spend, {}. Shares resting on less than the study's coverage threshold are provisional; on none, not known.",
            s.coverage_parts().join(", ")
        ));
    }
    for m in &s.missing_reference {
        paragraphs.push(format!("No {} was given. {}", m.what, m.leaves_unknown));
        actions.push(format!(
            "Download {} from {} and name it in the study file: {}",
            m.what, m.get_it, m.study_line
        ));
    }
    paragraphs.push(format!(
        "{} supplier(s), paid {}, matched no register record, so their place, size and ownership rest on the ledgers alone.",
        thousands(q.unmatched_suppliers),
        money_words(q.unmatched_pence)
    ));
    if q.unmatched_suppliers > 0 {
        actions.push(
            "Check review.csv: each name there has ranked candidates; copy a decision into the overrides file to settle it."
                .into(),
        );
    }
    paragraphs.push(format!(
        "{} ledger categor(ies) map to no market, with {} of spend.",
        q.unmapped_categories,
        money_words(q.unmapped_pence)
    ));
    if q.unmapped_categories > 0 {
        actions.push(
            "Add the categories in unmapped_categories.csv to the study's category-markets table."
                .into(),
        );
    }
    paragraphs.push(format!(
        "{} had no readable payment date, so it is in the totals but in no financial year's figures.",
        money_words(q.undated_pence)
    ));
    if q.undated_pence != 0 {
        actions.push("Give the undated rows a date in the ledgers, or set the date column in the study file.".into());
    }
    if q.rejected_rows > 0 {
        paragraphs.push(format!(
            "{} row(s) were rejected: see What was read.",
            q.rejected_rows
        ));
    }
    let count = |k: &str| t.quality.iter().filter(|n| n.kind == k).count();
    let (large, footers, dates) = (
        count("large_payment"),
        count("total_disagrees"),
        count("dates_conflict"),
    );
    if large + footers + dates > 0 {
        paragraphs.push(format!(
            "To check before these figures are published: {large} payment(s) far above their \
             anchor's usual range (kept in every total), {footers} total line(s) in the ledgers \
             that disagree with the rows above them (not counted), and {dates} date column(s) \
             written both day-first and month-first."
        ));
        actions.push(
            "Look up each line of data_quality.csv in its ledger (file, sheet and row are given): \
             a payment that is really a reference number or a total should be corrected in the ledger."
                .into(),
        );
    }
    let mut undated: std::collections::BTreeMap<&str, u64> = std::collections::BTreeMap::new();
    for f in &t.reconciliation.files {
        for (why, n) in &f.undated {
            *undated.entry(why.as_str()).or_insert(0) += n;
        }
    }
    if !undated.is_empty() {
        let reasons: Vec<String> = undated
            .iter()
            .map(|(k, v)| format!("{v} with the {k}"))
            .collect();
        paragraphs.push(format!("Undated rows by reason: {}.", reasons.join("; ")));
    }
    let u = &s.unnamed_payees;
    paragraphs.push(format!(
        "{} private individual(s) and {} redacted entr(ies), paid {}, are counted in every total and named nowhere.",
        u.individuals,
        u.redacted,
        money_words(u.pence)
    ));
    let mut table = Table::new(
        "Unmapped ledger categories",
        &[("Category", false), ("Transactions", true), ("Money", true)],
    );
    table.rows = t
        .unmapped
        .iter()
        .map(|u| {
            vec![
                u.category.clone(),
                thousands(u.transactions),
                pounds(u.pence),
            ]
        })
        .collect();
    let mut tables = if table.rows.is_empty() {
        vec![]
    } else {
        vec![table.limit(20, "unmapped_categories.csv")]
    };
    if !t.quality.is_empty() {
        let mut checks = Table::new(
            "To check before publishing",
            &[
                ("File", false),
                ("Sheet", false),
                ("Row", true),
                ("Amount", true),
                ("Why", false),
            ],
        );
        checks.rows = t
            .quality
            .iter()
            .map(|n| {
                vec![
                    n.file.clone(),
                    n.sheet.clone().unwrap_or_default(),
                    n.row.map(|r| r.to_string()).unwrap_or_default(),
                    n.amount_pence.map(pounds).unwrap_or_default(),
                    n.why.clone(),
                ]
            })
            .collect();
        tables.push(checks.limit(20, "data_quality.csv"));
    }
    Section {
        id: "quality",
        title: "Data quality".into(),
        paragraphs,
        tables,
        actions,
        ..Section::default()
    }
}

fn method(t: &RunTables, sources: &[Source]) -> Section {
    let mut files = Table::new(
        "Ledger tables read",
        &[
            ("File", false),
            ("Sheet", false),
            ("Anchor", false),
            ("Rows", true),
            ("Money accepted", true),
        ],
    );
    files.rows = t
        .reconciliation
        .files
        .iter()
        .map(|f| {
            vec![
                f.file.clone(),
                f.sheet.clone().unwrap_or_default(),
                anchor_name(t, &f.anchor_id),
                thousands(f.counts.rows_read),
                pounds(f.counts.pence_accepted),
            ]
        })
        .collect();
    let mut refs = Table::new(
        "Reference data",
        &[("Kind", false), ("File", false), ("Size", true)],
    );
    refs.rows = sources
        .iter()
        .filter(|s| s.kind != "ledger")
        .map(|s| {
            vec![
                s.kind.clone(),
                s.path.clone(),
                format!("{} KB", thousands(s.bytes.div_ceil(1024))),
            ]
        })
        .collect();
    let mut outputs = Table::new(
        "Tables in this folder",
        &[("File", false), ("What it holds", false)],
    );
    outputs.rows = RUN_TABLES
        .iter()
        .map(|(f, d)| vec![f.to_string(), d.to_string()])
        .collect();
    let mut tables = vec![files];
    if !refs.rows.is_empty() {
        tables.push(refs);
    }
    tables.push(outputs);
    Section {
        id: "method",
        title: "Method and sources".into(),
        paragraphs: vec![
            "spendgap reads each anchor's spend ledgers as its finance system exported them, keeps every penny as an \
             integer, and accounts for every row. Suppliers are resolved once across all anchors against the registers \
             below; each is then placed, sized and given an ownership form and market, with the source of every field \
             recorded in suppliers.csv. Money is in pounds; financial years run April to March."
                .into(),
            "Every table behind this report is in this folder as CSV, and in baseline.xlsx; each chart is in charts/ as SVG \
             and PNG."
                .into(),
        ],
        tables,
        ..Section::default()
    }
}
