//! The report's opening sections in plain English: the summary a board reads, the
//! reconciliation that lets it trust the totals, and what "influenceable" left out.

use super::page::{
    Section, Table, anchor_name, money_words, pct, points, shown, shown_change, shown_now,
};
use super::summary::{ALL, Headline, Summary};
use super::tables::RunTables;
use crate::format::pounds;
use crate::format::thousands;
use crate::measure::figure::whole_pct;

pub fn summary(t: &RunTables, s: &Summary, with_trend: bool) -> Section {
    let mut paragraphs = Vec::new();
    let mut actions = Vec::new();
    let find = |m: &str| s.headline.iter().find(|h| h.metric == m);
    let change = |h: &Headline| {
        h.change
            .zip(s.compared_year.as_deref())
            .map(|(c, y)| format!(" ({} on {y})", points(c)))
            .unwrap_or_default()
    };
    // A share in a sentence: the figure, provisional with its coverage, or not known.
    let stated = |h: &Headline, words: &str| match h.value {
        Some(_) => format!("{} {words}{}", shown_now(h), change(h)),
        None => format!("how much {words} is not known"),
    };
    if let (Some(year), Some(total), Some(infl)) =
        (&s.year, find("total_spend"), find("influenceable_spend"))
    {
        let (tp, ip) = (total.pence.unwrap_or(0), infl.pence.unwrap_or(0));
        let share = if tp > 0 { ip as f64 / tp as f64 } else { 0.0 };
        if s.year_status.as_deref() == Some("partial") {
            paragraphs.push(format!(
                "{year} is the latest year in the ledgers, but a partial one ({}): its figures describe those months                  only and are not compared with any other year.",
                s.year_note.as_deref().unwrap_or("not every month has spend")
            ));
        }
        paragraphs.push(format!(
            "In {year} {} paid {} to suppliers. {} of it ({}) was influenceable: money that could be spent              elsewhere, once tax, pensions, payments to other public bodies, benefits and grants to individuals and              the like are left out.",
            buyers(t, s),
            money_words(tp),
            money_words(ip),
            pct(share)
        ));
        paragraphs.push(coverage_words(t, s));
        let within: Vec<String> = s
            .headline
            .iter()
            .filter(|h| h.metric.starts_with("within:"))
            .map(|h| stated(h, h.label.trim_start_matches("Spent ")))
            .collect();
        if !within.is_empty() {
            paragraphs.push(format!("Of the influenceable spend, {}.", join(&within)));
        }
        let who: Vec<String> = [
            ("deprived", "in the most deprived neighbourhoods"),
            ("sme", "with small and medium firms"),
            ("social_economy", "with the social economy"),
            ("ownership:cooperative", "with co-operatives"),
        ]
        .iter()
        .filter_map(|(metric, words)| Some(stated(find(metric)?, &format!("went {words}"))))
        .collect();
        if !who.is_empty() {
            paragraphs.push(format!("{}.", capitalise(&join(&who))));
        }
        if !s.not_known.is_empty() {
            actions.push(
                "Place, size and identify the largest suppliers: to_check.xlsx (written by this run, or \
                 by `spendgap todo`) lists them, biggest first. Fill it in, name it in the study \
                 ([review] workbook) and run again. Reference data that would place suppliers by \
                 itself is named under \"Data quality\"."
                    .into(),
            );
        }
    } else {
        paragraphs
            .push("No dated spend was found, so there are no yearly figures to report.".into());
    }
    for y in &s.other_years {
        paragraphs.push(format!(
            "The ledgers also hold {} {}: {} payment(s), {} ({}). It counts in every total and is never compared              with other years.",
            if y.status == "stray" { "a stray year," } else { "a partial year," },
            y.year,
            thousands(y.payments),
            money_words(y.total_pence),
            y.note
        ));
    }
    if let Some(first) = s.opportunities.first() {
        paragraphs.push(format!(
            "The gap analysis ranks {} market(s) worth acting on. First is {} in {}, to {}: {}",
            t.opportunities.len(),
            first.market,
            first.area,
            first.verdict,
            strip_verdict(&first.reason)
        ));
    }
    let u = &s.unnamed_payees;
    if u.individuals + u.redacted > 0 {
        paragraphs.push(format!(
            "Private individuals ({}) and entries the ledgers redacted ({}) were paid {}: counted in every total, \
             and named nowhere in this report or its tables.",
            u.individuals,
            u.redacted,
            money_words(u.pence)
        ));
    }
    if u.withheld > 0 {
        paragraphs.push(format!(
            "{} other payee(s), paid {}, are shown as \"payee withheld\" with their supplier id: nothing \
             in their names or the registers shows they are organisations. They are counted in every \
             figure; `spendgap todo` lists them for a person to confirm.",
            u.withheld,
            money_words(u.withheld_pence)
        ));
    }
    let mut table = Table::new(
        format!("Headline figures, {}", who_short(t)),
        &[
            ("Figure", false),
            (s.year.as_deref().unwrap_or("Year"), true),
            (s.compared_year.as_deref().unwrap_or("Compared year"), true),
            ("Change", true),
        ],
    );
    for h in &s.headline {
        table.rows.push(vec![
            h.label.clone(),
            shown_now(h),
            h.previous_value.map(|v| shown(h, v)).unwrap_or_default(),
            h.change.map(|c| shown_change(h, c)).unwrap_or_default(),
        ]);
    }
    if let Some(src) = s
        .compared_source
        .as_deref()
        .filter(|src| *src != "this run")
    {
        table.note = Some(format!(
            "The compared year's figures come from the run in {src}."
        ));
    }
    Section {
        id: "summary",
        title: "Summary".into(),
        paragraphs,
        charts: if with_trend { vec!["trend"] } else { vec![] },
        tables: vec![table],
        actions,
        ..Section::default()
    }
}

/// Who paid: the one anchor by name, or the partnership's anchors.
fn buyers(t: &RunTables, s: &Summary) -> String {
    match t.reconciliation.anchors.as_slice() {
        [one] => one.name.clone(),
        many => format!("the {} anchor institutions of {}", many.len(), s.study),
    }
}

/// The scope of the headline table: the anchor's name, or "all anchors together".
fn who_short(t: &RunTables) -> String {
    match t.reconciliation.anchors.as_slice() {
        [one] => one.name.clone(),
        _ => "all anchors together".into(),
    }
}

/// What the shares rest on, said before any of them.
fn coverage_words(t: &RunTables, s: &Summary) -> String {
    let parts = s.coverage_parts();
    if parts.is_empty() {
        return String::new();
    }
    format!(
        "Every share below rests on what spendgap could find out about the suppliers: of the influenceable spend, {}. \
         A share resting on less than {} of it is provisional — the unknown part could change it either way — and a \
         share resting on none of it is not known, never zero.",
        join(&parts),
        whole_pct(t.settings.coverage_threshold)
    )
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// `a, b and c`.
pub fn join(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// An opportunity's reason without its leading `verdict: `.
fn strip_verdict(reason: &str) -> &str {
    reason.split_once(": ").map_or(reason, |(_, rest)| rest)
}

pub fn reconciliation(t: &RunTables) -> Section {
    let r = &t.reconciliation;
    let c = &r.totals;
    let mut paragraphs = vec![format!(
        "spendgap read {} rows from {} ledger table(s). Every row ended in one place: {} accepted ({}), \
         {} duplicate ({}: rows that repeat a row of another file of the same anchor, kept out of the figures), \
         {} rejected because the amount could not be read, and {} skipped (blank, total or junk lines). \
         The rows add up: {} = {} + {} + {} + {}.",
        thousands(c.rows_read),
        r.files.len(),
        thousands(c.rows_accepted),
        pounds(c.pence_accepted),
        thousands(c.rows_duplicate),
        pounds(c.pence_duplicate),
        thousands(c.rows_rejected),
        thousands(c.rows_skipped),
        thousands(c.rows_read),
        thousands(c.rows_accepted),
        thousands(c.rows_duplicate),
        thousands(c.rows_rejected),
        thousands(c.rows_skipped),
    )];
    if !r.skipped.is_empty() {
        let why: Vec<String> = r.skipped.iter().map(|(k, v)| format!("{v} {k}")).collect();
        paragraphs.push(format!("Skipped rows: {}.", join(&why)));
    }
    let mut table = Table::new(
        "Rows and money read, per anchor",
        &[
            ("Anchor", false),
            ("Rows read", true),
            ("Accepted", true),
            ("Duplicate", true),
            ("Rejected", true),
            ("Skipped", true),
            ("Money accepted", true),
        ],
    );
    let row = |name: String, c: &crate::ingest::reconcile::Counts| {
        vec![
            name,
            thousands(c.rows_read),
            thousands(c.rows_accepted),
            thousands(c.rows_duplicate),
            thousands(c.rows_rejected),
            thousands(c.rows_skipped),
            pounds(c.pence_accepted),
        ]
    };
    table.rows = r
        .anchors
        .iter()
        .map(|a| row(a.name.clone(), &a.counts))
        .collect();
    if r.anchors.len() > 1 {
        table.total = Some(row("All anchors".into(), c));
    }
    let mut tables = vec![table];
    let mut actions = Vec::new();
    if !t.rejects.is_empty() {
        let mut rejects = Table::new(
            "Rejected rows",
            &[
                ("File", false),
                ("Sheet", false),
                ("Row", true),
                ("Value", false),
                ("Why", false),
            ],
        );
        rejects.rows = t
            .rejects
            .iter()
            .map(|x| {
                vec![
                    x.file.clone(),
                    x.sheet.clone().unwrap_or_default(),
                    x.row.to_string(),
                    x.raw_value.clone(),
                    x.reason.clone(),
                ]
            })
            .collect();
        tables.push(rejects.limit(20, "rejects.csv"));
        actions.push(
            "Correct the rejected rows in the ledgers (rejects.csv names each file, sheet, row and value) and run again."
                .into(),
        );
    }
    Section {
        id: "reconciliation",
        title: "What was read".into(),
        paragraphs,
        tables,
        actions,
        ..Section::default()
    }
}

pub fn influenceable(t: &RunTables, s: &Summary) -> Section {
    let mut per_anchor = Table::new(
        format!(
            "Total and influenceable spend, {}",
            s.year.as_deref().unwrap_or("")
        ),
        &[
            ("Anchor", false),
            ("Total spend", true),
            ("Influenceable", true),
            ("Share", true),
        ],
    );
    let share = |i: i64, tot: i64| {
        if tot > 0 {
            pct(i as f64 / tot as f64)
        } else {
            String::new()
        }
    };
    for a in &s.anchors {
        per_anchor.rows.push(vec![
            a.name.clone(),
            pounds(a.total_pence),
            pounds(a.influenceable_pence),
            share(a.influenceable_pence, a.total_pence),
        ]);
    }
    let pence = |m: &str| {
        s.headline
            .iter()
            .find(|h| h.metric == m)
            .and_then(|h| h.pence)
            .unwrap_or(0)
    };
    let (tp, ip) = (pence("total_spend"), pence("influenceable_spend"));
    per_anchor.total = (s.anchors.len() > 1)
        .then(|| vec![anchor_name(t, ALL), pounds(tp), pounds(ip), share(ip, tp)]);
    let mut rules = Table::new(
        "Spend left out, by rule (all years)",
        &[
            ("Rule", false),
            ("What it leaves out", false),
            ("Transactions", true),
            ("Money", true),
        ],
    );
    rules.rows = t
        .exclusions
        .iter()
        .map(|e| {
            vec![
                e.rule.clone(),
                e.description.clone(),
                thousands(e.transactions),
                pounds(e.pence),
            ]
        })
        .collect();
    rules.total = Some(vec![
        "All rules".into(),
        String::new(),
        thousands(t.exclusions.iter().map(|e| e.transactions).sum()),
        pounds(t.exclusions.iter().map(|e| e.pence).sum()),
    ]);
    Section {
        id: "influenceable",
        title: "Influenceable spend".into(),
        paragraphs: vec![
            "Not every pound an anchor pays can be steered to a local or democratic supplier. Influenceable spend is what is \
             left once rules leave out payments by their payee (tax to HMRC, pension funds, other public bodies, private \
             individuals) or by their expense type (salaries, precepts, grants, refunds, internal recharges and the like). \
             Every excluded payment carries the id of the rule that excluded it."
                .into(),
            "The rules are a data file (schemas/defaults/influenceable.toml); a study can replace them with its own.".into(),
        ],
        tables: vec![per_anchor, rules],
        ..Section::default()
    }
}
